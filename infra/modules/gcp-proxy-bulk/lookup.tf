# Lookup tables (ADDITIONAL_TRANSFORMS): the input is also written, with the join key kept in clear
# next to its pseudonym, to a bucket only the customer's principals can read.

locals {
  lookup_transforms = [
    for k, t in var.lookup_tables : {
      destinationBucketName = google_storage_bucket.lookup[k].name
      compressOutput        = t.compress_output
      rules = {
        columnsToDuplicate    = { (t.join_key_column) = "${t.join_key_column}_pseudonym" }
        columnsToPseudonymize = ["${t.join_key_column}_pseudonym"]
        columnsToInclude      = t.columns_to_include == null ? null : concat(t.columns_to_include, [t.join_key_column, "${t.join_key_column}_pseudonym"])
      }
    }
  ]
}

resource "google_storage_bucket" "lookup" {
  for_each                    = var.lookup_tables
  project                     = var.project_id
  name                        = length(var.lookup_tables) > 1 ? "${local.bucket_prefix}-lookup-${each.key}" : "${local.bucket_prefix}-lookup"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.bucket_force_destroy

  lifecycle_rule {
    condition {
      age = each.value.expiration_days
    }
    action {
      type = "Delete"
    }
  }

  lifecycle {
    ignore_changes = [name]
  }
}

resource "google_storage_bucket_iam_member" "lookup_writer" {
  for_each = var.lookup_tables
  bucket   = google_storage_bucket.lookup[each.key].name
  role     = var.bucket_write_role_id
  member   = "serviceAccount:${google_service_account.function.email}"
}

resource "google_storage_bucket_iam_member" "lookup_reader" {
  for_each = merge([
    for k, t in var.lookup_tables : { for p in t.sanitized_accessor_principals : "${k}.${p}" => { table = k, member = p } }
  ]...)
  bucket = google_storage_bucket.lookup[each.value.table].name
  role   = "roles/storage.objectViewer"
  member = each.value.member
}

resource "google_secret_manager_secret" "additional_transforms" {
  count     = length(var.lookup_tables) > 0 ? 1 : 0
  project   = var.project_id
  secret_id = "${local.instance_prefix}ADDITIONAL_TRANSFORMS"
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

resource "google_secret_manager_secret_version" "additional_transforms" {
  count       = length(var.lookup_tables) > 0 ? 1 : 0
  secret      = google_secret_manager_secret.additional_transforms[0].id
  secret_data = yamlencode(local.lookup_transforms)
}

resource "google_secret_manager_secret_iam_member" "additional_transforms" {
  count     = length(var.lookup_tables) > 0 ? 1 : 0
  project   = var.project_id
  secret_id = google_secret_manager_secret.additional_transforms[0].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function.email}"
}
