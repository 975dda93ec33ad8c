# Terraform reads *_override.tf files last and lets them replace single local values: this hands the
# Microsoft 365 connectors set up in msft-365.tf to the host, in place of main.tf's default (none).
# Delete it together with msft-365.tf and msft-365-variables.tf to deploy without Microsoft 365.

locals {
  msft_365_api_connectors = local.msft_api_connectors_with_auth
}
