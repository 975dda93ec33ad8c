output "enabled_api_connectors" {
  description = "The Microsoft 365 connector specs, with environment_variables CLIENT_ID (the app's client id) and REFRESH_ENDPOINT (the tenant's token endpoint) filled; hosts still need the federation variables."
  value = {
    for id, c in local.connectors : id => merge(c, {
      environment_variables = merge(c.environment_variables, {
        CLIENT_ID        = local.apps[local.app_keys[id]].client_id
        REFRESH_ENDPOINT = local.refresh_endpoint
      })
    })
  }
}

output "connector_app_keys" {
  description = "Connector id -> key of its app in entra_apps (the connector id, or \"shared\")."
  value       = local.app_keys
}

output "entra_apps" {
  description = "App key -> Entra app (client_id, object_id, display_name); one federated credential per app and platform identity."
  value       = local.apps
}

output "todos" {
  description = "Connector id -> admin-consent TODO (markdown)."
  value       = { for id, m in module.grant : id => m.todo }
}

output "next_todo_step" {
  description = "Step number for the TODOs that follow the admin-consent ones."
  value       = var.todo_step + 1
}
