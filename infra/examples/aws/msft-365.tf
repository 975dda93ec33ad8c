# Microsoft 365 connectors (outlook-cal, outlook-mail, msft-entra-id, msft-teams, msft-onedrive,
# msft-copilot, azure-ad) hosted in AWS. Requires msft_tenant_id, and Terraform signed in to that Entra
# tenant (e.g. `az login --tenant <id>`) as a Cloud Application Administrator or more.
#
# - An Entra app per connector (or the one in msft_connector_app_object_id), whose client id becomes
#   the connector's CLIENT_ID, and a TODO to grant it admin consent.
# - A Cognito identity pool <env>-azure-ad-federation with a developer identity per app; each app gets
#   a federated credential trusting that identity (issuer https://cognito-identity.amazonaws.com,
#   audience = pool id, subject = identity id), so no secret is stored anywhere.
# - The MSFT lambdas get IDENTITY_POOL_ID, IDENTITY_ID and DEVELOPER_NAME_ID, and their exec roles may
#   call cognito-identity:GetOpenIdTokenForDeveloperIdentity on the pool.
#
# Not using Microsoft 365? Delete msft-365.tf, msft-365-variables.tf and msft-365_override.tf
# (`rm msft-365*.tf`): the azuread provider below needs Entra credentials whenever these files exist.
# Creating the developer identities needs bash and the AWS CLI where Terraform runs.

provider "azuread" {
  tenant_id = var.msft_tenant_id
}

module "msft_365_env_id" {
  source = "../../modules/env-id"

  environment_name = var.environment_name
}

locals {
  msft_365_specs = {
    for id, c in module.connector_specs.enabled_api_connectors : id => c
    if var.msft_tenant_id != null && try(c.environment_variables.GRANT_TYPE, "") == "workload_identity_federation"
  }
  msft_365_enabled = length(local.msft_365_specs) > 0
}

module "worklytics_connectors_msft_365" {
  count  = local.msft_365_enabled ? 1 : 0
  source = "../../modules/worklytics-connectors-msft-365"

  api_connectors                = local.msft_365_specs
  msft_tenant_id                = var.msft_tenant_id
  msft_owners_email             = var.msft_owners_email
  msft_connector_app_object_id  = var.msft_connector_app_object_id
  connector_display_name_suffix = var.msft_connector_display_name_suffix
  todos_as_local_files          = var.todos_as_local_files
  todo_step                     = 1
}

module "msft_365_cognito_pool" {
  count  = local.msft_365_enabled ? 1 : 0
  source = "../../modules/aws-cognito-pool"

  name                    = "${module.msft_365_env_id.id}-azure-ad-federation"
  developer_provider_name = "${module.msft_365_env_id.id}-azure-access"
}

locals {
  msft_365_apps     = try(module.worklytics_connectors_msft_365[0].entra_apps, {})
  msft_365_app_keys = try(module.worklytics_connectors_msft_365[0].connector_app_keys, {})
}

# one developer identity per Entra app; its login id is the app's client id, as the proxy sends it
module "msft_365_cognito_identity" {
  count  = local.msft_365_enabled ? 1 : 0
  source = "../../modules/aws-cognito-identity-cli"

  identity_pool_id        = module.msft_365_cognito_pool[0].pool_id
  developer_provider_name = module.msft_365_cognito_pool[0].developer_provider_name
  login_ids               = { for k, app in local.msft_365_apps : k => app.client_id }
  aws_region              = var.aws_region
  aws_role                = var.aws_assume_role_arn
}

module "msft_365_federated_credential" {
  for_each = local.msft_365_apps
  source   = "../../modules/azuread-federated-credentials"

  application_object_id = each.value.object_id
  display_name          = "${module.msft_365_env_id.id}-aws-cognito"
  description           = "Psoxy ${module.msft_365_env_id.id} on AWS: Cognito developer identity of pool ${module.msft_365_cognito_pool[0].pool_id}"
  issuer                = "https://cognito-identity.amazonaws.com"
  audience              = module.msft_365_cognito_pool[0].pool_id
  subject               = module.msft_365_cognito_identity[0].identity_id[each.key]
}

resource "aws_iam_role_policy_attachment" "msft_365_cognito" {
  for_each   = local.msft_365_specs
  role       = module.psoxy.api_connector_instances[each.key].execution_role_name
  policy_arn = module.msft_365_cognito_pool[0].policy_arn
}

locals {
  # the connector specs with CLIENT_ID, REFRESH_ENDPOINT and the Cognito federation variables;
  # msft-365_override.tf hands them to the host (main.tf's local.msft_365_api_connectors)
  msft_api_connectors_with_auth = {
    for id, c in try(module.worklytics_connectors_msft_365[0].enabled_api_connectors, {}) : id => merge(c, {
      environment_variables = merge(c.environment_variables, {
        IDENTITY_POOL_ID  = module.msft_365_cognito_pool[0].pool_id
        IDENTITY_ID       = module.msft_365_cognito_identity[0].identity_id[local.msft_365_app_keys[id]]
        DEVELOPER_NAME_ID = module.msft_365_cognito_pool[0].developer_provider_name
      })
    })
  }
}

output "msft_365_entra_apps" {
  description = "Entra apps of the Microsoft 365 connectors (client id, object id, display name), by connector id or \"shared\"."
  value       = local.msft_365_apps
}
