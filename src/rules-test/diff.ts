/** A readable structural diff of two JSON trees, for test failure reports. */
import { jsonEquals } from "../core/json/convert.js";
import { serializeJson } from "../core/json/serialize.js";
import type { JsonValue } from "../core/json/types.js";

function short(v: JsonValue | undefined): string {
  if (v === undefined) return "(absent)";
  const s = serializeJson(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

function key(path: string, k: string | number): string {
  return typeof k === "number"
    ? `${path}[${k}]`
    : /^[A-Za-z_$][\w$]*$/.test(k)
      ? `${path}.${k}`
      : `${path}['${k}']`;
}

/** Lines of the form `$.a.b: expected X, got Y`; at most `limit` of them. */
export function jsonDiff(expected: JsonValue, actual: JsonValue, limit = 20): string[] {
  const out: string[] = [];
  const visit = (path: string, e: JsonValue | undefined, a: JsonValue | undefined): void => {
    if (out.length >= limit) return;
    if (e !== undefined && a !== undefined && jsonEquals(e, a)) return;
    if (e instanceof Map && a instanceof Map) {
      for (const [k, v] of e) visit(key(path, k), v, a.get(k));
      for (const [k, v] of a) if (!e.has(k)) visit(key(path, k), undefined, v);
      return;
    }
    if (Array.isArray(e) && Array.isArray(a) && e.length === a.length) {
      for (let i = 0; i < e.length; i++) visit(key(path, i), e[i], a[i]);
      return;
    }
    out.push(`${path}: expected ${short(e)}, got ${short(a)}`);
  };
  visit("$", expected, actual);
  if (out.length >= limit) out.push("... (more differences)");
  return out;
}
