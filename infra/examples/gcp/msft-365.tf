# Microsoft 365 connectors (outlook-cal, outlook-mail, msft-entra-id, msft-teams, msft-onedrive,
# msft-copilot, azure-ad) hosted in GCP. Requires msft_tenant_id, and Terraform signed in to that Entra
# tenant (e.g. `az login --tenant <id>`) as a Cloud Application Administrator or more.
#
# - An Entra app per connector (or the one in msft_connector_app_object_id), whose client id becomes
#   the connector's CLIENT_ID, and a TODO to grant it admin consent.
# - A federated credential per connector trusting its function's service account: issuer
#   https://accounts.google.com, audience api://AzureADTokenExchange, subject = the service account's
#   unique id. The function gets AUDIENCE and asks the metadata server for an identity token with it,
#   so no secret is stored anywhere.
#
# Not using Microsoft 365? Delete msft-365.tf, msft-365-variables.tf and msft-365_override.tf
# (`rm msft-365*.tf`): the azuread provider below needs Entra credentials whenever these files exist.

provider "azuread" {
  tenant_id = var.msft_tenant_id
}

locals {
  msft_365_specs = {
    for id, c in module.connector_specs.enabled_api_connectors : id => c
    if var.msft_tenant_id != null && try(c.environment_variables.GRANT_TYPE, "") == "workload_identity_federation"
  }
  msft_365_enabled = length(local.msft_365_specs) > 0

  # audience of the identity tokens the functions present to Entra ID (Entra's default for federation)
  msft_365_token_audience = "api://AzureADTokenExchange"
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

locals {
  msft_365_apps     = try(module.worklytics_connectors_msft_365[0].entra_apps, {})
  msft_365_app_keys = try(module.worklytics_connectors_msft_365[0].connector_app_keys, {})
}

# one credential per connector: each function has its own service account (the token's subject)
module "msft_365_federated_credential" {
  for_each = local.msft_365_specs
  source   = "../../modules/azuread-federated-credentials"

  application_object_id = local.msft_365_apps[local.msft_365_app_keys[each.key]].object_id
  display_name          = "${var.environment_name}-${each.key}-gcp"
  description           = "Psoxy ${var.environment_name} on GCP: service account of function ${module.psoxy.api_connector_instances[each.key].function_name}"
  issuer                = "https://accounts.google.com"
  audience              = local.msft_365_token_audience
  subject               = module.psoxy.api_connector_instances[each.key].service_account_unique_id
}

locals {
  # the connector specs with CLIENT_ID, REFRESH_ENDPOINT and AUDIENCE; msft-365_override.tf hands them
  # to the host (main.tf's local.msft_365_api_connectors)
  msft_api_connectors_with_auth = {
    for id, c in try(module.worklytics_connectors_msft_365[0].enabled_api_connectors, {}) : id => merge(c, {
      environment_variables = merge(c.environment_variables, {
        AUDIENCE = local.msft_365_token_audience
      })
    })
  }
}

output "msft_365_entra_apps" {
  description = "Entra apps of the Microsoft 365 connectors (client id, object id, display name), by connector id or \"shared\"."
  value       = local.msft_365_apps
}
