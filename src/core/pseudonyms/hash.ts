/**
 * Deterministic hashing primitives shared by every pseudonym, token and IP hash (spec section 3.2),
 * plus the legacy encoding that only survives in the `X-Psoxy-PII-Salt-Sha256` response header (3.7).
 */
import * as nodeCrypto from "node:crypto";

const { createHash } = nodeCrypto;
// One-shot hashing (Node >= 20.12) is several times faster than a Hash object per value; the hash of
// every pseudonymized value goes through here, so it matters. Older runtimes fall back to createHash.
const oneShot = (nodeCrypto as { hash?: (alg: string, data: string, enc: string) => string | Buffer }).hash;

/** Length in bytes of every hash (SHA-256). */
export const HASH_SIZE_BYTES = 32;

/** SHA-256 over UTF-8(value + salt): plain concatenation, salt LAST. */
export function hashBytes(value: string, salt: string): Buffer {
  if (oneShot) return oneShot("sha256", value + salt, "buffer") as Buffer;
  return createHash("sha256")
    .update(value + salt, "utf8")
    .digest();
}

/** `b64url(hashBytes(value, salt))`, computed in one native call. */
export function hashB64url(value: string, salt: string): string {
  if (oneShot) return oneShot("sha256", value + salt, "base64url") as string;
  return createHash("sha256")
    .update(value + salt, "utf8")
    .digest("base64url");
}

/** base64url (RFC 4648 section 5) without padding: 32 bytes -> 43 chars. */
export function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}

/**
 * Strict base64url decoding (Java `Base64.getUrlDecoder()` without padding): returns null when the text
 * holds a character outside the url-safe alphabet or has an impossible length (4n+1).
 * Node's own decoder silently skips bad characters, which would turn garbage into "valid" bytes.
 */
export function b64urlDecode(text: string): Buffer | null {
  let end = text.length;
  // Java accepts correct trailing padding too; tokens never carry it, but tolerate it like the reference.
  while (end > 0 && text.length - end < 2 && text.charCodeAt(end - 1) === 0x3d) end--;
  if (end < text.length && text.length % 4 !== 0) return null;
  if (end % 4 === 1) return null;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const ok =
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2d ||
      c === 0x5f;
    if (!ok) return null;
  }
  return Buffer.from(text.slice(0, end), "base64url");
}

/** Fixed suffix the reference appends to SALT before hashing it for the PII-salt header. */
const PII_SALT_SUFFIX = "f33c366c-ae91-4819-b221-f9794ebb8145";

/**
 * Legacy `HashUtils` encoding: standard base64 without padding, then `/` -> `_` and `+` -> `.`.
 * No longer used for pseudonyms.
 */
export function legacyB64(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  let end = b64.length;
  while (end > 0 && b64.charCodeAt(end - 1) === 0x3d) end--;
  return b64.slice(0, end).replaceAll("/", "_").replaceAll("+", ".");
}

/**
 * Value of the `X-Psoxy-PII-Salt-Sha256` response header: lets a data consumer check that two proxies share
 * a SALT without revealing it.
 */
export function piiSaltSha256(salt: string): string {
  return legacyB64(hashBytes(salt, PII_SALT_SUFFIX));
}

/**
 * Whether the legacy bare-hash pseudonym encoder (`Base64UrlSha256HashPseudonymEncoder`) accepts `s`:
 * the reference only checks that the UTF-8 form is 43 bytes long (the size of an unpadded 32-byte hash).
 */
export function legacyHashCanBeDecoded(s: string | null | undefined): boolean {
  return s != null && Buffer.byteLength(s, "utf8") === 43;
}
