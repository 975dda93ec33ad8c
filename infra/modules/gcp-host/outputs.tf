output "api_connector_instances" {
  description = "API connectors: endpoint URL, function name, service account."
  value       = { for id, m in module.api_connector : id => { endpoint_url = m.endpoint_url, function_name = m.function_name, service_account_email = m.service_account_email, instance_config_prefix = m.instance_config_prefix } }
}

output "bulk_connector_instances" {
  description = "Bulk connectors: buckets and function name."
  value       = { for id, m in module.bulk_connector : id => { input_bucket = m.input_bucket, sanitized_bucket = m.sanitized_bucket, function_name = m.function_name } }
}

output "lookup_buckets" {
  description = "Lookup table buckets."
  value       = merge([for id, m in module.bulk_connector : m.lookup_buckets]...)
}

output "config_parameter_prefix" {
  description = "Prefix of secrets."
  value       = module.psoxy.config_parameter_prefix
}
