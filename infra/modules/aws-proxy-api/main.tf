# An API connector: Lambda (module aws-proxy-lambda) exposed by an IAM-authenticated function URL, or
# by routes on the deployment's HTTP API Gateway.

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    local = {
      source  = "hashicorp/local"
      version = ">= 2.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.4"
    }
  }
}

data "aws_partition" "current" {}

locals {
  function_name = "${var.environment_id}-${var.instance_id}"
  use_gateway   = var.api_gateway_v2 != null

  # buckets this instance provisions, suffix -> expiry in days: the async output (spec 3.5), and each
  # side output asked for without a location of its own
  side_output_requests = {
    "side-output-original"  = var.side_output_original
    "side-output-sanitized" = var.side_output_sanitized
  }
  output_buckets = merge(
    var.enable_async_processing ? { "async-output" = var.async_output_expiration_days } : {},
    { for k, v in local.side_output_requests : k => var.side_output_expiration_days if v != null && try(v.location, null) == null },
  )
  # <env>-<id> cut so that "<prefix>-<8 random>-side-output-sanitized" fits S3's 63 characters
  bucket_prefix = replace(substr(lower(local.function_name), 0, 32), "/-+$/", "")
  provisioned   = { for k, b in aws_s3_bucket.output : k => "s3://${b.bucket}" }

  async_output_destination = var.enable_async_processing ? local.provisioned["async-output"] : null
  side_outputs = {
    for k, v in local.side_output_requests : k => (try(v.location, null) != null ? v.location : local.provisioned[k]) if v != null
  }

  # side outputs in buckets of your own: PutObject below the location's prefix (the runtime writes
  # <prefix>/<yyyyMMdd>/<requestId>); gs:// ones are written with Google credentials, not IAM
  custom_s3_side_outputs = [
    for v in values(local.side_output_requests) : regex("^s3://([^/]+)/?(.*)$", v.location)
    if can(regex("^s3://[^/]+", v.location))
  ]
  custom_side_output_object_arns = [
    for m in local.custom_s3_side_outputs : "arn:aws:s3:::${m[0]}/${trimsuffix(m[1], "/") == "" ? "" : "${trimsuffix(m[1], "/")}/"}*"
  ]
  # side outputs to SQS queues of yours: sqs:SendMessage on each queue, its ARN read from the URL in a
  # form the side_output_* validation accepts (the same pattern): the region from the host
  # (queue.amazonaws.com is us-east-1), the account and name from the path, and the function's own
  # partition (an IAM policy grants nothing in another one)
  sqs_queue_url_pattern = "^https://(?:sqs(?:-fips)?[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.][a-z0-9-]+(?:[.][a-z0-9-]+)*|([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]queue[.]amazonaws[.]com(?:[.]cn)?|queue[.]amazonaws[.]com|vpce-[a-z0-9-]+(?:[.][a-z0-9-]+)*[.]sqs[.]([a-z]{2}(?:-[a-z]+)+-[0-9]+)[.]vpce[.]amazonaws[.]com)/([0-9]{12})/([A-Za-z0-9_-]{1,75}[.]fifo|[A-Za-z0-9_-]{1,80})$"
  side_output_queue_arns = distinct([
    for m in [
      for v in values(local.side_output_requests) : regex(local.sqs_queue_url_pattern, v.location)
      if can(regex(local.sqs_queue_url_pattern, v.location))
    ] : "arn:${data.aws_partition.current.partition}:sqs:${coalesce(m[0], m[1], m[2], "us-east-1")}:${m[3]}:${m[4]}"
  ])

  env = merge(
    var.environment_variables,
    {
      SOURCE                          = var.source_kind
      TARGET_HOST                     = var.target_host
      SOURCE_AUTH_STRATEGY_IDENTIFIER = var.source_auth_strategy
      OAUTH_SCOPES                    = join(" ", var.oauth_scopes)
      REQUEST_TIMEOUT_SECONDS         = tostring(var.timeout_seconds)
      PSEUDONYMIZE_APP_IDS            = tostring(var.pseudonymize_app_ids)
      EMAIL_CANONICALIZATION          = var.email_canonicalization
      IS_DEVELOPMENT_MODE             = tostring(var.is_development_mode)
    },
    var.custom_rules_sha == null ? {} : { CUSTOM_RULES_SHA = var.custom_rules_sha },
    var.allowed_data_access_ip_blocks == null ? {} : { ALLOWED_DATA_ACCESS_IP_BLOCKS = join(",", var.allowed_data_access_ip_blocks) },
    var.api_connector_path_prefix_to_trim == null ? {} : { REQUEST_PATH_PREFIX_TO_TRIM = var.api_connector_path_prefix_to_trim },
    # async (api-mode spec 1.12, 6.2): where results go, and the queue the sync leg sends the event to
    var.enable_async_processing ? {
      ASYNC_OUTPUT_DESTINATION    = local.async_output_destination
      ASYNC_API_REQUEST_QUEUE_URL = aws_sqs_queue.async[0].url
    } : {},
  )
}

