/**
 * `X-Psoxy-Rules-SHA` (api-mode spec 1.17): SHA-1 hex of a canonical serialization of the parsed rules.
 * The reference hashes Jackson's YAML rendering, which a port cannot reproduce byte for byte; clients
 * only use the value to detect changes, so it must be stable and change exactly when the effective rules
 * do. Canonical form: compact JSON of the rules model, record fields sorted by name (their order carries
 * no meaning), ordered maps (schema properties, definitions) kept in document order (it does), absent
 * fields left out.
 */
import { createHash } from "node:crypto";
import { serializeJson } from "../core/json/serialize.js";
import { JsonDouble, type JsonValue } from "../core/json/types.js";
import type { ApiRules } from "../core/rules/index.js";

export function rulesSha(rules: ApiRules): string {
  return createHash("sha1").update(canonicalRulesJson(rules), "utf8").digest("hex");
}

export function canonicalRulesJson(rules: ApiRules): string {
  return serializeJson(canonical(rules) ?? null);
}

function canonical(v: unknown): JsonValue | undefined {
  if (v === undefined || typeof v === "function") return undefined;
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "bigint") return v;
  if (typeof v === "number") return Number.isInteger(v) ? v : new JsonDouble(v);
  if (v instanceof JsonDouble) return v;
  if (Array.isArray(v)) return v.map((x) => canonical(x) ?? null);
  if (v instanceof Map) {
    const out = new Map<string, JsonValue>();
    for (const [k, x] of v) {
      const c = canonical(x);
      if (c !== undefined) out.set(String(k), c);
    }
    return out;
  }
  if (typeof v === "object") {
    const out = new Map<string, JsonValue>();
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k]);
      if (c !== undefined) out.set(k, c);
    }
    return out;
  }
  return undefined;
}
