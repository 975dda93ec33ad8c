/**
 * Reversal of `p~` tokens in what the client sends besides the URL (api-mode spec 1.11): the
 * impersonation header, forwarded headers and JSON / form bodies. An undecryptable token there is the
 * client's problem: 409 TOKENIZED_REQUEST_PARAMETER_INVALID (the URL case is 500, spec 1.7).
 */
import { parseJson } from "../core/json/parse.js";
import { serializeJson } from "../core/json/serialize.js";
import type { JsonValue } from "../core/json/types.js";
import { TokenDecryptionError } from "../core/pseudonyms/index.js";
import { formDecode } from "../core/rules/index.js";
import { GatewayError } from "./gateway-error.js";

/** Replaces every reversible token in a string by its original; throws `TokenDecryptionError`. */
export type Reverser = (text: string) => string;

export const CONNECTION_SETUP_BODY = "Failed to parse request; review logs";

export class UnsupportedContentTypeError extends Error {
  readonly code = "UNSUPPORTED_CONTENT_TYPE";
  constructor(contentType: string) {
    super(`Unsupported content type ${contentType}: request bodies must be JSON or form-urlencoded`);
    this.name = "UnsupportedContentTypeError";
  }
}

function tokenFailure(where: string, e: unknown): never {
  if (e instanceof TokenDecryptionError) {
    throw new GatewayError(409, "TOKENIZED_REQUEST_PARAMETER_INVALID", "", `undecryptable token in ${where}`);
  }
  throw e;
}

/** A header value with its tokens reversed; 409 when one cannot be decrypted. */
export function reverseInHeader(reverse: Reverser, name: string, value: string): string {
  try {
    return reverse(value);
  } catch (e) {
    return tokenFailure(`header ${name}`, e);
  }
}

/**
 * The outbound body: JSON string values (not keys) or form values with their tokens reversed, then
 * re-serialized. Throws 500 CONNECTION_SETUP for JSON that does not parse, 409 for a bad token and
 * `UnsupportedContentTypeError` (a generic 500, as in the reference) for any other content type.
 */
export function reverseInBody(reverse: Reverser, contentType: string, body: string): string {
  try {
    if (contentType.includes("application/json")) {
      let doc: JsonValue;
      try {
        doc = parseJson(body);
      } catch {
        throw new GatewayError(
          500,
          "CONNECTION_SETUP",
          CONNECTION_SETUP_BODY,
          "request body is not valid JSON",
        );
      }
      return serializeJson(reverseStrings(doc, reverse));
    }
    if (contentType.includes("application/x-www-form-urlencoded")) {
      return body
        .split("&")
        .filter((pair) => pair !== "")
        .map((pair) => {
          const eq = pair.indexOf("=");
          const name = formDecode(eq < 0 ? pair : pair.slice(0, eq));
          const value = eq < 0 ? "" : formDecode(pair.slice(eq + 1));
          return `${formEncode(name)}=${formEncode(reverse(value))}`;
        })
        .join("&");
    }
  } catch (e) {
    if (e instanceof GatewayError) throw e;
    return tokenFailure("request body", e);
  }
  throw new UnsupportedContentTypeError(contentType);
}

function reverseStrings(v: JsonValue, reverse: Reverser): JsonValue {
  if (typeof v === "string") return reverse(v);
  if (Array.isArray(v)) return v.map((x) => reverseStrings(x, reverse));
  if (v instanceof Map) {
    const out = new Map<string, JsonValue>();
    for (const [k, x] of v) out.set(k, reverseStrings(x, reverse));
    return out;
  }
  return v;
}

/** `application/x-www-form-urlencoded` encoding as Java's URLEncoder (UTF-8) writes it. */
export function formEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}
