variable "aws_account_id" {
  type        = string
  description = "AWS account hosting the proxy (12 digits)."
}

variable "aws_region" {
  type        = string
  description = "AWS region."
  default     = "us-east-1"
}

variable "aws_assume_role_arn" {
  type        = string
  description = "Role Terraform assumes to provision (e.g. one with the psoxy-constants least-privileged policy); null = the current credentials."
  default     = null
}

variable "default_tags" {
  type        = map(string)
  description = "Tags applied to every resource (provider default_tags)."
  default     = {}
}

variable "environment_name" {
  type        = string
  description = "Prefix of resource names."
  default     = "psoxy"
}

variable "enabled_connectors" {
  type        = list(string)
  description = "Catalogue ids of the connectors to deploy."
}

variable "connector_settings" {
  type        = map(string)
  description = "Values for connector placeholders (github_organization, salesforce_domain, ...)."
  default     = {}
}

variable "caller_aws_arns" {
  type        = list(string)
  description = "AWS principals (Worklytics) allowed to assume the caller role."
  default     = []
}

variable "caller_gcp_service_account_ids" {
  type        = list(string)
  description = "Worklytics GCP service account unique ids (21 digits) allowed to assume the caller role."
  default     = []
}

variable "test_aws_principal_arns" {
  type        = list(string)
  description = "Principals allowed to test."
  default     = []
}

variable "allowed_data_access_ip_blocks" {
  type        = list(string)
  description = "IP allowlist; null = any."
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
  description = "Prefix of Secrets Manager names."
  default     = ""
}

variable "project_aws_kms_key_arn" {
  type        = string
  description = "One CMK for Lambda env, CloudWatch logs and SSM SecureStrings / secrets (see kms-cmek.tf); null = AWS-managed keys."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "CloudWatch log retention."
  default     = 7
}

variable "iam_roles_permissions_boundary" {
  type        = string
  description = "Permissions boundary on every role created."
  default     = null
}

variable "aws_lambda_execution_role_policy_arn" {
  type        = string
  description = "Replaces the default execution managed policy of the lambdas."
  default     = null
}

variable "use_api_gateway_v2" {
  type        = bool
  description = "Expose API connectors through API Gateway v2 instead of function URLs."
  default     = false
}

variable "vpc_config" {
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  description = "Run lambdas in a VPC (see vpc.tf); forces API Gateway v2."
  default     = null
}

variable "deployment_bundle" {
  type        = string
  description = "dist/aws-lambda.zip path or s3:// URI; null = <psoxy_base_dir>dist/aws-lambda.zip."
  default     = null
}

variable "psoxy_base_dir" {
  type        = string
  description = "Path of the psoxy-ts checkout, ending with /."
  default     = null
}

variable "custom_api_connector_rules" {
  type        = map(string)
  description = "Instance id -> path of a YAML rules file."
  default     = {}
}

variable "custom_bulk_connectors" {
  type = map(object({
    source_kind             = string
    rules                   = optional(any, {})
    rules_file              = optional(string)
    display_name            = optional(string)
    worklytics_connector_id = optional(string)
  }))
  description = "User-defined bulk connectors."
  default     = {}
}

variable "custom_bulk_connector_rules" {
  type        = map(string)
  description = "Instance id -> rules YAML overriding a catalogue bulk connector's rules."
  default     = {}
}

variable "custom_bulk_connector_arguments" {
  type        = map(object({ memory_size_mb = optional(number) }))
  description = "Per bulk connector overrides."
  default     = {}
}

variable "lookup_table_builders" {
  type = map(object({
    input_connector_id            = string
    sanitized_accessor_role_names = list(string)
    rules                         = any
    compress_output               = optional(bool)
  }))
  description = "Lookup tables built from a bulk connector's input."
  default     = {}
}

variable "non_production_connectors" {
  type        = list(string)
  description = "Instance ids in development mode."
  default     = []
}

variable "pseudonymize_app_ids" {
  type        = bool
  description = "PSEUDONYMIZE_APP_IDS."
  default     = true
}

variable "email_canonicalization" {
  type        = string
  description = "EMAIL_CANONICALIZATION (the example's default is IGNORE_DOTS)."
  default     = "IGNORE_DOTS"
}

variable "general_environment_variables" {
  type        = map(string)
  description = "Env vars added to every instance."
  default     = {}
}

variable "api_connector_path_prefix_to_trim" {
  type        = string
  description = "REQUEST_PATH_PREFIX_TO_TRIM."
  default     = null
}

variable "bulk_input_expiration_days" {
  type        = number
  description = "Expiry of bulk input objects."
  default     = 30
}

variable "bulk_sanitized_expiration_days" {
  type        = number
  description = "Expiry of sanitized objects."
  default     = 1805
}

variable "provision_bucket_public_access_block" {
  type        = bool
  description = "Block public access on buckets."
  default     = true
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write TODO files and test scripts."
  default     = true
}

variable "worklytics_host" {
  type        = string
  description = "Worklytics host for deep links."
  default     = "intl.worklytics.co"
}

variable "custom_api_connectors" {
  type = map(object({
    source_kind             = optional(string)
    target_host             = optional(string)
    source_auth_strategy    = optional(string)
    display_name            = optional(string)
    worklytics_connector_id = optional(string)
    oauth_scopes            = optional(list(string))
    environment_variables   = optional(map(string))
    secured_variables = optional(list(object({
      name                = string
      writable            = optional(bool, false)
      sensitive           = optional(bool, true)
      lockable            = optional(bool, false)
      value_managed_by_tf = optional(bool, false)
      description         = optional(string, "")
    })))
    settings_to_provide     = optional(map(string))
    example_api_calls       = optional(list(string))
    instructions            = optional(string)
    timeout_seconds         = optional(number)
    enable_async_processing = optional(bool)
    enable_side_output      = optional(bool)
  }))
  description = "API connectors of your own (target_host and source_auth_strategy required), or, under the id of an enabled catalogue connector, fields overriding its spec, e.g. { \"slack-analytics\" = { enable_async_processing = false } }."
  default     = {}
}

variable "custom_side_outputs" {
  type = map(object({
    ORIGINAL  = optional(string)
    SANITIZED = optional(string)
  }))
  description = "ALPHA. API connector id -> side outputs: ORIGINAL (raw responses) and SANITIZED, each a s3://bucket[/prefix] URI of a bucket you manage, an SQS queue URL https://sqs.<region>.amazonaws.com/<account>/<queue> of yours, or \"\" to provision a bucket."
  default     = {}
}
