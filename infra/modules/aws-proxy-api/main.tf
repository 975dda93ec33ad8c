# An API connector: Lambda (module aws-proxy-lambda) exposed by an IAM-authenticated function URL, or
# by routes on the deployment's HTTP API Gateway.

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    local = {
      source  = "hashicorp/local"
      version = ">= 2.0"
    }
  }
}

locals {
  function_name = "${var.environment_id}-${var.instance_id}"
  use_gateway   = var.api_gateway_v2 != null

  env = merge(
    var.environment_variables,
    {
      SOURCE                          = var.source_kind
      TARGET_HOST                     = var.target_host
      SOURCE_AUTH_STRATEGY_IDENTIFIER = var.source_auth_strategy
      OAUTH_SCOPES                    = join(" ", var.oauth_scopes)
      REQUEST_TIMEOUT_SECONDS         = tostring(var.timeout_seconds)
      PSEUDONYMIZE_APP_IDS            = tostring(var.pseudonymize_app_ids)
      EMAIL_CANONICALIZATION          = var.email_canonicalization
      IS_DEVELOPMENT_MODE             = tostring(var.is_development_mode)
    },
    var.custom_rules_sha == null ? {} : { CUSTOM_RULES_SHA = var.custom_rules_sha },
    var.allowed_data_access_ip_blocks == null ? {} : { ALLOWED_DATA_ACCESS_IP_BLOCKS = join(",", var.allowed_data_access_ip_blocks) },
    var.api_connector_path_prefix_to_trim == null ? {} : { REQUEST_PATH_PREFIX_TO_TRIM = var.api_connector_path_prefix_to_trim },
  )
}

module "lambda" {
  source = "../aws-proxy-lambda"

  function_name                        = local.function_name
  handler                              = "index.handler"
  deployment_package                   = var.deployment_package
  memory_size_mb                       = var.memory_size_mb
  timeout_seconds                      = var.timeout_seconds
  environment_variables                = local.env
  secrets_store_implementation         = var.secrets_store_implementation
  path_to_shared_config                = var.path_to_shared_config
  path_to_instance_config              = var.path_to_instance_config
  global_parameter_arns                = var.global_parameter_arns
  global_secrets_manager_secret_arns   = var.global_secrets_manager_secret_arns
  ssm_kms_key_ids                      = var.ssm_kms_key_ids
  function_env_kms_key_arn             = var.function_env_kms_key_arn
  logs_kms_key_arn                     = var.logs_kms_key_arn
  log_retention_days                   = var.log_retention_days
  vpc_config                           = var.vpc_config
  aws_lambda_execution_role_policy_arn = var.aws_lambda_execution_role_policy_arn
  iam_roles_permissions_boundary       = var.iam_roles_permissions_boundary
}

# --- function URL (default) -------------------------------------------------------------------------

resource "aws_lambda_function_url" "url" {
  count              = local.use_gateway ? 0 : 1
  function_name      = module.lambda.function_name
  authorization_type = "AWS_IAM"
}

# --- API Gateway v2 (use_api_gateway_v2, or forced by vpc_config) ------------------------------------

resource "aws_apigatewayv2_integration" "lambda" {
  count                  = local.use_gateway ? 1 : 0
  api_id                 = var.api_gateway_v2.id
  integration_type       = "AWS_PROXY"
  integration_uri        = module.lambda.invoke_arn
  integration_method     = "POST"
  payload_format_version = "1.0" # avoids URL-decoding of the path
  timeout_milliseconds   = 30000
}

resource "aws_apigatewayv2_route" "routes" {
  for_each           = local.use_gateway ? toset(["GET", "HEAD", "POST"]) : toset([])
  api_id             = var.api_gateway_v2.id
  route_key          = "${each.key} /${local.function_name}/{proxy+}"
  authorization_type = "AWS_IAM"
  target             = "integrations/${aws_apigatewayv2_integration.lambda[0].id}"
}

resource "aws_lambda_permission" "gateway" {
  count         = local.use_gateway ? 1 : 0
  statement_id  = "AllowAPIGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = module.lambda.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${var.api_gateway_v2.execution_arn}/*/*/${local.function_name}/{proxy+}"
}

locals {
  endpoint = local.use_gateway ? "${var.api_gateway_v2.stage_invoke_url}/${local.function_name}" : trimsuffix(aws_lambda_function_url.url[0].function_url, "/")
  role_flag = var.api_caller_role_arn == null ? "" : " -r \"${var.api_caller_role_arn}\""
  test_calls = [for p in var.example_api_calls : "${var.test_tool_command} call${local.role_flag} \"${local.endpoint}${p}\""]
}

resource "local_file" "todo" {
  count    = var.todos_as_local_files ? 1 : 0
  filename = "TODO ${var.todo_step} - test ${local.function_name}.md"
  content  = <<-EOT
  # Testing ${local.function_name}

  The test tool is this project's CLI (`${var.test_tool_command}`); build it with `npm ci && npm run build`.

  Health check:
  ```shell
  ${var.test_tool_command} call${local.role_flag} --health-check "${local.endpoint}"
  ```

  Example calls:
  ```shell
  ${join("\n", local.test_calls)}
  ```

  Logs: `${var.test_tool_command} logs${local.role_flag} -l "${module.lambda.log_group}"`
  EOT
}

resource "local_file" "test_script" {
  count           = var.todos_as_local_files ? 1 : 0
  filename        = "test-${var.instance_id}.sh"
  file_permission = "0755"
  content         = <<-EOT
  #!/bin/bash
  # Tests ${local.function_name}: health check, then one call. Usage: test-${var.instance_id}.sh [METHOD] [API_PATH]
  METHOD=$${1:-GET}
  API_PATH=$${2:-${length(var.example_api_calls) > 0 ? var.example_api_calls[0] : "/"}}
  RC=0
  ${var.test_tool_command} call${local.role_flag} --health-check "${local.endpoint}"; RC=$((RC + $?))
  ${var.test_tool_command} call${local.role_flag} -m "$METHOD" "${local.endpoint}$API_PATH"; RC=$((RC + $?))
  exit $RC
  EOT
}
