# Composes the AWS deployment: module aws, per-connector secrets, aws-proxy-api / aws-proxy-bulk
# instances, caller access and lookup tables.

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.4"
    }
    local = {
      source  = "hashicorp/local"
      version = ">= 2.0"
    }
  }
}

module "psoxy" {
  source = "../aws"

  environment_name               = var.environment_name
  aws_account_id                 = var.aws_account_id
  caller_aws_arns                = var.caller_aws_arns
  caller_gcp_service_account_ids = var.caller_gcp_service_account_ids
  test_aws_principal_arns        = var.test_aws_principal_arns
  allowed_data_access_ip_blocks  = var.allowed_data_access_ip_blocks
  secrets_store_implementation   = var.secrets_store_implementation
  aws_ssm_param_root_path        = var.aws_ssm_param_root_path
  aws_secrets_manager_path       = var.aws_secrets_manager_path
  aws_ssm_key_id                 = var.aws_ssm_key_id
  iam_roles_permissions_boundary = var.iam_roles_permissions_boundary
  use_api_gateway_v2             = var.use_api_gateway_v2 || var.vpc_config != null
  log_retention_days             = var.log_retention_days
  logs_kms_key_arn               = var.logs_kms_key_arn
  deployment_bundle              = var.deployment_bundle
  psoxy_base_dir                 = var.psoxy_base_dir
}

locals {
  env_id              = module.psoxy.env_id
  use_secrets_manager = var.secrets_store_implementation == "aws_secrets_manager"
  kms_keys            = compact([var.aws_ssm_key_id])

  instance_prefix = { for id, c in var.api_connectors : id => "${var.aws_ssm_param_root_path}${upper(replace("${local.env_id}-${id}", "-", "_"))}_" }
  sm_prefix       = { for id, c in var.api_connectors : id => "${var.aws_secrets_manager_path}${upper(replace("${local.env_id}-${id}", "-", "_"))}_" }

  # every secured variable of every API connector; sensitive ones go to Secrets Manager when selected
  secured = merge([
    for id, c in var.api_connectors : {
      for v in c.secured_variables : "${id}.${v.name}" => {
        instance_id = id
        name        = v.name
        sensitive   = v.sensitive
        description = v.description
        in_sm       = local.use_secrets_manager && v.sensitive && !v.lockable
      }
    }
  ]...)

  # "<id>.<NAME>" given a value by Terraform (the keys are not secret)
  managed_keys = nonsensitive(keys(var.api_connector_secret_values))

  custom_rules = { for id, path in var.custom_api_connector_rules : id => file(path) if contains(keys(var.api_connectors), id) }

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

  async_connector_ids = [for id, c in var.api_connectors : id if try(c.enable_async_processing, false) == true]

  # the caller role reads what the API connectors provision for it (known at plan, unlike the bucket ARNs)
  caller_reads_outputs = length(local.async_connector_ids) > 0 || anytrue([
    for id, so in local.side_outputs : so.sanitized != null && try(so.sanitized.location, null) == null
  ])
}

resource "aws_ssm_parameter" "secured" {
  for_each    = { for k, v in local.secured : k => v if !v.in_sm && !contains(local.managed_keys, k) }
  name        = "${local.instance_prefix[each.value.instance_id]}${each.value.name}"
  type        = each.value.sensitive ? "SecureString" : "String"
  key_id      = each.value.sensitive ? var.aws_ssm_key_id : null
  description = each.value.description
  value       = "fill me" # the runtime treats an SSM value of exactly "fill me" as absent

  lifecycle {
    ignore_changes = [value]
  }
}

# values Terraform manages (e.g. Google Workspace service account keys): kept in sync on every apply
resource "aws_ssm_parameter" "secured_managed" {
  for_each    = { for k, v in local.secured : k => v if !v.in_sm && contains(local.managed_keys, k) }
  name        = "${local.instance_prefix[each.value.instance_id]}${each.value.name}"
  type        = each.value.sensitive ? "SecureString" : "String"
  key_id      = each.value.sensitive ? var.aws_ssm_key_id : null
  description = each.value.description
  value       = var.api_connector_secret_values[each.key]
}

resource "aws_secretsmanager_secret_version" "secured_managed" {
  for_each      = { for k, v in local.secured : k => v if v.in_sm && contains(local.managed_keys, k) }
  secret_id     = aws_secretsmanager_secret.secured[each.key].id
  secret_string = var.api_connector_secret_values[each.key]
}

resource "aws_secretsmanager_secret" "secured" {
  for_each    = { for k, v in local.secured : k => v if v.in_sm }
  name        = "${local.sm_prefix[each.value.instance_id]}${each.value.name}"
  description = each.value.description
  kms_key_id  = var.aws_ssm_key_id
}

