# Google Workspace connectors (gcal, gdrive, gmail, gdirectory, google-chat, google-meet, ...): a GCP
# service account per connector, in google_workspace_gcp_project_id, authorized by domain-wide
# delegation. Its key becomes the connector's SERVICE_ACCOUNT_KEY parameter / secret.
# Without Google Workspace connectors, leave google_workspace_gcp_project_id = null: nothing is
# created and the google provider needs no credentials.

provider "google" {
  project = var.google_workspace_gcp_project_id
  # a placeholder token keeps the provider from looking up credentials when it is unused
  access_token = var.google_workspace_gcp_project_id == null ? "unused" : null
}

module "google_workspace" {
  count  = var.google_workspace_gcp_project_id == null ? 0 : 1
  source = "../../modules/worklytics-connectors-google-workspace"

  gcp_project_id        = var.google_workspace_gcp_project_id
  environment_name      = var.environment_name
  api_connectors        = module.connector_specs.enabled_api_connectors
  provision_gcp_sa_keys = var.google_workspace_provision_keys
  todos_as_local_files  = var.todos_as_local_files
  todo_step             = 1
}

locals {
  google_workspace_secret_values = var.google_workspace_gcp_project_id == null ? {} : module.google_workspace[0].api_connector_secret_values
  # Google Workspace connectors get their setup TODO from the module above
  google_workspace_connector_ids = [for id, c in module.connector_specs.enabled_api_connectors : id if c.source_auth_strategy == "gcp_service_account_key"]
}

output "google_workspace_client_ids" {
  description = "OAuth client ids to authorize for domain-wide delegation."
  value       = var.google_workspace_gcp_project_id == null ? {} : module.google_workspace[0].client_ids
}
