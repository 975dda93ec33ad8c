variable "project_id" {
  type        = string
  description = "GCP project hosting the functions and the load balancer."
}

variable "region" {
  type        = string
  description = "Region of the functions (their serverless network endpoint groups)."
}

variable "environment_id_prefix" {
  type        = string
  description = "Prefix of resource names (<environment_name>-)."
}

variable "ip_address" {
  type        = string
  description = "Reserved global IPv4 address of the load balancer (the caller reserves it, so endpoint URLs are known before the backends exist)."
}

variable "api_functions" {
  type        = map(string)
  description = "Connector instance id -> function (Cloud Run service) name; each is served under /<function name>/, which the proxy strips from the path."
}

variable "domain" {
  type        = string
  description = "DNS name the load balancer answers to; null = its IP address (self-signed certificate only)."
  default     = null
}

variable "managed_certificate" {
  type        = bool
  description = "Google-managed certificate for domain (issued once the domain's A record points to the address; see the DNS TODO); false = a self-signed certificate (proof of concept: callers must skip TLS verification or trust it)."
  default     = false
}

variable "allowed_ip_blocks" {
  type        = list(string)
  description = "CIDR blocks allowed through the Cloud Armor policy; null = no policy (any source, still IAM-authenticated)."
  default     = null
}

variable "todos_as_local_files" {
  type        = bool
  description = "Write the DNS TODO (managed certificate only)."
  default     = true
}

variable "todo_step" {
  type        = number
  description = "Step number of the DNS TODO."
  default     = 1
}
