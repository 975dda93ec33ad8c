variable "msft_tenant_id" {
  type        = string
  description = "Entra ID tenant (directory) id of the Microsoft 365 organization; null = no Microsoft 365 connectors are deployed, even if enabled."
  default     = null

  validation {
    condition     = var.msft_tenant_id == null || can(regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", var.msft_tenant_id))
    error_message = "msft_tenant_id must be the tenant's GUID (Entra admin center > Overview > Tenant ID)."
  }
}

variable "msft_owners_email" {
  type        = set(string)
  description = "User principal names (usually e-mails) of users to make owners of the connectors' Entra apps, besides the account running Terraform."
  default     = []
}

variable "msft_connector_app_object_id" {
  type        = string
  description = "Object id of an existing Entra app to use for all Microsoft 365 connectors (you manage its permissions); null = one app per connector, created by Terraform."
  default     = null
}

variable "msft_connector_display_name_suffix" {
  type        = string
  description = "Appended to the Entra apps' display names, e.g. \" (dev)\"."
  default     = ""
}
