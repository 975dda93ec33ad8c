variable "environment_id" {
  type        = string
  description = "Env id (output env_id of module aws); the function is <environment_id>-<instance_id>."
}

variable "instance_id" {
  type        = string
  description = "Connector instance id, e.g. zoom."
}

variable "source_kind" {
  type        = string
  description = "SOURCE: the source kind, which selects the built-in rules."
}

variable "target_host" {
  type        = string
  description = "TARGET_HOST: upstream API host."
}

variable "source_auth_strategy" {
  type        = string
  description = "SOURCE_AUTH_STRATEGY_IDENTIFIER, e.g. oauth2_refresh_token."
}

variable "oauth_scopes" {
  type        = list(string)
  description = "OAUTH_SCOPES (space-joined)."
  default     = []
}

variable "environment_variables" {
  type        = map(string)
  description = "The spec's extra environment variables (GRANT_TYPE, REFRESH_ENDPOINT, ...)."
  default     = {}
}

variable "deployment_package" {
  type = object({
    filename  = optional(string)
    s3_bucket = optional(string)
    s3_key    = optional(string)
    file_name = optional(string)
  })
  description = "Code location (output deployment_package of module aws)."
}

variable "memory_size_mb" {
  type        = number
  description = "Memory in MB; null = 512, or 1024 with enable_async_processing."
  default     = null
}

variable "timeout_seconds" {
  type        = number
  description = "Function timeout; also REQUEST_TIMEOUT_SECONDS."
  default     = 180
}

variable "pseudonymize_app_ids" {
  type        = bool
  description = "PSEUDONYMIZE_APP_IDS."
  default     = true
}

variable "email_canonicalization" {
  type        = string
  description = "EMAIL_CANONICALIZATION: STRICT or IGNORE_DOTS."
  default     = "STRICT"
}

variable "is_development_mode" {
  type        = bool
  description = "IS_DEVELOPMENT_MODE (allows X-Psoxy-Skip-Sanitizer); non-production only."
  default     = false
}

variable "custom_rules_sha" {
  type        = string
  description = "CUSTOM_RULES_SHA: hash of custom rules, forcing a redeploy when they change; null = none."
  default     = null
}

variable "allowed_data_access_ip_blocks" {
  type        = list(string)
  description = "ALLOWED_DATA_ACCESS_IP_BLOCKS (app-layer IP allowlist); null = any."
  default     = null
}

variable "api_connector_path_prefix_to_trim" {
  type        = string
  description = "REQUEST_PATH_PREFIX_TO_TRIM; null = none."
  default     = null
}

variable "secrets_store_implementation" {
  type        = string
  description = "aws_ssm_parameter_store or aws_secrets_manager."
  default     = "aws_ssm_parameter_store"
}

variable "path_to_shared_config" {
  type        = string
  description = "PATH_TO_SHARED_CONFIG."
  default     = ""
}

variable "path_to_instance_config" {
  type        = string
  description = "PATH_TO_INSTANCE_CONFIG; null = <UPPER(function name)>_."
  default     = null
}

variable "global_parameter_arns" {
  type        = list(string)
  description = "Shared SSM parameters read by the function."
  default     = []
}

variable "global_secrets_manager_secret_arns" {
  type        = list(string)
  description = "Shared Secrets Manager secrets read by the function."
  default     = []
}

variable "ssm_kms_key_ids" {
  type        = list(string)
  description = "KMS keys of the parameters / secrets."
  default     = []
}

variable "function_env_kms_key_arn" {
  type        = string
  description = "KMS key for the Lambda environment."
  default     = null
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key for the log group."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "Log retention in days."
  default     = 7
}

variable "vpc_config" {
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  description = "VPC placement; requires api_gateway_v2."
  default     = null
}

variable "aws_lambda_execution_role_policy_arn" {
  type        = string
  description = "Replaces the default execution managed policy."
  default     = null
}

variable "iam_roles_permissions_boundary" {
  type        = string
  description = "Permissions boundary on the exec role."
  default     = null
}

variable "api_gateway_v2" {
  type = object({
    id               = string
    execution_arn    = string
    stage_invoke_url = string
  })
  description = "Expose through this HTTP API (output api_gateway_v2 of module aws) instead of a function URL; null = function URL."
  default     = null
}

variable "api_caller_role_arn" {
  type        = string
  description = "Caller role ARN, for the test instructions."
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
  description = "Write the test TODO and script as local files."
  default     = true
}

