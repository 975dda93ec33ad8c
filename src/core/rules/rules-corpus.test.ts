/**
 * Every rules file of the conformance corpus (copies of the reference's docs/sources rules plus rules
 * transcribed from its tests) must load. Skipped when the corpus is absent, except in CI.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRules } from "./load-rules.js";
import type { AnyRules, ApiRules } from "./model.js";

const conformanceDir = path.resolve(process.cwd(), "../shared/conformance");
const present = existsSync(path.join(conformanceDir, "rules"));
if (!present && process.env.CI === "true") {
  throw new Error(`conformance corpus missing at ${conformanceDir}`);
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (e.name.endsWith(".yaml") || e.name.endsWith(".yml")) out.push(p);
  }
  return out.sort();
}

const shipped = yamlFiles(path.join(conformanceDir, "rules"));
const inline = yamlFiles(path.join(conformanceDir, "inline-rules"));
const loaded = new Map<string, AnyRules>();

describe.skipIf(!present)("conformance rules corpus", () => {
  it("has the expected number of files", () => {
    expect(shipped.length).toBeGreaterThanOrEqual(61);
    expect(inline.length).toBeGreaterThanOrEqual(41);
  });

  for (const file of [...shipped, ...inline]) {
    const rel = path.relative(conformanceDir, file);
    it(`loads ${rel}`, () => {
      const rules = loadRules(readFileSync(file, "utf8"), { source: rel });
      loaded.set(rel, rules);
      if (rel.startsWith("inline-rules/RESTApiSanitizerImplTest/")) expect(rules.kind).toBe("api");
      if (rel.startsWith("inline-rules/RecordBulkDataSanitizerImplTest/")) expect(rules.kind).toBe("record");
      if (rel.startsWith("inline-rules/BulkDataSanitizerImplTest/")) expect(rules.kind).toBe("columnar");
    });
  }

  it("matches the shipped usage counts of spec 8.5", () => {
    const api = [...loaded].filter(([rel, r]) => rel.startsWith("rules/") && r.kind === "api") as Array<
      [string, ApiRules]
    >;
    // 50 files with endpoints in docs/sources (plus metrics-style files without)
    expect(api.length).toBeGreaterThanOrEqual(50);
    const count = (f: (t: { type: string }) => boolean) =>
      api.reduce((n, [, r]) => n + r.endpoints.reduce((m, e) => m + e.transforms.filter(f).length, 0), 0);
    expect(count((t) => t.type === "pseudonymize")).toBe(472);
    expect(count((t) => t.type === "redact")).toBe(346);
    expect(count((t) => t.type === "textDigest")).toBe(43);
    expect(count((t) => t.type === "pseudonymizeRegexMatches")).toBe(34);
    expect(count((t) => t.type === "tokenize")).toBe(22);
    expect(count((t) => t.type === "hashIp")).toBe(9);
    const endpoints = api.flatMap(([, r]) => r.endpoints);
    expect(endpoints.filter((e) => e.pathTemplate !== undefined).length).toBe(281);
    expect(endpoints.filter((e) => e.pathRegex !== undefined).length).toBe(72);
    expect(endpoints.filter((e) => e.responseSchema !== undefined).length).toBe(133);
    expect(api.filter(([, r]) => r.definitions !== undefined).length).toBe(20);
  });

  it("reads the multi-line quoted pathRegex values of Jackson-written files intact", () => {
    const rules = loaded.get("rules/microsoft-365/msft-copilot/msft-copilot_no-userIds.yaml") as ApiRules;
    expect(rules.endpoints[0].pathRegex).toBe(
      "^/beta/copilot/users/(/p~[a-zA-Z0-9_-]+?)?[^/]*/interactionHistory/getAllEnterpriseInteractions(\\?.*)?",
    );
  });
});
