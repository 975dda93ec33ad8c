/**
 * Calls the source (api-mode spec 1.13, 7.1, 7.2) through HttpClient: TLS 1.2 minimum and TLS_VERSION maximum,
 * the connect / read timeouts of REQUEST_TIMEOUT_SECONDS, redirects followed by hand (so that source auth
 * goes along to the Location the source chose, as in the reference, but never over plain http), gzip
 * decoded. Transport failures become the responses of spec 1.13.
 */
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { HttpClient } from "../net/http-client.js";
import type { TlsVersion } from "./api-mode-config.js";
import { GatewayError } from "./gateway-error.js";
import type { SourceTimeouts } from "./timeouts.js";

const gunzipAsync = promisify(gunzip);
const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface SourceRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface SourceResponse {
  status: number;
  /** lower-cased names; repeated headers as arrays */
  headers: Record<string, string | string[] | undefined>;
  /** the body, gzip content-encoding already removed */
  body: Buffer;
}

export interface SourceClientOptions {
  tlsMaxVersion: TlsVersion;
  timeouts: SourceTimeouts;
  followRedirects: boolean;
  /** extra trusted CA (PEM) */
  ca?: string | Buffer;
}

/** An HTTP client with the source's TLS policy and REQUEST_TIMEOUT_SECONDS timeouts (spec 1.13, 7.1). */
export function sourceHttpClient(
  o: Pick<SourceClientOptions, "tlsMaxVersion" | "timeouts" | "ca">,
): HttpClient {
  return new HttpClient({
    tlsMaxVersion: o.tlsMaxVersion,
    ca: o.ca,
    connectTimeoutMs: o.timeouts.connectMs,
    headersTimeoutMs: o.timeouts.readMs,
    bodyTimeoutMs: o.timeouts.readMs,
  });
}

export class SourceClient {
  private readonly http: HttpClient;

  constructor(private readonly opts: SourceClientOptions) {
    this.http = sourceHttpClient(opts);
  }

  async close(): Promise<void> {
    this.http.close();
  }

  /** Sends the request (following redirects unless FOLLOW_REDIRECTS says not to); throws `GatewayError`. */
  async send(req: SourceRequest): Promise<SourceResponse> {
    try {
      let current = req;
      for (let hop = 0; ; hop++) {
        const res = await this.http.send(current);
        const location = header(res.headers, "location");
        const next =
          this.opts.followRedirects && REDIRECT_STATUSES.has(res.statusCode) && location !== undefined
            ? redirectTarget(current, res.statusCode, location)
            : undefined;
        if (next && hop < MAX_REDIRECTS) {
          current = next;
          continue;
        }
        const body = isGzipped(res.headers, res.body) ? await gunzipAsync(res.body) : res.body;
        return { status: res.statusCode, headers: res.headers, body };
      }
    } catch (e) {
      throw sourceCallError(e, this.opts.timeouts.readMs);
    }
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The next hop, or undefined when the Location is unusable or not https. */
function redirectTarget(current: SourceRequest, status: number, location: string): SourceRequest | undefined {
  let url: URL;
  try {
    url = new URL(location, current.url);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:") return undefined;
  if (status !== 303) return { ...current, url: url.href };
  // 303: switch to GET without a body
  const headers = Object.fromEntries(
    Object.entries(current.headers).filter(([k]) => k.toLowerCase() !== "content-type"),
  );
  return { method: "GET", url: url.href, headers };
}

function isGzipped(headers: SourceResponse["headers"], raw: Buffer): boolean {
  const enc = header(headers, "content-encoding")?.trim().toLowerCase();
  return (enc === "gzip" || enc === "x-gzip") && raw.length > 0;
}

function errorCode(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string") return code;
  if (e instanceof AggregateError) return errorCode(e.errors[0]);
  return errorCode(e.cause);
}

const CONNECT_FAILURES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "CONNECT_TIMEOUT"]);
const READ_TIMEOUTS = new Set(["HEADERS_TIMEOUT", "BODY_TIMEOUT"]);

/** Spec 1.13's mapping of a transport failure. */
export function sourceCallError(e: unknown, readTimeoutMs: number): GatewayError {
  if (e instanceof GatewayError) return e;
  const code = errorCode(e);
  const message = e instanceof Error ? e.message || code || e.name : String(e);
  if (code !== undefined && CONNECT_FAILURES.has(code)) {
    return new GatewayError(503, "CONNECTION_TO_SOURCE", `Error connecting to source API: ${message}`);
  }
  if (code !== undefined && READ_TIMEOUTS.has(code)) {
    return new GatewayError(
      504,
      "SOURCE_API_READ_TIMEOUT",
      `Source API read timeout: no response received within ${Math.floor(readTimeoutMs / 1000)} seconds. The upstream API may be slow or unresponsive. Consider using async processing for long-running requests, or increasing REQUEST_TIMEOUT_SECONDS for this connector (or timeout_seconds in Terraform-based deployments).`,
    );
  }
  return new GatewayError(500, "CONNECTION_TO_SOURCE", `Error communicating with source API: ${message}`);
}
