# A federated identity credential on an Entra ID app: Entra then accepts, as the app's client
# assertion, a token from `issuer` whose `aud` is `audience` and whose `sub` is `subject`. This is how a
# Microsoft 365 connector authenticates without a secret (GRANT_TYPE=workload_identity_federation):
# - AWS: Cognito developer identity token; issuer https://cognito-identity.amazonaws.com,
#   audience = identity pool id, subject = identity id (modules aws-cognito-pool / -identity-cli);
# - GCP: the function service account's identity token; issuer https://accounts.google.com,
#   audience = api://AzureADTokenExchange (env AUDIENCE), subject = the service account's unique id.

terraform {
  required_version = ">= 1.3"
  required_providers {
    azuread = {
      source  = "hashicorp/azuread"
      version = ">= 3.0"
    }
  }
}

variable "application_object_id" {
  type        = string
  description = "Object id of the Entra app registration (not its client id)."
}

variable "display_name" {
  type        = string
  description = "Name of the credential, unique within the app: letters, digits, - and _ (at most 120 characters)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,120}$", var.display_name))
    error_message = "display_name must be 1-120 characters of [A-Za-z0-9_-]."
  }
}

variable "description" {
  type        = string
  description = "What the credential is for (shown in the Entra portal)."
  default     = "Psoxy connector: workload identity federation"
}

variable "issuer" {
  type        = string
  description = "Issuer of the trusted tokens (https://cognito-identity.amazonaws.com or https://accounts.google.com)."
}

variable "audience" {
  type        = string
  description = "Expected `aud` of the trusted tokens (Cognito identity pool id, or api://AzureADTokenExchange)."
}

variable "subject" {
  type        = string
  description = "Expected `sub` of the trusted tokens (Cognito identity id, or GCP service account unique id)."
}

resource "azuread_application_federated_identity_credential" "credential" {
  application_id = "/applications/${var.application_object_id}"
  display_name   = var.display_name
  description    = var.description
  audiences      = [var.audience]
  issuer         = var.issuer
  subject        = var.subject
}

output "credential_id" {
  description = "Id of the federated identity credential."
  value       = azuread_application_federated_identity_credential.credential.credential_id
}
