/**
 * Typed errors of the pseudonymization core. Each carries a stable `code`; messages say what to fix and
 * never contain secrets, tokens or the values being pseudonymized.
 */

/** Base class: every pseudonymization error has a stable `code`. */
export abstract class PseudonymError extends Error {
  abstract readonly code: string;
}

/** A value of a type that cannot be pseudonymized (boolean, object, array...) reached the pseudonymizer. */
export class UnsupportedValueTypeError extends PseudonymError {
  readonly code = "PSEUDONYMIZE_UNSUPPORTED_TYPE";
  constructor(readonly valueType: string) {
    super(
      `cannot pseudonymize a value of type ${valueType}: only strings, integers and doubles can be pseudonymized; ` +
        "narrow the rule's JSONPath so it selects scalar values",
    );
    this.name = "UnsupportedValueTypeError";
  }
}

/** A reversible operation was requested but no encryption key is configured. */
export class MissingEncryptionKeyError extends PseudonymError {
  readonly code = "PSEUDONYM_NOT_REVERSIBLE";
  constructor(what: string, setting = "PSOXY_ENCRYPTION_KEY") {
    super(`${what} needs an encryption key, but none is configured; set ${setting}`);
    this.name = "MissingEncryptionKeyError";
  }
}

/** Why a token could not be decrypted. */
export type TokenDecryptionFailure = "NO_KEY" | "MALFORMED" | "WRONG_KEY";

/** A `p~` token could not be decrypted (no key, corrupted/truncated, or issued under another key/salt). */
export class TokenDecryptionError extends PseudonymError {
  readonly code = "TOKEN_DECRYPTION_FAILED";
  constructor(
    message: string,
    readonly reason: TokenDecryptionFailure,
  ) {
    super(message);
    this.name = "TokenDecryptionError";
  }
}

/** Pseudonymizer configuration is invalid (e.g. empty SALT, unknown policy name). */
export class PseudonymizerConfigError extends PseudonymError {
  readonly code = "PSEUDONYMIZER_CONFIG_INVALID";
  constructor(message: string) {
    super(message);
    this.name = "PseudonymizerConfigError";
  }
}
