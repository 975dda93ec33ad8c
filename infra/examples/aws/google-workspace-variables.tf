variable "google_workspace_gcp_project_id" {
  type        = string
  description = "GCP project for the Google Workspace connectors' service accounts; null = no Google Workspace connectors."
  default     = null
}

variable "google_workspace_provision_keys" {
  type        = bool
  description = "Create the service account keys with Terraform (they are then in the state); false = create them by hand."
  default     = true
}
