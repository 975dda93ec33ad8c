/**
 * What the AWS stores share: client options (an endpoint and static credentials let tests talk to
 * a loopback server) and the error classification of api-mode spec 4.3.
 */
import { ConfigError } from "./types.js";

export interface AwsClientOptions {
  /** e.g. `http://127.0.0.1:4566`; default: the SDK's regional endpoint. */
  endpoint?: string;
  /** Default: the SDK's resolution (AWS_REGION on Lambda). */
  region?: string;
  /** Static credentials (tests, local runs); default: the SDK's provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** SDK attempts per call including the first (SDK retries with backoff, throttling too). */
  maxAttempts?: number;
  /** Per HTTP request (default 10 s), so a hung backend fails as transient instead of hanging. */
  requestTimeoutMs?: number;
}

export const AWS_REQUEST_TIMEOUT_MS = 10_000;

/** The SDK's options for a client built from ours (undefined fields left out). */
export function sdkClientConfig(
  options: AwsClientOptions,
  defaultMaxAttempts?: number,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.region) config.region = options.region;
  if (options.credentials) config.credentials = options.credentials;
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  if (maxAttempts !== undefined) config.maxAttempts = maxAttempts;
  const requestTimeout = options.requestTimeoutMs ?? AWS_REQUEST_TIMEOUT_MS;
  config.requestHandler = {
    connectionTimeout: Math.min(requestTimeout, 5_000),
    requestTimeout,
    throwOnRequestTimeout: true,
  };
  return config;
}

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyUpdates",
]);

const ACCESS_DENIED = new Set(["AccessDeniedException", "AccessDenied", "UnrecognizedClientException"]);

interface SdkError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

export function errorName(error: unknown): string {
  return (error as SdkError | undefined)?.name ?? "Error";
}

export function httpStatus(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

export function isThrottling(error: unknown): boolean {
  const e = error as SdkError | undefined;
  return THROTTLING.has(errorName(error)) || e?.$retryable?.throttling === true || httpStatus(error) === 429;
}

export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(errorName(error)) || httpStatus(error) === 403;
}

/**
 * A ConfigError for an AWS failure: throttling is hard (the SDK already backed off), as is a
 * denied write; anything else (5xx, network, timeouts, unexpected service errors) is transient.
 * The message has the error's name and status, not its text (which can quote request values).
 */
export function awsConfigError(kind: string, action: string, key: string, error: unknown): ConfigError {
  const status = httpStatus(error);
  const detail = `${errorName(error)}${status ? ` (HTTP ${status})` : ""}`;
  const code = (error as { code?: unknown }).code;
  const network = typeof code === "string" ? ` ${code}` : "";
  if (isThrottling(error)) {
    return new ConfigError(`${kind}: throttled while trying to ${action} ${key}: ${detail}`, false, {
      cause: error,
    });
  }
  if (action !== "read" && isAccessDenied(error)) {
    return new ConfigError(`${kind}: not allowed to ${action} ${key}: ${detail}`, false, { cause: error });
  }
  return new ConfigError(`${kind}: could not ${action} ${key}: ${detail}${network}`, true, { cause: error });
}
