# Root configuration: a Psoxy deployment in AWS. Copy terraform.tfvars.example to terraform.tfvars.

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    google = {
      source  = "hashicorp/google"
      version = ">= 6.0"
    }
  }
  # backend "s3" { ... }   # keep state somewhere durable: it holds the salt
}

provider "aws" {
  region = var.aws_region

  dynamic "assume_role" {
    for_each = var.aws_assume_role_arn == null ? [] : [var.aws_assume_role_arn]
    content {
      role_arn = assume_role.value
    }
  }

  default_tags {
    tags = var.default_tags
  }

  allowed_account_ids = [var.aws_account_id]
}

module "connector_specs" {
  source = "../../modules/worklytics-connector-specs"

  enabled_connectors    = var.enabled_connectors
  connector_settings    = var.connector_settings
  custom_api_connectors = var.custom_api_connectors
}

locals {
  # rules of custom bulk connectors default to URL_SAFE_TOKEN pseudonyms
  custom_bulk = {
    for id, c in var.custom_bulk_connectors : id => {
      source_kind             = c.source_kind
      rules_yaml              = c.rules_file != null ? file(c.rules_file) : yamlencode(merge({ pseudonymFormat = "URL_SAFE_TOKEN" }, c.rules))
      instructions            = ""
      example_files           = []
      display_name            = coalesce(c.display_name, id)
      worklytics_connector_id = coalesce(c.worklytics_connector_id, "bulk-import-psoxy")
    }
  }
  kms_key = var.project_aws_kms_key_arn

  # Microsoft 365 connectors need an Entra app and Cognito federation, set up in msft-365.tf; its
  # msft-365_override.tf replaces this default. Without those files, they are not deployed.
  msft_365_api_connectors = {}

  catalog_api_connectors = {
    for id, c in module.connector_specs.enabled_api_connectors : id => c
    if try(c.environment_variables.GRANT_TYPE, "") != "workload_identity_federation"
  }
  api_connectors = merge(local.catalog_api_connectors, local.msft_365_api_connectors)
}

module "psoxy" {
  source = "../../modules/aws-host"

  environment_name                     = var.environment_name
  aws_account_id                       = var.aws_account_id
  caller_aws_arns                      = var.caller_aws_arns
  caller_gcp_service_account_ids       = var.caller_gcp_service_account_ids
  test_aws_principal_arns              = var.test_aws_principal_arns
  allowed_data_access_ip_blocks        = var.allowed_data_access_ip_blocks
  secrets_store_implementation         = var.secrets_store_implementation
  aws_ssm_param_root_path              = var.aws_ssm_param_root_path
  aws_secrets_manager_path             = var.aws_secrets_manager_path
  aws_ssm_key_id                       = local.kms_key
  function_env_kms_key_arn             = local.kms_key
  logs_kms_key_arn                     = local.kms_key
  log_retention_days                   = var.log_retention_days
  iam_roles_permissions_boundary       = var.iam_roles_permissions_boundary
  aws_lambda_execution_role_policy_arn = var.aws_lambda_execution_role_policy_arn
  use_api_gateway_v2                   = var.use_api_gateway_v2
  vpc_config                           = var.vpc_config
  deployment_bundle                    = var.deployment_bundle
  psoxy_base_dir                       = var.psoxy_base_dir
  api_connectors                       = local.api_connectors
  bulk_connectors                      = merge(module.connector_specs.enabled_bulk_connectors, local.custom_bulk)
  custom_api_connector_rules           = var.custom_api_connector_rules
  custom_side_outputs                  = var.custom_side_outputs
  custom_bulk_connector_rules          = var.custom_bulk_connector_rules
  custom_bulk_connector_arguments      = var.custom_bulk_connector_arguments
  lookup_table_builders                = var.lookup_table_builders
  api_connector_secret_values          = local.google_workspace_secret_values
  non_production_connectors            = var.non_production_connectors
  pseudonymize_app_ids                 = var.pseudonymize_app_ids
  email_canonicalization               = var.email_canonicalization
  general_environment_variables        = var.general_environment_variables
  api_connector_path_prefix_to_trim    = var.api_connector_path_prefix_to_trim
  bulk_input_expiration_days           = var.bulk_input_expiration_days
  bulk_sanitized_expiration_days       = var.bulk_sanitized_expiration_days
  provision_bucket_public_access_block = var.provision_bucket_public_access_block
  todos_as_local_files                 = var.todos_as_local_files
  todo_step                            = 2
  test_tool_command                    = "node ${abspath(coalesce(var.psoxy_base_dir, "${path.root}/../../../"))}/dist/psoxy.js test"
}

# --- TODO files (spec 8): source setup, then connection in Worklytics -------------------------------

locals {
  all_specs = merge(local.api_connectors, module.connector_specs.enabled_bulk_connectors, local.custom_bulk)
}

resource "local_file" "source_setup_todo" {
  for_each = { for id, c in local.catalog_api_connectors : id => c if var.todos_as_local_files && c.instructions != "" && !contains(local.google_workspace_connector_ids, id) }
  filename = "TODO 1 - setup ${each.key}.md"
  content = join("\n", concat(
    ["# Create User-Managed Token for ${each.key}", "", each.value.instructions, "", "Then fill in these values (each an AWS SSM parameter, or a Secrets Manager secret when selected):", ""],
    [for v in each.value.secured_variables : "- `${module.psoxy.api_connector_instances[each.key].instance_config_prefix}${v.name}`: ${v.description}" if !(v.writable || v.lockable)],
    [""],
  ))
}

module "worklytics_connection" {
  for_each = local.all_specs
  source   = "../../modules/worklytics-proxy-connection-aws"

  proxy_instance_id       = each.key
  worklytics_connector_id = try(each.value.worklytics_connector_id, "bulk-import-psoxy")
  display_name            = try(each.value.display_name, each.key)
  aws_role_arn            = module.psoxy.caller_role_arn
  aws_region              = var.aws_region
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

output "caller_role_arn" {
  description = "AWS Psoxy Role ARN to enter in Worklytics."
  value       = module.psoxy.caller_role_arn
}

output "api_connector_instances" {
  description = "API connectors and their endpoints."
  value       = module.psoxy.api_connector_instances
}

output "bulk_connector_instances" {
  description = "Bulk connectors and their buckets."
  value       = module.psoxy.bulk_connector_instances
}
