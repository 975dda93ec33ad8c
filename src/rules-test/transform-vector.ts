/**
 * `transform` vectors: one transform (named as in rules YAML, with its options) applied to one value.
 * The transform is loaded through the real rules loader and applied through the real engine, on a
 * one-member document, so the vector exercises exactly what a rules file would.
 */
import { isBlank } from "../core/java/strings.js";
import { fromPlain, jsonEquals } from "../core/json/convert.js";
import { parseJson } from "../core/json/parse.js";
import type { JsonValue } from "../core/json/types.js";
import { loadRules } from "../core/rules/index.js";
import type { ApiRules } from "../core/rules/model.js";
import { applyTransform, compileTransform } from "../core/transforms/registry.js";
import type { VectorCase } from "./manifest.js";
import { pseudonymizerFor } from "./pseudonymizer-for.js";

export function runTransformVector(
  c: VectorCase,
  secrets: { salt?: string; encryptionKey?: string } | undefined,
): { ok: boolean; actual: unknown } {
  const spec = (c.options?.transform ?? {}) as Record<string, Record<string, unknown>>;
  const [name, opts] = Object.entries(spec)[0] ?? [];
  if (!name) throw new Error("transform vector without options.transform");
  const rulesText = JSON.stringify({
    endpoints: [
      { pathTemplate: "/vector", transforms: [{ method: name, jsonPaths: ["$.value"], ...(opts ?? {}) }] },
    ],
  });
  const rules = loadRules(rulesText) as ApiRules;
  const transform = compileTransform(rules.endpoints[0].transforms[0], {
    pseudonymizer: pseudonymizerFor(c.options ?? {}, secrets),
  });
  const doc = new Map<string, JsonValue>([["value", fromPlain(c.input)]]);
  const out = applyTransform(doc, transform) as Map<string, JsonValue>;
  const actual = out.has("value") ? out.get("value")! : undefined;
  return { ok: check(c.expected, normalizeForNote(actual, (c as { note?: string }).note)), actual };
}

/**
 * Some vectors carry a comparison rule in their note ("compare after trimming; blank result counts as
 * null"); apply it to the actual value before comparing.
 */
function normalizeForNote(actual: JsonValue | undefined, note: string | undefined): JsonValue | undefined {
  if (!note || typeof actual !== "string") return actual;
  let v: string = actual;
  if (/compare after trimming/i.test(note)) v = v.trim();
  if (/blank result counts as null/i.test(note) && isBlank(v)) return null;
  return v;
}

function check(expected: unknown, actual: JsonValue | undefined): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === "string") return actual === expected;
  if (expected && typeof expected === "object") {
    const e = expected as Record<string, unknown>;
    if (e.blank === true) return actual == null || (typeof actual === "string" && isBlank(actual));
    if (typeof e.notContainsIgnoreCase === "string") {
      return (
        typeof actual !== "string" || !actual.toLowerCase().includes(e.notContainsIgnoreCase.toLowerCase())
      );
    }
    if (e.jsonObjectIncludes && typeof e.jsonObjectIncludes === "object") {
      if (typeof actual !== "string") return false;
      const parsed = parseJson(actual);
      if (!(parsed instanceof Map)) return false;
      for (const [k, v] of Object.entries(e.jsonObjectIncludes as Record<string, unknown>)) {
        const got = parsed.get(k);
        if (got === undefined || !jsonEquals(got, fromPlain(v))) return false;
      }
      return true;
    }
  }
  return false;
}
