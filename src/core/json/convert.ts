/**
 * Conversions between the engine's JSON tree and plain JS values, plus structural equality used by
 * filters, tests and the conformance runner.
 */
import { JsonDouble, type JsonValue } from "./types.js";

/** Plain JS value (objects, arrays, numbers...) to a JSON tree. Non-integer numbers become doubles. */
export function fromPlain(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean" || typeof v === "bigint") return v;
  if (typeof v === "number") return Number.isInteger(v) ? v : new JsonDouble(v);
  if (v instanceof JsonDouble || v instanceof Map) return v as JsonValue;
  if (Array.isArray(v)) return v.map(fromPlain);
  if (typeof v === "object") {
    const m = new Map<string, JsonValue>();
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) m.set(k, fromPlain(val));
    return m;
  }
  throw new TypeError(`cannot convert ${typeof v} to JSON`);
}

/** JSON tree to plain JS values (big integers stay bigint; doubles become numbers). */
export function toPlain(v: JsonValue): unknown {
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, val] of v) o[k] = toPlain(val);
    return o;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof JsonDouble) return v.value;
  return v;
}

function numeric(v: JsonValue): number | bigint | undefined {
  if (typeof v === "number" || typeof v === "bigint") return v;
  if (v instanceof JsonDouble) return v.value;
  return undefined;
}

/**
 * Structural equality: objects ignore member order, arrays keep it, numbers compare by value
 * (integer 1 equals double 1.0).
 */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined || nb !== undefined) {
    if (na === undefined || nb === undefined) return false;
    if (typeof na === "bigint" || typeof nb === "bigint") {
      try {
        return BigInt(na) === BigInt(nb);
      } catch {
        return false;
      }
    }
    return na === nb;
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !jsonEquals(v, b.get(k)!)) return false;
    }
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEquals(a[i], b[i])) return false;
    return true;
  }
  return false;
}
