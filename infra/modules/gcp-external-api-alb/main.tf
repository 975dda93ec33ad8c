# BETA. A global external Application Load Balancer in front of the API connectors' functions:
# one HTTPS address (optionally a DNS name with a Google-managed certificate, else a self-signed one),
# a serverless network endpoint group and backend service per function, path routing /<function>/...,
# and an optional Cloud Armor policy admitting only allowed_ip_blocks. The functions then take ingress
# only from internal sources and load balancers (gcp-proxy-api ingress_settings), and still require an
# identity token with roles/run.invoker: Cloud Run checks the token's audience against the function's
# own run.app URL, so callers must request tokens for that URL, not for the load balancer's.

terraform {
  required_version = ">= 1.3"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.0"
    }
    tls = {
      source  = "hashicorp/tls"
      version = ">= 4.0"
    }
    local = {
      source  = "hashicorp/local"
      version = ">= 2.0"
    }
  }
}

locals {
  name     = "${var.environment_id_prefix}api-alb"
  host     = coalesce(var.domain, var.ip_address)
  managed  = var.managed_certificate && var.domain != null
  first_id = sort(keys(var.api_functions))[0]
  # Cloud Armor matches at most 10 ranges per rule
  ip_chunks = var.allowed_ip_blocks == null ? [] : chunklist(var.allowed_ip_blocks, 10)
}

resource "google_compute_region_network_endpoint_group" "function" {
  for_each              = var.api_functions
  project               = var.project_id
  region                = var.region
  name                  = "${var.environment_id_prefix}${each.key}-neg"
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = each.value
  }
}

resource "google_compute_security_policy" "allowed_ips" {
  count       = var.allowed_ip_blocks == null ? 0 : 1
  project     = var.project_id
  name        = "${local.name}-allowed-ips"
  description = "Admit only the allowed data-access IP blocks to the Psoxy API connectors."

  dynamic "rule" {
    for_each = local.ip_chunks
    content {
      action   = "allow"
      priority = 1000 + rule.key
      match {
        versioned_expr = "SRC_IPS_V1"
        config {
          src_ip_ranges = rule.value
        }
      }
      description = "allowed_data_access_ip_blocks (part ${rule.key + 1})"
    }
  }

  rule {
    action   = "deny(403)"
    priority = 2147483647
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
    description = "Everything else."
  }
}

resource "google_compute_backend_service" "function" {
  for_each              = var.api_functions
  project               = var.project_id
  name                  = "${var.environment_id_prefix}${each.key}-backend"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  security_policy       = var.allowed_ip_blocks == null ? null : google_compute_security_policy.allowed_ips[0].id

  backend {
    group = google_compute_region_network_endpoint_group.function[each.key].id
  }
}

resource "google_compute_url_map" "alb" {
  project = var.project_id
  name    = local.name
  # paths outside every /<function>/ go to the first connector, whose rules then reject them
  default_service = google_compute_backend_service.function[local.first_id].id

  host_rule {
    hosts        = ["*"]
    path_matcher = "connectors"
  }

  path_matcher {
    name            = "connectors"
    default_service = google_compute_backend_service.function[local.first_id].id

    dynamic "path_rule" {
      for_each = var.api_functions
      content {
        paths   = ["/${path_rule.value}", "/${path_rule.value}/*"]
        service = google_compute_backend_service.function[path_rule.key].id
      }
    }
  }
}

# --- TLS -------------------------------------------------------------------------------------------

resource "tls_private_key" "self_signed" {
  count     = local.managed ? 0 : 1
  algorithm = "RSA"
  rsa_bits  = 2048
}

resource "tls_self_signed_cert" "self_signed" {
  count                 = local.managed ? 0 : 1
  private_key_pem       = tls_private_key.self_signed[0].private_key_pem
  validity_period_hours = 24 * 365
  early_renewal_hours   = 24 * 30
  allowed_uses          = ["key_encipherment", "digital_signature", "server_auth"]
  dns_names             = var.domain == null ? [] : [var.domain]
  ip_addresses          = var.domain == null ? [var.ip_address] : []

  subject {
    common_name  = local.host
    organization = "Psoxy (self-signed)"
  }
}

resource "google_compute_ssl_certificate" "self_signed" {
  count       = local.managed ? 0 : 1
  project     = var.project_id
  name_prefix = "${local.name}-"
  private_key = tls_private_key.self_signed[0].private_key_pem
  certificate = tls_self_signed_cert.self_signed[0].cert_pem

  lifecycle {
    create_before_destroy = true
  }
}

resource "google_compute_managed_ssl_certificate" "managed" {
  count   = local.managed ? 1 : 0
  project = var.project_id
  name    = "${local.name}-managed"

  managed {
    domains = [var.domain]
  }
}

resource "google_compute_target_https_proxy" "alb" {
  project          = var.project_id
  name             = "${local.name}-https"
  url_map          = google_compute_url_map.alb.id
  ssl_certificates = local.managed ? [google_compute_managed_ssl_certificate.managed[0].id] : [google_compute_ssl_certificate.self_signed[0].id]
}

resource "google_compute_global_forwarding_rule" "https" {
  project               = var.project_id
  name                  = "${local.name}-https"
  target                = google_compute_target_https_proxy.alb.id
  ip_address            = var.ip_address
  port_range            = "443"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

resource "local_file" "dns_todo" {
  count    = var.todos_as_local_files && local.managed ? 1 : 0
  filename = "TODO ${var.todo_step} - configure DNS for API connector load balancer.md"
  content  = <<-EOT
  # Configure DNS for the API connector load balancer

  In the DNS zone of `${var.domain}`, create an A record:

  | Name | Type | Value |
  |---|---|---|
  | `${var.domain}` | A | `${var.ip_address}` |

  Google then issues the managed certificate `${local.name}-managed`; it can take an hour after the
  record resolves. Check with:
  ```shell
  gcloud compute ssl-certificates describe ${local.name}-managed --global --project ${var.project_id} --format='value(managed.status)'
  ```
  Until it is ACTIVE, HTTPS calls to `https://${var.domain}/` fail.
  EOT
}
