# Deployment-level AWS resources: caller role, salt / encryption key, deployment package, optional
# API Gateway v2.

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
  }
}

# env-id: replaces unsupported delimiters; names > 20 chars are truncated with a 6-char sha1 suffix
module "env_id" {
  source = "../env-id"

  environment_name = var.environment_name
}

locals {
  env_id = module.env_id.id

  use_secrets_manager = var.secrets_store_implementation == "aws_secrets_manager"

  # shared prefix (PATH_TO_SHARED_CONFIG); the runtime qualifies a prefix with / the same way
  ssm_root = var.aws_ssm_param_root_path
  sm_root  = var.aws_secrets_manager_path

  salt_name           = "${local.use_secrets_manager ? local.sm_root : local.ssm_root}PSOXY_SALT"
  encryption_key_name = "${local.use_secrets_manager ? local.sm_root : local.ssm_root}PSOXY_ENCRYPTION_KEY"

  bundle_path     = coalesce(var.deployment_bundle, "${coalesce(var.psoxy_base_dir, "${path.root}/../../../")}dist/aws-lambda.zip")
  bundle_s3       = can(regex("^s3://", local.bundle_path))
  bundle_s3_parts = local.bundle_s3 ? regex("^s3://([^/]+)/(.+)$", local.bundle_path) : ["", ""]

  caller_role_name = "${local.env_id}Caller"
  assume_arns      = distinct(concat(var.caller_aws_arns, var.test_aws_principal_arns))
}

# --- caller role: assumed by Worklytics (AWS principal or Google web identity) ----------------------

data "aws_iam_policy_document" "caller_trust" {
  statement {
    sid     = "LambdaService"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }

  dynamic "statement" {
    for_each = length(local.assume_arns) > 0 ? [1] : []
    content {
      sid     = "AwsCallers"
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = local.assume_arns
      }
      dynamic "condition" {
        for_each = var.allowed_data_access_ip_blocks == null ? [] : [1]
        content {
          test     = "IpAddress"
          variable = "aws:SourceIp"
          values   = var.allowed_data_access_ip_blocks
        }
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.caller_gcp_service_account_ids) > 0 ? [1] : []
    content {
      sid     = "GcpServiceAccounts"
      actions = ["sts:AssumeRoleWithWebIdentity"]
      principals {
        type        = "Federated"
        identifiers = ["accounts.google.com"]
      }
      condition {
        test     = "StringEquals"
        variable = "accounts.google.com:aud"
        values   = var.caller_gcp_service_account_ids
      }
    }
  }
}

resource "aws_iam_role" "caller" {
  name                 = local.caller_role_name
  description          = "Role assumed by Worklytics to call the proxy (function URLs / API Gateway / sanitized buckets)."
  assume_role_policy   = data.aws_iam_policy_document.caller_trust.json
  permissions_boundary = var.iam_roles_permissions_boundary
}

# --- salt and encryption key: generated once, never overwritten ------------------------------------

resource "random_password" "salt" {
  length  = 20
  special = true
}

resource "random_password" "encryption_key" {
  length  = 32
  special = true
}

resource "aws_ssm_parameter" "salt" {
  count       = local.use_secrets_manager ? 0 : 1
  name        = local.salt_name
  type        = "SecureString"
  description = "Salt used to build pseudonyms (PSOXY_SALT). Changing it changes every pseudonym."
  value       = sensitive(random_password.salt.result)
  key_id      = var.aws_ssm_key_id

  lifecycle {
    # a salt set or imported outside Terraform is kept
    ignore_changes = [value]
  }
}

resource "aws_ssm_parameter" "encryption_key" {
  count       = local.use_secrets_manager ? 0 : 1
  name        = local.encryption_key_name
  type        = "SecureString"
  description = "Key for reversible pseudonyms (PSOXY_ENCRYPTION_KEY)."
  value       = sensitive(random_password.encryption_key.result)
  key_id      = var.aws_ssm_key_id

  lifecycle {
    ignore_changes = [value]
  }
}

resource "aws_secretsmanager_secret" "salt" {
  count       = local.use_secrets_manager ? 1 : 0
  name        = local.salt_name
  description = "Salt used to build pseudonyms (PSOXY_SALT). Changing it changes every pseudonym."
  kms_key_id  = var.aws_ssm_key_id
}

resource "aws_secretsmanager_secret_version" "salt" {
  count         = local.use_secrets_manager ? 1 : 0
  secret_id     = aws_secretsmanager_secret.salt[0].id
  secret_string = sensitive(random_password.salt.result)

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret" "encryption_key" {
  count       = local.use_secrets_manager ? 1 : 0
  name        = local.encryption_key_name
  description = "Key for reversible pseudonyms (PSOXY_ENCRYPTION_KEY)."
  kms_key_id  = var.aws_ssm_key_id
}

resource "aws_secretsmanager_secret_version" "encryption_key" {
  count         = local.use_secrets_manager ? 1 : 0
  secret_id     = aws_secretsmanager_secret.encryption_key[0].id
  secret_string = sensitive(random_password.encryption_key.result)

  lifecycle {
    ignore_changes = [secret_string]
  }
}

# --- optional API Gateway v2 (IAM auth) ------------------------------------------------------------

resource "aws_apigatewayv2_api" "main" {
  count         = var.use_api_gateway_v2 ? 1 : 0
  name          = "${local.env_id}-api"
  protocol_type = "HTTP"
  description   = "API connectors of ${local.env_id} (IAM-authenticated routes)."
}

resource "aws_cloudwatch_log_group" "gateway" {
  count             = var.use_api_gateway_v2 ? 1 : 0
  name              = "/aws/vendedlogs/${local.env_id}-api"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn
}

resource "aws_apigatewayv2_stage" "live" {
  count       = var.use_api_gateway_v2 ? 1 : 0
  api_id      = aws_apigatewayv2_api.main[0].id
  name        = "live"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.gateway[0].arn
    format = jsonencode({
      requestId      = "$context.requestId"
      ip             = "$context.identity.sourceIp"
      caller         = "$context.identity.caller"
      requestTime    = "$context.requestTime"
      httpMethod     = "$context.httpMethod"
      routeKey       = "$context.routeKey"
      status         = "$context.status"
      responseLength = "$context.responseLength"
      integrationErr = "$context.integrationErrorMessage"
    })
  }
}

data "aws_iam_policy_document" "invoke_api" {
  count = var.use_api_gateway_v2 ? 1 : 0
  statement {
    actions = ["execute-api:Invoke"]
    resources = flatten([
      for m in ["GET", "HEAD", "POST"] : "${aws_apigatewayv2_api.main[0].execution_arn}/*/${m}/*"
    ])
  }
}

resource "aws_iam_policy" "invoke_api" {
  count       = var.use_api_gateway_v2 ? 1 : 0
  name        = "${local.env_id}InvokeAPI"
  description = "Invoke the API connectors through API Gateway."
  policy      = data.aws_iam_policy_document.invoke_api[0].json
}

resource "aws_iam_role_policy_attachment" "invoke_api" {
  count      = var.use_api_gateway_v2 ? 1 : 0
  role       = aws_iam_role.caller.name
  policy_arn = aws_iam_policy.invoke_api[0].arn
}
