output "base_url" {
  description = "https://<domain or IP>: the API connectors are at <base_url>/<function name>."
  value       = "https://${local.host}"
}

output "self_signed" {
  description = "True when the certificate is self-signed (callers must trust it or skip verification)."
  value       = !local.managed
}

output "security_policy_id" {
  description = "Cloud Armor policy id, or null."
  value       = var.allowed_ip_blocks == null ? null : google_compute_security_policy.allowed_ips[0].id
}
