variable "api_connectors" {
  type        = any
  description = "API connector specs keyed by instance id (output enabled_api_connectors of worklytics-connector-specs); only those whose GRANT_TYPE is workload_identity_federation (the Microsoft 365 ones) are used."
  default     = {}
}

variable "msft_tenant_id" {
  type        = string
  description = "Entra ID tenant (directory) id holding the Microsoft 365 data; fills REFRESH_ENDPOINT."

  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.msft_tenant_id))
    error_message = "msft_tenant_id must be the tenant's GUID (Entra admin center > Overview > Tenant ID)."
  }
}

variable "msft_owners_email" {
  type        = set(string)
  description = "User principal names (usually e-mail addresses) of users to make owners of the Entra apps, besides the Terraform caller."
  default     = []
}

variable "msft_connector_app_object_id" {
  type        = string
  description = "Object id of an existing Entra app to use for every Microsoft 365 connector instead of creating one app per connector; its permissions are then managed by hand."
  default     = null
}

variable "connector_display_name_suffix" {
  type        = string
  description = "Appended to the apps' display names (\"Psoxy Connector - Outlook Calendar<suffix>\"), e.g. to tell environments apart."
  default     = ""
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write the admin-consent TODO files."
  default     = true
}

variable "todo_step" {
  type        = number
  description = "Step number of the admin-consent TODOs."
  default     = 1
}
