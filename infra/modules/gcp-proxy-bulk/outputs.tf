output "instance_id" {
  description = "Connector instance id."
  value       = var.instance_id
}

output "function_name" {
  description = "Function name."
  value       = google_cloudfunctions2_function.function.name
}

output "input_bucket" {
  description = "Input bucket."
  value       = google_storage_bucket.input.name
}

output "sanitized_bucket" {
  description = "Sanitized bucket (\"Bucket Name\")."
  value       = google_storage_bucket.sanitized.name
}

output "lookup_buckets" {
  description = "Lookup table id -> bucket."
  value       = { for k, b in google_storage_bucket.lookup : k => b.name }
}
