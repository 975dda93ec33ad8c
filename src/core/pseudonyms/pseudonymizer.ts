/**
 * The pseudonymizer: one object per configuration (SALT, keys, e-mail policies) that turns values into
 * pseudonyms, tokens and IP hashes, and reverses `p~` tokens (spec sections 3.2-3.10, 4.11, 4.12).
 */
import { isBlank } from "../java/strings.js";
import { javaDoubleToString } from "../json/java-double.js";
import { JsonDouble } from "../json/types.js";
import {
  canonicalizeParsedEmail,
  type EmailCanonicalization,
  type ParsedEmail,
  parseEmail,
} from "./email.js";
import {
  MissingEncryptionKeyError,
  PseudonymizerConfigError,
  TokenDecryptionError,
  UnsupportedValueTypeError,
} from "./errors.js";
import { b64url, b64urlDecode, hashB64url, hashBytes } from "./hash.js";
import {
  DOMAIN_SEPARATOR,
  encodeJson,
  encodeJsonList,
  encodeUrlSafeToken,
  hashOnly,
  type PseudonymizedIdentity,
  TOKEN_PREFIX,
} from "./identity.js";
import { canonicalIp } from "./ip.js";
import { replaceReversiblePseudonyms } from "./reverse.js";
import { decryptReversible, deriveKey, encryptReversible } from "./reversible.js";

export type EmailDomainHandling = "PRESERVE" | "ENCRYPT" | "TOKENIZE" | "REDACT";

/** Pseudonymizer settings (spec 3.1). Absent IP / e-mail-domain salts and keys fall back to the main ones. */
export interface PseudonymizerConfig {
  /** PSOXY_SALT */
  readonly salt: string;
  /** PSOXY_ENCRYPTION_KEY; without it every reversible operation throws. */
  readonly encryptionKey?: string;
  /** SALT_IP */
  readonly saltIp?: string;
  /** ENCRYPTION_KEY_IP */
  readonly encryptionKeyIp?: string;
  /** SALT_EMAIL_DOMAINS */
  readonly saltEmailDomains?: string;
  /** ENCRYPTION_KEY_EMAIL_DOMAINS */
  readonly encryptionKeyEmailDomains?: string;
  /** EMAIL_CANONICALIZATION (case-insensitive); default STRICT. */
  readonly emailCanonicalization?: EmailCanonicalization;
  /** EMAIL_DOMAIN_HANDLING (case-insensitive); default PRESERVE. */
  readonly emailDomainHandling?: EmailDomainHandling;
  /** LEGACY (v0.3) per-request pseudonymizer: reversible URL_SAFE_TOKEN pseudonyms are written as JSON. */
  readonly legacy?: boolean;
}

export interface PseudonymizeOptions {
  readonly includeReversible?: boolean;
  readonly includeOriginal?: boolean;
}

/** The values the pseudonymizer accepts; callers reject booleans, objects and arrays before calling. */
export type PseudonymizableValue = string | number | bigint | JsonDouble | null | undefined;

/** One (salt, key) set; the AES key is derived on first use. */
class KeySet {
  private key: Buffer | null | undefined;
  constructor(
    readonly salt: string,
    private readonly password: string | undefined,
    /** Settings to name in errors when the key is missing. */
    readonly keySetting: string,
  ) {}

  /** The AES key, or null when none is configured. */
  aesKey(): Buffer | null {
    if (this.key === undefined) {
      this.key = this.password === undefined ? null : deriveKey(this.password, this.salt);
    }
    return this.key;
  }

  requireKey(what: string): Buffer {
    const key = this.aesKey();
    if (key === null) throw new MissingEncryptionKeyError(what, this.keySetting);
    return key;
  }
}

function enumSetting<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  dflt: T,
): T {
  if (value === undefined) return dflt;
  const upper = typeof value === "string" ? value.toUpperCase() : "";
  const found = allowed.find((a) => a === upper);
  if (found === undefined) {
    throw new PseudonymizerConfigError(`${name} must be one of ${allowed.join(", ")}`);
  }
  return found;
}

function requireString(name: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw new PseudonymizerConfigError(`${name} is required; set it to a secret random string`);
    return undefined;
  }
  if (typeof value !== "string") throw new PseudonymizerConfigError(`${name} must be a string`);
  return value;
}

