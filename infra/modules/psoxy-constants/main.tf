# Provider-less lists of the roles / policies needed to provision a Psoxy host (least privilege).

terraform {
  required_version = ">= 1.3"
}

variable "environment_name" {
  type        = string
  description = "Environment name; its env id scopes the AWS least-privileged policy's resources."
  default     = "psoxy"
}

module "env_id" {
  source = "../env-id"

  environment_name = var.environment_name
}

locals {
  env       = module.env_id.id
  env_upper = module.env_id.id_upper_underscore

  aws_least_privileged_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "IAM"
        Effect = "Allow"
        Action = [
          "iam:AttachRolePolicy", "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:CreateRole",
          "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:DeleteRole", "iam:DeleteRolePolicy",
          "iam:DeleteRolePermissionsBoundary", "iam:DetachRolePolicy", "iam:GetPolicy", "iam:GetPolicyVersion",
          "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
          "iam:ListPolicyVersions", "iam:ListRolePolicies", "iam:PassRole", "iam:PutRolePermissionsBoundary",
          "iam:PutRolePolicy", "iam:TagPolicy", "iam:TagRole", "iam:UntagPolicy", "iam:UntagRole",
          "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:GetOpenIDConnectProvider",
          "iam:ListOpenIDConnectProviders", "iam:TagOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint",
        ]
        Resource = ["arn:aws:iam::*:policy/${local.env}*", "arn:aws:iam::*:role/${local.env}*"]
      },
      {
        Sid      = "OrganizationsRead"
        Effect   = "Allow"
        Action   = ["organizations:Describe*", "organizations:List*"]
        Resource = "*"
      },
      {
        Sid    = "S3"
        Effect = "Allow"
        Action = [
          "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket",
          "s3:GetBucketAcl", "s3:PutBucketAcl", "s3:GetBucketCORS", "s3:PutBucketCORS",
          "s3:GetBucketLogging", "s3:PutBucketLogging", "s3:GetBucketNotification", "s3:PutBucketNotification",
          "s3:GetBucketObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration",
          "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
          "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock",
          "s3:GetBucketTagging", "s3:PutBucketTagging", "s3:GetBucketVersioning", "s3:PutBucketVersioning",
          "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration",
          "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration",
          "s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls", "s3:GetBucketWebsite",
          "s3:GetBucketRequestPayment", "s3:GetAccelerateConfiguration", "s3:GetReplicationConfiguration",
          "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectTagging", "s3:PutObjectTagging",
        ]
        Resource = ["arn:aws:s3:::${local.env}*", "arn:aws:s3:::${local.env}*/*"]
      },
      {
        Sid    = "CloudWatchLogsAccess"
        Effect = "Allow"
        Action = [
          "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:DescribeLogGroups", "logs:PutRetentionPolicy",
          "logs:DeleteRetentionPolicy", "logs:PutResourcePolicy", "logs:DeleteResourcePolicy",
          "logs:DescribeResourcePolicies", "logs:ListTagsLogGroup", "logs:TagLogGroup", "logs:UntagLogGroup",
          "logs:ListTagsForResource", "logs:TagResource", "logs:UntagResource", "logs:AssociateKmsKey",
          "logs:DisassociateKmsKey",
        ]
        Resource = [
          "arn:aws:logs:*:*:log-group:/aws/lambda/${local.env}*",
          "arn:aws:logs:*:*:log-group:${local.env}*",
          "arn:aws:logs:*:*:log-group:*:log-stream:*",
        ]
      },
      {
        Sid      = "SSMParameterAccessAccountLevel"
        Effect   = "Allow"
        Action   = ["ssm:DescribeParameters"]
        Resource = "arn:aws:ssm:*:*:*"
      },
      {
        Sid    = "SSMParameterAccess"
        Effect = "Allow"
        Action = [
          "ssm:GetParameter", "ssm:GetParameters", "ssm:PutParameter", "ssm:DeleteParameter", "ssm:DeleteParameters",
          "ssm:GetParameterHistory", "ssm:GetParametersByPath", "ssm:LabelParameterVersion",
          "ssm:UnlabelParameterVersion", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource",
          "ssm:ListTagsForResource", "ssm:PutResourcePolicy", "ssm:GetResourcePolicies", "ssm:DeleteResourcePolicy",
        ]
        Resource = "arn:aws:ssm:*:*:parameter/${local.env_upper}*"
      },
      {
        Sid    = "LambdaAccess"
        Effect = "Allow"
        Action = [
          "lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
          "lambda:DeleteFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
          "lambda:GetFunctionCodeSigningConfig", "lambda:ListVersionsByFunction",
          "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency", "lambda:GetFunctionConcurrency",
          "lambda:PutFunctionEventInvokeConfig", "lambda:GetFunctionEventInvokeConfig", "lambda:DeleteFunctionEventInvokeConfig",
          "lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy",
          "lambda:TagResource", "lambda:UntagResource", "lambda:ListTags",
          "lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig", "lambda:DeleteFunctionUrlConfig", "lambda:GetFunctionUrlConfig",
        ]
        Resource = "arn:aws:lambda:*:*:function:${local.env}*"
      },
      {
        # event source mappings (async API connectors' SQS queues) are resources of their own, named by
        # a random UUID: they are scoped by the function they invoke, and CreateEventSourceMapping
        # takes no resource at all
        Sid       = "LambdaEventSourceMappings"
        Effect    = "Allow"
        Action    = ["lambda:CreateEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping", "lambda:GetEventSourceMapping"]
        Resource  = "*"
        Condition = { ArnLike = { "lambda:FunctionArn" = "arn:aws:lambda:*:*:function:${local.env}*" } }
      },
      {
        Sid      = "LambdaEventSourceMappingTags"
        Effect   = "Allow"
        Action   = ["lambda:ListTags", "lambda:TagResource", "lambda:UntagResource"]
        Resource = "arn:aws:lambda:*:*:event-source-mapping:*"
      },
      {
        # async API connectors' request queues and dead-letter queues (<env>-<id>-async-request-*)
        Sid    = "SQSAccess"
        Effect = "Allow"
        Action = [
          "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:GetQueueUrl",
          "sqs:ListQueues", "sqs:ListQueueTags", "sqs:TagQueue", "sqs:UntagQueue", "sqs:AddPermission", "sqs:RemovePermission",
        ]
        Resource = "arn:aws:sqs:*:*:${local.env}*"
      },
      {
        Sid    = "KMSAccess"
        Effect = "Allow"
        Action = [
          "kms:CreateKey", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:DescribeKey", "kms:GetKeyPolicy",
          "kms:PutKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:ListResourceTags",
          "kms:TagResource", "kms:UntagResource", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:ListAliases",
        ]
        Resource = "*"
      },
    ]
  }

  # not part of aws_least_privileged_policy (as in the reference); exported here for deployments
  # choosing secrets_store_implementation = "aws_secrets_manager"
  aws_secrets_manager_policy = {
    Version = "2012-10-17"
    Statement = [{
      Sid    = "SecretsManagerAccess"
      Effect = "Allow"
      Action = [
        "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret",
        "secretsmanager:GetResourcePolicy", "secretsmanager:TagResource", "secretsmanager:UntagResource",
      ]
      Resource = "arn:aws:secretsmanager:*:*:secret:${local.env_upper}*"
    }]
  }
}