resource "aws_ssm_parameter" "rules" {
  for_each    = local.custom_rules
  name        = "${local.instance_prefix[each.key]}RULES"
  type        = "String"
  tier        = length(each.value) < 4096 ? "Standard" : "Advanced"
  description = "Custom rules of ${local.env_id}-${each.key}."
  # above 8 KB, base64-gzip (the runtime accepts plain, base64 and base64-gzip)
  value = length(each.value) > 8192 ? base64gzip(each.value) : each.value

  lifecycle {
    precondition {
      condition     = length(each.value) <= 8192 || length(base64gzip(each.value)) < 8192
      error_message = "Rules of ${each.key} are too large even when gzipped (8 KB SSM limit)."
    }
  }
}

module "api_connector" {
  for_each = var.api_connectors
  source   = "../aws-proxy-api"

  environment_id                       = local.env_id
  instance_id                          = each.key
  source_kind                          = each.value.source_kind
  target_host                          = each.value.target_host
  source_auth_strategy                 = each.value.source_auth_strategy
  oauth_scopes                         = try(each.value.oauth_scopes, [])
  environment_variables                = merge(var.general_environment_variables, try(each.value.environment_variables, {}))
  deployment_package                   = module.psoxy.deployment_package
  timeout_seconds                      = try(each.value.timeout_seconds, 180)
  enable_async_processing              = contains(local.async_connector_ids, each.key)
  side_output_original                 = local.side_outputs[each.key].original
  side_output_sanitized                = local.side_outputs[each.key].sanitized
  provision_bucket_public_access_block = var.provision_bucket_public_access_block
  pseudonymize_app_ids                 = var.pseudonymize_app_ids
  email_canonicalization               = var.email_canonicalization
  is_development_mode                  = contains(var.non_production_connectors, each.key)
  custom_rules_sha                     = contains(keys(local.custom_rules), each.key) ? sha1(local.custom_rules[each.key]) : null
  allowed_data_access_ip_blocks        = var.allowed_data_access_ip_blocks
  api_connector_path_prefix_to_trim    = var.api_connector_path_prefix_to_trim
  secrets_store_implementation         = var.secrets_store_implementation
  path_to_shared_config                = module.psoxy.shared_config_prefix
  path_to_instance_config              = local.instance_prefix[each.key]
  global_parameter_arns                = module.psoxy.shared_parameter_arns
  global_secrets_manager_secret_arns   = module.psoxy.shared_secret_arns
  ssm_kms_key_ids                      = local.kms_keys
  function_env_kms_key_arn             = var.function_env_kms_key_arn
  logs_kms_key_arn                     = var.logs_kms_key_arn
  log_retention_days                   = var.log_retention_days
  vpc_config                           = var.vpc_config
  aws_lambda_execution_role_policy_arn = var.aws_lambda_execution_role_policy_arn
  iam_roles_permissions_boundary       = var.iam_roles_permissions_boundary
  api_gateway_v2                       = module.psoxy.api_gateway_v2
  api_caller_role_arn                  = module.psoxy.api_caller_role_arn
  example_api_calls                    = try(each.value.example_api_calls, [])
  example_api_requests                 = try(each.value.example_api_requests, [])
  todos_as_local_files                 = var.todos_as_local_files
  test_tool_command                    = var.test_tool_command
  todo_step                            = var.todo_step
}

module "bulk_connector" {
  for_each = var.bulk_connectors
  source   = "../aws-proxy-bulk"

