#!/usr/bin/env bash
# Creates (or finds) the Cognito developer identity for one login and prints {"identity_id": "..."}
# for Terraform's external data source.
#   add-identity.sh <identity pool id> <developer provider name> <login id> <region> [role arn to assume]
set -euo pipefail

# Terraform sends its query as JSON on stdin; everything needed comes as arguments instead
cat >/dev/null

POOL_ID="$1"
DEVELOPER_PROVIDER="$2"
LOGIN_ID="$3"
REGION="$4"
ROLE_ARN="${5:-}"

if [[ -n "$ROLE_ARN" ]]; then
  CREDS=$(aws sts assume-role --role-arn "$ROLE_ARN" --role-session-name psoxy-cognito-identity \
    --duration-seconds 900 --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
  read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<<"$CREDS"
  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
fi

IDENTITY_ID=$(aws cognito-identity get-open-id-token-for-developer-identity \
  --identity-pool-id "$POOL_ID" \
  --logins "${DEVELOPER_PROVIDER}=${LOGIN_ID}" \
  --region "$REGION" \
  --query IdentityId --output text)

if [[ -z "$IDENTITY_ID" || "$IDENTITY_ID" == "None" ]]; then
  echo "Cognito returned no IdentityId for login ${LOGIN_ID} in pool ${POOL_ID}" >&2
  exit 1
fi

printf '{"identity_id":"%s"}\n' "$IDENTITY_ID"
