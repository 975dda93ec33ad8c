# Optional: run the lambdas in a VPC. Uncomment, adapt, and set in terraform.tfvars:
#   vpc_config = { subnet_ids = [...], security_group_ids = [...] }
# A VPC forces API Gateway v2 (function URLs are not used) and the exec roles get
# AWSLambdaVPCAccessExecutionRole. The subnets need egress (NAT) to reach the source APIs.
#
# resource "aws_vpc" "psoxy" {
#   cidr_block = "10.0.0.0/16"
# }
#
# resource "aws_subnet" "psoxy" {
#   vpc_id     = aws_vpc.psoxy.id
#   cidr_block = "10.0.1.0/24"
# }
#
# resource "aws_security_group" "psoxy" {
#   vpc_id = aws_vpc.psoxy.id
#   egress {
#     from_port   = 443
#     to_port     = 443
#     protocol    = "tcp"
#     cidr_blocks = ["0.0.0.0/0"]
#   }
# }