/** Java `toString` of a JSON scalar, i.e. the text that gets hashed (spec 3.2). */
export function javaToString(value: string | number | bigint | JsonDouble): string {
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof JsonDouble) return javaDoubleToString(value.value);
  if (typeof value === "number") {
    // integers of the JSON tree are numbers when safe; anything else is a double
    return Number.isInteger(value) ? BigInt(value).toString() : javaDoubleToString(value);
  }
  throw new UnsupportedValueTypeError(describeType(value));
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof JsonDouble) return "number";
  return typeof value;
}

export class Pseudonymizer {
  readonly emailCanonicalization: EmailCanonicalization;
  readonly emailDomainHandling: EmailDomainHandling;
  readonly legacy: boolean;
  private readonly main: KeySet;
  private readonly ip: KeySet;
  private readonly emailDomains: KeySet;

  constructor(config: PseudonymizerConfig) {
    const salt = requireString("PSOXY_SALT", config.salt, true)!;
    const key = requireString("PSOXY_ENCRYPTION_KEY", config.encryptionKey, false);
    const saltIp = requireString("SALT_IP", config.saltIp, false) ?? salt;
    const keyIp = requireString("ENCRYPTION_KEY_IP", config.encryptionKeyIp, false) ?? key;
    const saltDomains = requireString("SALT_EMAIL_DOMAINS", config.saltEmailDomains, false) ?? salt;
    const keyDomains =
      requireString("ENCRYPTION_KEY_EMAIL_DOMAINS", config.encryptionKeyEmailDomains, false) ?? key;
    this.main = new KeySet(salt, key, "PSOXY_ENCRYPTION_KEY");
    this.ip = new KeySet(saltIp, keyIp, "ENCRYPTION_KEY_IP or PSOXY_ENCRYPTION_KEY");
    this.emailDomains = new KeySet(
      saltDomains,
      keyDomains,
      "ENCRYPTION_KEY_EMAIL_DOMAINS or PSOXY_ENCRYPTION_KEY",
    );
    this.emailCanonicalization = enumSetting(
      "EMAIL_CANONICALIZATION",
      config.emailCanonicalization,
      ["STRICT", "IGNORE_DOTS"] as const,
      "STRICT",
    );
    this.emailDomainHandling = enumSetting(
      "EMAIL_DOMAIN_HANDLING",
      config.emailDomainHandling,
      ["PRESERVE", "ENCRYPT", "TOKENIZE", "REDACT"] as const,
      "PRESERVE",
    );
    this.legacy = config.legacy === true;
  }

  /** Whether reversible operations on the main key set are possible. */
  get canReverse(): boolean {
    return this.main.aesKey() !== null;
  }

  /**
   * Pseudonym of a JSON scalar (spec 3.6, 3.8). Returns null for null/undefined and blank strings.
   * Strings that are e-mail addresses are hashed in canonical form and get a domain component; numbers
   * hash their Java `toString` and are never e-mails. Throws `UnsupportedValueTypeError` for anything else,
   * `MissingEncryptionKeyError` when a reversible part is requested without a key.
   */
  pseudonymize(value: PseudonymizableValue, options: PseudonymizeOptions = {}): PseudonymizedIdentity | null {
    if (value === null || value === undefined) return null;
    let text: string;
    let email: ParsedEmail | null = null;
    if (typeof value === "string") {
      if (isBlank(value)) return null;
      text = value;
      email = parseEmail(value);
    } else if (typeof value === "number" || typeof value === "bigint" || value instanceof JsonDouble) {
      text = javaToString(value);
    } else {
      throw new UnsupportedValueTypeError(describeType(value));
    }
    const canonical = email === null ? text : canonicalizeParsedEmail(email, this.emailCanonicalization);
    const reversible = options.includeReversible === true;
    const h = reversible ? hashBytes(canonical, this.main.salt) : undefined;
    const domain = email === null ? undefined : this.domainComponent(email.domain);
    const hash = h === undefined ? hashB64url(canonical, this.main.salt) : b64url(h);
    const identity: { domain?: string; hash: string; original?: string; reversible?: string } =
      domain === undefined ? { hash } : { domain, hash };
    if (options.includeOriginal === true) identity.original = text;
    if (h !== undefined) {
      const key = this.main.requireKey("a reversible pseudonym (includeReversible)");
      const token = TOKEN_PREFIX.reversible + b64url(encryptReversible(h, text, key));
      identity.reversible = domain === undefined ? token : token + DOMAIN_SEPARATOR + domain;
    }
    return identity;
  }

