# Composes the GCP deployment: module gcp, then gcp-proxy-api / gcp-proxy-bulk instances.

terraform {
  required_version = ">= 1.3"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 7.21" # direct VPC egress of gen2 functions
    }
    local = {
      source  = "hashicorp/local"
      version = ">= 2.0"
    }
  }
}

module "psoxy" {
  source = "../gcp"

  gcp_project_id               = var.gcp_project_id
  environment_name             = var.environment_name
  config_parameter_prefix      = var.config_parameter_prefix
  gcp_region                   = var.gcp_region
  secret_replica_locations     = var.secret_replica_locations
  deployment_bundle            = var.deployment_bundle
  psoxy_base_dir               = var.psoxy_base_dir
  custom_artifacts_bucket_name = var.custom_artifacts_bucket_name
  bucket_force_destroy         = var.bucket_force_destroy
  kms_key_name                 = var.kms_key_name
  enable_bulk                  = length(var.bulk_connectors) > 0
  enable_async                 = length(local.async_connector_ids) > 0
  provision_artifact_registry  = var.provision_artifact_registry
}

locals {
  async_connector_ids = [for id, c in var.api_connectors : id if try(c.enable_async_processing, false) == true]

  # side outputs per API connector: custom_side_outputs ("" = provision a bucket), else a provisioned
  # sanitized side output when the spec has enable_side_output
  side_outputs = {
    for id, c in var.api_connectors : id => {
      original = try(var.custom_side_outputs[id].ORIGINAL, null) == null ? null : {
        location = var.custom_side_outputs[id].ORIGINAL == "" ? null : var.custom_side_outputs[id].ORIGINAL
      }
      sanitized = try(var.custom_side_outputs[id].SANITIZED, null) != null ? {
        location = var.custom_side_outputs[id].SANITIZED == "" ? null : var.custom_side_outputs[id].SANITIZED
      } : (try(c.enable_side_output, false) == true ? { location = null } : null)
    }
  }
}

# --- optional load balancer in front of the API connectors (beta) ----------------------------------

locals {
  external_alb = var.external_api_alb != null && length(var.api_connectors) > 0
  behind_lb    = local.external_alb || var.api_connector_external_lb_host != null
}

# reserved here, not in the load balancer module, so the endpoints are known before the backends exist
resource "google_compute_global_address" "api_alb" {
  count   = local.external_alb ? 1 : 0
  project = var.gcp_project_id
  name    = "${module.psoxy.environment_id_prefix}api-alb-ip"
}

locals {
  external_base_url = local.external_alb ? "https://${coalesce(var.external_api_alb.domain, google_compute_global_address.api_alb[0].address)}" : (
    var.api_connector_external_lb_host == null ? null : "https://${var.api_connector_external_lb_host}"
  )
  external_tls_self_signed = local.external_alb && !try(var.external_api_alb.managed_certificate, false)
}

module "external_api_alb" {
  count  = local.external_alb ? 1 : 0
  source = "../gcp-external-api-alb"

  project_id            = var.gcp_project_id
  region                = var.gcp_region
  environment_id_prefix = module.psoxy.environment_id_prefix
  ip_address            = google_compute_global_address.api_alb[0].address
  api_functions         = { for id, m in module.api_connector : id => m.function_name }
  domain                = var.external_api_alb.domain
  managed_certificate   = var.external_api_alb.managed_certificate
  allowed_ip_blocks     = var.external_api_alb.cloud_armor ? var.allowed_data_access_ip_blocks : null
  todos_as_local_files  = var.todos_as_local_files
  todo_step             = 1
}

module "api_connector" {
  for_each = var.api_connectors
  source   = "../gcp-proxy-api"

