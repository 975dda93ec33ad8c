# A Cognito identity pool whose developer identities stand for Psoxy's Microsoft 365 connectors on
# AWS. A lambda asks Cognito (GetOpenIdTokenForDeveloperIdentity) for an OpenID token of its identity;
# Entra ID trusts that token through a federated credential (issuer
# https://cognito-identity.amazonaws.com, audience = the pool id, subject = the identity id), so the
# connector needs no client secret. The policy made here is attached to the MSFT lambdas' exec roles.

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "name" {
  type        = string
  description = "Identity pool name, e.g. <env>-azure-ad-federation; also prefixes the IAM policy name (keep the env id first, for the least-privileged provisioning policy)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_+=,.@-]{1,100}$", var.name))
    error_message = "name must be 1-100 characters of letters, digits and _+=,.@-."
  }
}

variable "developer_provider_name" {
  type        = string
  description = "Developer provider name of the pool: the key of the Logins map (env DEVELOPER_NAME_ID), e.g. <env>-azure-access."

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,100}$", var.developer_provider_name))
    error_message = "developer_provider_name must be 1-100 characters of letters, digits and _.-."
  }
}

resource "aws_cognito_identity_pool" "pool" {
  identity_pool_name               = var.name
  developer_provider_name          = var.developer_provider_name
  allow_unauthenticated_identities = false
  allow_classic_flow               = false

  lifecycle {
    # the developer provider name cannot be changed once identities exist
    ignore_changes = [developer_provider_name]
  }
}

resource "aws_iam_policy" "developer_identity" {
  name        = "${var.name}-developer-identity"
  description = "Get OpenID tokens for developer identities of Cognito pool ${var.name} (Microsoft 365 federation)."
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "CognitoDeveloperIdentity"
      Effect   = "Allow"
      Action   = ["cognito-identity:GetOpenIdTokenForDeveloperIdentity"]
      Resource = [aws_cognito_identity_pool.pool.arn]
    }]
  })
}

output "pool_id" {
  description = "Identity pool id (env IDENTITY_POOL_ID; the federated credential's audience)."
  value       = aws_cognito_identity_pool.pool.id
}

output "pool_arn" {
  description = "Identity pool ARN."
  value       = aws_cognito_identity_pool.pool.arn
}

output "developer_provider_name" {
  description = "Developer provider name (env DEVELOPER_NAME_ID)."
  value       = aws_cognito_identity_pool.pool.developer_provider_name
}

output "policy_arn" {
  description = "ARN of the policy to attach to the exec role of each Microsoft 365 lambda."
  value       = aws_iam_policy.developer_identity.arn
}
