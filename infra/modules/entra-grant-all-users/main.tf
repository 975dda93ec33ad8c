# The TODO for granting a Microsoft 365 connector's Entra app its Microsoft Graph permissions tenant-
# wide ("admin consent", which covers all users). Terraform does not grant it: that takes a Global
# Administrator or Privileged Role Administrator, a role the account running Terraform should not need.
# Provider-less apart from the optional local file.

terraform {
  required_version = ">= 1.3"
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = ">= 2.0"
    }
  }
}

variable "connector_id" {
  type        = string
  description = "Connector instance id (names the TODO file)."
}

variable "application_name" {
  type        = string
  description = "Display name of the Entra app registration."
}

variable "application_id" {
  type        = string
  description = "Application (client) id of the Entra app."
}

variable "tenant_id" {
  type        = string
  description = "Entra tenant id (directory id)."
}

variable "required_app_roles" {
  type        = list(string)
  description = "Microsoft Graph application permissions to consent to."
  default     = []
}

variable "required_oauth2_permission_scopes" {
  type        = list(string)
  description = "Microsoft Graph delegated permissions to consent to for all users."
  default     = []
}

variable "app_managed_by_terraform" {
  type        = bool
  description = "False when the app was created outside Terraform (msft_connector_app_object_id): the TODO then asks to add the permissions first."
  default     = true
}

variable "additional_instructions" {
  type        = string
  description = "Connector-specific steps appended to the TODO (e.g. the Teams application access policy)."
  default     = ""
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write the TODO as a local file."
  default     = true
}

variable "todo_step" {
  type        = number
  description = "Step number of the TODO."
  default     = 1
}

locals {
  portal_url = "https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/${var.application_id}"

  todo = <<-EOT
  # Grant admin consent for ${var.connector_id}

  The proxy reads Microsoft Graph as the Entra ID app **${var.application_name}**
  (client id `${var.application_id}`, tenant `${var.tenant_id}`). It holds no secret: it signs in by
  workload identity federation. Before the connector works, an administrator of the tenant (Global
  Administrator or Privileged Role Administrator) must grant it these Microsoft Graph permissions:

  %{for r in var.required_app_roles~}
  - `${r}` (application)
  %{endfor~}
  %{for s in var.required_oauth2_permission_scopes~}
  - `${s}` (delegated, for all users)
  %{endfor~}

  %{if !var.app_managed_by_terraform~}
  This app was not created by Terraform: first check that its "API permissions" list the ones above
  (Add a permission > Microsoft Graph > Application permissions).

  %{endif~}
  1. Open ${local.portal_url}
     (Entra admin center > App registrations > ${var.application_name} > API permissions).
  2. Click "Grant admin consent for <your organization>" and confirm.

  Or, with the Azure CLI signed in as such an administrator:
  ```shell
  az ad app permission admin-consent --id ${var.application_id}
  ```

  The "Status" column then shows "Granted" for every permission.
  %{if var.additional_instructions != ""~}

  ## Also for ${var.connector_id}

  ${var.additional_instructions}
  %{endif~}
  EOT
}

resource "local_file" "todo" {
  count    = var.todos_as_local_files ? 1 : 0
  filename = "TODO ${var.todo_step} - setup ${var.connector_id}.md"
  content  = local.todo
}

output "todo" {
  description = "The TODO as markdown."
  value       = local.todo
}

output "next_todo_step" {
  description = "Step number for the TODOs that follow this one."
  value       = var.todo_step + 1
}
