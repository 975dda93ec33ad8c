/**
 * Failures the API-mode pipeline answers itself (api-mode spec 1.16): each carries the HTTP status, the
 * `X-Psoxy-Error` value (absent for the GET/HEAD body check and the 412 health check) and the exact body.
 * Messages never contain secrets, tokens or decrypted values.
 */
import type { GatewayPlatform } from "./gateway-options.js";

/** `X-Psoxy-Error` values (the reference's ErrorCauses names). */
export type PsoxyErrorCode =
  | "HTTPS_REQUIRED"
  | "INVALID_REQUEST"
  | "UNAUTHORIZED_IP_ADDRESS"
  | "BLOCKED_BY_RULES"
  | "TOKENIZED_REQUEST_PARAMETER_INVALID"
  | "FAILED_TO_BUILD_URL"
  | "RULES_INVALID_YAML"
  | "RULES_INVALID"
  | "CONFIGURATION_FAILURE"
  | "CONNECTION_SETUP"
  | "ASYNC_HANDLER_DISPATCH"
  | "CONNECTION_TO_SOURCE"
  | "NETWORK_EGRESS_BLOCKED"
  | "API_ERROR"
  | "SOURCE_API_READ_TIMEOUT";

export const ERROR_HEADER = "X-Psoxy-Error";

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    /** `X-Psoxy-Error`; undefined = no header */
    readonly code: PsoxyErrorCode | undefined,
    /** exact response body ("" = empty) */
    readonly body: string,
    /** what goes to the log instead of the body, when the body says too little */
    detail?: string,
  ) {
    super(detail ?? (body || code || `HTTP ${status}`));
    this.name = "GatewayError";
  }
}

const encoder = new TextEncoder();
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A response with exactly the given headers: bodies are passed as bytes so that the web `Response`
 * does not add a `text/plain` content type the reference never sends.
 */
export function plainResponse(status: number, body: string | Uint8Array, headers: Headers = new Headers()) {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  return new Response(bytes.length === 0 || NULL_BODY_STATUSES.has(status) ? null : bytes, {
    status,
    headers,
  });
}

export function gatewayErrorResponse(e: GatewayError): Response {
  const headers = new Headers();
  if (e.code) headers.set(ERROR_HEADER, e.code);
  return plainResponse(e.status, e.body, headers);
}

/** `X-Psoxy-Error` of the platform catch-all (spec 6.1.6 / 6.3.4). */
export function unhandledErrorCode(platform: GatewayPlatform): string {
  return platform === "aws" ? "Unknown error" : "UNKNOWN";
}

/**
 * The platform's generic 500 for an exception no step maps (spec 6.1.6, 6.3.4): AWS names the error class,
 * GCP (and the node server) a fixed text. Never carries the error's message.
 */
export function unhandledErrorResponse(platform: GatewayPlatform, error: unknown): Response {
  const headers = new Headers({ [ERROR_HEADER]: unhandledErrorCode(platform) });
  const body =
    platform === "aws"
      ? `Unknown error: ${error instanceof Error ? error.name : typeof error}`
      : "Unknown internal proxy error; review logs";
  return plainResponse(500, body, headers);
}
