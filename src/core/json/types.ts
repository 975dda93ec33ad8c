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
export type JsonArray = JsonValue[];
export type JsonValue = null | boolean | string | number | bigint | JsonDouble | JsonArray | JsonObject;

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
