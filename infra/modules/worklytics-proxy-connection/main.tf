# "Connect in Worklytics" TODO for a proxy instance hosted in GCP: Worklytics calls the endpoint with
# an identity token of its service account (granted roles/run.invoker), or reads the sanitized bucket.

terraform {
  required_version = ">= 1.3"
}

variable "proxy_instance_id" {
  type        = string
  description = "Connector instance id."
}

variable "worklytics_connector_id" {
  type        = string
  description = "Worklytics connector id (e.g. zoom-psoxy, bulk-import-psoxy)."
}

variable "display_name" {
  type        = string
  description = "Human name of the data source."
  default     = null
}

variable "proxy_endpoint_url" {
  type        = string
  description = "API connectors: the instance's base URL (\"Psoxy Base URL\"); null for bulk connectors."
  default     = null
}

variable "bucket_name" {
  type        = string
  description = "Bulk connectors: the sanitized bucket (\"Bucket Name\"); null for API connectors."
  default     = null
}

variable "settings_to_provide" {
  type        = map(string)
  description = "Connector-specific settings, label -> value (the spec's settings_to_provide, e.g. Parser)."
  default     = {}
}

variable "worklytics_host" {
  type        = string
  description = "Host of the Worklytics app."
  default     = "intl.worklytics.co"
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write the TODO as a local file."
  default     = true
}

variable "todo_step" {
  type        = number
  description = "Step number of the TODO."
  default     = 3
}

module "generic" {
  source = "../worklytics-proxy-connection-generic"

  proxy_instance_id       = var.proxy_instance_id
  worklytics_connector_id = var.worklytics_connector_id
  display_name            = var.display_name
  proxy_deployment_kind   = "GCP"
  connector_settings = merge(var.settings_to_provide, {
    "Psoxy Base URL" = var.proxy_endpoint_url
    "Bucket Name"    = var.bucket_name
  })
  worklytics_host      = var.worklytics_host
  todos_as_local_files = var.todos_as_local_files
  todo_step            = var.todo_step
}

output "todo" {
  description = "The TODO as markdown."
  value       = module.generic.todo
}

output "deep_link" {
  description = "Worklytics settings URL with the known settings filled in."
  value       = module.generic.deep_link
}

output "next_todo_step" {
  description = "Step number for the TODOs that follow this one."
  value       = module.generic.next_todo_step
}
