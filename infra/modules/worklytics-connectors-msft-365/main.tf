# Microsoft 365 connectors (azure-ad, msft-entra-id, outlook-cal, outlook-mail, msft-onedrive,
# msft-teams, msft-copilot): an Entra ID app per connector (module azuread-connection), or one shared,
# user-managed app when msft_connector_app_object_id is set; the admin-consent TODOs
# (entra-grant-all-users); and the connector specs completed with the app's CLIENT_ID and the tenant's
# REFRESH_ENDPOINT. Federation (who may sign in as the app) is per host platform and is added by the
# example roots: Cognito on AWS, the function's service account on GCP (azuread-federated-credentials).

terraform {
  required_version = ">= 1.3"
  required_providers {
    azuread = {
      source  = "hashicorp/azuread"
      version = ">= 3.0"
    }
  }
}

locals {
  connectors = {
    for id, c in var.api_connectors : id => c
    if try(c.environment_variables.GRANT_TYPE, "") == "workload_identity_federation"
  }
  shared_app = var.msft_connector_app_object_id != null
}

data "azuread_client_config" "current" {}

data "azuread_users" "owners" {
  count                = length(var.msft_owners_email) > 0 ? 1 : 0
  user_principal_names = sort(tolist(var.msft_owners_email))
}

locals {
  # the caller stays an owner, so later applies can still update the apps
  owners = distinct(concat([data.azuread_client_config.current.object_id], try(data.azuread_users.owners[0].object_ids, [])))
}

module "connection" {
  for_each = { for id, c in local.connectors : id => c if !local.shared_app }
  source   = "../azuread-connection"

  display_name                      = "Psoxy Connector - ${each.value.display_name}${var.connector_display_name_suffix}"
  owners                            = local.owners
  required_app_roles                = try(each.value.required_app_roles, [])
  required_oauth2_permission_scopes = try(each.value.required_oauth2_permission_scopes, [])
}

data "azuread_application" "shared" {
  count     = local.shared_app ? 1 : 0
  object_id = var.msft_connector_app_object_id
}

locals {
  # app key -> app; the key is the connector id, or "shared" for the user-managed app
  apps = merge(
    { for k in(local.shared_app ? ["shared"] : []) : k => {
      client_id    = data.azuread_application.shared[0].client_id
      object_id    = data.azuread_application.shared[0].object_id
      display_name = data.azuread_application.shared[0].display_name
    } },
    { for id, m in module.connection : id => {
      client_id    = m.client_id
      object_id    = m.object_id
      display_name = m.display_name
    } },
  )
  app_keys = { for id, c in local.connectors : id => local.shared_app ? "shared" : id }

  refresh_endpoint = "https://login.microsoftonline.com/${var.msft_tenant_id}/oauth2/v2.0/token"
}

module "grant" {
  for_each = local.connectors
  source   = "../entra-grant-all-users"

  connector_id                      = each.key
  application_name                  = local.apps[local.app_keys[each.key]].display_name
  application_id                    = local.apps[local.app_keys[each.key]].client_id
  tenant_id                         = var.msft_tenant_id
  required_app_roles                = try(each.value.required_app_roles, [])
  required_oauth2_permission_scopes = try(each.value.required_oauth2_permission_scopes, [])
  app_managed_by_terraform          = !local.shared_app
  additional_instructions = replace(
    replace(try(each.value.instructions, ""), "<msft_tenant_id>", var.msft_tenant_id),
    "<app client id>", local.apps[local.app_keys[each.key]].client_id,
  )
  todos_as_local_files = var.todos_as_local_files
  todo_step            = var.todo_step
}
