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

output "async_output_destination" {
  description = "ASYNC_OUTPUT_DESTINATION (s3://<async output bucket>), or null without async processing."
  value       = local.async_output_destination
}

output "async_request_queue_url" {
  description = "ASYNC_API_REQUEST_QUEUE_URL, or null without async processing."
  value       = var.enable_async_processing ? aws_sqs_queue.async[0].url : null
}

output "side_outputs" {
  description = "Side-output locations by kind (side-output-original, side-output-sanitized), where configured."
  value       = local.side_outputs
}

output "caller_readable_bucket_arns" {
  description = "Buckets this instance provisions that the caller role may read: the async output and a provisioned sanitized side output (never the raw, original one)."
  value       = [for k, b in aws_s3_bucket.output : b.arn if k != "side-output-original"]
}
