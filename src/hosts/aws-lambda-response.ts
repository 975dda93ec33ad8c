/**
 * Web Response -> Lambda HTTP result, with the AWS response compression of api-mode spec 1.18 and
 * the response shapes of 6.1.6.
 */
import { gzipSync } from "node:zlib";
import type { LambdaEventKind } from "./aws-lambda-events.js";

export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  /** Payload 2.0 only: Set-Cookie values. */
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** Bodies shorter than this (in UTF-16 code units, like Java's String.length) are never compressed. */
export const COMPRESSION_MIN_CHARS = 2048;
export const COMPRESSION_WARNING = "compression-not-requested";

/** Compression is requested when Accept-Encoding contains `gzip` (case-sensitive, q-values ignored). */
export function compressionRequested(acceptEncoding: string | null | undefined): boolean {
  return acceptEncoding?.includes("gzip") ?? false;
}

export async function toLambdaResult(
  response: Response,
  kind: LambdaEventKind,
  acceptEncoding: string | null,
): Promise<LambdaResult> {
  const text = response.body === null ? "" : await response.text();
  return buildLambdaResult(response.status, response.headers, text, kind, acceptEncoding);
}

export function buildLambdaResult(
  status: number,
  source: Headers,
  text: string,
  kind: LambdaEventKind,
  acceptEncoding: string | null,
): LambdaResult {
  const headers: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of source) {
    if (name === "set-cookie") continue;
    headers[name] = value;
    multi[name] = [value];
  }
  const cookies = source.getSetCookie();
  if (cookies.length > 0) multi["set-cookie"] = cookies;
  // Compression replaces any length/encoding the gateway may have declared.
  delete headers["content-length"];
  delete multi["content-length"];

  let body = text;
  let isBase64Encoded = false;
  if (compressionRequested(acceptEncoding)) {
    if (text.length >= COMPRESSION_MIN_CHARS) {
      body = gzipSync(Buffer.from(text, "utf8")).toString("base64");
      isBase64Encoded = true;
      headers["content-encoding"] = "gzip";
      multi["content-encoding"] = ["gzip"];
    }
  } else if (kind === "v2") {
    // Only the function URL / payload 2.0 handler warns (1.18); payload 2.0 has no multi-value headers,
    // so repeated warnings are comma-joined (6.1.6 REC).
    const existing = headers["x-psoxy-warning"];
    headers["x-psoxy-warning"] = existing ? `${existing}, ${COMPRESSION_WARNING}` : COMPRESSION_WARNING;
  }

  const result: LambdaResult = { statusCode: status, headers, body, isBase64Encoded };
  if (kind === "v1") {
    // Repeated values travel in multiValueHeaders only, so that API Gateway's merge of the two maps
    // does not list them twice.
    const warning = headers["x-psoxy-warning"];
    if (warning !== undefined) {
      multi["x-psoxy-warning"] = warning.split(",").map((v) => v.trim());
      delete headers["x-psoxy-warning"];
    }
    result.multiValueHeaders = multi;
  } else if (cookies.length > 0) {
    result.cookies = cookies;
  }
  return result;
}