# --- output buckets: async results (TTL 90 days) and side outputs (TTL 720 days) ---------------------

resource "random_string" "bucket_suffix" {
  count   = length(local.output_buckets) > 0 ? 1 : 0
  length  = 8
  special = false
  upper   = false

  lifecycle {
    # buckets are never recreated
    ignore_changes = all
  }
}

resource "aws_s3_bucket" "output" {
  for_each = local.output_buckets
  bucket   = "${local.bucket_prefix}-${random_string.bucket_suffix[0].result}-${each.key}"

  lifecycle {
    ignore_changes = [bucket]
  }
}

# encryption: S3's default (SSE-S3), as for the bulk and lookup buckets
resource "aws_s3_bucket_public_access_block" "output" {
  for_each                = var.provision_bucket_public_access_block ? local.output_buckets : {}
  bucket                  = aws_s3_bucket.output[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "output" {
  for_each = local.output_buckets
  bucket   = aws_s3_bucket.output[each.key].id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = each.value
    }
  }
}

# --- async requests: SQS queue (+ dead-letter queue) feeding the same lambda (spec 3.5, 6.2) ---------

resource "aws_sqs_queue" "async_dlq" {
  count                     = var.enable_async_processing ? 1 : 0
  name                      = "${local.function_name}-async-request-dlq"
  message_retention_seconds = 1209600 # 14 days
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "async" {
  count = var.enable_async_processing ? 1 : 0
  name  = "${local.function_name}-async-request-queue"
  # at least the function timeout (AWS requires it for an event source), and never below 2 minutes
  visibility_timeout_seconds = max(var.timeout_seconds, 120)
  message_retention_seconds  = 86400 # 1 day
  receive_wait_time_seconds  = 20    # long polling
  sqs_managed_sse_enabled    = true
  # a batch failing 3 times (the runtime throws when any record fails) goes to the dead-letter queue
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.async_dlq[0].arn
    maxReceiveCount     = 3
  })
}

resource "aws_lambda_event_source_mapping" "async" {
  count                              = var.enable_async_processing ? 1 : 0
  event_source_arn                   = aws_sqs_queue.async[0].arn
  function_name                      = module.lambda.function_arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 60
}

module "lambda" {
  source = "../aws-proxy-lambda"

  function_name                        = local.function_name
  handler                              = "index.handler"
  deployment_package                   = var.deployment_package
  memory_size_mb                       = coalesce(var.memory_size_mb, var.enable_async_processing ? 1024 : 512)
  timeout_seconds                      = var.timeout_seconds
  environment_variables                = local.env
  side_output_original                 = lookup(local.side_outputs, "side-output-original", null)
  side_output_sanitized                = lookup(local.side_outputs, "side-output-sanitized", null)
  output_bucket_arns                   = [for k, b in aws_s3_bucket.output : b.arn]
  output_object_arns                   = local.custom_side_output_object_arns
  side_output_queue_arns               = local.side_output_queue_arns
  sqs_send_queue_arns                  = aws_sqs_queue.async[*].arn
  sqs_trigger_queue_arns               = aws_sqs_queue.async[*].arn
  secrets_store_implementation         = var.secrets_store_implementation
  path_to_shared_config                = var.path_to_shared_config
  path_to_instance_config              = var.path_to_instance_config
  global_parameter_arns                = var.global_parameter_arns
  global_secrets_manager_secret_arns   = var.global_secrets_manager_secret_arns
  ssm_kms_key_ids                      = var.ssm_kms_key_ids
  function_env_kms_key_arn             = var.function_env_kms_key_arn
  logs_kms_key_arn                     = var.logs_kms_key_arn
  log_retention_days                   = var.log_retention_days
  vpc_config                           = var.vpc_config
  aws_lambda_execution_role_policy_arn = var.aws_lambda_execution_role_policy_arn
  iam_roles_permissions_boundary       = var.iam_roles_permissions_boundary
}

# --- function URL (default) -------------------------------------------------------------------------

resource "aws_lambda_function_url" "url" {
  count              = local.use_gateway ? 0 : 1
  function_name      = module.lambda.function_name
  authorization_type = "AWS_IAM"
}

