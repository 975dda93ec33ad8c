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

/**
 * Per-response memo: value functions may remember results for the duration of one sanitize call (the
 * same address appears many times in a response). The sanitizer empties every registered cache when the
 * call ends, so no plaintext outlives the request.
 */
export class SanitizeSession {
  private readonly caches = new Set<Map<string, JsonValue> | Map<number, JsonValue>>();
  cache(): Map<string, JsonValue> {
    const m = new Map<string, JsonValue>();
    this.caches.add(m);
    return m;
  }
  numberCache(): Map<number, JsonValue> {
    const m = new Map<number, JsonValue>();
    this.caches.add(m);
    return m;
  }
  clear(): void {
    for (const c of this.caches) c.clear();
  }
}

export interface TransformContext {
  pseudonymizer: PseudonymizerLike;
  session?: SanitizeSession;
}

export type ValueFunction = (v: JsonValue) => JsonValue;

const MEMO_LIMIT = 20_000;

/**
 * Remembers a deterministic value function's results for string inputs within one sanitize call
 * (hashing and encryption are the costly part of sanitizing, and responses repeat the same people).
 */
export function memoizeStrings(fn: ValueFunction, session: SanitizeSession | undefined): ValueFunction {
  if (!session) return fn;
  const memo = session.cache();
  // numbers (ids are often numeric) are remembered apart: the same digits as a string may differ
  const numbers = session.numberCache();
  return (v) => {
    if (typeof v === "number") {
      const hit = numbers.get(v);
      if (hit !== undefined) return hit;
      const out = fn(v);
      if (numbers.size < MEMO_LIMIT) numbers.set(v, out);
      return out;
    }
    if (typeof v !== "string") return fn(v);
    const hit = memo.get(v);
    if (hit !== undefined) return hit;
    const out = fn(v);
    if (memo.size < MEMO_LIMIT) memo.set(v, out);
    return out;
  };
}
