# Optional: VPC egress for the API functions (e.g. through Cloud NAT with a fixed IP that a source
# allowlists). All of their traffic then leaves through the VPC. Uncomment, adapt and set in
# terraform.tfvars:
#
#   vpc_config = { network = "psoxy", subnet = "psoxy-functions" }           # direct VPC egress
#   vpc_config = { serverless_connector = "projects/.../connectors/psoxy" }  # deprecated connector
#
# Direct VPC egress needs the google provider >= 7.21 and a subnet of at least /26 in gcp_region; the
# bulk functions only honour the serverless connector form.
#
# resource "google_compute_network" "psoxy" {
#   name                    = "psoxy"
#   auto_create_subnetworks = false
# }
#
# resource "google_compute_subnetwork" "psoxy_functions" {
#   name                     = "psoxy-functions"
#   region                   = var.gcp_region
#   network                  = google_compute_network.psoxy.id
#   ip_cidr_range            = "10.8.0.0/26"
#   private_ip_google_access = true
# }
#
# resource "google_compute_router" "psoxy" {
#   name    = "psoxy"
#   region  = var.gcp_region
#   network = google_compute_network.psoxy.id
# }
#
# resource "google_compute_address" "psoxy_egress" {
#   name   = "psoxy-egress"
#   region = var.gcp_region
# }
#
# resource "google_compute_router_nat" "psoxy" {
#   name                               = "psoxy"
#   router                             = google_compute_router.psoxy.name
#   region                             = var.gcp_region
#   nat_ip_allocate_option             = "MANUAL_ONLY"
#   nat_ips                            = [google_compute_address.psoxy_egress.self_link]
#   source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"
# }
#
# The deprecated alternative, a serverless VPC connector:
#
# resource "google_vpc_access_connector" "psoxy" {
#   name          = "psoxy-connector"
#   region        = var.gcp_region
#   network       = google_compute_network.psoxy.name
#   ip_cidr_range = "10.8.1.0/28"
# }
