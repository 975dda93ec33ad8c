# The "connect in Worklytics" TODO of one proxy instance: a deep link to the connector's settings page
# in Worklytics with the known settings filled in as query parameters, plus the same settings to enter
# by hand. Platform flavours: worklytics-proxy-connection-aws and worklytics-proxy-connection (GCP).

terraform {
  required_version = ">= 1.3"
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = ">= 2.0"
    }
  }
}

variable "proxy_instance_id" {
  type        = string
  description = "Connector instance id (names the TODO file)."
}

variable "worklytics_connector_id" {
  type        = string
  description = "Worklytics connector id: the path segment of /analytics/connect/<id>/settings (e.g. zoom-psoxy, bulk-import-psoxy)."
}

variable "display_name" {
  type        = string
  description = "Human name of the data source, for the TODO's title."
  default     = null
}

variable "proxy_deployment_kind" {
  type        = string
  description = "PROXY_DEPLOYMENT_KIND of the deep link: AWS or GCP."

  validation {
    condition     = contains(["AWS", "GCP"], var.proxy_deployment_kind)
    error_message = "proxy_deployment_kind must be AWS or GCP."
  }
}

variable "connector_settings" {
  type        = map(string)
  description = "Setting label as Worklytics shows it (\"AWS Psoxy Role ARN\", \"Psoxy Base URL\", \"Bucket Name\", \"Parser\", ...) -> value; null or empty values are left out."
  default     = {}
}

variable "worklytics_host" {
  type        = string
  description = "Host of the Worklytics app for the deep link."
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

locals {
  # settings Worklytics accepts as deep-link query parameters, in link order
  query_parameters = [
    ["AWS Psoxy Role ARN", "PROXY_AWS_ROLE_ARN"],
    ["AWS Psoxy Region", "PROXY_AWS_REGION"],
    ["Psoxy Base URL", "PROXY_ENDPOINT"],
    ["Bucket Name", "PROXY_BUCKET_NAME"],
    ["Parser", "parserId"],
    ["Atlassian Organization Id", "ATLASSIAN_ORGANIZATION_ID"],
    ["GitHub Organization", "GITHUB_ORGANIZATION"],
    ["Workspace Id", "WORKSPACE_ID"],
  ]

  settings = { for k, v in var.connector_settings : k => v if v != null && v != "" }
  # a value still holding a <placeholder> is one the user has to look up: never put it in the link
  linkable = { for k, v in local.settings : k => v if !can(regex("<[a-z_]+>", v)) }

  deep_link = join("", [
    "https://${var.worklytics_host}/analytics/connect/${var.worklytics_connector_id}/settings?",
    join("&", concat(
      ["PROXY_DEPLOYMENT_KIND=${var.proxy_deployment_kind}"],
      [for p in local.query_parameters : "${p[1]}=${urlencode(local.linkable[p[0]])}" if contains(keys(local.linkable), p[0])],
    )),
  ])

  todo = <<-EOT
  # Connect ${coalesce(var.display_name, var.proxy_instance_id)} in Worklytics

  Open this link, signed in to Worklytics as an administrator, check the values and save:

  ${local.deep_link}

  Or add the data source by hand: Worklytics > Data Sources > connector `${var.worklytics_connector_id}`,
  then enter:
  - Proxy Deployment Kind: `${var.proxy_deployment_kind}`
  %{for k in sort(keys(local.settings))~}
  - ${k}: `${local.settings[k]}`
  %{endfor~}
  EOT
}

resource "local_file" "todo" {
  count    = var.todos_as_local_files ? 1 : 0
  filename = "TODO ${var.todo_step} - connect ${var.proxy_instance_id} in Worklytics.md"
  content  = local.todo
}

output "todo" {
  description = "The TODO as markdown."
  value       = local.todo
}

output "deep_link" {
  description = "Worklytics settings URL with the known settings filled in."
  value       = local.deep_link
}

output "next_todo_step" {
  description = "Step number for the TODOs that follow this one."
  value       = var.todo_step + 1
}
