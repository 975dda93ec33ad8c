variable "environment_name" {
  type        = string
  description = "Qualifies resource names; see module aws."
  default     = "psoxy"
}

variable "aws_account_id" {
  type        = string
  description = "AWS account id (12 digits)."
}

variable "caller_aws_arns" {
  type        = list(string)
  description = "AWS principals allowed to assume the caller role."
  default     = []
}

variable "caller_gcp_service_account_ids" {
  type        = list(string)
  description = "GCP service account unique ids allowed to assume the caller role via web identity."
  default     = []
}

variable "test_aws_principal_arns" {
  type        = list(string)
  description = "Principals allowed to test (caller-role trust and bucket policies)."
  default     = []
}

variable "allowed_data_access_ip_blocks" {
  type        = list(string)
  description = "IP allowlist (trust-policy condition and ALLOWED_DATA_ACCESS_IP_BLOCKS); null = any."
  default     = null
}

variable "secrets_store_implementation" {
  type        = string
  description = "aws_ssm_parameter_store or aws_secrets_manager."
  default     = "aws_ssm_parameter_store"
}

variable "aws_ssm_param_root_path" {
  type        = string
  description = "Prefix of SSM parameter names."
  default     = ""
}

variable "aws_secrets_manager_path" {
  type        = string
  description = "Prefix of Secrets Manager secret names."
  default     = ""
}

variable "aws_ssm_key_id" {
  type        = string
  description = "KMS key for SecureString parameters / secrets."
  default     = null
}

variable "function_env_kms_key_arn" {
  type        = string
  description = "KMS key for Lambda environments."
  default     = null
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key for log groups."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "CloudWatch log retention."
  default     = 7
}

variable "iam_roles_permissions_boundary" {
  type        = string
  description = "Permissions boundary on every role."
  default     = null
}

variable "aws_lambda_execution_role_policy_arn" {
  type        = string
  description = "Replaces the default execution managed policy of every lambda."
  default     = null
}

variable "use_api_gateway_v2" {
  type        = bool
  description = "Expose API connectors through an HTTP API Gateway (IAM auth)."
  default     = false
}

variable "vpc_config" {
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  description = "Run lambdas in a VPC; forces API Gateway v2."
  default     = null
}

variable "deployment_bundle" {
  type        = string
  description = "Local path of dist/aws-lambda.zip or s3://bucket/key; null = <psoxy_base_dir>dist/aws-lambda.zip."
  default     = null
}

variable "psoxy_base_dir" {
  type        = string
  description = "Path of the psoxy-ts checkout, ending with /."
  default     = null
}

variable "api_connectors" {
  type        = any
  description = "API connector specs keyed by instance id (output enabled_api_connectors of worklytics-connector-specs, plus custom ones)."
  default     = {}
}

variable "bulk_connectors" {
  type        = any
  description = "Bulk connector specs keyed by instance id (output enabled_bulk_connectors, plus custom ones with rules_yaml)."
  default     = {}
}

variable "custom_api_connector_rules" {
  type        = map(string)
  description = "Instance id -> path of a YAML rules file written to the instance's RULES parameter."
  default     = {}
}

variable "custom_bulk_connector_rules" {
  type        = map(string)
  description = "Instance id -> rules YAML overriding a bulk connector's rules."
  default     = {}
}

variable "custom_bulk_connector_arguments" {
  type        = map(object({ memory_size_mb = optional(number) }))
  description = "Per bulk connector overrides (memory_size_mb)."
  default     = {}
}

variable "lookup_table_builders" {
  type = map(object({
    input_connector_id            = string
    sanitized_accessor_role_names = list(string)
    rules                         = any
    compress_output               = optional(bool)
  }))
  description = "Lookup tables: extra sanitized copies of a bulk connector's input (ADDITIONAL_TRANSFORMS) into a lookup bucket readable by the listed roles."
  default     = {}
}

