output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.instance.function_name
}

output "function_arn" {
  description = "ARN of the function."
  value       = aws_lambda_function.instance.arn
}

output "invoke_arn" {
  description = "Invoke ARN (API Gateway integrations)."
  value       = aws_lambda_function.instance.invoke_arn
}

output "execution_role_arn" {
  description = "ARN of the exec role."
  value       = aws_iam_role.exec.arn
}

output "execution_role_name" {
  description = "Name of the exec role (attach extra policies to it)."
  value       = aws_iam_role.exec.name
}

output "instance_config_prefix" {
  description = "Prefix of the instance's parameters / secrets."
  value       = local.instance_prefix
}

output "environment_variables" {
  description = "The environment the function gets."
  value       = local.env_vars
}

output "log_group" {
  description = "CloudWatch log group name."
  value       = aws_cloudwatch_log_group.lambda.name
}
