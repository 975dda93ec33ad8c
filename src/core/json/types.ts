/**
 * The JSON tree every engine module works on.
 *
 * Why not plain JS values: the reference keeps object members in document order (JS objects move
 * integer-like keys first), keeps integers exact at any size (JS numbers lose precision above 2^53) and
 * distinguishes the integer `1` from the double `1.0` (they hash and serialize differently). So:
 *
 * - object  -> `Map<string, JsonValue>` (insertion order = document order)
 * - array   -> `JsonValue[]`
 * - integer -> `number` when it is a safe integer, `bigint` beyond that
 * - double  -> `JsonDouble` (any literal with `.`, `e` or `E`; the IEEE-754 value it parses to)
 * - string, boolean, null as themselves
 */
export class JsonDouble {
  constructor(readonly value: number) {}
}

export type JsonObject = Map<string, JsonValue>;
/**
 * An object as `JSON.parse` builds it. Only the API sanitizer's fast path produces these, and only for
 * bodies whose objects have no integer-like or `__proto__` keys (so JS keeps document order) and whose
 * numbers are all safe integers. A member whose value is `undefined` is absent (redaction assigns
 * `undefined` rather than deleting, which keeps V8's fast object shapes; JSON.stringify skips it).
 */
export interface PlainJsonObject {
  [key: string]: JsonValue | undefined;
}
export type JsonArray = JsonValue[];
export type JsonValue =
  | null
  | boolean
  | string
  | number
  | bigint
  | JsonDouble
  | JsonArray
  | JsonObject
  | PlainJsonObject;

export function isJsonObject(v: unknown): v is JsonObject {
  return v instanceof Map;
}

export function isJsonArray(v: unknown): v is JsonArray {
  return Array.isArray(v);
}

/** True for integers (number or bigint) and doubles. */
export function isJsonNumber(v: unknown): v is number | bigint | JsonDouble {
  return typeof v === "number" || typeof v === "bigint" || v instanceof JsonDouble;
}

/** Numeric value of a JSON number as a JS number (may lose precision for big integers). */
export function numberValue(v: number | bigint | JsonDouble): number {
  return v instanceof JsonDouble ? v.value : Number(v);
}

/** Map-backed or plain object (see PlainJsonObject). */
export type AnyJsonObject = JsonObject | PlainJsonObject;

const hasOwn = Object.hasOwn;

/** True for both object representations. */
export function isAnyJsonObject(v: unknown): v is AnyJsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof JsonDouble);
}

/** The member `k`, or undefined when absent. Never reads inherited properties. */
export function objGet(o: AnyJsonObject, k: string): JsonValue | undefined {
  if (o instanceof Map) return o.get(k);
  return hasOwn(o, k) ? o[k] : undefined;
}

/** Replaces or adds a member (a new member goes last, an existing one keeps its position). */
export function objSet(o: AnyJsonObject, k: string, v: JsonValue): void {
  if (o instanceof Map) o.set(k, v);
  else o[k] = v;
}

/** Removes a member; a plain object keeps the slot with `undefined` (absent, and skipped when written). */
export function objDelete(o: AnyJsonObject, k: string): void {
  if (o instanceof Map) o.delete(k);
  else if (hasOwn(o, k)) o[k] = undefined;
}

/** Number of present members. */
export function objSize(o: AnyJsonObject): number {
  if (o instanceof Map) return o.size;
  let n = 0;
  for (const k in o) if (o[k] !== undefined) n++;
  return n;
}

/** Present members in order. */
export function objEntries(o: AnyJsonObject): [string, JsonValue][] {
  if (o instanceof Map) return [...o];
  const out: [string, JsonValue][] = [];
  for (const k in o) {
    const v = o[k];
    if (v !== undefined) out.push([k, v]);
  }
  return out;
}
