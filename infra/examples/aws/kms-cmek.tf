# Optional: a customer-managed key for Lambda environments, CloudWatch logs and SSM / Secrets Manager.
# Uncomment, then set project_aws_kms_key_arn = aws_kms_key.psoxy.arn (or give an existing key's ARN
# in terraform.tfvars). The key policy must let CloudWatch Logs use the key.
#
# data "aws_iam_policy_document" "cmek" {
#   statement {
#     actions   = ["kms:*"]
#     resources = ["*"]
#     principals {
#       type        = "AWS"
#       identifiers = ["arn:aws:iam::${var.aws_account_id}:root"]
#     }
#   }
#   statement {
#     actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
#     resources = ["*"]
#     principals {
#       type        = "Service"
#       identifiers = ["logs.${var.aws_region}.amazonaws.com"]
#     }
#   }
# }
#
# resource "aws_kms_key" "psoxy" {
#   description         = "Psoxy CMEK"
#   enable_key_rotation = true
#   policy              = data.aws_iam_policy_document.cmek.json
# }
