output "instance_id" {
  description = "Connector instance id."
  value       = var.instance_id
}

output "function_name" {
  description = "Lambda function name."
  value       = module.lambda.function_name
}

output "function_arn" {
  description = "Lambda function ARN (the caller role gets invoke rights on it)."
  value       = module.lambda.function_arn
}

output "endpoint_url" {
  description = "Base URL of the proxy for this connector (\"Psoxy Base URL\")."
  value       = local.endpoint
}

output "instance_config_prefix" {
  description = "Prefix of the instance's parameters / secrets."
  value       = module.lambda.instance_config_prefix
}

output "execution_role_name" {
  description = "Exec role name."
  value       = module.lambda.execution_role_name
}

output "uses_function_url" {
  description = "True when exposed by a function URL (the caller needs lambda:InvokeFunctionUrl)."
  value       = !local.use_gateway
}
