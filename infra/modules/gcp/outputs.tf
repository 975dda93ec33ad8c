output "environment_id_prefix" {
  description = "Prefix of resource names (<environment_name>-)."
  value       = local.prefix
}

output "config_parameter_prefix" {
  description = "Prefix of secrets (PATH_TO_SHARED_CONFIG)."
  value       = local.config_prefix
}

output "salt_secret_id" {
  description = "Secret id of PSOXY_SALT."
  value       = google_secret_manager_secret.salt.secret_id
}

output "encryption_key_secret_id" {
  description = "Secret id of PSOXY_ENCRYPTION_KEY."
  value       = google_secret_manager_secret.encryption_key.secret_id
}

output "artifacts_bucket_name" {
  description = "Bucket holding the function package."
  value       = local.bundle_remote ? local.bundle_parts[0] : google_storage_bucket.artifacts[0].name
}

output "deployment_bundle_object_name" {
  description = "Object name of the function package."
  value       = local.bundle_remote ? local.bundle_parts[1] : google_storage_bucket_object.bundle[0].name
}

output "bundle_filename" {
  description = "BUNDLE_FILENAME reported by the health check."
  value       = basename(local.bundle_path)
}

output "bucket_write_role_id" {
  description = "Custom role granting object create / delete."
  value       = google_project_iam_custom_role.write_access.id
}

output "secret_version_manager_role_id" {
  description = "Custom role for writable / lockable secrets."
  value       = google_project_iam_custom_role.secret_version_manager.id
}

output "artifact_repository_id" {
  description = "Artifact Registry repository for the functions' images (projects/<p>/locations/<r>/repositories/<name>), or null for the default one."
  value       = var.provision_artifact_registry ? google_artifact_registry_repository.functions[0].id : null
}

output "enabled_apis" {
  description = "APIs this module enables (e.g. pubsub.googleapis.com); resources needing one wait for it by referencing this."
  value       = [for k, svc in google_project_service.apis : svc.service]
}
