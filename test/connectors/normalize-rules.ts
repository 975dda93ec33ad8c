/**
 * Loaded rules (core/rules model) as plain JSON for comparison: Maps become objects with sorted keys
 * (the order of schema properties does not change what the filter keeps), `undefined` members and
 * the columnar `raw` copy are dropped, and a `pseudonymize` transform's `includeOriginal: false` equals
 * an absent one.
 */
import type { AnyRules } from "../../src/core/rules/index.js";

export function normalizeRules(rules: AnyRules): unknown {
  return norm(rules, "");
}

function norm(v: unknown, key: string): unknown {
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const k of [...v.keys()].sort()) out[k] = norm(v.get(k), k);
    return out;
  }
  if (Array.isArray(v)) return v.map((x) => norm(x, key));
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined || k === "raw") continue;
      out[k] = norm(x, k);
    }
    return out;
  }
  return v;
}

/** Differences between two JSON-like values, as `path: expected … got …` lines. */
export function diffValues(expected: unknown, actual: unknown, path = "$", out: string[] = []): string[] {
  if (out.length > 40) return out;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      out.push(`${path}: length ${expected.length} expected, got ${actual.length}`);
    }
    for (let i = 0; i < Math.min(expected.length, actual.length); i++)
      diffValues(expected[i], actual[i], `${path}[${i}]`, out);
    if (expected.length !== actual.length) {
      const extra =
        expected.length > actual.length ? expected.slice(actual.length) : actual.slice(expected.length);
      out.push(`${path}: ${expected.length > actual.length ? "missing" : "extra"} ${short(extra)}`);
    }
    return out;
  }
  if (isObj(expected) && isObj(actual)) {
    for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (!(k in actual)) out.push(`${path}.${k}: missing (expected ${short(expected[k])})`);
      else if (!(k in expected)) out.push(`${path}.${k}: unexpected ${short(actual[k])}`);
      else diffValues(expected[k], actual[k], `${path}.${k}`, out);
    }
    return out;
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    out.push(`${path}: expected ${short(expected)}, got ${short(actual)}`);
  }
  return out;
}

const isObj = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === "object" && !Array.isArray(x);

function short(x: unknown): string {
  const t = JSON.stringify(x) ?? "undefined";
  return t.length > 160 ? `${t.slice(0, 160)}…` : t;
}
