# Project-level GCP resources: APIs, salt and encryption key secrets, artifacts bucket with the
# function package, custom roles.

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
  }
}

locals {
  prefix        = var.environment_name == "" ? "" : "${var.environment_name}-"
  config_prefix = coalesce(var.config_parameter_prefix, var.environment_name == "" ? "psoxy_" : "${var.environment_name}_")
  role_prefix   = replace(coalesce(var.environment_name, "psoxy"), "-", "_")

  apis = concat(
    ["artifactregistry", "cloudbuild", "cloudfunctions", "cloudresourcemanager", "compute", "iam", "run", "secretmanager", "storage"],
    var.enable_bulk ? ["eventarc", "pubsub"] : [],
    var.enable_async && !var.enable_bulk ? ["pubsub"] : [],
  )

  bundle_path   = coalesce(var.deployment_bundle, "${coalesce(var.psoxy_base_dir, "${path.root}/../../../")}dist/gcp-function.zip")
  bundle_remote = can(regex("^gs://", local.bundle_path))
  bundle_parts  = local.bundle_remote ? regex("^gs://([^/]+)/(.+)$", local.bundle_path) : ["", ""]
  artifacts     = coalesce(var.custom_artifacts_bucket_name, "${var.gcp_project_id}-${local.prefix}artifacts-bucket")

  # Docker repository for the functions' build images: <prefix>functions, psoxy-functions without a prefix
  functions_repository_id = lower(local.prefix == "" ? "psoxy-functions" : "${local.prefix}functions")
}

resource "google_project_service" "apis" {
  for_each           = toset(local.apis)
  project            = var.gcp_project_id
  service            = "${each.key}.googleapis.com"
  disable_on_destroy = false
}

# --- salt and encryption key: random once, then never overwritten ----------------------------------

resource "random_password" "salt" {
  length  = 20
  special = true
}

resource "random_password" "encryption_key" {
  length  = 32
  special = true
}

resource "google_secret_manager_secret" "salt" {
  project   = var.gcp_project_id
  secret_id = "${local.config_prefix}PSOXY_SALT"
  labels    = { terraform-managed = "true" }

  replication {
    user_managed {
      dynamic "replicas" {
        for_each = var.secret_replica_locations
        content {
          location = replicas.value
          dynamic "customer_managed_encryption" {
            for_each = var.kms_key_name == null ? [] : [var.kms_key_name]
            content {
              kms_key_name = customer_managed_encryption.value
            }
          }
        }
      }
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "salt" {
  secret          = google_secret_manager_secret.salt.id
  secret_data     = sensitive(random_password.salt.result)
  deletion_policy = "DISABLE"

  lifecycle {
    # a salt imported from an existing deployment, or changed outside Terraform, is kept
    ignore_changes = [secret_data]
  }
}

resource "google_secret_manager_secret" "encryption_key" {
  project   = var.gcp_project_id
  secret_id = "${local.config_prefix}PSOXY_ENCRYPTION_KEY"
  labels    = { terraform-managed = "true" }

  replication {
    user_managed {
      dynamic "replicas" {
        for_each = var.secret_replica_locations
        content {
          location = replicas.value
          dynamic "customer_managed_encryption" {
            for_each = var.kms_key_name == null ? [] : [var.kms_key_name]
            content {
              kms_key_name = customer_managed_encryption.value
            }
          }
        }
      }
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "encryption_key" {
  secret          = google_secret_manager_secret.encryption_key.id
  secret_data     = sensitive(random_password.encryption_key.result)
  deletion_policy = "DISABLE"

  lifecycle {
    ignore_changes = [secret_data]
  }
}

# --- function package ------------------------------------------------------------------------------

resource "google_storage_bucket" "artifacts" {
  count                       = local.bundle_remote ? 0 : 1
  project                     = var.gcp_project_id
  name                        = local.artifacts
  location                    = var.gcp_region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.bucket_force_destroy
}

resource "google_storage_bucket_object" "bundle" {
  count  = local.bundle_remote ? 0 : 1
  bucket = google_storage_bucket.artifacts[0].name
  # content-addressed, so a new package redeploys the functions
  name   = "${local.prefix}${trimsuffix(basename(local.bundle_path), ".zip")}_${filesha1(local.bundle_path)}.zip"
  source = local.bundle_path
}

# --- Artifact Registry: where Cloud Build puts the functions' images ------------------------------

resource "google_artifact_registry_repository" "functions" {
  count         = var.provision_artifact_registry ? 1 : 0
  project       = var.gcp_project_id
  location      = var.gcp_region
  repository_id = local.functions_repository_id
  format        = "DOCKER"
  description   = "Build images of the Psoxy ${var.environment_name} functions (only the newest few are kept)."

  cleanup_policy_dry_run = false

  # a version is deleted unless a KEEP policy matches it: keep the 3 newest of each function's image
  cleanup_policies {
    id     = "delete-older-versions"
    action = "DELETE"
    condition {
      tag_state = "ANY"
    }
  }

  cleanup_policies {
    id     = "keep-3-most-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 3
    }
  }

  depends_on = [google_project_service.apis]
}

# --- custom roles ----------------------------------------------------------------------------------

resource "google_project_iam_custom_role" "write_access" {
  project     = var.gcp_project_id
  role_id     = "${local.role_prefix}writeAccess"
  title       = "Psoxy ${var.environment_name} bucket write access"
  description = "Create and delete objects (sanitized output buckets)."
  permissions = ["storage.objects.create", "storage.objects.delete"]
}

resource "google_project_iam_custom_role" "secret_version_manager" {
  project     = var.gcp_project_id
  role_id     = "${local.role_prefix}secretVersionManager"
  title       = "Psoxy ${var.environment_name} secret version manager"
  description = "Read, add and disable versions of writable / lockable secrets (refreshed tokens, locks)."
  permissions = [
    "secretmanager.secrets.get",
    "secretmanager.secrets.update",
    "secretmanager.versions.access",
    "secretmanager.versions.add",
    "secretmanager.versions.destroy",
    "secretmanager.versions.disable",
    "secretmanager.versions.enable",
    "secretmanager.versions.get",
    "secretmanager.versions.list",
  ]
}

# --- bulk triggers: the GCS service agent publishes to Pub/Sub (Eventarc) --------------------------

data "google_storage_project_service_account" "gcs" {
  count   = var.enable_bulk ? 1 : 0
  project = var.gcp_project_id
}

resource "google_project_iam_member" "gcs_pubsub" {
  count   = var.enable_bulk ? 1 : 0
  project = var.gcp_project_id
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${data.google_storage_project_service_account.gcs[0].email_address}"
}
