# Developer identities in a Cognito identity pool, one per login (the Entra app's client id of a
# Microsoft 365 connector). Terraform's AWS provider has no resource for them, so the AWS CLI creates
# or looks them up (GetOpenIdTokenForDeveloperIdentity is idempotent for a given login) through
# add-identity.sh, run as an external data source. Needs bash and the AWS CLI v2 where Terraform runs.

terraform {
  required_version = ">= 1.3"
  required_providers {
    external = {
      source  = "hashicorp/external"
      version = ">= 2.2"
    }
  }
}

variable "identity_pool_id" {
  type        = string
  description = "Cognito identity pool id (output pool_id of aws-cognito-pool)."
}

variable "developer_provider_name" {
  type        = string
  description = "The pool's developer provider name (output developer_provider_name of aws-cognito-pool)."
}

variable "login_ids" {
  type        = map(string)
  description = "Key -> login id of a developer identity; for Microsoft 365, the Entra app's client id (what the proxy sends as Logins = {DEVELOPER_NAME_ID: CLIENT_ID})."
}

variable "aws_region" {
  type        = string
  description = "Region of the identity pool."
}

variable "aws_role" {
  type        = string
  description = "Role the CLI assumes first (the one Terraform provisions with, aws_assume_role_arn); null = the CLI's own credentials."
  default     = null
}

data "external" "identity" {
  for_each = var.login_ids
  program = concat(
    ["bash", "${path.module}/add-identity.sh", var.identity_pool_id, var.developer_provider_name, each.value, var.aws_region],
    var.aws_role == null ? [] : [var.aws_role],
  )
}

output "identity_id" {
  description = "Key -> Cognito identity id (env IDENTITY_ID; the federated credential's subject)."
  value       = { for k, d in data.external.identity : k => d.result.identity_id }
}
