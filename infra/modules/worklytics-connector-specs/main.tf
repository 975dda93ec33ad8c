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

output "catalog" {
  description = "The whole catalogue, keyed by connector id."
  value       = local.catalog
}

output "enabled_api_connectors" {
  description = "Enabled API connectors, with target_host and environment_variables filled from connector_settings."
  value       = { for id, c in local.resolved : id => c if c.mode == "api" }
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
