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
