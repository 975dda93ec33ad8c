# An API connector on GCP: Cloud Functions gen2 (HTTP, OIDC-authenticated via roles/run.invoker).

terraform {
  required_version = ">= 1.3"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 7.21" # direct VPC egress of gen2 functions (service_config.direct_vpc_*)
    }
    local = {
      source  = "hashicorp/local"
      version = ">= 2.0"
    }
  }
}

locals {
  function_name   = "${var.environment_id_prefix}${var.instance_id}"
  instance_prefix = "${var.config_parameter_prefix}${upper(replace(var.instance_id, "-", "_"))}_"
  sa_id_raw       = replace(substr(lower("${var.environment_id_prefix}fn-${var.instance_id}"), 0, 30), "/-+$/", "")
  sa_id           = length(local.sa_id_raw) < 6 ? "psoxy-${local.sa_id_raw}" : local.sa_id_raw

  vpc_connector = try(var.vpc_config.serverless_connector, null)
  direct_vpc    = var.vpc_config != null && local.vpc_connector == null && (try(var.vpc_config.network, null) != null || try(var.vpc_config.subnet, null) != null)

  secured       = { for v in var.secured_variables : v.name => v }
  writable      = { for k, v in local.secured : k => v if v.writable || v.lockable }
  customer_fill = { for k, v in local.secured : k => v if !(v.writable || v.lockable) }

  env = merge(
    var.environment_variables,
    {
      SOURCE                          = var.source_kind
      TARGET_HOST                     = var.target_host
      SOURCE_AUTH_STRATEGY_IDENTIFIER = var.source_auth_strategy
      OAUTH_SCOPES                    = join(" ", var.oauth_scopes)
      REQUEST_TIMEOUT_SECONDS         = tostring(var.timeout_seconds)
      BUNDLE_FILENAME                 = var.bundle_filename
      IS_DEVELOPMENT_MODE             = tostring(var.is_development_mode)
      PSEUDONYMIZE_APP_IDS            = tostring(var.pseudonymize_app_ids)
      EMAIL_CANONICALIZATION          = var.email_canonicalization
      PATH_TO_SHARED_CONFIG           = var.config_parameter_prefix
      PATH_TO_INSTANCE_CONFIG         = local.instance_prefix
    },
    var.rules_yaml == null ? {} : { RULES = base64gzip(var.rules_yaml), CUSTOM_RULES_SHA = sha1(var.rules_yaml) },
    var.allowed_data_access_ip_blocks == null ? {} : { ALLOWED_DATA_ACCESS_IP_BLOCKS = join(",", var.allowed_data_access_ip_blocks) },
    var.api_connector_path_prefix_to_trim == null ? {} : { REQUEST_PATH_PREFIX_TO_TRIM = var.api_connector_path_prefix_to_trim },
  )
}

resource "google_service_account" "function" {
  project      = var.project_id
  account_id   = local.sa_id
  display_name = "Psoxy Connector - ${var.instance_id}"
}

# --- instance secrets (filled by the customer, or written by the proxy) -----------------------------

resource "google_secret_manager_secret" "instance" {
  for_each  = local.secured
  project   = var.project_id
  secret_id = "${local.instance_prefix}${each.key}"
  labels    = { terraform-managed = "true" }

  replication {
    user_managed {
      dynamic "replicas" {
        for_each = var.secret_replica_locations
        content {
          location = replicas.value
        }
      }
    }
  }
}

resource "google_secret_manager_secret_version" "managed" {
  for_each    = { for k, v in local.secured : k => v if contains(nonsensitive(keys(var.secret_values)), "${var.instance_id}.${k}") }
  secret      = google_secret_manager_secret.instance[each.key].id
  secret_data = var.secret_values["${var.instance_id}.${each.key}"]
}

resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each  = local.customer_fill
  project   = var.project_id
  secret_id = google_secret_manager_secret.instance[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function.email}"
}

resource "google_secret_manager_secret_iam_member" "version_manager" {
  for_each  = local.writable
  project   = var.project_id
  secret_id = google_secret_manager_secret.instance[each.key].secret_id
  role      = var.secret_version_manager_role_id
  member    = "serviceAccount:${google_service_account.function.email}"
}

