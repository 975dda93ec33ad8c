variable "gcp_project_id" {
  type        = string
  description = "GCP project hosting the proxy."
}

variable "gcp_region" {
  type        = string
  description = "Region."
  default     = "us-central1"
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

variable "secret_replica_locations" {
  type        = list(string)
  description = "Secret replica locations."
  default     = ["us-central1", "us-west1"]
}

variable "worklytics_sa_emails" {
  type        = list(string)
  description = "Worklytics service account emails (Worklytics > Configuration > Proxy)."
}

variable "gcp_principals_authorized_to_test" {
  type        = list(string)
  description = "Principals allowed to test, e.g. user:alice@acme.com."
  default     = []
}

variable "enabled_connectors" {
  type        = list(string)
  description = "Catalogue ids of the connectors to deploy."
}

variable "connector_settings" {
  type        = map(string)
  description = "Values for connector placeholders."
  default     = {}
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
  description = "CMEK for secrets (see kms-cmek.tf); null = Google-managed."
  default     = null
}

variable "vpc_config" {
  type = object({
    network              = optional(string)
    subnet               = optional(string)
    serverless_connector = optional(string)
  })
  description = "VPC egress of the API functions, all traffic (see vpc.tf): direct VPC egress on network / subnet, or a serverless_connector (deprecated); null = none."
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
    worklytics_connector_id = optional(string)
  }))
  description = "User-defined bulk connectors."
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
  description = "ALLOWED_DATA_ACCESS_IP_BLOCKS; null = any."
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
  default     = 1805
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

variable "google_workspace_provision_keys" {
  type        = bool
  description = "Create the Google Workspace connectors' service account keys with Terraform (they are then in the state); false = create them by hand."
  default     = true
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

variable "external_api_alb" {
  type = object({
    domain              = optional(string)
    managed_certificate = optional(bool, false)
    cloud_armor         = optional(bool, true)
  })
  description = "BETA: a global external Application Load Balancer in front of the API connectors (domain or its IP; Google-managed or self-signed TLS; Cloud Armor from allowed_data_access_ip_blocks); null = none."
  default     = null
}

variable "api_connector_external_lb_host" {
  type        = string
  description = "BETA: host of your own load balancer in front of the API functions; endpoints become https://<host>/<function>. Excludes external_api_alb."
  default     = null
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
  description = "ALPHA. API connector id -> side outputs: ORIGINAL (raw responses) and SANITIZED, each a gs://bucket[/prefix] URI of a bucket you manage, a Pub/Sub topic projects/<project>/topics/<topic> of yours, or \"\" to provision a bucket."
  default     = {}
}
