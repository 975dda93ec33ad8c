# A bulk connector: input bucket -> (ObjectCreated) lambda -> sanitized bucket.

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

locals {
  function_name   = "${var.environment_id}-${var.instance_id}"
  instance_prefix = "${var.aws_ssm_param_root_path}${upper(replace(local.function_name, "-", "_"))}_"
  bucket_prefix   = "${lower(var.environment_id)}-${var.instance_id}-${random_string.bucket_suffix.result}"
}

resource "random_string" "bucket_suffix" {
  length  = 8
  special = false
  upper   = false

  lifecycle {
    # buckets are never recreated
    ignore_changes = all
  }
}

resource "aws_s3_bucket" "input" {
  bucket = "${local.bucket_prefix}-input"

  lifecycle {
    ignore_changes = [bucket]
  }
}

resource "aws_s3_bucket" "sanitized" {
  bucket = "${local.bucket_prefix}-sanitized"

  lifecycle {
    ignore_changes = [bucket]
  }
}

resource "aws_s3_bucket_public_access_block" "input" {
  count                   = var.provision_bucket_public_access_block ? 1 : 0
  bucket                  = aws_s3_bucket.input.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_public_access_block" "sanitized" {
  count                   = var.provision_bucket_public_access_block ? 1 : 0
  bucket                  = aws_s3_bucket.sanitized.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "input" {
  bucket = aws_s3_bucket.input.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = var.input_expiration_days
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "sanitized" {
  bucket = aws_s3_bucket.sanitized.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = var.sanitized_expiration_days
    }
  }
}

resource "aws_ssm_parameter" "rules" {
  name        = "${local.instance_prefix}RULES"
  type        = "String"
  tier        = length(var.rules_yaml) < 4096 ? "Standard" : "Advanced"
  description = "Rules of ${local.function_name} (an env RULES overrides it)."
  value       = var.rules_yaml
}

module "lambda" {
  source = "../aws-proxy-lambda"

  function_name        = local.function_name
  handler              = "bulk.handler"
  deployment_package   = var.deployment_package
  memory_size_mb       = var.memory_size_mb
  timeout_seconds      = 600
  ephemeral_storage_mb = 10240
  environment_variables = merge(var.environment_variables, {
    INPUT_BUCKET           = aws_s3_bucket.input.bucket
    OUTPUT_BUCKET          = aws_s3_bucket.sanitized.bucket
    IS_DEVELOPMENT_MODE    = tostring(var.is_development_mode)
    EMAIL_CANONICALIZATION = var.email_canonicalization
  })
  secrets_store_implementation         = var.secrets_store_implementation
  path_to_shared_config                = var.path_to_shared_config
  path_to_instance_config              = local.instance_prefix
  global_parameter_arns                = var.global_parameter_arns
  global_secrets_manager_secret_arns   = var.global_secrets_manager_secret_arns
  ssm_kms_key_ids                      = var.ssm_kms_key_ids
  function_env_kms_key_arn             = var.function_env_kms_key_arn
  logs_kms_key_arn                     = var.logs_kms_key_arn
  log_retention_days                   = var.log_retention_days
  vpc_config                           = var.vpc_config
  aws_lambda_execution_role_policy_arn = var.aws_lambda_execution_role_policy_arn
  iam_roles_permissions_boundary       = var.iam_roles_permissions_boundary
  input_bucket_arns                    = [aws_s3_bucket.input.arn]
  output_bucket_arns                   = [aws_s3_bucket.sanitized.arn]
}

# --- trigger: every ObjectCreated in the input bucket (no prefix / suffix filter) ---------------------

resource "aws_lambda_permission" "s3" {
  statement_id  = "AllowExecutionFromS3Bucket"
  action        = "lambda:InvokeFunction"
  function_name = module.lambda.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.input.arn
}

resource "aws_s3_bucket_notification" "input" {
  bucket = aws_s3_bucket.input.id

  lambda_function {
    lambda_function_arn = module.lambda.function_arn
    events              = ["s3:ObjectCreated:*"]
  }

  depends_on = [aws_lambda_permission.s3]
}

# --- caller read access to the sanitized bucket ----------------------------------------------------

resource "aws_iam_policy" "sanitized_read" {
  count       = var.api_caller_role_name == null ? 0 : 1
  name        = "${var.environment_id}_BucketRead_${aws_s3_bucket.sanitized.bucket}"
  description = "Read of the sanitized output of ${local.function_name}."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.sanitized.arn, "${aws_s3_bucket.sanitized.arn}/*"]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "sanitized_read" {
  count      = var.api_caller_role_name == null ? 0 : 1
  role       = var.api_caller_role_name
  policy_arn = aws_iam_policy.sanitized_read[0].arn
}

