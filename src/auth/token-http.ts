/**
 * Calls to token endpoints and identity-token sources (spec 5 notes, 1.11): the proxy's User-Agent, TLS
 * 1.2 minimum and TLS_VERSION maximum, the extra CA, a connect and read timeout (default 20 s, the
 * reference's HTTP library default). Failures are typed for the gateway: a timeout is
 * `TokenEndpointTimeoutError` (502 NETWORK_EGRESS_BLOCKED); a non-2xx answer or any other transport
 * error is `TokenRequestError` (500 CONNECTION_SETUP). Messages name the endpoint without its query
 * (Gong's carries the refresh token) and the OAuth `error` code, never the body or a credential.
 */
import { HttpClient } from "../net/http-client.js";
import { TokenEndpointTimeoutError, TokenRequestError } from "./errors.js";
import type { TokenHttpSettings } from "./strategy.js";

export const DEFAULT_TOKEN_TIMEOUT_MS = 20_000;

export interface TokenHttpRequest {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  /** sent as `application/x-www-form-urlencoded`, in this order; [] = an empty form */
  form?: readonly (readonly [string, string])[];
  /** what is called, for messages: "token endpoint", "GCP metadata server" */
  what: string;
}

const TIMEOUT_CODES = new Set(["CONNECT_TIMEOUT", "HEADERS_TIMEOUT", "BODY_TIMEOUT", "ETIMEDOUT"]);

export class TokenHttpClient {
  private http: HttpClient | undefined;

  constructor(
    private readonly settings: TokenHttpSettings,
    private readonly timeoutMs: number = DEFAULT_TOKEN_TIMEOUT_MS,
  ) {}

  private client(): HttpClient {
    const { ca, tlsMaxVersion } = this.settings;
    this.http ??= new HttpClient({
      tlsMaxVersion: tlsMaxVersion ?? "TLSv1.3",
      ca,
      connectTimeoutMs: this.timeoutMs,
      headersTimeoutMs: this.timeoutMs,
      bodyTimeoutMs: this.timeoutMs,
    });
    return this.http;
  }

  async close(): Promise<void> {
    this.http?.close();
    this.http = undefined;
  }

  /** The response body of a 2xx answer; throws TokenRequestError / TokenEndpointTimeoutError. */
  async send(req: TokenHttpRequest): Promise<string> {
    const headers: Record<string, string> = {
      "User-Agent": this.settings.userAgent ?? "Psoxy",
      Accept: "application/json",
      ...req.headers,
    };
    let body: string | undefined;
    if (req.form !== undefined) {
      body = encodeForm(req.form);
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    const where = `${req.what} ${endpointForMessages(req.url)}`;
    let status: number;
    let text: string;
    try {
      const res = await this.client().send({ method: req.method, url: req.url, headers, body });
      status = res.statusCode;
      text = res.body.toString("utf8");
    } catch (e) {
      const code = errorCode(e);
      if (code !== undefined && TIMEOUT_CODES.has(code)) {
        throw new TokenEndpointTimeoutError(`${where} timed out (${code})`, { cause: e });
      }
      throw new TokenRequestError(`${where} could not be reached (${code ?? errorName(e)})`, { cause: e });
    }
    if (status < 200 || status >= 300) {
      const oauthError = oauthErrorCode(text);
      throw new TokenRequestError(`${where} answered HTTP ${status}${oauthError ? ` (${oauthError})` : ""}`);
    }
    return text;
  }
}

/** `application/x-www-form-urlencoded` as Java's URLEncoder writes it (space as `+`, `*-._` kept). */
export function formEncode(s: string): string {
  return new URLSearchParams([["", s]]).toString().slice(1);
}

export function encodeForm(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join("&");
}

/** Scheme, host and path: never the query, which may carry a credential. */
export function endpointForMessages(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** The OAuth `error` field of an error answer (e.g. `invalid_grant`), when it is a plain code. */
function oauthErrorCode(text: string): string | undefined {
  try {
    const doc = JSON.parse(text) as { error?: unknown };
    const code = doc?.error;
    return typeof code === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

export function errorCode(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string") return code;
  if (e instanceof AggregateError) return errorCode(e.errors[0]);
  return errorCode(e.cause);
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : typeof e;
}
