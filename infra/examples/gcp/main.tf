# Root configuration: a Psoxy deployment in GCP. Copy terraform.tfvars.example to terraform.tfvars.

terraform {
  required_version = ">= 1.3"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 7.21" # direct VPC egress of gen2 functions
    }
  }
  # backend "gcs" { bucket = "..." }   # keep state somewhere durable
}

provider "google" {
  project = var.gcp_project_id
  region  = var.gcp_region
}

module "connector_specs" {
  source = "../../modules/worklytics-connector-specs"

  enabled_connectors    = var.enabled_connectors
  connector_settings    = var.connector_settings
  custom_api_connectors = var.custom_api_connectors
}

locals {
  custom_bulk = {
    for id, c in var.custom_bulk_connectors : id => {
      source_kind             = c.source_kind
      rules_yaml              = c.rules_file != null ? file(c.rules_file) : yamlencode(merge({ pseudonymFormat = "URL_SAFE_TOKEN" }, c.rules))
      instructions            = ""
      example_files           = []
      worklytics_connector_id = coalesce(c.worklytics_connector_id, "bulk-import-psoxy")
    }
  }

  # Microsoft 365 connectors need an Entra app and federation, set up in msft-365.tf; its
  # msft-365_override.tf replaces this default. Without those files, they are not deployed.
  msft_365_api_connectors = {}

  catalog_api_connectors = {
    for id, c in module.connector_specs.enabled_api_connectors : id => c
    if try(c.environment_variables.GRANT_TYPE, "") != "workload_identity_federation"
  }
  api_connectors = merge(local.catalog_api_connectors, local.msft_365_api_connectors)

  all_specs = merge(local.api_connectors, module.connector_specs.enabled_bulk_connectors, local.custom_bulk)
}

# Google Workspace connectors: a service account per connector (domain-wide delegation), in this
# project; its key becomes the connector's SERVICE_ACCOUNT_KEY secret.
module "google_workspace" {
  source = "../../modules/worklytics-connectors-google-workspace"

  gcp_project_id        = var.gcp_project_id
  environment_name      = var.environment_name
  api_connectors        = module.connector_specs.enabled_api_connectors
  provision_gcp_sa_keys = var.google_workspace_provision_keys
  todos_as_local_files  = var.todos_as_local_files
  todo_step             = 1
}

module "psoxy" {
  source = "../../modules/gcp-host"

  gcp_project_id                     = var.gcp_project_id
  environment_name                   = var.environment_name
  config_parameter_prefix            = var.config_parameter_prefix
  gcp_region                         = var.gcp_region
  secret_replica_locations           = var.secret_replica_locations
  worklytics_sa_emails               = var.worklytics_sa_emails
  gcp_principals_authorized_to_test  = var.gcp_principals_authorized_to_test
  deployment_bundle                  = var.deployment_bundle
  psoxy_base_dir                     = var.psoxy_base_dir
  custom_artifacts_bucket_name       = var.custom_artifacts_bucket_name
  bucket_force_destroy               = var.bucket_force_destroy
  version_sanitized_buckets          = var.version_sanitized_buckets
  kms_key_name                       = var.kms_key_name
  vpc_config                         = var.vpc_config
  external_api_alb                   = var.external_api_alb
  api_connector_external_lb_host     = var.api_connector_external_lb_host
  api_connectors                     = local.api_connectors
  bulk_connectors                    = merge(module.connector_specs.enabled_bulk_connectors, local.custom_bulk)
  custom_api_connector_rules         = var.custom_api_connector_rules
  custom_side_outputs                = var.custom_side_outputs
  api_connector_secret_values        = module.google_workspace.api_connector_secret_values
  custom_bulk_connector_rules        = var.custom_bulk_connector_rules
  custom_bulk_connector_arguments    = var.custom_bulk_connector_arguments
  lookup_tables                      = var.lookup_tables
  non_production_connectors          = var.non_production_connectors
  pseudonymize_app_ids               = var.pseudonymize_app_ids
  email_canonicalization             = var.email_canonicalization
  general_environment_variables      = var.general_environment_variables
  allowed_data_access_ip_blocks      = var.allowed_data_access_ip_blocks
  api_connector_path_prefix_to_trim  = var.api_connector_path_prefix_to_trim
  api_connector_instance_concurrency = var.api_connector_instance_concurrency
  max_instances_per_api_connector    = var.max_instances_per_api_connector
  bulk_input_expiration_days         = var.bulk_input_expiration_days
  bulk_sanitized_expiration_days     = var.bulk_sanitized_expiration_days
  todos_as_local_files               = var.todos_as_local_files
  todo_step                          = 2
  test_tool_command                  = "node ${abspath(coalesce(var.psoxy_base_dir, "${path.root}/../../../"))}/dist/psoxy.js test"
}

resource "local_file" "source_setup_todo" {
  for_each = { for id, c in local.catalog_api_connectors : id => c if var.todos_as_local_files && c.instructions != "" && c.source_auth_strategy != "gcp_service_account_key" }
  filename = "TODO 1 - setup ${each.key}.md"
  content = join("\n", concat(
    ["# Create User-Managed Token for ${each.key}", "", each.value.instructions, "", "Then fill in these values (each a GCP Secret Manager secret):", ""],
    [for v in each.value.secured_variables : "- `${module.psoxy.api_connector_instances[each.key].instance_config_prefix}${v.name}`: ${v.description}" if !(v.writable || v.lockable)],
    [""],
  ))
}

module "worklytics_connection" {
  for_each = local.all_specs
  source   = "../../modules/worklytics-proxy-connection"

  proxy_instance_id       = each.key
  worklytics_connector_id = try(each.value.worklytics_connector_id, "bulk-import-psoxy")
  display_name            = try(each.value.display_name, each.key)
  proxy_endpoint_url      = try(module.psoxy.api_connector_instances[each.key].endpoint_url, null)
  bucket_name             = try(module.psoxy.bulk_connector_instances[each.key].sanitized_bucket, null)
  # "<github_organization>"-style values are filled from connector_settings where given
  settings_to_provide = {
    for k, v in try(each.value.settings_to_provide, {}) :
    k => can(regex("^<([a-z_]+)>", v)) ? lookup(var.connector_settings, regex("^<([a-z_]+)>", v)[0], v) : v
  }
  worklytics_host      = var.worklytics_host
  todos_as_local_files = var.todos_as_local_files
  todo_step            = 3
}

output "connectors_not_deployed" {
  description = "Ids in enabled_connectors that are not deployed: Microsoft 365 ones without msft_tenant_id (or without the msft-365 files)."
  value       = [for id in var.enabled_connectors : id if !contains(keys(local.all_specs), id)]
}

output "google_workspace_client_ids" {
  description = "OAuth client ids to authorize for domain-wide delegation."
  value       = module.google_workspace.client_ids
}

output "api_connector_instances" {
  description = "API connectors and their endpoints."
  value       = module.psoxy.api_connector_instances
}

output "bulk_connector_instances" {
  description = "Bulk connectors and their buckets."
  value       = module.psoxy.bulk_connector_instances
}