variable "todo_step" {
  type        = number
  description = "Step number of the test TODO."
  default     = 2
}

variable "test_tool_command" {
  type        = string
  description = "Command that runs this project's test tool (`psoxy test`), used in the generated TODOs and test scripts."
  default     = "psoxy test"
}

variable "enable_async_processing" {
  type        = bool
  description = "Serve `Prefer: respond-async` requests: an SQS queue <function>-async-request-queue (+ dead-letter queue) feeding this lambda, an async output bucket (ASYNC_OUTPUT_DESTINATION) and ASYNC_API_REQUEST_QUEUE_URL."
  default     = false
}

variable "side_output_original" {
  type = object({
    location = optional(string)
  })
  description = "ALPHA. SIDE_OUTPUT_ORIGINAL, a copy of every raw (unsanitized) source response: location = s3://bucket[/prefix] (or gs://) of a bucket you manage, an SQS queue URL https://sqs.<region>.amazonaws.com/<account>/<queue> of yours (the exec role may sqs:SendMessage to it), or no location to provision a bucket <prefix>-side-output-original. null = none."
  default     = null

  validation {
    condition     = try(var.side_output_original.location, null) == null || can(regex("^(s3|gs)://[a-z0-9][a-z0-9._-]*[a-z0-9](/.*)?$", var.side_output_original.location)) || can(regex("^https://(?:sqs(?:-fips)?[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.][a-z0-9-]+(?:[.][a-z0-9-]+)*|([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]queue[.]amazonaws[.]com(?:[.]cn)?|queue[.]amazonaws[.]com|vpce-[a-z0-9-]+(?:[.][a-z0-9-]+)*[.]sqs[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]vpce[.]amazonaws[.]com)/([0-9]{12})/([A-Za-z0-9_-]{1,75}[.]fifo|[A-Za-z0-9_-]{1,80})$", var.side_output_original.location))
    error_message = "side_output_original.location must be s3://bucket[/prefix], gs://bucket[/prefix] or an SQS queue URL https://sqs.<region>.amazonaws.com/<12-digit account>/<queue> (the host may also be sqs-fips.<region>.amazonaws.com, <region>.queue.amazonaws.com or a VPC endpoint vpce-<id>.sqs.<region>.vpce.amazonaws.com; a queue name is 1-80 characters A-Z a-z 0-9 _ -, or 1-75 of them and .fifo). A Pub/Sub topic can be a side output on GCP only."
  }
}

variable "side_output_sanitized" {
  type = object({
    location = optional(string)
  })
  description = "ALPHA. SIDE_OUTPUT_SANITIZED, a copy of every sanitized response: location = s3://bucket[/prefix] (or gs://) of a bucket you manage, an SQS queue URL https://sqs.<region>.amazonaws.com/<account>/<queue> of yours (the exec role may sqs:SendMessage to it), or no location to provision a bucket <prefix>-side-output-sanitized (readable by the caller role). null = none."
  default     = null

  validation {
    condition     = try(var.side_output_sanitized.location, null) == null || can(regex("^(s3|gs)://[a-z0-9][a-z0-9._-]*[a-z0-9](/.*)?$", var.side_output_sanitized.location)) || can(regex("^https://(?:sqs(?:-fips)?[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.][a-z0-9-]+(?:[.][a-z0-9-]+)*|([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]queue[.]amazonaws[.]com(?:[.]cn)?|queue[.]amazonaws[.]com|vpce-[a-z0-9-]+(?:[.][a-z0-9-]+)*[.]sqs[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]vpce[.]amazonaws[.]com)/([0-9]{12})/([A-Za-z0-9_-]{1,75}[.]fifo|[A-Za-z0-9_-]{1,80})$", var.side_output_sanitized.location))
    error_message = "side_output_sanitized.location must be s3://bucket[/prefix], gs://bucket[/prefix] or an SQS queue URL https://sqs.<region>.amazonaws.com/<12-digit account>/<queue> (the host may also be sqs-fips.<region>.amazonaws.com, <region>.queue.amazonaws.com or a VPC endpoint vpce-<id>.sqs.<region>.vpce.amazonaws.com; a queue name is 1-80 characters A-Z a-z 0-9 _ -, or 1-75 of them and .fifo). A Pub/Sub topic can be a side output on GCP only."
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

variable "provision_bucket_public_access_block" {
  type        = bool
  description = "Block public access on the async and side-output buckets."
  default     = true
}
