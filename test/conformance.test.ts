/**
 * The reference's conformance corpus, run through the same runner as `psoxy rules test`.
 * Lives in ../shared/conformance beside the checkout; missing corpus = failure under CI=true.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { CaseKind } from "../src/rules-test/manifest.js";
import { ManifestRunner } from "../src/rules-test/runner.js";

const corpus = resolve(process.cwd(), "../shared/conformance/cases.json");
const present = existsSync(corpus);
const ci = process.env.CI === "true";

describe("conformance corpus", () => {
  it.runIf(!present && ci)("is present under CI", () => {
    expect.fail(`conformance corpus not found at ${corpus}`);
  });

  const kinds: CaseKind[] = ["api", "urls", "vectors"];
  for (const kind of kinds) {
    it.skipIf(!present)(`every ${kind} case passes`, () => {
      const runner = ManifestRunner.fromFile(corpus);
      const results = runner.run({ kinds: [kind] });
      const failures = results
        .filter((r) => r.status !== "pass")
        .map((r) => `${r.status} ${r.id}\n  ${(r.detail ?? []).slice(0, 5).join("\n  ")}`);
      expect(results.length).toBeGreaterThan(0);
      expect(failures, failures.slice(0, 15).join("\n")).toEqual([]);
    });
  }

  it.skipIf(!present)("has the expected number of cases", () => {
    const runner = ManifestRunner.fromFile(corpus);
    expect(runner.manifest.api?.length).toBe(314);
    expect(runner.manifest.urls?.length).toBe(276);
    expect(runner.manifest.vectors?.length).toBe(279);
  });
});
