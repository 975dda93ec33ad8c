/**
 * `PseudonymizedIdentity` and its three encodings (spec section 3.6): URL-safe token, JSON, bare hash.
 */

/** Prefixes of the token formats (each followed by unpadded base64url). */
export const TOKEN_PREFIX = {
  /** hash-only token (32 bytes) */
  hash: "t~",
  /** reversible: hash ‖ ciphertext */
  reversible: "p~",
  /** hashed e-mail domain */
  hashedDomain: "h~",
  /** encrypted e-mail domain: hash ‖ ciphertext */
  encryptedDomain: "e~",
} as const;

/** Separator between a token and its e-mail domain component. */
export const DOMAIN_SEPARATOR = "@";

/** The pseudonym of one value. `h_4` of the reference is never set, so it is not modelled. */
export interface PseudonymizedIdentity {
  /** E-mail domain component (clear, `h~…` or `e~…`), absent for non-e-mails and with REDACT. */
  readonly domain?: string;
  /** 43-char base64url hash of the canonical value. */
  readonly hash: string;
  /** The value as given (Java `toString`), only with `includeOriginal`. */
  readonly original?: string;
  /** `p~…[@domain]`, only with `includeReversible`. */
  readonly reversible?: string;
}

/**
 * `URL_SAFE_TOKEN` encoding: the reversible form when present, else `t~<hash>[@<domain>]`.
 * A LEGACY pseudonymizer writes identities carrying a reversible part as JSON instead (spec 3.7).
 */
export function encodeUrlSafeToken(identity: PseudonymizedIdentity, legacy = false): string {
  if (identity.reversible !== undefined) return legacy ? encodeJson(identity) : identity.reversible;
  return identity.domain !== undefined
    ? TOKEN_PREFIX.hash + identity.hash + DOMAIN_SEPARATOR + identity.domain
    : TOKEN_PREFIX.hash + identity.hash;
}

/** `URL_SAFE_HASH_ONLY` encoding: the bare hash. */
export function hashOnly(identity: PseudonymizedIdentity): string {
  return identity.hash;
}

/**
 * `JSON` encoding: compact Jackson serialisation in field order domain, hash, h_4, original, reversible
 * (absent fields omitted). The caller stores the result as a JSON *string* value.
 */
export function encodeJson(identity: PseudonymizedIdentity): string {
  let out = "{";
  let first = true;
  const field = (name: string, value: string | undefined): void => {
    if (value === undefined) return;
    out += `${first ? "" : ","}"${name}":${jacksonString(value)}`;
    first = false;
  };
  field("domain", identity.domain);
  field("hash", identity.hash);
  field("original", identity.original);
  field("reversible", identity.reversible);
  return `${out}}`;
}

/** JSON array of identities, as `pseudonymizeEmailHeader` writes with a non-token encoding. */
export function encodeJsonList(identities: readonly PseudonymizedIdentity[]): string {
  return `[${identities.map(encodeJson).join(",")}]`;
}

const NEEDS_ESCAPE = /["\\\x00-\x1f]/;
const HEX = "0123456789ABCDEF";

/** A JSON string literal as Jackson writes it (spec section 2): only `"`, `\` and controls are escaped. */
export function jacksonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(from, i);
    from = i + 1;
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += "\\\\";
        break;
      case 0x08:
        out += "\\b";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0c:
        out += "\\f";
        break;
      case 0x0d:
        out += "\\r";
        break;
      default:
        out += `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
    }
  }
  return `${out + s.slice(from)}"`;
}
