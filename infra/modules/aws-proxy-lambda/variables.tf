variable "function_name" {
  type        = string
  description = "Name of the Lambda function, e.g. psoxy-zoom."
}

variable "handler" {
  type        = string
  description = "Lambda handler in the package: index.handler (API, function URL / API Gateway) or bulk.handler (S3 events)."
  default     = "index.handler"
}

variable "runtime" {
  type        = string
  description = "Lambda runtime."
  default     = "nodejs20.x"
}

variable "deployment_package" {
  type = object({
    filename  = optional(string)
    s3_bucket = optional(string)
    s3_key    = optional(string)
    file_name = optional(string)
  })
  description = "Code location, as output by module aws (deployment_package): a local zip filename, or an S3 bucket and key."
}

variable "memory_size_mb" {
  type        = number
  description = "Memory of the function in MB."
  default     = 512
}

variable "timeout_seconds" {
  type        = number
  description = "Function timeout in seconds."
  default     = 55
}

variable "ephemeral_storage_mb" {
  type        = number
  description = "Size of /tmp in MB."
  default     = 512
}

variable "reserved_concurrent_executions" {
  type        = number
  description = "Reserved concurrency; null = unreserved."
  default     = null
}

variable "environment_variables" {
  type        = map(string)
  description = "Instance environment variables (SOURCE, TARGET_HOST, ...); the module adds EXECUTION_ROLE, BUNDLE_FILENAME, SECRETS_STORE, PATH_TO_SHARED_CONFIG, PATH_TO_INSTANCE_CONFIG and the side outputs."
  default     = {}
}

variable "secrets_store_implementation" {
  type        = string
  description = "aws_ssm_parameter_store or aws_secrets_manager; sets env SECRETS_STORE (upper-cased)."
  default     = "aws_ssm_parameter_store"
}

variable "path_to_shared_config" {
  type        = string
  description = "Prefix of the shared parameters (PSOXY_SALT, ...); set as PATH_TO_SHARED_CONFIG when non-empty."
  default     = ""
}

variable "path_to_instance_config" {
  type        = string
  description = "Prefix of this instance's parameters; set as PATH_TO_INSTANCE_CONFIG when it differs from the default <UPPER(function_name with - as _)>_. null = the default."
  default     = null
}

variable "global_parameter_arns" {
  type        = list(string)
  description = "ARNs of shared SSM parameters the function reads (salt, encryption key)."
  default     = []
}

variable "global_secrets_manager_secret_arns" {
  type        = list(string)
  description = "ARNs of shared Secrets Manager secrets the function reads."
  default     = []
}

variable "ssm_kms_key_ids" {
  type        = list(string)
  description = "KMS keys (ARNs) that encrypt the parameters / secrets the function reads and writes."
  default     = []
}

variable "function_env_kms_key_arn" {
  type        = string
  description = "KMS key ARN encrypting the function's environment variables; null = AWS-managed key."
  default     = null
}

variable "logs_kms_key_arn" {
  type        = string
  description = "KMS key ARN encrypting the log group; null = default encryption."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "CloudWatch log retention in days."
  default     = 7
}

variable "vpc_config" {
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  description = "Run the function in these subnets / security groups; null = no VPC."
  default     = null
}

variable "aws_lambda_execution_role_policy_arn" {
  type        = string
  description = "Managed policy replacing AWSLambdaBasicExecutionRole / AWSLambdaVPCAccessExecutionRole on the exec role."
  default     = null
}

variable "iam_roles_permissions_boundary" {
  type        = string
  description = "Permissions boundary ARN set on the exec role."
  default     = null
}

variable "output_bucket_arns" {
  type        = list(string)
  description = "Buckets the function writes to (s3:PutObject on bucket/*)."
  default     = []
}

variable "output_object_arns" {
  type        = list(string)
  description = "Object ARN patterns the function writes (s3:PutObject), e.g. arn:aws:s3:::bucket/prefix/* for a side output below a prefix."
  default     = []
}

variable "input_bucket_arns" {
  type        = list(string)
  description = "Buckets the function reads from (s3:GetObject on bucket/*)."
  default     = []
}

variable "aws_region" {
  type        = string
  description = "Region of the function's parameters; null = the provider's region."
  default     = null
}

