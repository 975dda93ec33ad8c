/**
 * The one outbound HTTP client of the proxy (source calls, token endpoints, async redirects), on
 * node:http / node:https: keep-alive connection pools, TLS 1.2 minimum and a configurable maximum, an
 * extra trusted CA, and three timeouts with typed errors:
 * - `CONNECT_TIMEOUT`: no connection (TCP + TLS) within `connectTimeoutMs`;
 * - `HEADERS_TIMEOUT`: no response headers within `headersTimeoutMs` of sending the request;
 * - `BODY_TIMEOUT`: more than `bodyTimeoutMs` without a byte of the response body.
 * Transport errors keep Node's codes (ECONNREFUSED, ECONNRESET, ...). Response header names are
 * lower-case; a header sent more than once is an array, as received.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import { createSecureContext, rootCertificates } from "node:tls";

export type TlsMaxVersion = "TLSv1.2" | "TLSv1.3";

export interface HttpClientOptions {
  tlsMaxVersion: TlsMaxVersion;
  /** extra trusted CA (PEM), added to Node's root certificates */
  ca?: string | Buffer;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type HttpTimeoutCode = "CONNECT_TIMEOUT" | "HEADERS_TIMEOUT" | "BODY_TIMEOUT";

export class HttpTimeoutError extends Error {
  constructor(
    readonly code: HttpTimeoutCode,
    message: string,
  ) {
    super(message);
    this.name = "HttpTimeoutError";
  }
}

/** The request failed on a reused keep-alive connection before any response (see `send`). */
class StaleConnectionError extends Error {
  readonly code: string | undefined;
  constructor(readonly original: Error & { code?: string }) {
    super(original.message, { cause: original });
    this.name = "StaleConnectionError";
    this.code = original.code;
  }
}

export class HttpClient {
  private https: HttpsAgent | undefined;
  private http: HttpAgent | undefined;

  constructor(private readonly options: HttpClientOptions) {}

  private agentFor(protocol: string): HttpAgent | HttpsAgent {
    if (protocol === "http:") {
      this.http ??= new HttpAgent({ keepAlive: true, scheduling: "lifo" });
      return this.http;
    }
    const { ca, tlsMaxVersion } = this.options;
    // One secure context for every connection: built once (root certificates parsed once), and kept
    // out of the agent's per-request pool key, which would otherwise concatenate the whole CA list.
    this.https ??= new HttpsAgent({
      keepAlive: true,
      scheduling: "lifo",
      secureContext: createSecureContext({
        minVersion: "TLSv1.2",
        maxVersion: tlsMaxVersion,
        ...(ca === undefined ? {} : { ca: [...rootCertificates, ca.toString()] }),
      }),
    });
    return this.https;
  }

  /** Closes the pooled connections. */
  close(): void {
    this.https?.destroy();
    this.http?.destroy();
    this.https = undefined;
    this.http = undefined;
  }

  send(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      return Promise.reject(new Error(`unsupported URL scheme ${url.protocol}`));
    }
    // node:http copies the headers it is given, so they are only copied here when one is added
    let headers: Record<string, string> = req.headers ?? {};
    if (req.body !== undefined && !hasHeader(headers, "content-length")) {
      headers = { ...headers, "content-length": String(Buffer.byteLength(req.body)) };
    }
    return this.attempt(url, req, headers).catch((e: unknown) => {
      // A pooled connection the server (or a frozen Lambda's network) closed while it sat idle fails on
      // first use, before any response: such a request is sent again once, on a new connection.
      if (e instanceof StaleConnectionError) {
        // its idle siblings are likely gone too (a thawed Lambda): start the retry on a new connection
        const agent = this.agentFor(url.protocol);
        for (const sockets of Object.values(agent.freeSockets))
          for (const socket of sockets ?? []) socket.destroy();
        return this.attempt(url, req, headers);
      }
      throw e;
    });
  }

  private attempt(url: URL, req: HttpRequest, headers: Record<string, string>): Promise<HttpResponse> {
    const { connectTimeoutMs, headersTimeoutMs, bodyTimeoutMs } = this.options;
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise<HttpResponse>((resolve, reject) => {
      let responded = false;
      let settled = false;
      // One timer per exchange, re-armed with refresh() while its duration stays the same (the headers
      // and body timeouts usually are): a body chunk costs a list move instead of a new timer.
      let timer: NodeJS.Timeout | undefined;
      let timerMs = 0;
      let timeoutCode: HttpTimeoutCode = "CONNECT_TIMEOUT";
      let timeoutMessage = "";
      const onTimeout = () => fail(new HttpTimeoutError(timeoutCode, timeoutMessage));
      const arm = (ms: number, code: HttpTimeoutCode, message: string) => {
        if (settled) return;
        timeoutCode = code;
        timeoutMessage = message;
        if (timer !== undefined && timerMs === ms) {
          timer.refresh();
          return;
        }
        clearTimeout(timer);
        timer = setTimeout(onTimeout, ms);
        timerMs = ms;
      };
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        r.destroy(e);
        reject(e);
      };
      const r = send(url, { method: req.method, headers, agent: this.agentFor(url.protocol) }, (res) => {
        responded = true;
        arm(bodyTimeoutMs, "BODY_TIMEOUT", `no response body data within ${bodyTimeoutMs} ms`);
        const chunks: Buffer[] = [];
        const stalled = `response body stalled for ${bodyTimeoutMs} ms`;
        res.on("data", (c: Buffer) => {
          chunks.push(c);
          arm(bodyTimeoutMs, "BODY_TIMEOUT", stalled); // the same duration: a refresh
        });
        res.on("end", () => {
          if (settled) return;
          const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          let out: HttpResponse;
          try {
            out = { statusCode: res.statusCode ?? 0, headers: responseHeaders(res), body };
          } catch (e) {
            return fail(e as Error);
          }
          settled = true;
          clearTimeout(timer);
          resolve(out);
        });
        res.on("error", fail);
        res.on("aborted", () => fail(Object.assign(new Error("response aborted"), { code: "ECONNRESET" })));
      });
      r.on("error", (e: Error & { code?: string }) => {
        const stale = !responded && r.reusedSocket && (e.code === "ECONNRESET" || e.code === "EPIPE");
        fail(stale ? new StaleConnectionError(e) : e);
      });
      r.on("socket", (socket: Socket) => {
        const waitHeaders = () =>
          arm(headersTimeoutMs, "HEADERS_TIMEOUT", `no response headers within ${headersTimeoutMs} ms`);
        if (!socket.connecting) return waitHeaders();
        arm(connectTimeoutMs, "CONNECT_TIMEOUT", `no connection within ${connectTimeoutMs} ms`);
        socket.once(url.protocol === "https:" ? "secureConnect" : "connect", waitHeaders);
      });
      r.end(req.body);
    });
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/**
 * Header names lower-cased, a name received more than once as the array of its values. Usually that is
 * exactly `res.headers`, which the agent builds anyway to read Keep-Alive; `headersDistinct` (one array
 * per name) is only needed when a name repeats or for Set-Cookie, which `res.headers` always lists.
 */
function responseHeaders(res: IncomingMessage): HttpResponse["headers"] {
  const headers = res.headers;
  let names = 0;
  for (const _ in headers) names++;
  if (names * 2 === res.rawHeaders.length && headers["set-cookie"] === undefined) return headers;
  const out: HttpResponse["headers"] = {};
  for (const [name, values] of Object.entries(res.headersDistinct)) {
    if (values === undefined) continue;
    out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}
