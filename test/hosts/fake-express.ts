/**
 * Request/response objects shaped like the ones `@google-cloud/functions-framework` hands to an HTTP
 * function (Express `req` with `rawBody` and a parsed `body`; Express `res`), without Express.
 */
import type { GcpRequest, GcpResponse } from "../../src/hosts/gcp-functions.js";

export interface FakeRequestInput {
  method?: string;
  /** Path and raw query, e.g. `/calendar/v3/x?a=1`. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function fakeRequest(input: FakeRequestInput): GcpRequest {
  const headers: Record<string, string> = {};
  const rawHeaders: string[] = [];
  for (const [k, v] of Object.entries(input.headers ?? {})) {
    headers[k.toLowerCase()] = v;
    rawHeaders.push(k, v);
  }
  const raw = input.body === undefined ? undefined : Buffer.from(input.body);
  let parsed: unknown = {};
  if (raw && (headers["content-type"] ?? "").includes("json")) {
    try {
      parsed = JSON.parse(raw.toString("utf8"));
    } catch {
      parsed = {};
    }
  }
  return {
    method: input.method ?? "GET",
    url: input.url,
    originalUrl: input.url,
    headers,
    rawHeaders,
    rawBody: raw,
    body: parsed,
    readable: false,
    readableEnded: true,
  };
}

export interface FakeResponse extends GcpResponse {
  headers: Record<string, string | string[]>;
  chunks: Buffer[];
  ended: boolean;
  text(): string;
  done: Promise<void>;
}

export function fakeResponse(): FakeResponse {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const res: FakeResponse = {
    statusCode: 200,
    headers: {},
    chunks: [],
    ended: false,
    headersSent: false,
    done,
    setHeader(name, value) {
      if (this.headersSent) throw new Error("headers already sent");
      this.headers[name.toLowerCase()] = value;
      return this;
    },
    end(chunk) {
      if (chunk !== undefined) this.chunks.push(Buffer.from(chunk as Uint8Array));
      this.headersSent = true;
      this.ended = true;
      resolve();
      return this;
    },
    text() {
      return Buffer.concat(this.chunks).toString("utf8");
    },
  };
  return res;
}
