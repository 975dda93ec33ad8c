/**
 * Side outputs (api-mode spec 1.15 step 2 and 4, 6.7): copies of what passed through the proxy, written
 * as gzip objects `<prefix><yyyyMMdd>/<requestId>` to the locations named by SIDE_OUTPUT_ORIGINAL (the
 * raw source response: unsanitized, so only ever written when explicitly configured) and
 * SIDE_OUTPUT_SANITIZED (what the client received). A failed write never fails the request: the
 * response gets `X-Psoxy-Warning: SIDE_OUTPUT_FAILURE_SANITIZED` (the reference's only emitted value).
 *
 * Object locations: `s3://bucket[/prefix]`, `gs://bucket[/prefix]`, and (an addition, for `psoxy
 * serve`) `file:///dir[/prefix]`; this file writes those. Queue locations (`https://sqs…`,
 * `https://pubsub…`, `projects/<p>/topics/<t>`) are written by side-output-queue.ts, and
 * side-output-targets.ts picks one or the other for a setting.
 */
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { ObjectStore } from "../storage/types.js";

const gzipAsync = promisify(gzip);

export const SIDE_OUTPUT_WARNING = "SIDE_OUTPUT_FAILURE_SANITIZED";

export type OutputScheme = "s3" | "gs" | "file";

export interface OutputLocation {
  scheme: OutputScheme;
  bucket: string;
  /** key prefix, "" or ending with "/" */
  prefix: string;
}

/** Parses an output location; throws an Error saying what is accepted. */
export function parseOutputLocation(uri: string): OutputLocation {
  const m = /^(s3|gs|file):\/\/([^/]*)(?:\/(.*))?$/.exec(uri.trim());
  if (!m) {
    throw new Error(
      `unsupported side output location "${uri}": use s3://bucket[/prefix], gs://bucket[/prefix] or file:///dir`,
    );
  }
  const scheme = m[1] as OutputScheme;
  let bucket = m[2];
  let rest = m[3] ?? "";
  if (scheme === "file") {
    // file:///tmp/out/prefix -> the whole path is the directory; objects go below it
    bucket = `/${rest}`.replace(/\/+$/, "");
    rest = "";
  } else if (bucket === "") {
    throw new Error(`side output location "${uri}" names no bucket`);
  }
  const prefix = rest === "" || rest.endsWith("/") ? rest : `${rest}/`;
  return { scheme, bucket, prefix };
}

/** `yyyyMMdd` of a date in UTC. */
export function dayStamp(d: Date): string {
  return d.toISOString().slice(0, 10).replaceAll("-", "");
}

/** Headers never copied into sanitized-output metadata (spec 6.7). */
const EXCLUDED_HEADERS = new Set([
  "host",
  "user-agent",
  "accept",
  "accept-encoding",
  "authorization",
  "content-length",
  "forwarded",
  "traceparent",
  "x-forwarded-for",
  "x-cloud-trace-context",
  "x-forwarded-proto",
]);

/** Metadata of a sanitized output object, from the inbound request (spec 6.7). */
export function sanitizedMetadata(
  inbound: {
    host: string | null;
    method: string;
    path: string;
    query: string;
    body?: string;
    headers: Headers;
  },
  meta: { rulesSha: string; version: string; saltHash: string },
): Record<string, string> {
  const out: Record<string, string> = {};
  if (inbound.host) out.API_HOST = inbound.host;
  out.HTTP_METHOD = inbound.method;
  out.PATH = inbound.path;
  out.QUERY_STRING = inbound.query;
  if (inbound.body !== undefined) out.REQUEST_BODY = Buffer.from(inbound.body).toString("base64");
  for (const [name, value] of inbound.headers) {
    const n = name.toLowerCase();
    if (EXCLUDED_HEADERS.has(n) || n.startsWith("x-amz-") || n.startsWith("x-goog-")) continue;
    if (n.startsWith("x-psoxy-") && n !== "x-psoxy-user-to-impersonate") continue;
    out[name] = value;
  }
  out["Rules-SHA"] = meta.rulesSha;
  out["Psoxy-Version"] = meta.version;
  out["PII-Salt-Sha256"] = meta.saltHash;
  return out;
}

/** Metadata of a raw (original) output object, from the outbound request (spec 6.7). */
export function originalMetadata(outbound: {
  method: string;
  url: string;
  body?: string;
}): Record<string, string> {
  const url = new URL(outbound.url);
  const path = url.pathname
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join("/");
  const query = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, string> = {
    API_HOST: url.host,
    HTTP_METHOD: outbound.method,
    PATH: path,
    QUERY_STRING: query.map(([k, v]) => `${k}=${v}`).join("&"),
  };
  if (outbound.body !== undefined) out.REQUEST_BODY = Buffer.from(outbound.body).toString("base64");
  return out;
}

/** Only printable ASCII survives as object metadata (S3 user metadata is sent as HTTP headers). */
function asciiMetadata(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) out[k] = /^[\x20-\x7e]*$/.test(v) ? v : encodeURIComponent(v);
  return out;
}

/** Where one side output goes: a bucket (SideOutput) or a queue (QueueSideOutput). */
export interface SideOutputWriter {
  /** Writes one output; resolves to false (never throws) when the write failed. */
  write(
    body: Buffer | string,
    metadata: Record<string, string>,
    now: Date,
    requestId?: string,
  ): Promise<boolean>;
}

export class SideOutput implements SideOutputWriter {
  constructor(
    readonly location: OutputLocation,
    private readonly store: ObjectStore,
  ) {}

  /** Writes one output object; resolves to false (never throws) when the write failed. */
  async write(
    body: Buffer | string,
    metadata: Record<string, string>,
    now: Date,
    requestId: string = randomUUID(),
  ): Promise<boolean> {
    try {
      const key = `${this.location.prefix}${dayStamp(now)}/${requestId}`;
      const gz = await gzipAsync(typeof body === "string" ? Buffer.from(body, "utf8") : body);
      await this.store.put(this.location.bucket, key, toIterable(gz), {
        contentType: "application/json",
        contentEncoding: "gzip",
        metadata: asciiMetadata(metadata),
      });
      return true;
    } catch {
      return false;
    }
  }
}

async function* toIterable(b: Buffer): AsyncIterable<Uint8Array> {
  yield b;
}
