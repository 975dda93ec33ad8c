/**
 * Headers of the source request (api-mode spec 1.11.5): `Accept: application/json` (unless the rules
 * forward the client's Accept), the client headers the rules allow (tokens reversed, named as the rules
 * spell them), `Accept-Encoding: gzip`, the User-Agent with its ` (gzip)` suffix, the body's content type
 * and the source credentials. Nothing else of the client's goes upstream.
 */
import { type Reverser, reverseInHeader } from "./request-reversal.js";

/** Headers the transport owns; forwarding them would corrupt the request. */
const TRANSPORT_HEADERS = new Set([
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "expect",
  "te",
  "trailer",
]);

export interface OutboundHeaderInput {
  inbound: Headers;
  /** header names the rules allow, as spelled there */
  allowed: readonly string[];
  reverse: Reverser;
  userAgent: string;
  /** set when a body is sent */
  contentType?: string;
  auth: Record<string, string>;
}

export function outboundHeaders(input: OutboundHeaderInput): Record<string, string> {
  const byLower = new Map<string, [string, string]>();
  const set = (name: string, value: string) => byLower.set(name.toLowerCase(), [name, value]);
  set("Accept", "application/json");
  for (const name of input.allowed) {
    if (TRANSPORT_HEADERS.has(name.toLowerCase())) continue;
    const value = input.inbound.get(name);
    if (value !== null) set(name, reverseInHeader(input.reverse, name, value));
  }
  set("Accept-Encoding", "gzip");
  set("User-Agent", `${input.userAgent} (gzip)`);
  if (input.contentType !== undefined) set("Content-Type", input.contentType);
  for (const [name, value] of Object.entries(input.auth)) set(name, value);
  return Object.fromEntries([...byLower.values()]);
}