variable "non_production_connectors" {
  type        = list(string)
  description = "Instance ids given IS_DEVELOPMENT_MODE=true."
  default     = []
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

variable "general_environment_variables" {
  type        = map(string)
  description = "Added to every instance (must not set IS_DEVELOPMENT_MODE, PSEUDONYMIZE_APP_IDS, EMAIL_CANONICALIZATION)."
  default     = {}

  validation {
    condition     = length(setintersection(keys(var.general_environment_variables), ["IS_DEVELOPMENT_MODE", "PSEUDONYMIZE_APP_IDS", "EMAIL_CANONICALIZATION"])) == 0
    error_message = "Use non_production_connectors, pseudonymize_app_ids and email_canonicalization instead."
  }
}

variable "api_connector_path_prefix_to_trim" {
  type        = string
  description = "REQUEST_PATH_PREFIX_TO_TRIM."
  default     = null
}

variable "bulk_input_expiration_days" {
  type        = number
  description = "Expiry of input objects."
  default     = 30
}

variable "bulk_sanitized_expiration_days" {
  type        = number
  description = "Expiry of sanitized objects."
  default     = 720
}

variable "provision_bucket_public_access_block" {
  type        = bool
  description = "Block public access on buckets."
  default     = true
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write TODOs / test scripts as local files."
  default     = true
}

variable "todo_step" {
  type        = number
  description = "Step of the test TODOs."
  default     = 2
}

variable "test_tool_command" {
  type        = string
  description = "Command that runs this project's test tool (`psoxy test`), used in the generated TODOs and test scripts."
  default     = "psoxy test"
}

variable "api_connector_secret_values" {
  type        = map(string)
  description = "Terraform-managed secret values, \"<instance id>.<NAME>\" -> value (e.g. output api_connector_secret_values of worklytics-connectors-google-workspace: SERVICE_ACCOUNT_KEY)."
  default     = {}
  sensitive   = true
}

variable "custom_side_outputs" {
  type = map(object({
    ORIGINAL  = optional(string)
    SANITIZED = optional(string)
  }))
  description = "ALPHA. API connector id -> side outputs: ORIGINAL (raw source responses, SIDE_OUTPUT_ORIGINAL) and SANITIZED (SIDE_OUTPUT_SANITIZED), each an s3://bucket[/prefix] (or gs://) URI of a bucket you manage, the URL https://sqs.<region>.amazonaws.com/<account>/<queue> of an SQS queue of yours (one message per response; the exec role may sqs:SendMessage to it), or \"\" to provision a bucket (TTL 720 days). A spec with enable_side_output gets a provisioned SANITIZED one."
  default     = {}

  validation {
    condition = alltrue(flatten([
      for id, so in var.custom_side_outputs : [
        for uri in [so.ORIGINAL, so.SANITIZED] : uri == null || uri == "" || can(regex("^(s3|gs)://[a-z0-9][a-z0-9._-]*[a-z0-9](/.*)?$", uri)) || can(regex("^https://(?:sqs(?:-fips)?[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.][a-z0-9-]+(?:[.][a-z0-9-]+)*|([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]queue[.]amazonaws[.]com(?:[.]cn)?|queue[.]amazonaws[.]com|vpce-[a-z0-9-]+(?:[.][a-z0-9-]+)*[.]sqs[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]vpce[.]amazonaws[.]com)/([0-9]{12})/([A-Za-z0-9_-]{1,75}[.]fifo|[A-Za-z0-9_-]{1,80})$", uri))
      ]
    ]))
    error_message = "custom_side_outputs: each ORIGINAL / SANITIZED must be \"\" (provision a bucket), s3://bucket[/prefix], gs://bucket[/prefix] or an SQS queue URL https://sqs.<region>.amazonaws.com/<12-digit account>/<queue> (the host may also be sqs-fips.<region>.amazonaws.com, <region>.queue.amazonaws.com or a VPC endpoint vpce-<id>.sqs.<region>.vpce.amazonaws.com; a queue name is 1-80 characters A-Z a-z 0-9 _ -, or 1-75 of them and .fifo). A Pub/Sub topic can be a side output on GCP only."
  }
}
