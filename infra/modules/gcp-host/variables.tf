variable "gcp_project_id" {
  type        = string
  description = "GCP project hosting the proxy."
}

variable "environment_name" {
  type        = string
  description = "Prefix of resource names (0-20 chars [A-Za-z0-9-])."
  default     = "psoxy"
}

variable "config_parameter_prefix" {
  type        = string
  description = "Prefix of secrets; null = <environment_name>_."
  default     = null
}

variable "gcp_region" {
  type        = string
  description = "Region."
  default     = "us-central1"
}

variable "secret_replica_locations" {
  type        = list(string)
  description = "Secret replica locations."
  default     = ["us-central1", "us-west1"]
}

variable "worklytics_sa_emails" {
  type        = list(string)
  description = "Worklytics service accounts: invoker on API functions, objectViewer on sanitized buckets."
}

variable "gcp_principals_authorized_to_test" {
  type        = list(string)
  description = "Principals allowed to test (invoker, objectAdmin on bulk buckets)."
  default     = []
}

variable "deployment_bundle" {
  type        = string
  description = "dist/gcp-function.zip path or gs:// URI; null = <psoxy_base_dir>dist/gcp-function.zip."
  default     = null
}

variable "psoxy_base_dir" {
  type        = string
  description = "Path of the psoxy-ts checkout, ending with /."
  default     = null
}

variable "custom_artifacts_bucket_name" {
  type        = string
  description = "Artifacts bucket name; null = derived."
  default     = null
}

variable "bucket_force_destroy" {
  type        = bool
  description = "Allow destroying non-empty buckets."
  default     = false
}

variable "version_sanitized_buckets" {
  type        = bool
  description = "Version sanitized buckets."
  default     = false
}

variable "kms_key_name" {
  type        = string
  description = "CMEK for secrets; null = Google-managed."
  default     = null
}

variable "vpc_config" {
  type = object({
    network              = optional(string)
    subnet               = optional(string)
    serverless_connector = optional(string)
  })
  description = "VPC egress of API functions, all traffic: direct VPC egress on network / subnet, or serverless_connector (deprecated; excludes the other two); null = none."
  default     = null

  validation {
    condition     = var.vpc_config == null || try(var.vpc_config.serverless_connector, null) == null || (try(var.vpc_config.network, null) == null && try(var.vpc_config.subnet, null) == null)
    error_message = "vpc_config: set either network / subnet (direct VPC egress) or serverless_connector, not both."
  }
}

variable "api_connectors" {
  type        = any
  description = "API connector specs keyed by instance id (output enabled_api_connectors of worklytics-connector-specs)."
  default     = {}
}

variable "bulk_connectors" {
  type        = any
  description = "Bulk connector specs keyed by instance id (with rules_yaml)."
  default     = {}
}

variable "custom_api_connector_rules" {
  type        = map(string)
  description = "Instance id -> path of a YAML rules file (env RULES, base64-gzip)."
  default     = {}
}

variable "custom_bulk_connector_rules" {
  type        = map(string)
  description = "Instance id -> rules YAML overriding a bulk connector's rules."
  default     = {}
}

variable "custom_bulk_connector_arguments" {
  type = map(object({
    available_memory_mb = optional(number)
    timeout_seconds     = optional(number)
  }))
  description = "Per bulk connector overrides."
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
  description = "EMAIL_CANONICALIZATION."
  default     = "STRICT"
}

variable "general_environment_variables" {
  type        = map(string)
  description = "Env vars added to every instance."
  default     = {}
}

variable "allowed_data_access_ip_blocks" {
  type        = list(string)
  description = "ALLOWED_DATA_ACCESS_IP_BLOCKS (app layer); null = any."
  default     = null
}

variable "api_connector_path_prefix_to_trim" {
  type        = string
  description = "REQUEST_PATH_PREFIX_TO_TRIM."
  default     = null
}

variable "api_connector_instance_concurrency" {
  type        = number
  description = "Concurrent requests per API function instance."
  default     = 5
}

