variable "environment_id" {
  type        = string
  description = "Env id (output env_id of module aws); the function is <environment_id>-<instance_id>."
}

variable "instance_id" {
  type        = string
  description = "Connector instance id, e.g. hris."
}

variable "source_kind" {
  type        = string
  description = "Source kind (bulk lambdas do not get SOURCE; used for naming and TODOs)."
}

variable "rules_yaml" {
  type        = string
  description = "Rules (YAML) written to the instance's RULES SSM parameter."
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
  description = "Memory in MB."
  default     = 1024
}

variable "input_expiration_days" {
  type        = number
  description = "Days after which input objects are deleted."
  default     = 30
}

variable "sanitized_expiration_days" {
  type        = number
  description = "Days after which sanitized objects are deleted."
  default     = 720
}

variable "provision_bucket_public_access_block" {
  type        = bool
  description = "Block public access on the buckets."
  default     = true
}

variable "email_canonicalization" {
  type        = string
  description = "EMAIL_CANONICALIZATION: STRICT or IGNORE_DOTS."
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

variable "secrets_store_implementation" {
  type        = string
  description = "aws_ssm_parameter_store or aws_secrets_manager."
  default     = "aws_ssm_parameter_store"
}

variable "aws_ssm_param_root_path" {
  type        = string
  description = "Prefix of SSM parameter names (also PATH_TO_SHARED_CONFIG)."
  default     = ""
}

variable "path_to_shared_config" {
  type        = string
  description = "PATH_TO_SHARED_CONFIG."
  default     = ""
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

variable "aws_ssm_key_id" {
  type        = string
  description = "KMS key of the RULES parameter; null = AWS-managed."
  default     = null
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
  description = "VPC placement of the function."
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

variable "api_caller_role_name" {
  type        = string
  description = "Caller role name; gets read access to the sanitized bucket. null = none."
  default     = null
}

variable "test_aws_principal_arns" {
  type        = list(string)
  description = "Principals given test access by bucket policies (put/get/list input; get/list/delete sanitized)."
  default     = []
}

variable "instructions" {
  type        = string
  description = "Setup instructions (markdown) for the TODO; empty = none."
  default     = ""
}

variable "example_files" {
  type        = list(string)
  description = "Example files for the test script (paths relative to the checkout)."
  default     = []
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write TODOs and the test script as local files."
  default     = true
}

variable "todo_step" {
  type        = number
  description = "Step of the setup TODO (the test TODO is one later)."
  default     = 1
}

variable "test_tool_command" {
  type        = string
  description = "Command that runs this project's test tool (`psoxy test`), used in the generated TODOs and test scripts."
  default     = "psoxy test"
}
