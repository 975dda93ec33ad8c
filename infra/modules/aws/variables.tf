variable "environment_name" {
  type        = string
  description = "Qualifies resource names (env id). Must start with a letter and must not start with `aws` or `ssm`."
  default     = "psoxy"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_-]*$", var.environment_name)) && !can(regex("^(?i)(aws|ssm)", var.environment_name))
    error_message = "environment_name must start with a letter, contain only letters, digits, - and _, and not start with aws or ssm."
  }
}

variable "aws_account_id" {
  type        = string
  description = "Id of the AWS account hosting the proxy (12 digits)."

  validation {
    condition     = can(regex("^\\d{12}$", var.aws_account_id))
    error_message = "aws_account_id must be 12 digits."
  }
}

variable "caller_aws_arns" {
  type        = list(string)
  description = "ARNs of AWS principals allowed to sts:AssumeRole the caller role (e.g. Worklytics' AWS account root)."
  default     = []

  validation {
    condition     = alltrue([for a in var.caller_aws_arns : can(regex("^arn:aws:iam::\\d{12}:\\S+$", a))])
    error_message = "Each caller_aws_arns value must be an IAM ARN (arn:aws:iam::<12 digits>:...)."
  }
}

variable "caller_gcp_service_account_ids" {
  type        = list(string)
  description = "Unique ids (21 digits) of GCP service accounts (Worklytics tenants) trusted to assume the caller role via web identity federation (accounts.google.com)."
  default     = []

  validation {
    condition     = alltrue([for id in var.caller_gcp_service_account_ids : can(regex("^\\d{21}$", id))])
    error_message = "Each caller_gcp_service_account_ids value must be a 21-digit service account unique id."
  }
}

variable "test_aws_principal_arns" {
  type        = list(string)
  description = "AWS principals allowed to assume the caller role for testing."
  default     = []
}

variable "allowed_data_access_ip_blocks" {
  type        = list(string)
  description = "If set, aws:SourceIp condition on sts:AssumeRole of the caller role. null = any IP; an empty list is invalid."
  default     = null

  validation {
    condition     = var.allowed_data_access_ip_blocks == null ? true : length(var.allowed_data_access_ip_blocks) > 0
    error_message = "allowed_data_access_ip_blocks must be null or non-empty."
  }
}

variable "secrets_store_implementation" {
  type        = string
  description = "Where secrets live: aws_ssm_parameter_store (default) or aws_secrets_manager."
  default     = "aws_ssm_parameter_store"

  validation {
    condition     = contains(["aws_ssm_parameter_store", "aws_secrets_manager"], var.secrets_store_implementation)
    error_message = "secrets_store_implementation must be aws_ssm_parameter_store or aws_secrets_manager."
  }
}

variable "aws_ssm_param_root_path" {
  type        = string
  description = "Prefix of SSM parameter names; a value containing / must start with /."
  default     = ""

  validation {
    condition     = !can(regex("/", var.aws_ssm_param_root_path)) || can(regex("^/", var.aws_ssm_param_root_path))
    error_message = "aws_ssm_param_root_path containing / must start with /."
  }
}

variable "aws_secrets_manager_path" {
  type        = string
  description = "Prefix of Secrets Manager secret names; a value containing / must start with /."
  default     = ""

  validation {
    condition     = !can(regex("/", var.aws_secrets_manager_path)) || can(regex("^/", var.aws_secrets_manager_path))
    error_message = "aws_secrets_manager_path containing / must start with /."
  }
}

variable "aws_ssm_key_id" {
  type        = string
  description = "KMS key (id or ARN) encrypting SecureString parameters and Secrets Manager secrets; null = AWS-managed key."
  default     = null
}

variable "iam_roles_permissions_boundary" {
  type        = string
  description = "ARN of a permissions boundary policy set on every IAM role created."
  default     = null
}

variable "use_api_gateway_v2" {
  type        = bool
  description = "Create an HTTP API Gateway (v2, IAM auth) for API connectors instead of function URLs."
  default     = false
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the API Gateway access log group."
  default     = 7
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key ARN encrypting CloudWatch log groups; null = default encryption."
  default     = null
}

variable "deployment_bundle" {
  type        = string
  description = "Deployment package: local path of the zip built by `npm run package` (dist/aws-lambda.zip) or an s3://bucket/key URI."
  default     = null
}

variable "psoxy_base_dir" {
  type        = string
  description = "Path of the psoxy-ts checkout (ending with /); the default package is <psoxy_base_dir>dist/aws-lambda.zip."
  default     = null

  validation {
    condition     = var.psoxy_base_dir == null ? true : can(regex("/$", var.psoxy_base_dir))
    error_message = "psoxy_base_dir must end with /."
  }
}
