/**
 * RS256 JWT assertions (spec 5.6, 5.7, 5.9), signed with `jose`: Microsoft client assertions (x5t
 * thumbprint header), GitHub App JWTs and Google service-account grants. Private keys are PEM (PKCS#1
 * or PKCS#8), raw or base64-wrapped; a key that does not parse is reported by property name only.
 */
import { createPrivateKey, type KeyObject, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { TokenRequestError } from "./errors.js";

/** Lifetime of client assertions (spec 5.6). */
export const ASSERTION_LIFETIME_SECONDS = 300;

export interface AssertionInput {
  key: KeyObject;
  /** extra protected header parameters (x5t, kid) besides alg RS256 and typ JWT */
  header?: Record<string, string>;
  /** claims besides iat and exp */
  claims: Record<string, unknown>;
  /** epoch millis */
  nowMs: number;
  lifetimeSeconds: number;
}

export async function signAssertion(input: AssertionInput): Promise<string> {
  const iat = Math.floor(input.nowMs / 1000);
  return new SignJWT(input.claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...input.header })
    .setIssuedAt(iat)
    .setExpirationTime(iat + input.lifetimeSeconds)
    .sign(input.key);
}

/**
 * The client assertion of spec 5.6/5.7: aud = the token endpoint, iss = sub = the client id, a random
 * jti, iat = now, exp = now + 300 s.
 */
export function clientAssertion(
  key: KeyObject,
  clientId: string,
  audience: string,
  nowMs: number,
  header?: Record<string, string>,
): Promise<string> {
  return signAssertion({
    key,
    header,
    claims: { aud: audience, iss: clientId, sub: clientId, jti: randomUUID() },
    nowMs,
    lifetimeSeconds: ASSERTION_LIFETIME_SECONDS,
  });
}

/**
 * An RSA private key from PEM (PKCS#1 `BEGIN RSA PRIVATE KEY` or PKCS#8 `BEGIN PRIVATE KEY`); the raw
 * value is tried first, then its base64 decoding. Throws TokenRequestError naming `property`.
 */
export function loadPrivateKey(value: string, property: string): KeyObject {
  const attempts = [value.trim()];
  const compact = value.replace(/\s+/g, "");
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact))
    attempts.push(Buffer.from(compact, "base64").toString("utf8").trim());
  for (const pem of attempts) {
    if (!pem.includes("-----BEGIN")) continue;
    try {
      const key = createPrivateKey({ key: pem, format: "pem" });
      if (key.asymmetricKeyType === "rsa") return key;
    } catch {
      // try the next form
    }
  }
  throw new TokenRequestError(`${property} is not a PEM RSA private key (PKCS#1 or PKCS#8, raw or base64)`);
}

/**
 * The `x5t` header of Microsoft client assertions from PRIVATE_KEY_ID (the certificate's SHA-1
 * thumbprint): trimmed, an openssl `sha1 Fingerprint=` prefix and `:` separators removed, hex-decoded,
 * base64url-encoded WITH `=` padding (as the reference's Base64 URL encoder writes it).
 */
export function x5tThumbprint(privateKeyId: string): string {
  const hex = privateKeyId
    .trim()
    .replace(/^sha1 fingerprint=/i, "")
    .replaceAll(":", "");
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) {
    throw new TokenRequestError("PRIVATE_KEY_ID is not a hex certificate thumbprint");
  }
  return Buffer.from(hex, "hex").toString("base64").replaceAll("+", "-").replaceAll("/", "_");
}