  /** Domain component of an e-mail pseudonym under EMAIL_DOMAIN_HANDLING (spec 3.4); case preserved. */
  domainComponent(domain: string): string | undefined {
    switch (this.emailDomainHandling) {
      case "PRESERVE":
        return domain;
      case "REDACT":
        return undefined;
      case "TOKENIZE":
        return TOKEN_PREFIX.hashedDomain + b64url(hashBytes(domain, this.emailDomains.salt));
      case "ENCRYPT": {
        const key = this.emailDomains.requireKey("EMAIL_DOMAIN_HANDLING=ENCRYPT");
        const token = encryptReversible(hashBytes(domain, this.emailDomains.salt), domain, key);
        return TOKEN_PREFIX.encryptedDomain + b64url(token);
      }
    }
  }

  /** `URL_SAFE_TOKEN` encoding (JSON for a LEGACY pseudonymizer when the identity is reversible). */
  encodeUrlSafeToken(identity: PseudonymizedIdentity): string {
    return encodeUrlSafeToken(identity, this.legacy);
  }

  /** `JSON` encoding (a JSON text, to be stored as a string value). */
  encodeJson(identity: PseudonymizedIdentity): string {
    return encodeJson(identity);
  }

  /** JSON array text of several identities. */
  encodeJsonList(identities: readonly PseudonymizedIdentity[]): string {
    return encodeJsonList(identities);
  }

  /** `URL_SAFE_HASH_ONLY` encoding. */
  hashOnly(identity: PseudonymizedIdentity): string {
    return hashOnly(identity);
  }

  /**
   * `tokenize` (spec 3.10): `p~` + base64url(hash(x) ‖ AES(x)) with the main key set; the value is hashed
   * as is (never e-mail canonicalised) and has no domain suffix.
   */
  tokenize(x: string): string {
    const key = this.main.requireKey("tokenize");
    return TOKEN_PREFIX.reversible + b64url(encryptReversible(hashBytes(x, this.main.salt), x, key));
  }

  /** `hashIp` (spec 4.11): `t~` + hash of the canonical IP literal, or null when `s` is not an IP literal. */
  hashIp(s: string): string | null {
    const canonical = canonicalIp(s);
    return canonical === null ? null : TOKEN_PREFIX.hash + hashB64url(canonical, this.ip.salt);
  }

  /** `encryptIp` (spec 4.12): reversible token of the canonical IP literal, or null when not a literal. */
  encryptIp(s: string): string | null {
    const canonical = canonicalIp(s);
    if (canonical === null) return null;
    const key = this.ip.requireKey("encryptIp");
    return (
      TOKEN_PREFIX.reversible + b64url(encryptReversible(hashBytes(canonical, this.ip.salt), canonical, key))
    );
  }

  /** Original plaintext of a reversible token given without its `p~` prefix (and without any `@domain`). */
  decryptToken(b64urlWithoutPrefix: string): string {
    const key = this.main.aesKey();
    if (key === null) {
      throw new TokenDecryptionError(
        "request contains a reversible pseudonym but no encryption key is configured; set PSOXY_ENCRYPTION_KEY",
        "NO_KEY",
      );
    }
    const bytes = b64urlDecode(b64urlWithoutPrefix);
    if (bytes === null) {
      throw new TokenDecryptionError(
        "reversible pseudonym is not valid base64url; check it was not altered",
        "MALFORMED",
      );
    }
    return decryptReversible(bytes, key);
  }

  /**
   * Replaces every reversible pseudonym in `text` (with any `@domain` suffix) by its original (spec 3.9).
   * Throws `TokenDecryptionError` if one cannot be decrypted or no key is configured.
   */
  reverseAll(text: string): string {
    return replaceReversiblePseudonyms(text, (b64) => this.decryptToken(b64));
  }
}

/** Creates a pseudonymizer; throws `PseudonymizerConfigError` on invalid settings. */
export function createPseudonymizer(config: PseudonymizerConfig): Pseudonymizer {
  return new Pseudonymizer(config);
}