# --- test access -----------------------------------------------------------------------------------

resource "aws_s3_bucket_policy" "input_test" {
  count  = length(var.test_aws_principal_arns) > 0 ? 1 : 0
  bucket = aws_s3_bucket.input.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.test_aws_principal_arns }
      Action    = ["s3:PutObject", "s3:GetObject", "s3:ListBucket"]
      Resource  = [aws_s3_bucket.input.arn, "${aws_s3_bucket.input.arn}/*"]
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.input]
}

resource "aws_s3_bucket_policy" "sanitized_test" {
  count  = length(var.test_aws_principal_arns) > 0 ? 1 : 0
  bucket = aws_s3_bucket.sanitized.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.test_aws_principal_arns }
      Action    = ["s3:GetObject", "s3:ListBucket", "s3:DeleteObject", "s3:DeleteObjectVersion"]
      Resource  = [aws_s3_bucket.sanitized.arn, "${aws_s3_bucket.sanitized.arn}/*"]
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.sanitized]
}

# --- TODOs -----------------------------------------------------------------------------------------

resource "local_file" "setup_todo" {
  count    = var.todos_as_local_files && var.instructions != "" ? 1 : 0
  filename = "TODO ${var.todo_step} - setup ${var.instance_id}.md"
  content  = <<-EOT
  # Set up ${var.instance_id}

  Input bucket: `s3://${aws_s3_bucket.input.bucket}`

  ${replace(var.instructions, "\n", "\n  ")}
  EOT
}

locals {
  region = split(":", module.lambda.function_arn)[3]
  # `psoxy test` commands of the TODO and script
  bulk_command = "${var.test_tool_command} bulk -d AWS --region ${local.region} -i \"${aws_s3_bucket.input.bucket}\" -o \"${aws_s3_bucket.sanitized.bucket}\""
  logs_command = "${var.test_tool_command} logs --region ${local.region} -l \"${module.lambda.log_group}\""
}

resource "local_file" "test_todo" {
  count    = var.todos_as_local_files ? 1 : 0
  filename = "TODO ${var.todo_step + (var.instructions != "" ? 1 : 0)} - test ${var.instance_id}.md"
  content = templatefile("${path.module}/test_todo.tftpl", {
    function_name     = local.function_name
    script_name       = "test-${var.instance_id}.sh"
    test_tool_command = var.test_tool_command
    auth_note         = "Run it with AWS credentials that may write the input bucket and read the output bucket (test_aws_principal_arns)."
    bulk_command      = local.bulk_command
    example_files     = var.example_files
    manual_commands = [
      "aws s3 cp <file> s3://${aws_s3_bucket.input.bucket}/",
      "aws s3 cp s3://${aws_s3_bucket.sanitized.bucket}/<file> -",
    ]
    logs_command = local.logs_command
    console_links = [
      { title = "S3 input bucket ${aws_s3_bucket.input.bucket}", url = "https://${local.region}.console.aws.amazon.com/s3/buckets/${aws_s3_bucket.input.bucket}?region=${local.region}" },
      { title = "S3 sanitized bucket ${aws_s3_bucket.sanitized.bucket}", url = "https://${local.region}.console.aws.amazon.com/s3/buckets/${aws_s3_bucket.sanitized.bucket}?region=${local.region}" },
      { title = "Lambda function ${local.function_name}", url = "https://${local.region}.console.aws.amazon.com/lambda/home?region=${local.region}#/functions/${local.function_name}" },
      { title = "CloudWatch logs ${module.lambda.log_group}", url = "https://${local.region}.console.aws.amazon.com/cloudwatch/home?region=${local.region}#logsV2:log-groups/log-group/${replace(module.lambda.log_group, "/", "$252F")}" },
    ]
  })
}

resource "local_file" "test_script" {
  count           = var.todos_as_local_files ? 1 : 0
  filename        = "test-${var.instance_id}.sh"
  file_permission = "0755"
  content = templatefile("${path.module}/test_script.tftpl", {
    function_name = local.function_name
    script_name   = "test-${var.instance_id}.sh"
    bulk_command  = local.bulk_command
    example_files = var.example_files
    input_bucket  = aws_s3_bucket.input.bucket
    output_bucket = aws_s3_bucket.sanitized.bucket
  })
}
