output "env_id" {
  description = "Normalised environment id used in resource names."
  value       = local.env_id
}

output "api_caller_role_arn" {
  description = "ARN of the caller role Worklytics assumes."
  value       = aws_iam_role.caller.arn
}

output "api_caller_role_name" {
  description = "Name of the caller role."
  value       = aws_iam_role.caller.name
}

output "secrets_store_implementation" {
  description = "The secret store selected."
  value       = var.secrets_store_implementation
}

output "shared_config_prefix" {
  description = "PATH_TO_SHARED_CONFIG value (prefix of PSOXY_SALT / PSOXY_ENCRYPTION_KEY)."
  value       = local.use_secrets_manager ? local.sm_root : local.ssm_root
}

output "salt_arn" {
  description = "ARN of the salt parameter / secret."
  value       = local.use_secrets_manager ? aws_secretsmanager_secret.salt[0].arn : aws_ssm_parameter.salt[0].arn
}

output "encryption_key_arn" {
  description = "ARN of the encryption key parameter / secret."
  value       = local.use_secrets_manager ? aws_secretsmanager_secret.encryption_key[0].arn : aws_ssm_parameter.encryption_key[0].arn
}

output "shared_parameter_arns" {
  description = "ARNs of the shared SSM parameters the lambdas read."
  value       = local.use_secrets_manager ? [] : [aws_ssm_parameter.salt[0].arn, aws_ssm_parameter.encryption_key[0].arn]
}

output "shared_secret_arns" {
  description = "ARNs of the shared Secrets Manager secrets the lambdas read."
  value       = local.use_secrets_manager ? [aws_secretsmanager_secret.salt[0].arn, aws_secretsmanager_secret.encryption_key[0].arn] : []
}

output "deployment_package" {
  description = "Where the Lambda code comes from: local filename, or S3 bucket and key."
  value = {
    filename  = local.bundle_s3 ? null : local.bundle_path
    s3_bucket = local.bundle_s3 ? local.bundle_s3_parts[0] : null
    s3_key    = local.bundle_s3 ? local.bundle_s3_parts[1] : null
    file_name = basename(local.bundle_path)
  }
}

output "api_gateway_v2" {
  description = "The HTTP API (id, execution_arn, stage invoke URL), or null."
  value = var.use_api_gateway_v2 ? {
    id               = aws_apigatewayv2_api.main[0].id
    execution_arn    = aws_apigatewayv2_api.main[0].execution_arn
    stage_invoke_url = aws_apigatewayv2_stage.live[0].invoke_url
  } : null
}
