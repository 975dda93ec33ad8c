# One Entra ID (Azure AD) app registration for a Microsoft 365 connector, with the Microsoft Graph
# application permissions (app roles) and delegated scopes it needs, and its service principal in the
# tenant (what an admin grants consent to). The proxy authenticates as this app by workload identity
# federation (module azuread-federated-credentials): no client secret or certificate is created.

terraform {
  required_version = ">= 1.3"
  required_providers {
    azuread = {
      source  = "hashicorp/azuread"
      version = ">= 3.0"
    }
  }
}

variable "display_name" {
  type        = string
  description = "Display name of the app registration, e.g. \"Psoxy Connector - Outlook Calendar\"."
}

variable "owners" {
  type        = list(string)
  description = "Object ids of the app's owners (users or service principals); the Terraform caller should be one, so later applies can still manage the app."
  default     = []
}

variable "required_app_roles" {
  type        = list(string)
  description = "Microsoft Graph application permissions (app role values, e.g. User.Read.All) the connector needs; an admin grants consent to them."
  default     = []
}

variable "required_oauth2_permission_scopes" {
  type        = list(string)
  description = "Microsoft Graph delegated permissions (scope values); empty for the catalogue's connectors."
  default     = []
}

variable "notes" {
  type        = string
  description = "Free text stored on the app registration (who created it, for what)."
  default     = "Created by Terraform for a Psoxy (psoxy-ts) connector; authenticates by workload identity federation, holds no secret."
}

# Microsoft Graph's service principal, to map permission names to their ids
data "azuread_application_published_app_ids" "well_known" {}

data "azuread_service_principal" "msgraph" {
  client_id = data.azuread_application_published_app_ids.well_known.result["MicrosoftGraph"]
}

resource "azuread_application" "connector" {
  display_name     = var.display_name
  owners           = var.owners
  notes            = var.notes
  sign_in_audience = "AzureADMyOrg"

  required_resource_access {
    resource_app_id = data.azuread_application_published_app_ids.well_known.result["MicrosoftGraph"]

    dynamic "resource_access" {
      for_each = toset(var.required_app_roles)
      content {
        id   = data.azuread_service_principal.msgraph.app_role_ids[resource_access.value]
        type = "Role"
      }
    }

    dynamic "resource_access" {
      for_each = toset(var.required_oauth2_permission_scopes)
      content {
        id   = data.azuread_service_principal.msgraph.oauth2_permission_scope_ids[resource_access.value]
        type = "Scope"
      }
    }
  }
}

resource "azuread_service_principal" "connector" {
  client_id = azuread_application.connector.client_id
  owners    = var.owners
}

output "client_id" {
  description = "Application (client) id: the connector's CLIENT_ID."
  value       = azuread_application.connector.client_id
}

output "object_id" {
  description = "Object id of the app registration (input of azuread-federated-credentials)."
  value       = azuread_application.connector.object_id
}

output "application_id" {
  description = "Terraform resource id of the app registration (/applications/<object id>)."
  value       = azuread_application.connector.id
}

output "display_name" {
  description = "Display name of the app registration."
  value       = azuread_application.connector.display_name
}

output "service_principal_object_id" {
  description = "Object id of the app's service principal (enterprise application) in the tenant."
  value       = azuread_service_principal.connector.object_id
}
