variable "project_id" {
  type        = string
  description = "GCP project."
}

variable "region" {
  type        = string
  description = "Region of the function and buckets."
  default     = "us-central1"
}

variable "environment_id_prefix" {
  type        = string
  description = "Prefix of resource names, e.g. psoxy-."
}

variable "instance_id" {
  type        = string
  description = "Connector instance id."
}

variable "source_kind" {
  type        = string
  description = "SOURCE."
}

variable "rules_yaml" {
  type        = string
  description = "Rules (YAML), set as env RULES base64-gzipped."
}

variable "config_parameter_prefix" {
  type        = string
  description = "PATH_TO_SHARED_CONFIG; instance prefix = <prefix><UPPER(instance_id)>_."
}

variable "salt_secret_id" {
  type        = string
  description = "Secret id of PSOXY_SALT."
}

variable "encryption_key_secret_id" {
  type        = string
  description = "Secret id of PSOXY_ENCRYPTION_KEY."
}

variable "artifacts_bucket_name" {
  type        = string
  description = "Bucket of the function package."
}

variable "deployment_bundle_object_name" {
  type        = string
  description = "Object name of the function package."
}

variable "bundle_filename" {
  type        = string
  description = "BUNDLE_FILENAME."
  default     = "gcp-function.zip"
}

variable "bucket_write_role_id" {
  type        = string
  description = "Custom role (module gcp) granting object create / delete on the sanitized bucket."
}

variable "available_memory_mb" {
  type        = number
  description = "Memory in MB."
  default     = 1024
}

variable "timeout_seconds" {
  type        = number
  description = "Function timeout."
  default     = 540
}

variable "input_expiration_days" {
  type        = number
  description = "Days before input objects are deleted."
  default     = 30
}

variable "sanitized_expiration_days" {
  type        = number
  description = "Days before sanitized objects are deleted; null = never."
  default     = 720
}

variable "version_sanitized_buckets" {
  type        = bool
  description = "Enable object versioning on the sanitized bucket."
  default     = false
}

variable "bucket_force_destroy" {
  type        = bool
  description = "Allow destroying non-empty buckets."
  default     = false
}

variable "email_canonicalization" {
  type        = string
  description = "EMAIL_CANONICALIZATION."
  default     = "STRICT"
}

variable "is_development_mode" {
  type        = bool
  description = "IS_DEVELOPMENT_MODE."
  default     = false
}

variable "environment_variables" {
  type        = map(string)
  description = "Extra environment variables."
  default     = {}
}

variable "worklytics_sa_emails" {
  type        = list(string)
  description = "Worklytics service accounts granted objectViewer on the sanitized bucket."
}

variable "gcp_principals_authorized_to_test" {
  type        = list(string)
  description = "Principals granted objectAdmin on both buckets."
  default     = []
}

variable "instructions" {
  type        = string
  description = "Setup instructions (markdown); empty = none."
  default     = ""
}

variable "example_files" {
  type        = list(string)
  description = "Example files for the test script."
  default     = []
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write TODOs and the test script."
  default     = true
}

variable "todo_step" {
  type        = number
  description = "Step of the setup TODO."
  default     = 1
}

variable "test_tool_command" {
  type        = string
  description = "Command that runs this project's test tool (`psoxy test`), used in the generated TODOs and test scripts."
  default     = "psoxy test"
}

variable "lookup_tables" {
  type = map(object({
    join_key_column               = string
    columns_to_include            = optional(list(string))
    sanitized_accessor_principals = list(string)
    expiration_days               = optional(number, 1825)
    compress_output               = optional(bool)
  }))
  description = "Lookup tables built from this connector's input (see gcp-host lookup_tables)."
  default     = {}
}

variable "secret_replica_locations" {
  type        = list(string)
  description = "Replica locations of the ADDITIONAL_TRANSFORMS secret."
  default     = ["us-central1", "us-west1"]
}

variable "docker_repository" {
  type        = string
  description = "Artifact Registry repository for the function's build image (output artifact_repository_id of module gcp); null = the default gcf-artifacts."
  default     = null
}
