output "env_id" {
  description = "Normalised environment id."
  value       = local.env_id

  precondition {
    # the proxy reads secrets and parameters with one instance / shared prefix
    condition     = var.secrets_store_implementation != "aws_secrets_manager" || var.aws_secrets_manager_path == var.aws_ssm_param_root_path
    error_message = "With aws_secrets_manager, aws_secrets_manager_path must equal aws_ssm_param_root_path (the proxy reads both stores with the same PATH_TO_*_CONFIG prefixes)."
  }
}

output "caller_role_arn" {
  description = "Role Worklytics assumes (\"AWS Psoxy Role ARN\")."
  value       = module.psoxy.api_caller_role_arn
}

output "api_connector_instances" {
  description = "API connector instances: endpoint URL, function name, instance prefix, exec role name (e.g. for the Cognito policy of Microsoft 365 connectors), async output destination and queue (null when not async), side outputs."
  value = { for id, m in module.api_connector : id => {
    endpoint_url             = m.endpoint_url
    function_name            = m.function_name
    instance_config_prefix   = m.instance_config_prefix
    execution_role_name      = m.execution_role_name
    async_output_destination = m.async_output_destination
    async_request_queue_url  = m.async_request_queue_url
    side_outputs             = m.side_outputs
  } }
}

output "bulk_connector_instances" {
  description = "Bulk connector instances: buckets and function name."
  value       = { for id, m in module.bulk_connector : id => { input_bucket = m.input_bucket, sanitized_bucket = m.sanitized_bucket, function_name = m.function_name } }
}

output "lookup_buckets" {
  description = "Lookup table buckets."
  value       = { for k, b in aws_s3_bucket.lookup : k => b.bucket }
}
