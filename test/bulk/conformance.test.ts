/**
 * The bulk cases of the conformance corpus (55), once per case through `runBulkCase` and once
 * through the manifest runner of `psoxy rules test`.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { type BulkCaseObject, runBulkCase } from "../../src/bulk/conformance.js";
import { ManifestRunner } from "../../src/rules-test/runner.js";

const corpus = resolve(process.cwd(), "../shared/conformance/cases.json");
const present = existsSync(corpus);
const manifest = present
  ? (JSON.parse(readFileSync(corpus, "utf8")) as { bulk: BulkCaseObject[]; secrets?: { salt?: string } })
  : { bulk: [] };

describe("bulk conformance cases", () => {
  it.runIf(!present && process.env.CI === "true")("corpus is present under CI", () => {
    expect.fail(`conformance corpus not found at ${corpus}`);
  });

  it.skipIf(!present)("has the 55 bulk cases", () => {
    expect(manifest.bulk).toHaveLength(55);
  });

  for (const c of manifest.bulk) {
    it(c.id, () => {
      const r = runBulkCase(c, dirname(corpus), manifest.secrets);
      expect(r.detail, r.detail.join("\n")).toEqual([]);
      expect(r.ok).toBe(true);
    });
  }

  it.skipIf(!present)("all pass through the manifest runner", () => {
    const results = ManifestRunner.fromFile(corpus).run({ kinds: ["bulk"] });
    expect(results.filter((r) => r.status === "pass")).toHaveLength(55);
  });
});
