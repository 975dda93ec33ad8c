/**
 * Evaluates one conformance-corpus vector of a pseudonym / e-mail kind (see the corpus README for each
 * kind's definition). Used by the unit tests and by `psoxy rules test`.
 */
import { type EmailCanonicalization, isValidAddressList, parseEmail, parseHeaderMailboxes } from "./email.js";
import { b64url, b64urlDecode, hashBytes, legacyHashCanBeDecoded } from "./hash.js";
import { DOMAIN_SEPARATOR, TOKEN_PREFIX } from "./identity.js";
import { createPseudonymizer, type EmailDomainHandling, type Pseudonymizer } from "./pseudonymizer.js";
import { matchReversiblePseudonym } from "./reverse.js";
import { decryptReversible, decryptReversibleGcm, deriveKey, encryptReversible } from "./reversible.js";

/** Vector kinds `runPseudonymVector` understands. */
export const PSEUDONYM_VECTOR_KINDS: readonly string[] = [
  "hash-token",
  "pseudonym-encode",
  "reverse-pseudonyms",
  "decrypt-reversible-token",
  "reversible-pattern",
  "legacy-hash-can-be-decoded",
  "pseudonymize-domain",
  "pseudonymize-hash-relation",
  "pseudonymize-identity",
  "email-parse-domain",
  "email-parse-local-part",
  "email-address-list-valid",
  "email-header-address-count",
];

export interface PseudonymVector {
  readonly id?: string;
  readonly kind: string;
  readonly input: unknown;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly expected: unknown;
}

/** Corpus-wide secrets (`cases.json` -> `secrets`); the corpus uses salt `salt` and key `secret`. */
export interface VectorSecrets {
  readonly salt?: string;
  readonly encryptionKey?: string;
}

export interface VectorResult {
  readonly ok: boolean;
  readonly actual: unknown;
}

function str(options: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = options[name];
  return typeof v === "string" ? v : undefined;
}

function inputString(v: PseudonymVector): string {
  if (typeof v.input !== "string") throw new TypeError(`vector ${v.id ?? v.kind}: input must be a string`);
  return v.input;
}

function pseudonymizerFor(options: Readonly<Record<string, unknown>>, secrets: VectorSecrets): Pseudonymizer {
  return createPseudonymizer({
    salt: str(options, "salt") ?? secrets.salt ?? "salt",
    encryptionKey: str(options, "encryptionKey") ?? secrets.encryptionKey ?? "secret",
    saltIp: str(options, "saltIp"),
    encryptionKeyIp: str(options, "encryptionKeyIp"),
    saltEmailDomains: str(options, "saltEmailDomains"),
    encryptionKeyEmailDomains: str(options, "encryptionKeyEmailDomains"),
    emailCanonicalization: (str(options, "emailCanonicalization") ?? "STRICT") as EmailCanonicalization,
    emailDomainHandling: (str(options, "emailDomainHandling") ?? "PRESERVE") as EmailDomainHandling,
    legacy: str(options, "pseudonymImplementation") === "LEGACY",
  });
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function evaluate(v: PseudonymVector, secrets: VectorSecrets): unknown {
  const options = v.options ?? {};
  const salt = str(options, "salt") ?? secrets.salt ?? "salt";
  const password = str(options, "encryptionKey") ?? secrets.encryptionKey ?? "secret";
  switch (v.kind) {
    case "hash-token":
      return TOKEN_PREFIX.hash + b64url(hashBytes(inputString(v), salt));
    case "pseudonym-encode": {
      // no canonicalisation: the input is hashed and encrypted as given
      const input = inputString(v);
      const h = hashBytes(input, salt);
      const domain = str(options, "domain");
      const suffix = domain === undefined ? "" : DOMAIN_SEPARATOR + domain;
      if (options.includeReversible === true) {
        if ((str(options, "reversibleCipher") ?? "AES-CBC") !== "AES-CBC") {
          throw new Error("pseudonym-encode: only AES-CBC reversible pseudonyms are produced");
        }
        return (
          TOKEN_PREFIX.reversible + b64url(encryptReversible(h, input, deriveKey(password, salt))) + suffix
        );
      }
      return TOKEN_PREFIX.hash + b64url(h) + suffix;
    }
    case "reverse-pseudonyms":
      return pseudonymizerFor(options, secrets).reverseAll(inputString(v));
    case "decrypt-reversible-token": {
      const bytes = b64urlDecode(inputString(v));
      if (bytes === null) throw new Error("decrypt-reversible-token: input is not base64url");
      const key = deriveKey(password, salt);
      return str(options, "cipher") === "AES-GCM"
        ? decryptReversibleGcm(bytes, key)
        : decryptReversible(bytes, key);
    }
    case "reversible-pattern":
      return matchReversiblePseudonym(inputString(v));
    case "legacy-hash-can-be-decoded":
      return legacyHashCanBeDecoded(v.input as string | null);
    case "pseudonymize-domain": {
      const id = pseudonymizerFor(options, secrets).pseudonymize(inputString(v));
      return id?.domain ?? null;
    }
    case "pseudonymize-hash-relation": {
      const p = pseudonymizerFor(options, secrets);
      const expected = v.expected as { sameHashAs?: string; differentHashFrom?: string };
      const hash = p.pseudonymize(inputString(v))?.hash ?? null;
      const other = expected.sameHashAs ?? expected.differentHashFrom;
      const otherHash = other === undefined ? null : (p.pseudonymize(other)?.hash ?? null);
      const same = hash !== null && hash === otherHash;
      // report the observed relation in the vector's own terms, so `actual` equals `expected` on success
      return same ? { sameHashAs: other } : { differentHashFrom: other };
    }
    case "pseudonymize-identity": {
      const input = v.input;
      if (input !== null && typeof input !== "string" && typeof input !== "number") {
        throw new TypeError("pseudonymize-identity: input must be a string, a number or null");
      }
      return pseudonymizerFor(options, secrets).pseudonymize(input) ?? null;
    }
    case "email-parse-domain":
      return typeof v.input === "string" ? (parseEmail(v.input)?.domain ?? null) : null;
    case "email-parse-local-part":
      return typeof v.input === "string" ? (parseEmail(v.input)?.local ?? null) : null;
    case "email-address-list-valid":
      return isValidAddressList(inputString(v));
    case "email-header-address-count":
      return parseHeaderMailboxes(inputString(v)).length;
    default:
      throw new Error(`not a pseudonym vector kind: ${v.kind}`);
  }
}

/**
 * Evaluates one vector. Never throws: an error becomes `actual = { error: code-or-name, message }` and fails
 * the vector.
 */
export function runPseudonymVector(vector: PseudonymVector, secrets: VectorSecrets = {}): VectorResult {
  try {
    const actual = evaluate(vector, secrets);
    return { ok: deepEqual(actual, vector.expected), actual };
  } catch (e) {
    const err = e as { code?: unknown; name?: unknown; message?: unknown };
    const code = typeof err.code === "string" ? err.code : typeof err.name === "string" ? err.name : "Error";
    return { ok: false, actual: { error: code, message: String(err.message ?? e) } };
  }
}
