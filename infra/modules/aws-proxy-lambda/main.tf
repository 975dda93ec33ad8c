# One Lambda function with its exec role, least-privilege access policy and log group.

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  region     = coalesce(var.aws_region, data.aws_region.current.name)
  account_id = data.aws_caller_identity.current.account_id

  default_instance_prefix = "${upper(replace(var.function_name, "-", "_"))}_"
  instance_prefix_raw     = coalesce(var.path_to_instance_config, local.default_instance_prefix)
  # names containing / are fully qualified, as the runtime assumes
  instance_prefix = can(regex("/", local.instance_prefix_raw)) && !can(regex("^/", local.instance_prefix_raw)) ? "/${local.instance_prefix_raw}" : local.instance_prefix_raw
  # ARN path form: parameter/NAME for plain names, parameter/path/NAME for /path/NAME
  instance_arn_path = trimprefix(local.instance_prefix, "/")

  env_vars = merge(
    var.environment_variables,
    {
      EXECUTION_ROLE  = aws_iam_role.exec.arn
      BUNDLE_FILENAME = coalesce(var.deployment_package.file_name, "aws-lambda.zip")
      SECRETS_STORE   = upper(var.secrets_store_implementation)
    },
    var.path_to_shared_config == "" ? {} : { PATH_TO_SHARED_CONFIG = var.path_to_shared_config },
    local.instance_prefix == local.default_instance_prefix ? {} : { PATH_TO_INSTANCE_CONFIG = local.instance_prefix },
    var.side_output_original == null ? {} : { SIDE_OUTPUT_ORIGINAL = var.side_output_original },
    var.side_output_sanitized == null ? {} : { SIDE_OUTPUT_SANITIZED = var.side_output_sanitized },
  )

  base_policy_arn = coalesce(
    var.aws_lambda_execution_role_policy_arn,
    var.vpc_config == null ? "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" : "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
  )
}

resource "aws_iam_role" "exec" {
  name                 = "${var.function_name}_Exec"
  permissions_boundary = var.iam_roles_permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "base" {
  role       = aws_iam_role.exec.name
  policy_arn = local.base_policy_arn
}

data "aws_iam_policy_document" "access" {
  dynamic "statement" {
    for_each = length(var.global_parameter_arns) > 0 ? [1] : []
    content {
      sid       = "ReadSharedConfig"
      actions   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
      resources = var.global_parameter_arns
    }
  }

  statement {
    sid = "InstanceConfig"
    # put / delete: refreshed tokens and refresh locks (<prefix><lockId>_lock)
    actions   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory", "ssm:GetParametersByPath", "ssm:PutParameter", "ssm:DeleteParameter"]
    resources = ["arn:aws:ssm:${local.region}:${local.account_id}:parameter/${local.instance_arn_path}*"]
  }

  dynamic "statement" {
    for_each = var.secrets_store_implementation == "aws_secrets_manager" ? [1] : []
    content {
      sid       = "SecretsManagerInstance"
      actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue"]
      resources = ["arn:aws:secretsmanager:${local.region}:${local.account_id}:secret:${local.instance_arn_path}*"]
    }
  }

  dynamic "statement" {
    for_each = length(var.global_secrets_manager_secret_arns) > 0 ? [1] : []
    content {
      sid       = "SecretsManagerShared"
      actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
      resources = var.global_secrets_manager_secret_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.ssm_kms_key_ids) > 0 ? [1] : []
    content {
      sid       = "Kms"
      actions   = ["kms:Decrypt", "kms:Encrypt"]
      resources = var.ssm_kms_key_ids
    }
  }

  dynamic "statement" {
    for_each = length(var.input_bucket_arns) > 0 ? [1] : []
    content {
      sid       = "ReadInput"
      actions   = ["s3:GetObject"]
      resources = [for b in var.input_bucket_arns : "${b}/*"]
    }
  }

  # sanitized / async / side outputs (lengths are known at plan even where the bucket names are not)
  dynamic "statement" {
    for_each = length(var.output_bucket_arns) + length(var.output_object_arns) > 0 ? [1] : []
    content {
      sid       = "WriteOutput"
      actions   = ["s3:PutObject"]
      resources = concat([for b in var.output_bucket_arns : "${b}/*"], var.output_object_arns)
    }
  }

  # sync leg of an async request: SendMessage with the original event (api-mode spec 6.2)
  dynamic "statement" {
    for_each = length(var.sqs_send_queue_arns) > 0 ? [1] : []
    content {
      sid       = "SendToQueues"
      actions   = ["sqs:SendMessage"]
      resources = var.sqs_send_queue_arns
    }
  }

  # side outputs to SQS queues (api-mode spec 6.7): one SendMessage per write. A queue encrypted with
  # a customer managed KMS key also needs kms:GenerateDataKey / kms:Decrypt on that key for this role,
  # not granted here because the queue URL does not name the key (infra/README.md, side outputs)
  dynamic "statement" {
    for_each = length(var.side_output_queue_arns) > 0 ? [1] : []
    content {
      sid       = "SendSideOutputs"
      actions   = ["sqs:SendMessage"]
      resources = var.side_output_queue_arns
    }
  }

  # async leg: the event source mapping polls the queue with the function's role
  dynamic "statement" {
    for_each = length(var.sqs_trigger_queue_arns) > 0 ? [1] : []
    content {
      sid       = "ConsumeQueues"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
      resources = var.sqs_trigger_queue_arns
    }
  }
}

resource "aws_iam_policy" "access" {
  name        = "${var.function_name}_resourceAccess"
  description = "Least-privilege access of ${var.function_name} to its config, secrets and buckets."
  policy      = data.aws_iam_policy_document.access.json
}

resource "aws_iam_role_policy_attachment" "access" {
  role       = aws_iam_role.exec.name
  policy_arn = aws_iam_policy.access.arn
}

resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.logs_kms_key_arn
}

resource "aws_lambda_function" "instance" {
  function_name                  = var.function_name
  role                           = aws_iam_role.exec.arn
  architectures                  = ["arm64"]
  runtime                        = var.runtime
  handler                        = var.handler
  filename                       = var.deployment_package.filename
  source_code_hash               = var.deployment_package.filename == null ? null : filebase64sha256(var.deployment_package.filename)
  s3_bucket                      = var.deployment_package.s3_bucket
  s3_key                         = var.deployment_package.s3_key
  memory_size                    = var.memory_size_mb
  timeout                        = var.timeout_seconds
  reserved_concurrent_executions = var.reserved_concurrent_executions
  kms_key_arn                    = var.function_env_kms_key_arn

  ephemeral_storage {
    size = var.ephemeral_storage_mb
  }

  environment {
    variables = local.env_vars
  }

  dynamic "vpc_config" {
    for_each = var.vpc_config == null ? [] : [var.vpc_config]
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  depends_on = [aws_cloudwatch_log_group.lambda, aws_iam_role_policy_attachment.base, aws_iam_role_policy_attachment.access]
}
