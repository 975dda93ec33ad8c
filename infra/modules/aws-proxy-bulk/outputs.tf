output "instance_id" {
  description = "Connector instance id."
  value       = var.instance_id
}

output "function_name" {
  description = "Lambda function name."
  value       = module.lambda.function_name
}

output "input_bucket" {
  description = "Input bucket name."
  value       = aws_s3_bucket.input.bucket
}

output "sanitized_bucket" {
  description = "Sanitized bucket name (\"Bucket Name\" in Worklytics)."
  value       = aws_s3_bucket.sanitized.bucket
}

output "sanitized_bucket_arn" {
  description = "Sanitized bucket ARN."
  value       = aws_s3_bucket.sanitized.arn
}

output "instance_config_prefix" {
  description = "Prefix of the instance's parameters."
  value       = local.instance_prefix
}

output "execution_role_name" {
  description = "Exec role name (lookup-table builders attach write access to it)."
  value       = module.lambda.execution_role_name
}
