/**
 * Source response headers the client gets (api-mode spec 1.15.3): content, caching and rate-limit
 * headers only, names lower-cased, repeated values joined with `,`. Everything else (cookies, Location,
 * WWW-Authenticate, encodings, custom headers) stays behind.
 */
import { ReplyHeaders } from "./reply.js";

const PASS_THROUGH = new Set([
  "content-type",
  "cache-control",
  "etag",
  "link",
  "expires",
  "last-modified",
  "retry-after",
]);
const RATE_LIMIT = /^x-ratelimit.*$/;

export function passThroughHeaders(source: Record<string, string | string[] | undefined>): ReplyHeaders {
  const out = new ReplyHeaders();
  for (const name in source) {
    const value = source[name];
    if (value === undefined || !Object.hasOwn(source, name)) continue;
    const lower = name.toLowerCase();
    if (!PASS_THROUGH.has(lower) && !RATE_LIMIT.test(lower)) continue;
    out.set(lower, Array.isArray(value) ? value.join(",") : value);
  }
  return out;
}