  environment_id                       = local.env_id
  instance_id                          = each.key
  source_kind                          = each.value.source_kind
  rules_yaml                           = lookup(var.custom_bulk_connector_rules, each.key, each.value.rules_yaml)
  deployment_package                   = module.psoxy.deployment_package
  memory_size_mb                       = coalesce(try(var.custom_bulk_connector_arguments[each.key].memory_size_mb, null), 1024)
  input_expiration_days                = var.bulk_input_expiration_days
  sanitized_expiration_days            = var.bulk_sanitized_expiration_days
  provision_bucket_public_access_block = var.provision_bucket_public_access_block
  email_canonicalization               = var.email_canonicalization
  is_development_mode                  = contains(var.non_production_connectors, each.key)
  environment_variables                = var.general_environment_variables
  secrets_store_implementation         = var.secrets_store_implementation
  aws_ssm_param_root_path              = var.aws_ssm_param_root_path
  path_to_shared_config                = module.psoxy.shared_config_prefix
  global_parameter_arns                = module.psoxy.shared_parameter_arns
  global_secrets_manager_secret_arns   = module.psoxy.shared_secret_arns
  ssm_kms_key_ids                      = local.kms_keys
  aws_ssm_key_id                       = var.aws_ssm_key_id
  function_env_kms_key_arn             = var.function_env_kms_key_arn
  logs_kms_key_arn                     = var.logs_kms_key_arn
  log_retention_days                   = var.log_retention_days
  vpc_config                           = var.vpc_config
  aws_lambda_execution_role_policy_arn = var.aws_lambda_execution_role_policy_arn
  iam_roles_permissions_boundary       = var.iam_roles_permissions_boundary
  api_caller_role_name                 = module.psoxy.api_caller_role_name
  test_aws_principal_arns              = var.test_aws_principal_arns
  instructions                         = try(each.value.instructions, "")
  example_files                        = try(each.value.example_files, [])
  todos_as_local_files                 = var.todos_as_local_files
  test_tool_command                    = var.test_tool_command
  todo_step                            = 1
}

# --- caller access: function URLs, async and side outputs (spec 3.3) --------------------------------

locals {
  use_function_urls = !(var.use_api_gateway_v2 || var.vpc_config != null)
  caller_statements = concat(
    # no Sids: the invoke statement stays as earlier versions wrote it (no policy change on upgrade),
    # and both statements keep one object type
    local.use_function_urls ? [{
      Effect   = "Allow"
      Action   = ["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"]
      Resource = [for m in module.api_connector : m.function_arn]
    }] : [],
    # async results (polled at the 202's Location) and provisioned sanitized side outputs; never the
    # original (unsanitized) side output
    local.caller_reads_outputs ? [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = flatten([for m in module.api_connector : [for b in m.caller_readable_bucket_arns : [b, "${b}/*"]]])
    }] : [],
  )
}

resource "aws_iam_policy" "caller_access" {
  count       = length(var.api_connectors) > 0 && (local.use_function_urls || local.caller_reads_outputs) ? 1 : 0
  name        = "${local.env_id}CallerAccess"
  description = "Invoke the API connectors' function URLs; read their async and side outputs."
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.caller_statements
  })
}

resource "aws_iam_role_policy_attachment" "caller_access" {
  count      = length(aws_iam_policy.caller_access)
  role       = module.psoxy.api_caller_role_name
  policy_arn = aws_iam_policy.caller_access[0].arn
}

# --- lookup tables (ADDITIONAL_TRANSFORMS of a bulk connector) -------------------------------------

resource "random_string" "lookup_suffix" {
  for_each = var.lookup_table_builders
  length   = 8
  special  = false
  upper    = false
}

resource "aws_s3_bucket" "lookup" {
  for_each = var.lookup_table_builders
  bucket   = "${local.env_id}-${each.key}-${random_string.lookup_suffix[each.key].result}"

  lifecycle {
    ignore_changes = [bucket]
  }
}

resource "aws_s3_bucket_public_access_block" "lookup" {
  for_each                = var.provision_bucket_public_access_block ? var.lookup_table_builders : {}
  bucket                  = aws_s3_bucket.lookup[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_ssm_parameter" "additional_transforms" {
  # one parameter per input connector, listing all its lookup tables
  for_each = toset([for k, v in var.lookup_table_builders : v.input_connector_id])
  name     = "${module.bulk_connector[each.key].instance_config_prefix}ADDITIONAL_TRANSFORMS"
  type     = "String"
  tier     = "Advanced"
  value = yamlencode([
    for k, v in var.lookup_table_builders : {
      destinationBucketName = aws_s3_bucket.lookup[k].bucket
      rules                 = v.rules
      compressOutput        = v.compress_output
    } if v.input_connector_id == each.key
  ])
}

resource "aws_iam_role_policy" "lookup_write" {
  for_each = var.lookup_table_builders
  name     = "${local.env_id}_LookupWrite_${each.key}"
  role     = module.bulk_connector[each.value.input_connector_id].execution_role_name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${aws_s3_bucket.lookup[each.key].arn}/*"] }]
  })
}

resource "aws_iam_role_policy" "lookup_read" {
  for_each = merge([
    for k, v in var.lookup_table_builders : { for r in v.sanitized_accessor_role_names : "${k}.${r}" => { table = k, role = r } }
  ]...)
  name = "${local.env_id}_LookupRead_${each.value.table}"
  role = each.value.role
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:ListBucket"], Resource = [aws_s3_bucket.lookup[each.value.table].arn, "${aws_s3_bucket.lookup[each.value.table].arn}/*"] }]
  })
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
