/**
 * Conformance: every `urls` case of cases.json (is `method url` allowed by a rules file?) and the rules
 * vectors (path templates, bulk file-rules selection). Skipped when the corpus is absent, except in CI.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  RULES_VECTOR_KINDS,
  type RulesVector,
  runRulesVector,
  runUrlCase,
  type UrlCase,
} from "./conformance.js";

const casesPath = path.resolve(process.cwd(), "../shared/conformance/cases.json");
const conformanceDir = path.dirname(casesPath);
const present = existsSync(casesPath);
if (!present && process.env.CI === "true") throw new Error(`conformance corpus missing: ${casesPath}`);

interface Cases {
  urls: Array<UrlCase & { id: string }>;
  vectors: Array<RulesVector & { id: string }>;
}
const cases: Cases = present ? JSON.parse(readFileSync(casesPath, "utf8")) : { urls: [], vectors: [] };

describe.skipIf(!present)("conformance urls cases", () => {
  it("has cases", () => {
    expect(cases.urls.length).toBeGreaterThan(0);
  });
  for (const c of cases.urls) {
    it(`${c.id} (${c.via}): ${c.method} ${c.url.slice(0, 120)} -> ${c.allowed ? "allowed" : "blocked"}`, () => {
      const r = runUrlCase(c, conformanceDir);
      expect(r.actual).toBe(c.allowed);
      expect(r.ok).toBe(true);
    });
  }
});

describe.skipIf(!present)("conformance rules vectors", () => {
  const vectors = cases.vectors.filter((v) => RULES_VECTOR_KINDS.includes(v.kind));
  it("has vectors", () => {
    expect(vectors.length).toBeGreaterThan(0);
  });
  for (const v of vectors) {
    it(`${v.id} (${v.kind})`, () => {
      const r = runRulesVector(v);
      expect(r.actual).toEqual(v.expected);
      expect(r.ok).toBe(true);
    });
  }
});
