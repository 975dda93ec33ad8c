variable "project_id" {
  type        = string
  description = "GCP project."
}

variable "region" {
  type        = string
  description = "Region of the function."
  default     = "us-central1"
}

variable "environment_id_prefix" {
  type        = string
  description = "Prefix of resource names (output environment_id_prefix of module gcp), e.g. psoxy-."
}

variable "instance_id" {
  type        = string
  description = "Connector instance id, e.g. zoom."
}

variable "source_kind" {
  type        = string
  description = "SOURCE."
}

variable "target_host" {
  type        = string
  description = "TARGET_HOST."
}

variable "source_auth_strategy" {
  type        = string
  description = "SOURCE_AUTH_STRATEGY_IDENTIFIER."
}

variable "oauth_scopes" {
  type        = list(string)
  description = "OAUTH_SCOPES (space-joined)."
  default     = []
}

variable "environment_variables" {
  type        = map(string)
  description = "The spec's extra environment variables."
  default     = {}
}

variable "secured_variables" {
  type = list(object({
    name        = string
    writable    = bool
    sensitive   = bool
    lockable    = bool
    description = string
  }))
  description = "Instance secrets created as <config_parameter_prefix><UPPER(id)>_<name>; the customer fills them in."
  default     = []
}

variable "config_parameter_prefix" {
  type        = string
  description = "Prefix of secrets (PATH_TO_SHARED_CONFIG); instance prefix = <prefix><UPPER(instance_id)>_."
}

variable "salt_secret_id" {
  type        = string
  description = "Secret id of PSOXY_SALT."
}

variable "encryption_key_secret_id" {
  type        = string
  description = "Secret id of PSOXY_ENCRYPTION_KEY."
}

variable "secret_version_manager_role_id" {
  type        = string
  description = "Custom role granted on writable / lockable secrets."
}

