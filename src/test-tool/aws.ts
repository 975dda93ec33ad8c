/**
 * AWS request signing for `psoxy test call` (infra spec 11.1): credentials from STS AssumeRole
 * (RoleSessionName `lambda_test`, 900 s) when a role is given, else the default credential chain;
 * SigV4 over host, path and query, method, region and service (plus the JSON body and its
 * content type). The STS endpoint is configurable (`--sts-endpoint` or AWS_ENDPOINT_URL_STS).
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { SignatureV4 } from "@smithy/signature-v4";
import { TestToolError } from "./http.js";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface CredentialOptions {
  role?: string;
  region: string;
  /** STS endpoint URL (default: AWS_ENDPOINT_URL_STS or the regional endpoint). */
  stsEndpoint?: string;
  log?: (line: string) => void;
}

export const ROLE_SESSION_NAME = "lambda_test";
export const ROLE_DURATION_SECONDS = 900;

export async function resolveCredentials(options: CredentialOptions): Promise<AwsCredentials> {
  const sts = new STSClient({
    region: options.region,
    ...(options.stsEndpoint ? { endpoint: options.stsEndpoint } : {}),
  });
  try {
    if (!options.role) {
      // The client's default provider is the Node credential chain (env, shared files, metadata).
      const provider = sts.config.credentials;
      const c = await provider();
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
    }
    options.log?.(`Assuming role ${options.role} (session ${ROLE_SESSION_NAME})`);
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: options.role,
        RoleSessionName: ROLE_SESSION_NAME,
        DurationSeconds: ROLE_DURATION_SECONDS,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`STS AssumeRole returned no credentials`);
    options.log?.(`Assumed ${out.AssumedRoleUser?.Arn ?? options.role}`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } catch (e) {
    throw explainAccessDenied(e) ?? e;
  } finally {
    sts.destroy();
  }
}

const ARN = /arn:aws:(?:iam|sts)::\d+:[\w+=,.@/-]+/g;

/**
 * An STS AccessDenied (e.g. `User: arn:…:user/dev is not authorized to perform: sts:AssumeRole on
 * resource: arn:…:role/…Caller`) as an error that names the ARNs involved and the usual causes; undefined
 * for other errors.
 */
export function explainAccessDenied(e: unknown): TestToolError | undefined {
  const name = (e as { name?: string })?.name ?? "";
  const message = (e as { message?: string })?.message ?? "";
  if (!/AccessDenied/i.test(name) && !/AccessDenied/.test(message)) return undefined;
  const arns = [...new Set(message.match(ARN) ?? [])];
  return new TestToolError(
    `AWS AccessDenied: ${message}\n` +
      (arns.length > 0 ? `ARNs involved: ${arns.join(", ")}\n` : "") +
      "Hint: make sure your AWS (MFA) session has not expired and that the calling ARN is in the " +
      "`caller_aws_arns` list of your terraform.tfvars (then run `terraform apply` again).",
  );
}

/** `<id>.lambda-url.<region>.on.aws` → lambda; `<id>.execute-api.<region>.amazonaws.com` → execute-api. */
export function serviceFromHost(hostname: string): string | undefined {
  const host = hostname.toLowerCase();
  if (!host.endsWith(".on.aws") && !host.endsWith(".amazonaws.com")) return undefined;
  const labels = host.split(".");
  if (labels.length < 3) return undefined;
  return labels[1] === "lambda-url" ? "lambda" : labels[1];
}

/** The third host label when it looks like a region, else us-east-1. */
export function regionFromHost(hostname: string): string {
  const host = hostname.toLowerCase();
  if (!host.endsWith(".on.aws") && !host.endsWith(".amazonaws.com")) return "us-east-1";
  const third = host.split(".")[2];
  return third && /^[a-z]{2}(-[a-z]+)+-\d$/.test(third) ? third : "us-east-1";
}

export interface SignInput {
  method: string;
  url: URL;
  body?: string;
  contentType?: string;
  region: string;
  service: string;
  credentials: AwsCredentials;
  /** For tests: the signing time. */
  signingDate?: Date;
}

/** The headers to add to the request: authorization, x-amz-date, x-amz-security-token, ... */
export async function signRequest(input: SignInput): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: input.credentials,
    region: input.region,
    service: input.service,
    sha256: Sha256,
  });
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of input.url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const headers: Record<string, string> = { host: input.url.host };
  if (input.body !== undefined) headers["content-type"] = input.contentType ?? "application/json";
  const signed = await signer.sign(
    {
      method: input.method,
      protocol: input.url.protocol,
      hostname: input.url.hostname,
      port: input.url.port ? Number(input.url.port) : undefined,
      path: input.url.pathname,
      query,
      headers,
      body: input.body,
    },
    input.signingDate ? { signingDate: input.signingDate } : {},
  );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k !== "host") out[k.toLowerCase()] = String(v);
  return out;
}

/**
 * S3 client settings for the test tool: the region, assumed-role credentials if any, and for a custom
 * endpoint (s3rver, MinIO, LocalStack) path-style addressing with checksums only where required.
 */
export function s3ClientConfig(region: string, credentials: AwsCredentials | undefined, endpoint?: string) {
  return {
    region,
    ...(credentials ? { credentials } : {}),
    ...(endpoint
      ? {
          endpoint,
          forcePathStyle: true,
          requestChecksumCalculation: "WHEN_REQUIRED" as const,
          responseChecksumValidation: "WHEN_REQUIRED" as const,
        }
      : {}),
  };
}
