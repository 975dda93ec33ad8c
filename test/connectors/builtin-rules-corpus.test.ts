/**
 * The conformance corpus run as `psoxy rules test --builtin-rules` does: each api and urls case with the
 * built-in rules of the connector that reproduces its rules file. Every mapped case must pass; cases
 * whose file no connector reproduces (inline test rules) are skipped. Bulk cases whose rules file is a
 * bulk connector's default (workdata-generic, Glean event logs) run with the built-in rules too.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runBulkCase } from "../../src/bulk/conformance.js";
import { rulesForReferenceFile } from "../../src/connectors/index.js";
import type { CaseKind } from "../../src/rules-test/manifest.js";
import { ManifestRunner } from "../../src/rules-test/runner.js";

const corpus = resolve(process.cwd(), "../shared/conformance/cases.json");
const present = existsSync(corpus);
const ci = process.env.CI === "true";

describe("conformance corpus with built-in rules", () => {
  it.runIf(!present && ci)("is present under CI", () => {
    expect.fail(`conformance corpus not found at ${corpus}`);
  });

  for (const kind of ["api", "urls"] as CaseKind[]) {
    it.skipIf(!present)(`every ${kind} case whose rules map to a connector passes`, () => {
      const runner = ManifestRunner.fromFile(corpus, {
        rulesResolver: (rel) => rulesForReferenceFile(rel)?.yaml ?? null,
      });
      const results = runner.run({ kinds: [kind] });
      const failures = results
        .filter((r) => r.status === "fail")
        .map((r) => `${r.id}\n  ${(r.detail ?? []).slice(0, 5).join("\n  ")}`);
      expect(failures, failures.slice(0, 15).join("\n")).toEqual([]);
      const passed = results.filter((r) => r.status === "pass").length;
      const skipped = results.filter((r) => r.status === "skip");
      // only the reference's inline test rules lack a connector
      for (const r of skipped) expect(r.detail?.[0]).toMatch(/inline-rules\//);
      expect(passed).toBeGreaterThan(0);
    });
  }

  it.skipIf(!present)("maps every rules file under rules/ that api and urls cases use", () => {
    const runner = ManifestRunner.fromFile(corpus);
    const files = new Set(
      [...(runner.manifest.api ?? []), ...(runner.manifest.urls ?? [])]
        .map((c) => c.rules)
        .filter((r) => r.startsWith("rules/")),
    );
    const unmapped = [...files].filter((f) => !rulesForReferenceFile(f));
    expect(unmapped).toEqual([]);
  });

  it.skipIf(!present)("every bulk case whose rules map to a bulk connector passes", () => {
    const runner = ManifestRunner.fromFile(corpus);
    const dir = mkdtempSync(join(tmpdir(), "psoxy-builtin-bulk-"));
    const mapped = (runner.manifest.bulk ?? []).filter((c) => rulesForReferenceFile(c.rules));
    expect(mapped.map((c) => c.rules).sort()).toEqual([
      "rules/glean/glean-customer-events-log-bulk/glean-customer-events-log-bulk.yaml",
      "rules/workdata-generic/workdata-generic.yaml",
      "rules/workdata-generic/workdata-generic.yaml",
      "rules/workdata-generic/workdata-generic.yaml",
    ]);
    const failures: string[] = [];
    mapped.forEach((c, i) => {
      // runBulkCase reads rules from a path: give it the built-in YAML as a file
      const file = join(dir, `${i}.yaml`);
      writeFileSync(file, rulesForReferenceFile(c.rules)!.yaml);
      const r = runBulkCase({ ...c, rules: file }, dirname(corpus), runner.manifest.secrets);
      if (!r.ok) failures.push(`${c.id}: ${(r.detail ?? []).slice(0, 3).join(" | ")}`);
    });
    expect(failures).toEqual([]);
  });
});
