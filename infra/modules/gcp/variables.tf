variable "gcp_project_id" {
  type        = string
  description = "GCP project hosting the proxy."
}

variable "environment_name" {
  type        = string
  description = "Prefix of resource names: 0-20 chars of [A-Za-z0-9-]."
  default     = "psoxy"

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{0,20}$", var.environment_name))
    error_message = "environment_name must be 0-20 characters of [A-Za-z0-9-]."
  }
}

variable "config_parameter_prefix" {
  type        = string
  description = "Prefix of Secret Manager secret names (PATH_TO_SHARED_CONFIG); null = <environment_name>_ (psoxy_ when environment_name is empty)."
  default     = null
}

variable "gcp_region" {
  type        = string
  description = "Region of the functions and buckets."
  default     = "us-central1"
}

variable "secret_replica_locations" {
  type        = list(string)
  description = "Locations of the user-managed replicas of secrets."
  default     = ["us-central1", "us-west1"]
}

variable "deployment_bundle" {
  type        = string
  description = "The Cloud Function package: local path of dist/gcp-function.zip (`npm run package`) or gs://bucket/object; null = <psoxy_base_dir>dist/gcp-function.zip."
  default     = null
}

variable "psoxy_base_dir" {
  type        = string
  description = "Path of the psoxy-ts checkout, ending with /."
  default     = null
}

variable "custom_artifacts_bucket_name" {
  type        = string
  description = "Name of the artifacts bucket; null = <project>-<prefix>artifacts-bucket."
  default     = null
}

variable "bucket_force_destroy" {
  type        = bool
  description = "Allow destroying non-empty buckets."
  default     = false
}

variable "kms_key_name" {
  type        = string
  description = "Cloud KMS key (CMEK) encrypting secrets and buckets; null = Google-managed keys."
  default     = null
}

variable "enable_bulk" {
  type        = bool
  description = "Enable the APIs bulk connectors need (eventarc, pubsub)."
  default     = true
}

variable "enable_async" {
  type        = bool
  description = "Enable the API async API connectors need (pubsub: their request topics and push subscriptions)."
  default     = false
}

variable "provision_artifact_registry" {
  type        = bool
  description = "Create the Docker repository <prefix>functions for the functions' build images (3 newest versions kept); false = Cloud Functions' default gcf-artifacts repository, never cleaned up."
  default     = true
}