  project_id                        = var.gcp_project_id
  region                            = var.gcp_region
  environment_id_prefix             = module.psoxy.environment_id_prefix
  instance_id                       = each.key
  source_kind                       = each.value.source_kind
  target_host                       = each.value.target_host
  source_auth_strategy              = each.value.source_auth_strategy
  oauth_scopes                      = try(each.value.oauth_scopes, [])
  environment_variables             = merge(var.general_environment_variables, try(each.value.environment_variables, {}))
  secret_values                     = var.api_connector_secret_values
  secured_variables                 = [for v in try(each.value.secured_variables, []) : { name = v.name, writable = v.writable, sensitive = v.sensitive, lockable = v.lockable, description = v.description }]
  config_parameter_prefix           = module.psoxy.config_parameter_prefix
  salt_secret_id                    = module.psoxy.salt_secret_id
  encryption_key_secret_id          = module.psoxy.encryption_key_secret_id
  secret_version_manager_role_id    = module.psoxy.secret_version_manager_role_id
  secret_replica_locations          = var.secret_replica_locations
  artifacts_bucket_name             = module.psoxy.artifacts_bucket_name
  deployment_bundle_object_name     = module.psoxy.deployment_bundle_object_name
  bundle_filename                   = module.psoxy.bundle_filename
  docker_repository                 = module.psoxy.artifact_repository_id
  rules_yaml                        = contains(keys(var.custom_api_connector_rules), each.key) ? file(var.custom_api_connector_rules[each.key]) : null
  max_instance_request_concurrency  = var.api_connector_instance_concurrency
  max_instance_count                = var.max_instances_per_api_connector
  enable_async_processing           = contains(local.async_connector_ids, each.key)
  side_output_original              = local.side_outputs[each.key].original
  side_output_sanitized             = local.side_outputs[each.key].sanitized
  bucket_write_role_id              = module.psoxy.bucket_write_role_id
  bucket_force_destroy              = var.bucket_force_destroy
  project_services                  = module.psoxy.enabled_apis
  pseudonymize_app_ids              = var.pseudonymize_app_ids
  email_canonicalization            = var.email_canonicalization
  is_development_mode               = contains(var.non_production_connectors, each.key)
  allowed_data_access_ip_blocks     = var.allowed_data_access_ip_blocks
  api_connector_path_prefix_to_trim = var.api_connector_path_prefix_to_trim
  worklytics_sa_emails              = var.worklytics_sa_emails
  gcp_principals_authorized_to_test = var.gcp_principals_authorized_to_test
  vpc_config                        = var.vpc_config
  ingress_settings                  = local.behind_lb ? "ALLOW_INTERNAL_AND_GCLB" : "ALLOW_ALL"
  external_base_url                 = local.external_base_url
  external_tls_self_signed          = local.external_tls_self_signed
  example_api_calls                 = try(each.value.example_api_calls, [])
  example_api_requests              = try(each.value.example_api_requests, [])
  todos_as_local_files              = var.todos_as_local_files
  test_tool_command                 = var.test_tool_command
  todo_step                         = var.todo_step
}

module "bulk_connector" {
  for_each = var.bulk_connectors
  source   = "../gcp-proxy-bulk"

  project_id                    = var.gcp_project_id
  region                        = var.gcp_region
  environment_id_prefix         = module.psoxy.environment_id_prefix
  instance_id                   = each.key
  source_kind                   = each.value.source_kind
  rules_yaml                    = lookup(var.custom_bulk_connector_rules, each.key, each.value.rules_yaml)
  config_parameter_prefix       = module.psoxy.config_parameter_prefix
  salt_secret_id                = module.psoxy.salt_secret_id
  encryption_key_secret_id      = module.psoxy.encryption_key_secret_id
  artifacts_bucket_name         = module.psoxy.artifacts_bucket_name
  deployment_bundle_object_name = module.psoxy.deployment_bundle_object_name
  bundle_filename               = module.psoxy.bundle_filename
  docker_repository             = module.psoxy.artifact_repository_id
  bucket_write_role_id          = module.psoxy.bucket_write_role_id
  secret_replica_locations      = var.secret_replica_locations
  lookup_tables = {
    for k, t in var.lookup_tables : k => {
      join_key_column               = t.join_key_column
      columns_to_include            = t.columns_to_include
      sanitized_accessor_principals = t.sanitized_accessor_principals
      expiration_days               = t.expiration_days
      compress_output               = t.compress_output
    } if t.source_connector_id == each.key
  }
  available_memory_mb               = coalesce(try(var.custom_bulk_connector_arguments[each.key].available_memory_mb, null), 1024)
  timeout_seconds                   = coalesce(try(var.custom_bulk_connector_arguments[each.key].timeout_seconds, null), 540)
  input_expiration_days             = var.bulk_input_expiration_days
  sanitized_expiration_days         = var.bulk_sanitized_expiration_days
  version_sanitized_buckets         = var.version_sanitized_buckets
  bucket_force_destroy              = var.bucket_force_destroy
  email_canonicalization            = var.email_canonicalization
  is_development_mode               = contains(var.non_production_connectors, each.key)
  environment_variables             = var.general_environment_variables
  worklytics_sa_emails              = var.worklytics_sa_emails
  gcp_principals_authorized_to_test = var.gcp_principals_authorized_to_test
  instructions                      = try(each.value.instructions, "")
  example_files                     = try(each.value.example_files, [])
  todos_as_local_files              = var.todos_as_local_files
  test_tool_command                 = var.test_tool_command
  todo_step                         = 1
}

resource "local_file" "test_all" {
  count           = var.todos_as_local_files ? 1 : 0
  filename        = "test-all.sh"
  file_permission = "0755"
  content         = <<-EOT
  #!/bin/bash
  RC=0
  %{for id in concat(keys(var.api_connectors), keys(var.bulk_connectors))~}
  ./test-${id}.sh; RC=$((RC + $?))
  %{endfor~}
  exit $RC
  EOT
}
