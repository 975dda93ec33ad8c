# Optional: a customer-managed key (CMEK) for the secrets. Uncomment, then set
# kms_key_name = google_kms_crypto_key.psoxy.id. Secret Manager's service agent needs
# roles/cloudkms.cryptoKeyEncrypterDecrypter on the key, and the key must exist in every
# location of secret_replica_locations.
#
# resource "google_kms_key_ring" "psoxy" {
#   name     = "psoxy"
#   location = var.gcp_region
# }
#
# resource "google_kms_crypto_key" "psoxy" {
#   name            = "psoxy"
#   key_ring        = google_kms_key_ring.psoxy.id
#   rotation_period = "7776000s"
# }
