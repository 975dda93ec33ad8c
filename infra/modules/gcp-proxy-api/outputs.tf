output "instance_id" {
  description = "Connector instance id."
  value       = var.instance_id
}

output "function_name" {
  description = "Function name."
  value       = google_cloudfunctions2_function.function.name
}

output "endpoint_url" {
  description = "Psoxy Base URL."
  value       = local.url
}

output "service_account_email" {
  description = "Function service account."
  value       = google_service_account.function.email
}

output "instance_config_prefix" {
  description = "PATH_TO_INSTANCE_CONFIG."
  value       = local.instance_prefix
}

output "service_account_unique_id" {
  description = "Unique (numeric) id of the function service account: the `sub` of its identity tokens (subject of a Microsoft 365 federated credential)."
  value       = google_service_account.function.unique_id
}

output "async_output_destination" {
  description = "ASYNC_OUTPUT_DESTINATION (gs://<async output bucket>), or null without async processing."
  value       = local.async_output_destination
}

output "async_pubsub_topic" {
  description = "ASYNC_PUB_SUB_QUEUE (projects/<p>/topics/<t>), or null without async processing."
  value       = var.enable_async_processing ? google_pubsub_topic.async[0].id : null
}

output "side_outputs" {
  description = "Side-output locations by kind (side-output-original, side-output-sanitized), where configured."
  value       = local.side_outputs
}