# --- API Gateway v2 (use_api_gateway_v2, or forced by vpc_config) ------------------------------------

resource "aws_apigatewayv2_integration" "lambda" {
  count                  = local.use_gateway ? 1 : 0
  api_id                 = var.api_gateway_v2.id
  integration_type       = "AWS_PROXY"
  integration_uri        = module.lambda.invoke_arn
  integration_method     = "POST"
  payload_format_version = "1.0" # avoids URL-decoding of the path
  timeout_milliseconds   = 30000
}

resource "aws_apigatewayv2_route" "routes" {
  for_each           = local.use_gateway ? toset(["GET", "HEAD", "POST"]) : toset([])
  api_id             = var.api_gateway_v2.id
  route_key          = "${each.key} /${local.function_name}/{proxy+}"
  authorization_type = "AWS_IAM"
  target             = "integrations/${aws_apigatewayv2_integration.lambda[0].id}"
}

resource "aws_lambda_permission" "gateway" {
  count         = local.use_gateway ? 1 : 0
  statement_id  = "AllowAPIGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = module.lambda.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${var.api_gateway_v2.execution_arn}/*/*/${local.function_name}/{proxy+}"
}

locals {
  endpoint  = local.use_gateway ? "${var.api_gateway_v2.stage_invoke_url}/${local.function_name}" : trimsuffix(aws_lambda_function_url.url[0].function_url, "/")
  role_flag = var.api_caller_role_arn == null ? "" : " -r \"${var.api_caller_role_arn}\""
  region    = split(":", module.lambda.function_arn)[3]

  # the example calls of the test script and TODO (spec 8): example_api_requests, then the GET paths of
  # example_api_calls not among them
  example_requests = concat(
    [for r in var.example_api_requests : { method = upper(r.method), path = r.path, content_type = r.content_type, body = r.body, headers = r.headers }],
    [
      for p in var.example_api_calls : { method = "GET", path = p, content_type = "", body = "", headers = [] }
      if !contains([for r in var.example_api_requests : r.path if upper(r.method) == "GET"], p)
    ],
  )

  # `psoxy test` commands of the TODO and script; `--async` sends Prefer: respond-async, then the tool
  # polls the Location (s3://<async bucket>/<yyyyMMdd>/<requestId>)
  call_command = "${var.test_tool_command} call${local.role_flag}"
  logs_command = "${var.test_tool_command} logs${local.role_flag} --region ${local.region} -l \"${module.lambda.log_group}\""
  console_links = concat(
    [
      { title = "Lambda function ${local.function_name}", url = "https://${local.region}.console.aws.amazon.com/lambda/home?region=${local.region}#/functions/${local.function_name}" },
      { title = "CloudWatch logs ${module.lambda.log_group}", url = "https://${local.region}.console.aws.amazon.com/cloudwatch/home?region=${local.region}#logsV2:log-groups/log-group/${replace(module.lambda.log_group, "/", "$252F")}" },
    ],
    [
      for k, b in aws_s3_bucket.output : { title = "S3 bucket ${b.bucket} (${k})", url = "https://${local.region}.console.aws.amazon.com/s3/buckets/${b.bucket}?region=${local.region}" }
    ],
  )
}

resource "local_file" "todo" {
  count    = var.todos_as_local_files ? 1 : 0
  filename = "TODO ${var.todo_step} - test ${local.function_name}.md"
  content = templatefile("${path.module}/test_todo.tftpl", {
    function_name     = local.function_name
    script_name       = "test-${var.instance_id}.sh"
    test_tool_command = var.test_tool_command
    auth_note         = var.api_caller_role_arn == null ? "Run the calls with AWS credentials allowed to invoke the function." : "Run the calls with AWS credentials allowed to assume the caller role ${var.api_caller_role_arn} (`-r`)."
    call_command      = local.call_command
    endpoint          = local.endpoint
    examples          = local.example_requests
    async             = var.enable_async_processing
    async_output      = coalesce(local.async_output_destination, "-")
    logs_command      = local.logs_command
    console_links     = local.console_links
  })
}

resource "local_file" "test_script" {
  count           = var.todos_as_local_files ? 1 : 0
  filename        = "test-${var.instance_id}.sh"
  file_permission = "0755"
  content = templatefile("${path.module}/test_script.tftpl", {
    function_name = local.function_name
    script_name   = "test-${var.instance_id}.sh"
    call_command  = local.call_command
    endpoint      = local.endpoint
    examples      = local.example_requests
    async         = var.enable_async_processing
  })
}