resource "google_secret_manager_secret_iam_member" "shared" {
  for_each  = toset([var.salt_secret_id, var.encryption_key_secret_id])
  project   = var.project_id
  secret_id = each.key
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function.email}"
}

# --- function --------------------------------------------------------------------------------------

resource "google_cloudfunctions2_function" "function" {
  project  = var.project_id
  name     = local.function_name
  location = var.region

  build_config {
    runtime           = "nodejs20"
    docker_repository = var.docker_repository
    entry_point       = "psoxy"
    source {
      storage_source {
        bucket = var.artifacts_bucket_name
        object = var.deployment_bundle_object_name
      }
    }
  }

  service_config {
    available_memory                 = "${var.available_memory_mb}M"
    available_cpu                    = var.max_instance_request_concurrency > 1 ? "1" : null
    timeout_seconds                  = var.timeout_seconds
    max_instance_request_concurrency = var.max_instance_request_concurrency
    max_instance_count               = var.max_instance_count
    ingress_settings                 = var.ingress_settings
    all_traffic_on_latest_revision   = true
    service_account_email            = google_service_account.function.email
    environment_variables            = local.env
    # all egress through the VPC (e.g. a NAT with a fixed IP the source allowlists): a serverless
    # connector (deprecated) when given, else direct VPC egress on network / subnet
    vpc_connector                 = local.vpc_connector
    vpc_connector_egress_settings = local.vpc_connector == null ? null : "ALL_TRAFFIC"
    direct_vpc_egress             = local.direct_vpc ? "VPC_EGRESS_ALL_TRAFFIC" : null

    dynamic "direct_vpc_network_interface" {
      for_each = local.direct_vpc ? [var.vpc_config] : []
      content {
        network    = direct_vpc_network_interface.value.network
        subnetwork = direct_vpc_network_interface.value.subnet
      }
    }

    secret_environment_variables {
      key        = "PSOXY_SALT"
      project_id = var.project_id
      secret     = var.salt_secret_id
      version    = "latest"
    }

    secret_environment_variables {
      key        = "PSOXY_ENCRYPTION_KEY"
      project_id = var.project_id
      secret     = var.encryption_key_secret_id
      version    = "latest"
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.shared]
}

resource "google_cloud_run_service_iam_member" "invoker" {
  for_each = toset(concat([for e in var.worklytics_sa_emails : "serviceAccount:${e}"], var.gcp_principals_authorized_to_test))
  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.function.service_config[0].service
  role     = "roles/run.invoker"
  member   = each.key
}

locals {
  url = var.external_base_url == null ? google_cloudfunctions2_function.function.service_config[0].uri : "${trimsuffix(var.external_base_url, "/")}/${local.function_name}"
  # behind a load balancer the test tool cannot tell the platform from the host
  call_flags = var.external_base_url == null ? "" : (var.external_tls_self_signed ? "-f gcp --allow-insecure-tls " : "-f gcp ")
}

resource "local_file" "todo" {
  count    = var.todos_as_local_files ? 1 : 0
  filename = "TODO ${var.todo_step} - test ${local.function_name}.md"
  content  = <<-EOT
  # Testing ${local.function_name}

  With gcloud logged in as a principal allowed to invoke it:
  ```shell
  ${var.test_tool_command} call ${local.call_flags}--health-check "${local.url}"
  %{for p in var.example_api_calls~}
  ${var.test_tool_command} call ${local.call_flags}"${local.url}${p}"
  %{endfor~}
  ```
  Logs: `${var.test_tool_command} logs -p "${var.project_id}" -f "${local.function_name}"`
  EOT
}

resource "local_file" "test_script" {
  count           = var.todos_as_local_files ? 1 : 0
  filename        = "test-${var.instance_id}.sh"
  file_permission = "0755"
  content         = <<-EOT
  #!/bin/bash
  METHOD=$${1:-GET}
  API_PATH=$${2:-${length(var.example_api_calls) > 0 ? var.example_api_calls[0] : "/"}}
  RC=0
  ${var.test_tool_command} call ${local.call_flags}--health-check "${local.url}"; RC=$((RC + $?))
  ${var.test_tool_command} call ${local.call_flags}-m "$METHOD" "${local.url}$API_PATH"; RC=$((RC + $?))
  exit $RC
  EOT
}
