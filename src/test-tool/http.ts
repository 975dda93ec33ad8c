/**
 * The test tool's HTTP client (infra spec 11.1): node:https (http only for loopback hosts, e.g. a local
 * `psoxy serve`), a 25 s timeout, `User-Agent: psoxy-test (gzip)` (GCP compresses only for it), gzip /
 * deflate responses decompressed, the body parsed as JSON when possible.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

export const DEFAULT_TIMEOUT_MS = 25_000;
export const USER_AGENT = "psoxy-test (gzip)";

export interface TestRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** Disables TLS verification (self-signed PoC endpoints). */
  insecure?: boolean;
  /** Extra CA certificates (PEM) to trust. */
  ca?: string;
}

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Decompressed body text. */
  text: string;
  /** Parsed JSON body, when it is JSON. */
  json?: unknown;
  /** Milliseconds from sending to the end of the body. */
  elapsedMs: number;
}

export class TestToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TestToolError";
  }
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(?:\.\d{1,3}){3}$/.test(h);
}

export function checkUrl(url: URL): void {
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return;
  if (url.protocol === "http:")
    throw new TestToolError(`${url.href}: only https:// URLs are allowed (http:// only for loopback hosts)`);
  throw new TestToolError(`${url.href}: not an https:// URL`);
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  const e = (encoding ?? "").trim().toLowerCase();
  if (body.length === 0) return body;
  if (e === "gzip" || e === "x-gzip") return gunzipSync(body);
  if (e === "deflate") {
    try {
      return inflateSync(body);
    } catch {
      return body;
    }
  }
  if (e === "br") return brotliDecompressSync(body);
  return body;
}

export function send(req: TestRequest): Promise<TestResponse> {
  checkUrl(req.url);
  const started = Date.now();
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
  const options = {
    method: req.method,
    headers,
    ...(req.url.protocol === "https:"
      ? { rejectUnauthorized: !req.insecure, ...(req.ca ? { ca: req.ca } : {}) }
      : {}),
  };
  const requestFn = req.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const r = requestFn(req.url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        try {
          const raw = decode(Buffer.concat(chunks), res.headers["content-encoding"] as string | undefined);
          const text = raw.toString("utf8");
          let json: unknown;
          try {
            json = text.trim() === "" ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            elapsedMs: Date.now() - started,
          });
        } catch (e) {
          reject(e);
        }
      });
    });
    r.setTimeout(timeoutMs, () => {
      r.destroy(new TestToolError(`Psoxy is taking too long to respond (more than ${timeoutMs / 1000} s)`));
    });
    r.on("error", reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}
