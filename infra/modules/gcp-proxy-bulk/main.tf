# A bulk connector on GCP: input bucket -> (Eventarc finalize) function -> sanitized bucket.

terraform {
  required_version = ">= 1.3"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.4"
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
  sa_id_raw       = replace(substr(lower("${var.environment_id_prefix}${var.instance_id}"), 0, 30), "/-+$/", "")
  sa_id           = length(local.sa_id_raw) < 6 ? "psoxy-${local.sa_id_raw}" : local.sa_id_raw
  # env prefix (<= 30) + instance id + -<8 random>, <= 40 chars; then -input / -sanitized
  bucket_prefix = "${substr(lower("${substr(var.environment_id_prefix, 0, 30)}${var.instance_id}"), 0, 31)}-${random_string.suffix.result}"
}

resource "random_string" "suffix" {
  length  = 8
  special = false
  upper   = false

  lifecycle {
    ignore_changes = all
  }
}

resource "google_service_account" "function" {
  project      = var.project_id
  account_id   = local.sa_id
  display_name = "Psoxy Connector - ${var.source_kind}"
}

resource "google_storage_bucket" "input" {
  project                     = var.project_id
  name                        = "${local.bucket_prefix}-input"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.bucket_force_destroy

  lifecycle_rule {
    condition {
      age = var.input_expiration_days
    }
    action {
      type = "Delete"
    }
  }

  lifecycle {
    ignore_changes = [name]
  }
}

resource "google_storage_bucket" "sanitized" {
  project                     = var.project_id
  name                        = "${local.bucket_prefix}-sanitized"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.bucket_force_destroy

  versioning {
    enabled = var.version_sanitized_buckets
  }

  dynamic "lifecycle_rule" {
    for_each = var.sanitized_expiration_days == null ? [] : [var.sanitized_expiration_days]
    content {
      condition {
        age = lifecycle_rule.value
      }
      action {
        type = "Delete"
      }
    }
  }

  lifecycle {
    ignore_changes = [name]
  }
}

resource "google_storage_bucket_iam_member" "input_viewer" {
  bucket = google_storage_bucket.input.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.function.email}"
}

resource "google_storage_bucket_iam_member" "sanitized_writer" {
  bucket = google_storage_bucket.sanitized.name
  role   = var.bucket_write_role_id
  member = "serviceAccount:${google_service_account.function.email}"
}

resource "google_storage_bucket_iam_member" "worklytics_viewer" {
  for_each = toset(var.worklytics_sa_emails)
  bucket   = google_storage_bucket.sanitized.name
  role     = "roles/storage.objectViewer"
  member   = "serviceAccount:${each.key}"
}

resource "google_storage_bucket_iam_member" "tester_input" {
  for_each = toset(var.gcp_principals_authorized_to_test)
  bucket   = google_storage_bucket.input.name
  role     = "roles/storage.objectAdmin"
  member   = each.key
}

resource "google_storage_bucket_iam_member" "tester_sanitized" {
  for_each = toset(var.gcp_principals_authorized_to_test)
  bucket   = google_storage_bucket.sanitized.name
  role     = "roles/storage.objectAdmin"
  member   = each.key
}

resource "google_secret_manager_secret_iam_member" "shared" {
  for_each  = toset([var.salt_secret_id, var.encryption_key_secret_id])
  project   = var.project_id
  secret_id = each.key
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function.email}"
}

resource "google_project_iam_member" "event_receiver" {
  project = var.project_id
  role    = "roles/eventarc.eventReceiver"
  member  = "serviceAccount:${google_service_account.function.email}"
}

