# Google Workspace connectors (SOURCE_AUTH_STRATEGY_IDENTIFIER = gcp_service_account_key): one GCP
# service account per connector, its APIs enabled, optionally a key (the connector's
# SERVICE_ACCOUNT_KEY secret), and the domain-wide-delegation TODO.

terraform {
  required_version = ">= 1.3"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.0"
    }
    local = {
      source  = "hashicorp/local"
      version = ">= 2.0"
    }
  }
}

variable "gcp_project_id" {
  type        = string
  description = "GCP project holding the connectors' service accounts (the OAuth clients for domain-wide delegation)."
}

variable "environment_name" {
  type        = string
  description = "Prefix of the service account ids."
  default     = "psoxy"
}

variable "api_connectors" {
  type        = any
  description = "API connector specs keyed by instance id (output enabled_api_connectors of worklytics-connector-specs); only those with source_auth_strategy = gcp_service_account_key are used."
  default     = {}
}

variable "provision_gcp_sa_keys" {
  type        = bool
  description = "Create a key per service account and hand it to the host as SERVICE_ACCOUNT_KEY; false = create keys by hand (TODO files)."
  default     = true
}

variable "enable_apis" {
  type        = bool
  description = "Enable the Google APIs the connectors consume in gcp_project_id."
  default     = true
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write the domain-wide-delegation TODO files."
  default     = true
}

variable "todo_step" {
  type        = number
  description = "Step of the TODO files."
  default     = 1
}

locals {
  connectors = { for id, c in var.api_connectors : id => c if c.source_auth_strategy == "gcp_service_account_key" }
  apis       = distinct(flatten([for id, c in local.connectors : c.apis_consumed]))
  # account ids: 6-30 chars of [a-z0-9-], starting with a letter, not ending with -
  sa_ids = { for id, c in local.connectors : id => replace(substr(lower("${var.environment_name}-${id}"), 0, 30), "/-+$/", "") }
}

resource "google_project_service" "apis" {
  for_each           = var.enable_apis ? toset(local.apis) : toset([])
  project            = var.gcp_project_id
  service            = each.key
  disable_on_destroy = false
}

resource "google_service_account" "connector" {
  for_each     = local.connectors
  project      = var.gcp_project_id
  account_id   = length(local.sa_ids[each.key]) < 6 ? "psoxy-${local.sa_ids[each.key]}" : local.sa_ids[each.key]
  display_name = "Psoxy ${each.value.display_name} connector"
  description  = "Google Workspace ${each.key} via domain-wide delegation (OAuth client id = unique id)."
}

resource "google_service_account_key" "connector" {
  for_each           = var.provision_gcp_sa_keys ? local.connectors : {}
  service_account_id = google_service_account.connector[each.key].name
}

resource "local_file" "dwd_todo" {
  for_each = var.todos_as_local_files ? local.connectors : {}
  filename = "TODO ${var.todo_step} - set up ${each.key}.md"
  content  = <<-EOT
  # Set up ${each.value.display_name} (domain-wide delegation)

  As a Google Workspace super-admin, open Admin console > Security > Access and data control >
  API controls > Manage Domain Wide Delegation, then "Add new":

  - Client ID: `${google_service_account.connector[each.key].unique_id}`
  - OAuth scopes (comma-separated): `${join(",", each.value.oauth_scopes)}`
  %{if !var.provision_gcp_sa_keys~}

  Keys are not provisioned by Terraform: create a JSON key for
  `${google_service_account.connector[each.key].email}` and store it (plain or base64) as the
  connector's SERVICE_ACCOUNT_KEY secret.
  %{endif~}
  EOT
}

output "client_ids" {
  description = "Connector id -> OAuth client id (service account unique id) to authorize for domain-wide delegation."
  value       = { for id, sa in google_service_account.connector : id => sa.unique_id }
}

output "service_account_emails" {
  description = "Connector id -> service account email."
  value       = { for id, sa in google_service_account.connector : id => sa.email }
}

output "api_connector_secret_values" {
  description = "Values for the hosts' api_connector_secret_values: \"<id>.SERVICE_ACCOUNT_KEY\" -> base64 JSON key."
  sensitive   = true
  value       = { for id, k in google_service_account_key.connector : "${id}.SERVICE_ACCOUNT_KEY" => k.private_key }
}
