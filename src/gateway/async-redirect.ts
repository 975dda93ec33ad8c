/**
 * Step 14 (api-mode spec 1.14, 7.2): on the async leg only, a 3xx source response to a GET or HEAD that
 * still carries a `Location` (redirects not followed: FOLLOW_REDIRECTS=false, or a Location the source
 * client would not follow) is fetched by hand: https only, a plain GET without the source's credentials,
 * no further redirects, the source's TLS policy and timeouts. Its response replaces the source's.
 * Typical case: an export API answering 302 to a pre-signed download URL.
 */
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { HttpClient } from "../net/http-client.js";
import type { TlsVersion } from "./api-mode-config.js";
import { GatewayError } from "./gateway-error.js";
import { type SourceResponse, sourceHttpClient } from "./source-client.js";
import type { SourceTimeouts } from "./timeouts.js";

const gunzipAsync = promisify(gunzip);

export const ASYNC_REDIRECT_NOT_HTTPS_BODY = "Async redirect Location is not HTTPS; refusing to follow";

export interface AsyncRedirectOptions {
  tlsMaxVersion: TlsVersion;
  timeouts: SourceTimeouts;
  ca?: string | Buffer;
  /** outbound User-Agent (without the ` (gzip)` suffix) */
  userAgent: string;
}

function header(headers: SourceResponse["headers"], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Whether step 14 applies to this source response. */
export function isAsyncRedirect(method: string, res: SourceResponse): boolean {
  const m = method.toUpperCase();
  return (
    res.status >= 300 &&
    res.status < 400 &&
    header(res.headers, "location") !== undefined &&
    (m === "GET" || m === "HEAD")
  );
}

export class AsyncRedirectClient {
  private readonly http: HttpClient;

  constructor(private readonly options: AsyncRedirectOptions) {
    this.http = sourceHttpClient(options);
  }

  /**
   * Fetches the redirect target of `res` (which `isAsyncRedirect` accepted): 502 API_ERROR for a
   * Location that is not https, 500 CONNECTION_TO_SOURCE for a transport failure.
   */
  async follow(sourceUrl: string, res: SourceResponse): Promise<SourceResponse> {
    const location = header(res.headers, "location")!;
    let target: URL;
    try {
      target = new URL(location, sourceUrl);
    } catch {
      throw new GatewayError(502, "API_ERROR", ASYNC_REDIRECT_NOT_HTTPS_BODY, "unparsable redirect Location");
    }
    if (target.protocol !== "https:") {
      throw new GatewayError(502, "API_ERROR", ASYNC_REDIRECT_NOT_HTTPS_BODY);
    }
    try {
      const r = await this.http.send({
        url: target.href,
        method: "GET",
        headers: { "user-agent": `${this.options.userAgent} (gzip)`, "accept-encoding": "gzip" },
      });
      const raw = r.body;
      const enc = header(r.headers, "content-encoding")?.trim().toLowerCase();
      const body = (enc === "gzip" || enc === "x-gzip") && raw.length > 0 ? await gunzipAsync(raw) : raw;
      return { status: r.statusCode, headers: r.headers, body };
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const message =
        e instanceof Error ? e.message || (typeof code === "string" ? code : e.name) : String(e);
      throw new GatewayError(
        500,
        "CONNECTION_TO_SOURCE",
        `Error fetching content from redirect location: ${message}`,
      );
    }
  }

  async close(): Promise<void> {
    this.http.close();
  }
}
