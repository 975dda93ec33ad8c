/**
 * What a transform needs from the outside world: a pseudonymizer configured with the deployment's
 * SALT / ENCRYPTION_KEY and e-mail options. Kept as an interface so transforms stay pure and testable.
 */
import type { JsonDouble, JsonValue } from "../json/types.js";

export interface Identity {
  domain?: string;
  hash: string;
  original?: string;
  reversible?: string;
}

export interface PseudonymizerLike {
  /** null for null / blank input. */
  pseudonymize(
    value: string | number | bigint | JsonDouble | null,
    options?: { includeReversible?: boolean; includeOriginal?: boolean },
  ): Identity | null;
  encodeUrlSafeToken(id: Identity): string;
  encodeJson(id: Identity): string;
  tokenize(value: string): string;
  hashIp(value: string): string | null;
  encryptIp(value: string): string | null;
  /** Request-scoped legacy flag (X-Psoxy-Pseudonym-Implementation: v0.3). */
  readonly legacy?: boolean;
}

export interface TransformContext {
  pseudonymizer: PseudonymizerLike;
}

export type ValueFunction = (v: JsonValue) => JsonValue;
