# Normalises an environment name into the id that prefixes resource names: characters other than
# letters, digits and `-` become `-`, and a name longer than max_length keeps its start and gets a
# 6-character sha1 suffix of the original name, so two long names rarely collide. Provider-less.

terraform {
  required_version = ">= 1.3"
}

variable "environment_name" {
  type        = string
  description = "Environment name as the user wrote it (e.g. \"Psoxy Dev_1\")."
}

variable "max_length" {
  type        = number
  description = "Longest id kept as is; longer names are cut to max_length - 7 characters plus \"-\" and a 6-character sha1 suffix."
  default     = 20

  validation {
    condition     = var.max_length >= 8
    error_message = "max_length must be at least 8 (one character, a delimiter and the 6-character suffix)."
  }
}

locals {
  cleaned = replace(var.environment_name, "/[^A-Za-z0-9-]/", "-")
  id      = length(local.cleaned) > var.max_length ? "${substr(local.cleaned, 0, var.max_length - 7)}-${substr(sha1(var.environment_name), 0, 6)}" : local.cleaned
}

output "id" {
  description = "The environment id: resource-name prefix (e.g. psoxy, giving psoxy-zoom, psoxyCaller)."
  value       = local.id
}

output "id_upper_underscore" {
  description = "The id upper-cased with - replaced by _, as in SSM parameter prefixes (PSOXY_ZOOM_...)."
  value       = upper(replace(local.id, "-", "_"))
}