variable "side_output_original" {
  type        = string
  description = "SIDE_OUTPUT_ORIGINAL: where raw (unsanitized) source responses are also written: s3://bucket[/prefix] or gs://bucket[/prefix] (write access comes with output_bucket_arns / output_object_arns), or an SQS queue URL https://sqs.<region>.amazonaws.com/<account>/<queue> (sqs:SendMessage comes with side_output_queue_arns). null = none."
  default     = null

  # the forms the Lambda's runtime accepts (src/gateway/side-output-targets.ts, side-output-queue.ts): a
  # bucket, or an SQS queue URL whose host names the queue's region (the IAM grant needs its ARN):
  # sqs[-fips].<region>.<domain>, <region>.queue.amazonaws.com[.cn], queue.amazonaws.com (us-east-1)
  # or a VPC endpoint vpce-<id>.sqs.<region>.vpce.amazonaws.com. No Pub/Sub: the Lambda has no client
  validation {
    condition     = var.side_output_original == null || can(regex("^(s3|gs)://[a-z0-9][a-z0-9._-]*[a-z0-9](/.*)?$", var.side_output_original)) || can(regex("^https://(?:sqs(?:-fips)?[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.][a-z0-9-]+(?:[.][a-z0-9-]+)*|([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]queue[.]amazonaws[.]com(?:[.]cn)?|queue[.]amazonaws[.]com|vpce-[a-z0-9-]+(?:[.][a-z0-9-]+)*[.]sqs[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]vpce[.]amazonaws[.]com)/([0-9]{12})/([A-Za-z0-9_-]{1,75}[.]fifo|[A-Za-z0-9_-]{1,80})$", var.side_output_original))
    error_message = "side_output_original must be s3://bucket[/prefix], gs://bucket[/prefix] or an SQS queue URL https://sqs.<region>.amazonaws.com/<12-digit account>/<queue> (the host may also be sqs-fips.<region>.amazonaws.com, <region>.queue.amazonaws.com or a VPC endpoint vpce-<id>.sqs.<region>.vpce.amazonaws.com; a queue name is 1-80 characters A-Z a-z 0-9 _ -, or 1-75 of them and .fifo). A Pub/Sub topic can be a side output on GCP only."
  }
}

variable "side_output_sanitized" {
  type        = string
  description = "SIDE_OUTPUT_SANITIZED: where sanitized responses are also written: s3://bucket[/prefix] or gs://bucket[/prefix] (write access comes with output_bucket_arns / output_object_arns), or an SQS queue URL https://sqs.<region>.amazonaws.com/<account>/<queue> (sqs:SendMessage comes with side_output_queue_arns). null = none."
  default     = null

  # the same forms as side_output_original
  validation {
    condition     = var.side_output_sanitized == null || can(regex("^(s3|gs)://[a-z0-9][a-z0-9._-]*[a-z0-9](/.*)?$", var.side_output_sanitized)) || can(regex("^https://(?:sqs(?:-fips)?[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.][a-z0-9-]+(?:[.][a-z0-9-]+)*|([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]queue[.]amazonaws[.]com(?:[.]cn)?|queue[.]amazonaws[.]com|vpce-[a-z0-9-]+(?:[.][a-z0-9-]+)*[.]sqs[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]vpce[.]amazonaws[.]com)/([0-9]{12})/([A-Za-z0-9_-]{1,75}[.]fifo|[A-Za-z0-9_-]{1,80})$", var.side_output_sanitized))
    error_message = "side_output_sanitized must be s3://bucket[/prefix], gs://bucket[/prefix] or an SQS queue URL https://sqs.<region>.amazonaws.com/<12-digit account>/<queue> (the host may also be sqs-fips.<region>.amazonaws.com, <region>.queue.amazonaws.com or a VPC endpoint vpce-<id>.sqs.<region>.vpce.amazonaws.com; a queue name is 1-80 characters A-Z a-z 0-9 _ -, or 1-75 of them and .fifo). A Pub/Sub topic can be a side output on GCP only."
  }
}

variable "sqs_send_queue_arns" {
  type        = list(string)
  description = "SQS queues the function sends to (sqs:SendMessage): the async request queue of an API connector."
  default     = []
}

variable "sqs_trigger_queue_arns" {
  type        = list(string)
  description = "SQS queues polled for the function by an event source mapping (receive, delete, change visibility, get attributes)."
  default     = []
}

variable "side_output_queue_arns" {
  type        = list(string)
  description = "ARNs of the SQS queues the side outputs send to (sqs:SendMessage), e.g. arn:aws:sqs:<region>:<account>:<queue> for a side_output_* queue URL (module aws-proxy-api derives them). A queue encrypted with a customer managed KMS key also needs that key's policy to let this role kms:GenerateDataKey and kms:Decrypt."
  default     = []
}