resource "google_cloudfunctions2_function" "function" {
  project  = var.project_id
  name     = local.function_name
  location = var.region

  build_config {
    runtime           = "nodejs20"
    docker_repository = var.docker_repository
    entry_point       = "gcsFileEvent"
    source {
      storage_source {
        bucket = var.artifacts_bucket_name
        object = var.deployment_bundle_object_name
      }
    }
  }

  service_config {
    available_memory      = "${var.available_memory_mb}M"
    timeout_seconds       = var.timeout_seconds
    ingress_settings      = "ALLOW_INTERNAL_ONLY"
    service_account_email = google_service_account.function.email
    environment_variables = merge(var.environment_variables, {
      INPUT_BUCKET            = google_storage_bucket.input.name
      OUTPUT_BUCKET           = google_storage_bucket.sanitized.name
      SOURCE                  = var.source_kind
      RULES                   = base64gzip(var.rules_yaml)
      BUNDLE_FILENAME         = var.bundle_filename
      IS_DEVELOPMENT_MODE     = tostring(var.is_development_mode)
      EMAIL_CANONICALIZATION  = var.email_canonicalization
      PATH_TO_SHARED_CONFIG   = var.config_parameter_prefix
      PATH_TO_INSTANCE_CONFIG = local.instance_prefix
    })

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

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.storage.object.v1.finalized"
    retry_policy          = "RETRY_POLICY_DO_NOT_RETRY"
    service_account_email = google_service_account.function.email
    event_filters {
      attribute = "bucket"
      value     = google_storage_bucket.input.name
    }
  }

  depends_on = [google_project_iam_member.event_receiver, google_secret_manager_secret_iam_member.shared]
}

resource "google_cloud_run_service_iam_member" "self_invoker" {
  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.function.service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.function.email}"
}

resource "local_file" "setup_todo" {
  count    = var.todos_as_local_files && var.instructions != "" ? 1 : 0
  filename = "TODO ${var.todo_step} - setup ${var.instance_id}.md"
  content  = <<-EOT
  # Set up ${var.instance_id}

  input_bucket_url = gcs://${google_storage_bucket.input.name}

  ${replace(var.instructions, "\n", "\n  ")}
  EOT
}

locals {
  # `psoxy test` commands of the TODO and script
  bulk_command = "${var.test_tool_command} bulk -d GCP --project \"${var.project_id}\" -i \"${google_storage_bucket.input.name}\" -o \"${google_storage_bucket.sanitized.name}\""
  logs_command = "${var.test_tool_command} logs -p \"${var.project_id}\" -f \"${local.function_name}\""
}

resource "local_file" "test_todo" {
  count    = var.todos_as_local_files ? 1 : 0
  filename = "TODO ${var.todo_step + (var.instructions != "" ? 1 : 0)} - test ${local.function_name}.md"
  content = templatefile("${path.module}/test_todo.tftpl", {
    function_name     = local.function_name
    script_name       = "test-${var.instance_id}.sh"
    test_tool_command = var.test_tool_command
    auth_note         = "Run it with gcloud (or Application Default Credentials) logged in as a principal that may write the input bucket and read the output bucket (gcp_principals_authorized_to_test)."
    bulk_command      = local.bulk_command
    example_files     = var.example_files
    manual_commands = [
      "gsutil cp <file> gs://${google_storage_bucket.input.name}/",
      "gsutil cat gs://${google_storage_bucket.sanitized.name}/<file>",
    ]
    logs_command = local.logs_command
    console_links = [
      { title = "Cloud Storage input bucket ${google_storage_bucket.input.name}", url = "https://console.cloud.google.com/storage/browser/${google_storage_bucket.input.name}?project=${var.project_id}" },
      { title = "Cloud Storage sanitized bucket ${google_storage_bucket.sanitized.name}", url = "https://console.cloud.google.com/storage/browser/${google_storage_bucket.sanitized.name}?project=${var.project_id}" },
      { title = "Cloud Function ${local.function_name}", url = "https://console.cloud.google.com/functions/details/${var.region}/${local.function_name}?env=gen2&project=${var.project_id}" },
      { title = "Logs of ${local.function_name}", url = "https://console.cloud.google.com/logs/query;query=${urlencode("resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"${lower(local.function_name)}\"")}?project=${var.project_id}" },
    ]
  })
}

resource "local_file" "test_script" {
  count           = var.todos_as_local_files ? 1 : 0
  filename        = "test-${var.instance_id}.sh"
  file_permission = "0755"
  content = templatefile("${path.module}/test_script.tftpl", {
    function_name = local.function_name
    script_name   = "test-${var.instance_id}.sh"
    bulk_command  = local.bulk_command
    example_files = var.example_files
    input_bucket  = google_storage_bucket.input.name
    output_bucket = google_storage_bucket.sanitized.name
  })
}
