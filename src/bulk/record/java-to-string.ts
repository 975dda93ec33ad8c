/**
 * Java `String.valueOf` of a record value as the reference's tabular writers print it (bulk-and-cli
 * spec 10.5): strings as they are, numbers in Java form, nested maps as `{k=v, k2=v2}` and lists as
 * `[a, b]` (AbstractMap / AbstractCollection `toString`), not JSON.
 */
import { javaDoubleToString } from "../../core/json/java-double.js";
import { JsonDouble, type JsonValue } from "../../core/json/types.js";

export function javaToStringValue(v: JsonValue): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return v;
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return v.toString();
    case "number":
      return Number.isInteger(v) ? String(v) : javaDoubleToString(v);
  }
  if (v instanceof JsonDouble) return javaDoubleToString(v.value);
  if (Array.isArray(v)) return `[${v.map(javaToStringValue).join(", ")}]`;
  if (v instanceof Map) {
    const parts: string[] = [];
    for (const [k, x] of v) parts.push(`${k}=${javaToStringValue(x)}`);
    return `{${parts.join(", ")}}`;
  }
  return String(v);
}
