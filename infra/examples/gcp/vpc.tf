# Optional: VPC egress for the API functions. Uncomment, adapt and set in terraform.tfvars:
#   vpc_config = { serverless_connector = google_vpc_access_connector.psoxy.id }
# (the connector form is what the bulk functions also honour).
#
# resource "google_compute_network" "psoxy" {
#   name                    = "psoxy"
#   auto_create_subnetworks = false
# }
#
# resource "google_vpc_access_connector" "psoxy" {
#   name          = "psoxy-connector"
#   region        = var.gcp_region
#   network       = google_compute_network.psoxy.name
#   ip_cidr_range = "10.8.0.0/28"
# }