variable "secret_replica_locations" {
  type        = list(string)
  description = "Secret replica locations."
  default     = ["us-central1", "us-west1"]
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

variable "rules_yaml" {
  type        = string
  description = "Custom rules; set as env RULES (base64-gzip). null = the built-in rules of SOURCE."
  default     = null
}

variable "timeout_seconds" {
  type        = number
  description = "Function timeout; also REQUEST_TIMEOUT_SECONDS."
  default     = 180
}

variable "available_memory_mb" {
  type        = number
  description = "Memory in MB."
  default     = 1024
}

variable "max_instance_request_concurrency" {
  type        = number
  description = "Concurrent requests per instance."
  default     = 5
}

variable "max_instance_count" {
  type        = number
  description = "Maximum instances."
  default     = 20
}

variable "pseudonymize_app_ids" {
  type        = bool
  description = "PSEUDONYMIZE_APP_IDS."
  default     = true
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

variable "allowed_data_access_ip_blocks" {
  type        = list(string)
  description = "ALLOWED_DATA_ACCESS_IP_BLOCKS; null = any."
  default     = null
}

variable "api_connector_path_prefix_to_trim" {
  type        = string
  description = "REQUEST_PATH_PREFIX_TO_TRIM."
  default     = null
}

variable "worklytics_sa_emails" {
  type        = list(string)
  description = "Worklytics service accounts granted roles/run.invoker."
}

variable "gcp_principals_authorized_to_test" {
  type        = list(string)
  description = "Principals (user:..., group:...) granted roles/run.invoker for testing."
  default     = []
}

variable "vpc_config" {
  type = object({
    network              = optional(string)
    subnet               = optional(string)
    serverless_connector = optional(string)
  })
  description = "Direct VPC egress (network, subnet) or a serverless VPC connector; null = none."
  default     = null
}

variable "example_api_calls" {
  type        = list(string)
  description = "Example GET paths for the generated test script and TODO (added to example_api_requests)."
  default     = []
}

variable "example_api_requests" {
  type = list(object({
    method       = string
    path         = string
    content_type = optional(string, "")
    body         = optional(string, "")
    headers      = optional(list(string), [])
  }))
  description = "Example calls for the generated test script and TODO: method, path (with query), and the content type, JSON body and headers (\"Name: Value\") of those that have them."
  default     = []
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write the test TODO and script."
  default     = true
}

variable "todo_step" {
  type        = number
  description = "Step of the test TODO."
  default     = 2
}

variable "test_tool_command" {
  type        = string
  description = "Command that runs this project's test tool (`psoxy test`), used in the generated TODOs and test scripts."
  default     = "psoxy test"
}

variable "secret_values" {
  type        = map(string)
  description = "Terraform-managed secret values, \"<instance id>.<NAME>\" -> value; those of this instance get a secret version."
  default     = {}
  sensitive   = true
}

variable "docker_repository" {
  type        = string
  description = "Artifact Registry repository for the function's build image (output artifact_repository_id of module gcp); null = the default gcf-artifacts."
  default     = null
}

variable "ingress_settings" {
  type        = string
  description = "ALLOW_ALL, or ALLOW_INTERNAL_AND_GCLB when the function is reached through a load balancer."
  default     = "ALLOW_ALL"

  validation {
    condition     = contains(["ALLOW_ALL", "ALLOW_INTERNAL_AND_GCLB"], var.ingress_settings)
    error_message = "ingress_settings must be ALLOW_ALL or ALLOW_INTERNAL_AND_GCLB."
  }
}

variable "external_base_url" {
  type        = string
  description = "Base URL of a load balancer in front of the function (https://<host>); the endpoint is then <external_base_url>/<function name>. null = the function's own URL."
  default     = null
}

variable "external_tls_self_signed" {
  type        = bool
  description = "The load balancer's certificate is self-signed: the generated test commands skip TLS verification."
  default     = false
}

variable "enable_async_processing" {
  type        = bool
  description = "Serve `Prefer: respond-async` requests: a Pub/Sub topic <function>-async-requests (ASYNC_PUB_SUB_QUEUE) pushed back to this function with an OIDC token of its SA, the SERVICE_URL secret (the token audience), and an async output bucket (ASYNC_OUTPUT_DESTINATION)."
  default     = false
}

variable "side_output_original" {
  type = object({
    location = optional(string)
  })
  description = "ALPHA. SIDE_OUTPUT_ORIGINAL, a copy of every raw (unsanitized) source response: location = gs://bucket[/prefix] (or s3://) of a bucket you manage, a Pub/Sub topic of yours, projects/<project>/topics/<topic> or https://pubsub.googleapis.com/v1/projects/<project>/topics/<topic> (the function SA gets roles/pubsub.publisher on it), or no location to provision a bucket <prefix>-side-output-original. null = none."
  default     = null

  validation {
    condition     = try(var.side_output_original.location, null) == null || can(regex("^(s3|gs)://[a-z0-9][a-z0-9._-]*[a-z0-9](/.*)?$", var.side_output_original.location)) || can(regex("^(?:https://(?:[a-z0-9-]+-)?pubsub[.]googleapis[.]com(?:/v1)?/)?projects/([a-z][a-z0-9.:-]*)/topics/([A-Za-z][A-Za-z0-9._~+%-]*)$", var.side_output_original.location))
    error_message = "side_output_original.location must be gs://bucket[/prefix], s3://bucket[/prefix] or a Pub/Sub topic projects/<project>/topics/<topic> or https://pubsub.googleapis.com/v1/projects/<project>/topics/<topic> (/v1 optional; a locational https://<location>-pubsub.googleapis.com endpoint too). An SQS queue can be a side output on AWS only."
  }
}

variable "side_output_sanitized" {
  type = object({
    location = optional(string)
  })
  description = "ALPHA. SIDE_OUTPUT_SANITIZED, a copy of every sanitized response: location = gs://bucket[/prefix] (or s3://) of a bucket you manage, a Pub/Sub topic of yours, projects/<project>/topics/<topic> or https://pubsub.googleapis.com/v1/projects/<project>/topics/<topic> (the function SA gets roles/pubsub.publisher on it), or no location to provision a bucket <prefix>-side-output-sanitized (readable by worklytics_sa_emails). null = none."
  default     = null

  validation {
    condition     = try(var.side_output_sanitized.location, null) == null || can(regex("^(s3|gs)://[a-z0-9][a-z0-9._-]*[a-z0-9](/.*)?$", var.side_output_sanitized.location)) || can(regex("^(?:https://(?:[a-z0-9-]+-)?pubsub[.]googleapis[.]com(?:/v1)?/)?projects/([a-z][a-z0-9.:-]*)/topics/([A-Za-z][A-Za-z0-9._~+%-]*)$", var.side_output_sanitized.location))
    error_message = "side_output_sanitized.location must be gs://bucket[/prefix], s3://bucket[/prefix] or a Pub/Sub topic projects/<project>/topics/<topic> or https://pubsub.googleapis.com/v1/projects/<project>/topics/<topic> (/v1 optional; a locational https://<location>-pubsub.googleapis.com endpoint too). An SQS queue can be a side output on AWS only."
  }
}

variable "async_output_expiration_days" {
  type        = number
  description = "Days async results are kept in the async output bucket."
  default     = 90
}

variable "side_output_expiration_days" {
  type        = number
  description = "Days objects are kept in provisioned side-output buckets."
  default     = 720
}

variable "bucket_write_role_id" {
  type        = string
  description = "Role granted to the function SA on its async / side-output buckets (output bucket_write_role_id of module gcp: object create and delete); null = roles/storage.objectCreator."
  default     = null
}

variable "bucket_force_destroy" {
  type        = bool
  description = "Allow destroying non-empty async / side-output buckets."
  default     = false
}

variable "project_services" {
  type        = list(string)
  description = "APIs enabled in the project (output enabled_apis of module gcp): the Pub/Sub topic waits for pubsub.googleapis.com. [] = not checked."
  default     = []
}
