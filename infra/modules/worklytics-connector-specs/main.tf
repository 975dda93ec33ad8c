# The connector catalogue, exported from src/connectors by infra/scripts/export-connectors.ts.
# Provider-less: resolves enabled connectors and fills `<setting>` placeholders from connector_settings.

terraform {
  required_version = ">= 1.3"
}

variable "enabled_connectors" {
  type        = list(string)
  description = "Catalogue ids of the connectors to enable (see connectors.json / `psoxy connectors list`)."
}

variable "connector_settings" {
  type        = map(string)
  description = "Values for the `<setting>` placeholders of the specs, e.g. github_organization, salesforce_domain, gitlab_url."
  default     = {}
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
    settings_to_provide = optional(map(string))
    example_api_calls   = optional(list(string))
    example_api_requests = optional(list(object({
      method       = string
      path         = string
      content_type = optional(string, "")
      body         = optional(string, "")
      headers      = optional(list(string), [])
    })))
    instructions            = optional(string)
    timeout_seconds         = optional(number)
    enable_async_processing = optional(bool)
    enable_side_output      = optional(bool)
  }))
  description = "API connectors of your own, keyed by instance id, with the fields of a catalogue spec (target_host and source_auth_strategy required; source_kind defaults to the id). An id of an enabled catalogue API connector instead overrides the fields set here (environment_variables are merged), e.g. { \"slack-analytics\" = { enable_async_processing = false } }."
  default     = {}
}

locals {
  catalog = jsondecode(file("${path.module}/connectors.json"))

  unknown = [for id in var.enabled_connectors : id if !contains(keys(local.catalog), id)]

  resolved = {
    for id in var.enabled_connectors : id => merge(local.catalog[id], {
      target_host = join("", [
        for p in local.catalog[id].target_host_parts :
        p.setting == "" ? p.literal : lookup(var.connector_settings, p.setting, lookup(local.catalog[id].setting_defaults, p.setting, "<${p.setting}>"))
      ])
      environment_variables = {
        for k, parts in local.catalog[id].environment_variable_parts : k => join("", [
          for p in parts :
          p.setting == "" ? p.literal : lookup(var.connector_settings, p.setting, lookup(local.catalog[id].setting_defaults, p.setting, "<${p.setting}>"))
        ])
      }
    }) if contains(keys(local.catalog), id)
  }
}

locals {
  # the attributes a custom_api_connectors entry sets (null = keep the catalogue's, or the default)
  custom_fields  = { for id, c in var.custom_api_connectors : id => { for k, v in c : k => v if v != null } }
  custom_new_ids = [for id in keys(var.custom_api_connectors) : id if !contains(keys(local.catalog), id)]
  custom_incomplete = [
    for id in local.custom_new_ids : id
    if var.custom_api_connectors[id].target_host == null || var.custom_api_connectors[id].source_auth_strategy == null
  ]
  custom_not_api = [for id in keys(var.custom_api_connectors) : id if contains(keys(local.catalog), id) && try(local.catalog[id].mode, "") != "api"]

  api_connectors = merge(
    {
      for id, c in local.resolved : id => merge(c, try(local.custom_fields[id], {}), {
        environment_variables = merge(c.environment_variables, coalesce(try(var.custom_api_connectors[id].environment_variables, null), {}))
        # example_api_requests replace the catalogue's; example_api_calls alone replace its GET ones
        example_api_requests = try(local.custom_fields[id].example_api_requests, null) != null ? local.custom_fields[id].example_api_requests : [
          for r in c.example_api_requests : r if try(local.custom_fields[id].example_api_calls, null) == null || r.method != "GET"
        ]
      }) if c.mode == "api"
    },
    {
      for id in local.custom_new_ids : id => merge({
        id                      = id
        mode                    = "api"
        availability            = "custom"
        display_name            = id
        source_kind             = id
        worklytics_connector_id = "${id}-psoxy"
        oauth_scopes            = []
        apis_consumed           = []
        required_app_roles      = []
        environment_variables   = {}
        secured_variables       = []
        settings_to_provide     = {}
        example_api_calls       = []
        example_api_requests    = []
        instructions            = ""
        enable_async_processing = false
        enable_side_output      = false
      }, local.custom_fields[id])
    },
  )
}

output "catalog" {
  description = "The whole catalogue, keyed by connector id."
  value       = local.catalog
}

output "enabled_api_connectors" {
  description = "Enabled API connectors, with target_host and environment_variables filled from connector_settings, and custom_api_connectors applied (overrides of catalogue connectors, plus connectors of your own)."
  value       = local.api_connectors

  precondition {
    condition     = length(local.custom_incomplete) == 0
    error_message = "custom_api_connectors not in the catalogue need target_host and source_auth_strategy: ${join(", ", local.custom_incomplete)}."
  }

  precondition {
    condition     = length(local.custom_not_api) == 0
    error_message = "custom_api_connectors can only override API connectors; these are bulk connectors: ${join(", ", local.custom_not_api)}."
  }
}

output "enabled_bulk_connectors" {
  description = "Enabled bulk connectors."
  value       = { for id, c in local.resolved : id => c if c.mode == "bulk" }
}

output "unknown_connectors" {
  description = "Ids in enabled_connectors that the catalogue does not know."
  value       = local.unknown

  precondition {
    condition     = length(local.unknown) == 0
    error_message = "Unknown connector ids in enabled_connectors: ${join(", ", local.unknown)}."
  }
}