output "required_aws_managed_policies_to_provision_host" {
  description = "AWS managed policies that together suffice to provision the AWS host."
  value = [
    "arn:aws:iam::aws:policy/IAMFullAccess",
    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
    "arn:aws:iam::aws:policy/CloudWatchFullAccess",
    "arn:aws:iam::aws:policy/AmazonSSMFullAccess",
    "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
    "arn:aws:iam::aws:policy/AmazonSQSFullAccess",
    "arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser",
  ]
}

output "required_aws_roles_to_provision_host" {
  description = "DEPRECATED: use required_aws_managed_policies_to_provision_host."
  value = [
    "arn:aws:iam::aws:policy/IAMFullAccess",
    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
    "arn:aws:iam::aws:policy/CloudWatchFullAccess",
    "arn:aws:iam::aws:policy/AmazonSSMFullAccess",
    "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
    "arn:aws:iam::aws:policy/AmazonSQSFullAccess",
    "arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser",
  ]
}

output "required_aws_managed_policies_to_consume_msft_365_source" {
  description = "Extra managed policy for Microsoft 365 sources (Cognito federation)."
  value       = ["arn:aws:iam::aws:policy/AmazonCognitoPowerUser"]
}

output "aws_least_privileged_policy" {
  description = "BETA: JSON IAM policy to provision the host, resources scoped by the env id. Not covered: API Gateway, Cognito, VPC/EC2, Secrets Manager."
  value       = jsonencode(local.aws_least_privileged_policy)
}

output "aws_secrets_manager_policy" {
  description = "JSON IAM policy to add when secrets_store_implementation = aws_secrets_manager."
  value       = jsonencode(local.aws_secrets_manager_policy)
}

output "required_gcp_roles_to_provision_host" {
  description = "GCP roles needed to provision the GCP host."
  value = [
    "roles/storage.admin",
    "roles/iam.roleAdmin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/secretmanager.admin",
    "roles/iam.serviceAccountAdmin",
    "roles/serviceusage.serviceUsageAdmin",
    "roles/cloudfunctions.developer",
    "roles/run.admin",
    "roles/compute.viewer",
    "roles/artifactregistry.editor",
    "roles/pubsub.admin", # async API connectors (topic, push subscription) and webhook collectors
    "roles/cloudscheduler.admin",
  ]
}

output "required_gcp_roles_to_use_vpc" {
  description = "Extra GCP roles when vpc_config is used."
  value       = ["roles/compute.networkAdmin", "roles/vpcaccess.admin"]
}

output "required_gcp_roles_to_use_external_api_alb" {
  description = "Extra GCP roles for an external API load balancer."
  value       = ["roles/compute.networkAdmin", "roles/compute.securityAdmin", "roles/certificatemanager.editor"]
}

output "required_gcp_roles_to_provision_google_workspace_source" {
  description = "Extra GCP roles for Google Workspace sources (service accounts, keys, APIs)."
  value       = ["roles/iam.serviceAccountAdmin", "roles/serviceusage.serviceUsageAdmin"]
}

output "required_gcp_apis_to_host" {
  description = "APIs that must be enabled before Terraform can enable the rest."
  value       = ["iamcredentials.googleapis.com", "serviceusage.googleapis.com"]
}

output "required_azuread_roles_to_provision_msft_365_source" {
  description = "Entra ID role to create the Microsoft 365 connector apps (Cloud Application Administrator)."
  value       = [{ display_name = "Cloud Application Administrator", role_template_id = "7ab1d382-f21e-4acd-a863-ba3e13f7da61" }]
}
