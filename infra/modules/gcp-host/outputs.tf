output "api_connector_instances" {
  description = "API connectors: endpoint URL, function name, service account (email and unique id), instance prefix, async output destination and topic (null when not async), side outputs."
  value = { for id, m in module.api_connector : id => {
    endpoint_url              = m.endpoint_url
    function_name             = m.function_name
    service_account_email     = m.service_account_email
    service_account_unique_id = m.service_account_unique_id
    instance_config_prefix    = m.instance_config_prefix
    async_output_destination  = m.async_output_destination
    async_pubsub_topic        = m.async_pubsub_topic
    side_outputs              = m.side_outputs
  } }
}

output "bulk_connector_instances" {
  description = "Bulk connectors: buckets and function name."
  value       = { for id, m in module.bulk_connector : id => { input_bucket = m.input_bucket, sanitized_bucket = m.sanitized_bucket, function_name = m.function_name } }
}

output "lookup_buckets" {
  description = "Lookup table buckets."
  value       = merge([for id, m in module.bulk_connector : m.lookup_buckets]...)
}

output "external_api_base_url" {
  description = "Base URL of the load balancer in front of the API connectors (external_api_alb or api_connector_external_lb_host), or null."
  value       = local.external_base_url

  precondition {
    condition     = var.external_api_alb == null || var.api_connector_external_lb_host == null
    error_message = "Set external_api_alb or api_connector_external_lb_host, not both."
  }
}

output "config_parameter_prefix" {
  description = "Prefix of secrets."
  value       = module.psoxy.config_parameter_prefix
}
