# Optional: API Gateway v2 instead of function URLs. Set use_api_gateway_v2 = true in terraform.tfvars.
# Routes are IAM-authenticated (SigV4 with the caller role); the caller role gets <env>InvokeAPI.
# Advanced settings (throttling, a custom domain) can be added on the API the host module creates:
#
# resource "aws_apigatewayv2_domain_name" "psoxy" {
#   domain_name = "psoxy.example.com"
#   domain_name_configuration {
#     certificate_arn = "arn:aws:acm:..."
#     endpoint_type   = "REGIONAL"
#     security_policy = "TLS_1_2"
#   }
# }