variable "max_instances_per_api_connector" {
  type        = number
  description = "Maximum instances per API function."
  default     = 20
}

variable "bulk_input_expiration_days" {
  type        = number
  description = "Expiry of bulk input objects."
  default     = 30
}

variable "bulk_sanitized_expiration_days" {
  type        = number
  description = "Expiry of sanitized objects."
  default     = 720
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write TODO files and test scripts."
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

variable "lookup_tables" {
  type = map(object({
    source_connector_id           = string
    join_key_column               = string
    columns_to_include            = optional(list(string))
    sanitized_accessor_principals = list(string)
    expiration_days               = optional(number, 1825)
    compress_output               = optional(bool)
  }))
  description = "Lookup tables: a second copy of a bulk connector's input with <join>_pseudonym next to the cleartext join key, in a bucket readable only by sanitized_accessor_principals (ADDITIONAL_TRANSFORMS)."
  default     = {}
}

variable "provision_artifact_registry" {
  type        = bool
  description = "Create the Artifact Registry repository <prefix>functions for the functions' build images (keeps the 3 newest); false = the default gcf-artifacts repository."
  default     = true
}

variable "external_api_alb" {
  type = object({
    domain              = optional(string)
    managed_certificate = optional(bool, false)
    cloud_armor         = optional(bool, true)
  })
  description = "BETA: serve the API connectors through a global external Application Load Balancer (module gcp-external-api-alb): domain = its DNS name (null = its IP), managed_certificate = Google-managed TLS for domain (else self-signed), cloud_armor = admit only allowed_data_access_ip_blocks. null = no load balancer. Excludes api_connector_external_lb_host."
  default     = null

  validation {
    condition     = var.external_api_alb == null || !try(var.external_api_alb.managed_certificate && var.external_api_alb.domain == null, false)
    error_message = "external_api_alb.managed_certificate needs external_api_alb.domain."
  }
}

variable "api_connector_external_lb_host" {
  type        = string
  description = "BETA: host of a load balancer you run in front of the API functions (bring your own): endpoints become https://<host>/<function name> and the functions only take internal / load-balancer traffic. Excludes external_api_alb."
  default     = null
}

variable "custom_side_outputs" {
  type = map(object({
    ORIGINAL  = optional(string)
    SANITIZED = optional(string)
  }))
  description = "ALPHA. API connector id -> side outputs: ORIGINAL (raw source responses, SIDE_OUTPUT_ORIGINAL) and SANITIZED (SIDE_OUTPUT_SANITIZED), each a gs://bucket[/prefix] (or s3://) URI of a bucket you manage, a Pub/Sub topic of yours, projects/<project>/topics/<topic> or https://pubsub.googleapis.com/v1/projects/<project>/topics/<topic> (one message per response; the function SA gets roles/pubsub.publisher on it), or \"\" to provision a bucket (TTL 720 days). A spec with enable_side_output gets a provisioned SANITIZED one."
  default     = {}

  validation {
    condition = alltrue(flatten([
      for id, so in var.custom_side_outputs : [
        for uri in [so.ORIGINAL, so.SANITIZED] : uri == null || uri == "" || can(regex("^(s3|gs)://[a-z0-9][a-z0-9._-]*[a-z0-9](/.*)?$", uri)) || can(regex("^(?:https://(?:[a-z0-9-]+-)?pubsub[.]googleapis[.]com(?:/v1)?/)?projects/([a-z][a-z0-9.:-]*)/topics/([A-Za-z][A-Za-z0-9._~+%-]*)$", uri))
      ]
    ]))
    error_message = "custom_side_outputs: each ORIGINAL / SANITIZED must be \"\" (provision a bucket), gs://bucket[/prefix], s3://bucket[/prefix] or a Pub/Sub topic projects/<project>/topics/<topic> or https://pubsub.googleapis.com/v1/projects/<project>/topics/<topic> (/v1 optional; a locational https://<location>-pubsub.googleapis.com endpoint too). An SQS queue can be a side output on AWS only."
  }
}
