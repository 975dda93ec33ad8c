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
    random = {
      source  = "hashicorp/random"
      version = ">= 3.4"
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

  # buckets this instance provisions, suffix -> expiry in days: the async output, and each side output
  # asked for without a location of its own
  side_output_requests = {
    "side-output-original"  = var.side_output_original
    "side-output-sanitized" = var.side_output_sanitized
  }
  output_buckets = merge(
    var.enable_async_processing ? { "async-output" = var.async_output_expiration_days } : {},
    { for k, v in local.side_output_requests : k => var.side_output_expiration_days if v != null && try(v.location, null) == null },
  )
  # <prefix><id> cut so that "<prefix>-<8 random>-side-output-sanitized" fits the 63 characters of a bucket name
  bucket_prefix = replace(substr(lower(local.function_name), 0, 32), "/-+$/", "")
  provisioned   = { for k, b in google_storage_bucket.output : k => "gs://${b.name}" }
  # what Worklytics (and testers) may read: the async results and a provisioned sanitized side output,
  # never the raw, original one
  readable_buckets = [for k in keys(local.output_buckets) : k if k != "side-output-original"]
  readers          = distinct(concat([for e in var.worklytics_sa_emails : "serviceAccount:${e}"], var.gcp_principals_authorized_to_test))

  async_output_destination = var.enable_async_processing ? local.provisioned["async-output"] : null
  side_outputs = {
    for k, v in local.side_output_requests : k => (try(v.location, null) != null ? v.location : local.provisioned[k]) if v != null
  }
  # side outputs in Cloud Storage buckets of your own: the function SA may write there too
  custom_gcs_side_output_buckets = toset([
    for v in values(local.side_output_requests) : regex("^gs://([^/]+)", v.location)[0] if can(regex("^gs://[^/]+", v.location))
  ])
  # side outputs to Pub/Sub topics of yours, as projects/<p>/topics/<t> from either form the
  # side_output_* validation accepts (the same pattern): the function SA may publish to each
  pubsub_topic_pattern = "^(?:https://(?:[a-z0-9-]+-)?pubsub[.]googleapis[.]com(?:/v1)?/)?projects/([a-z][a-z0-9.:-]*)/topics/([A-Za-z][A-Za-z0-9._~+%-]*)$"
  side_output_topics = toset([
    for m in [
      for v in values(local.side_output_requests) : regex(local.pubsub_topic_pattern, v.location)
      if can(regex(local.pubsub_topic_pattern, v.location))
    ] : "projects/${m[0]}/topics/${m[1]}"
  ])

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
    # async (api-mode spec 1.12, 6.4): where results go, and the topic the sync leg publishes to; the
    # push subscription's audience (SERVICE_URL) is a secret, written once the function's URL exists
    var.enable_async_processing ? {
      ASYNC_OUTPUT_DESTINATION = local.async_output_destination
      ASYNC_PUB_SUB_QUEUE      = google_pubsub_topic.async[0].id
    } : {},
    contains(keys(local.side_outputs), "side-output-original") ? { SIDE_OUTPUT_ORIGINAL = local.side_outputs["side-output-original"] } : {},
    contains(keys(local.side_outputs), "side-output-sanitized") ? { SIDE_OUTPUT_SANITIZED = local.side_outputs["side-output-sanitized"] } : {},
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

# --- output buckets: async results (TTL 90 days) and side outputs (TTL 720 days) ---------------------

resource "random_string" "bucket_suffix" {
  count   = length(local.output_buckets) > 0 ? 1 : 0
  length  = 8
  special = false
  upper   = false

  lifecycle {
    # buckets are never recreated
    ignore_changes = all
  }
}

resource "google_storage_bucket" "output" {
  for_each                    = local.output_buckets
  project                     = var.project_id
  name                        = "${local.bucket_prefix}-${random_string.bucket_suffix[0].result}-${each.key}"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.bucket_force_destroy

  lifecycle_rule {
    condition {
      age = each.value
    }
    action {
      type = "Delete"
    }
  }

  lifecycle {
    ignore_changes = [name]
  }
}

resource "google_storage_bucket_iam_member" "output_writer" {
  for_each = local.output_buckets
  bucket   = google_storage_bucket.output[each.key].name
  role     = coalesce(var.bucket_write_role_id, "roles/storage.objectCreator")
  member   = "serviceAccount:${google_service_account.function.email}"
}

resource "google_storage_bucket_iam_member" "custom_side_output_writer" {
  for_each = local.custom_gcs_side_output_buckets
  bucket   = each.key
  role     = coalesce(var.bucket_write_role_id, "roles/storage.objectCreator")
  member   = "serviceAccount:${google_service_account.function.email}"
}

# side outputs to Pub/Sub topics (api-mode spec 6.7): one publish per write, as the function's SA
resource "google_pubsub_topic_iam_member" "side_output_publisher" {
  for_each = local.side_output_topics
  project  = split("/", each.key)[1]
  topic    = split("/", each.key)[3]
  role     = "roles/pubsub.publisher"
  member   = "serviceAccount:${google_service_account.function.email}"
}

resource "google_storage_bucket_iam_member" "output_reader" {
  for_each = { for pair in setproduct(local.readable_buckets, local.readers) : "${pair[0]} ${pair[1]}" => { bucket = pair[0], member = pair[1] } }
  bucket   = google_storage_bucket.output[each.value.bucket].name
  role     = "roles/storage.objectViewer"
  member   = each.value.member
}

# --- async requests: Pub/Sub topic, pushed back to this function (api-mode spec 6.3.3, 6.4) --------

resource "google_pubsub_topic" "async" {
  count   = var.enable_async_processing ? 1 : 0
  project = var.project_id
  name    = "${local.function_name}-async-requests"

  lifecycle {
    # referencing the project's enabled APIs makes the topic wait for pubsub.googleapis.com
    precondition {
      condition     = length(var.project_services) == 0 || contains(var.project_services, "pubsub.googleapis.com")
      error_message = "Async processing needs the Pub/Sub API: module gcp must be called with enable_async = true."
    }
  }
}

resource "google_pubsub_topic_iam_member" "async_publisher" {
  count   = var.enable_async_processing ? 1 : 0
  project = var.project_id
  topic   = google_pubsub_topic.async[0].name
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${google_service_account.function.email}"
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

# The push subscription authenticates as the function's own SA: it must be allowed to invoke it.
resource "google_cloud_run_service_iam_member" "async_self_invoker" {
  count    = var.enable_async_processing ? 1 : 0
  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.function.service_config[0].service
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.function.email}"
}

# SERVICE_URL, the audience the runtime expects in push tokens, is the function's URL, known only once
# the function exists: an env var would make the function depend on itself, so it is an instance secret
# (read through PATH_TO_INSTANCE_CONFIG), written after the function is created.
resource "google_secret_manager_secret" "service_url" {
  count     = var.enable_async_processing ? 1 : 0
  project   = var.project_id
  secret_id = "${local.instance_prefix}SERVICE_URL"
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

resource "google_secret_manager_secret_version" "service_url" {
  count       = var.enable_async_processing ? 1 : 0
  secret      = google_secret_manager_secret.service_url[0].id
  secret_data = local.service_url
}

resource "google_secret_manager_secret_iam_member" "service_url" {
  count     = var.enable_async_processing ? 1 : 0
  project   = var.project_id
  secret_id = google_secret_manager_secret.service_url[0].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function.email}"
}

resource "google_pubsub_subscription" "async" {
  count                      = var.enable_async_processing ? 1 : 0
  project                    = var.project_id
  name                       = "${local.function_name}-async-requests-push"
  topic                      = google_pubsub_topic.async[0].id
  ack_deadline_seconds       = 600
  message_retention_duration = "604800s" # 7 days

  push_config {
    push_endpoint = local.service_url
    # an OIDC token of the function's SA, for the audience the runtime checks (SERVICE_URL)
    oidc_token {
      service_account_email = google_service_account.function.email
      audience              = local.service_url
    }
  }

  # failed deliveries (non-2xx) come back with backoff; the runtime drops them after the third attempt
  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  # never expire for inactivity (the default deletes a subscription idle for 31 days)
  expiration_policy {
    ttl = ""
  }

  # no delivery before the function may be invoked by its SA and can read SERVICE_URL
  depends_on = [
    google_cloud_run_service_iam_member.async_self_invoker,
    google_secret_manager_secret_version.service_url,
    google_secret_manager_secret_iam_member.service_url,
  ]
}

locals {
  url = var.external_base_url == null ? google_cloudfunctions2_function.function.service_config[0].uri : "${trimsuffix(var.external_base_url, "/")}/${local.function_name}"
  # behind a load balancer the test tool cannot tell the platform from the host
  call_flags = var.external_base_url == null ? "" : (var.external_tls_self_signed ? " -f gcp --allow-insecure-tls" : " -f gcp")
  # the function's own URL (also behind a load balancer: Pub/Sub push is internal traffic)
  service_url = google_cloudfunctions2_function.function.service_config[0].uri

  # the example calls of the test script and TODO (spec 8): example_api_requests, then the GET paths of
  # example_api_calls not among them
  example_requests = concat(
    [for r in var.example_api_requests : { method = upper(r.method), path = r.path, content_type = r.content_type, body = r.body, headers = r.headers }],
    [
      for p in var.example_api_calls : { method = "GET", path = p, content_type = "", body = "", headers = [] }
      if !contains([for r in var.example_api_requests : r.path if upper(r.method) == "GET"], p)
    ],
  )

  # `psoxy test` commands of the TODO and script; `--async` sends Prefer: respond-async, then the tool
  # polls the Location (gs://<async bucket>/<yyyyMMdd>/<requestId>)
  call_command = "${var.test_tool_command} call${local.call_flags}"
  logs_command = "${var.test_tool_command} logs -p \"${var.project_id}\" -f \"${local.function_name}\""
  console_links = concat(
    [
      { title = "Cloud Function ${local.function_name}", url = "https://console.cloud.google.com/functions/details/${var.region}/${local.function_name}?env=gen2&project=${var.project_id}" },
      { title = "Logs of ${local.function_name}", url = "https://console.cloud.google.com/logs/query;query=${urlencode("resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"${lower(local.function_name)}\"")}?project=${var.project_id}" },
    ],
    [
      for k, b in google_storage_bucket.output : { title = "Cloud Storage bucket ${b.name} (${k})", url = "https://console.cloud.google.com/storage/browser/${b.name}?project=${var.project_id}" }
    ],
  )
}

resource "local_file" "todo" {
  count    = var.todos_as_local_files ? 1 : 0
  filename = "TODO ${var.todo_step} - test ${local.function_name}.md"
  content = templatefile("${path.module}/test_todo.tftpl", {
    function_name     = local.function_name
    script_name       = "test-${var.instance_id}.sh"
    test_tool_command = var.test_tool_command
    auth_note         = "Run the calls with gcloud (or Application Default Credentials) logged in as a principal allowed to invoke the function."
    call_command      = local.call_command
    endpoint          = local.url
    examples          = local.example_requests
    async             = var.enable_async_processing
    async_output      = coalesce(local.async_output_destination, "-")
    logs_command      = local.logs_command
    console_links     = local.console_links
  })
}

resource "local_file" "test_script" {
  count           = var.todos_as_local_files ? 1 : 0
  filename        = "test-${var.instance_id}.sh"
  file_permission = "0755"
  content = templatefile("${path.module}/test_script.tftpl", {
    function_name = local.function_name
    script_name   = "test-${var.instance_id}.sh"
    call_command  = local.call_command
    endpoint      = local.url
    examples      = local.example_requests
    async         = var.enable_async_processing
  })
}
