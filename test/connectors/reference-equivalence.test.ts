/**
 * Every built-in rules set that names a reference rules file loads to the same rules model as that file
 * (same endpoints, paths, parameters, transforms, schemas), when the conformance corpus is present.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { listConnectors } from "../../src/connectors/index.js";
import { rulesToYaml } from "../../src/connectors/rules-dsl/emit-yaml.js";
import { loadRules } from "../../src/core/rules/index.js";
import { diffValues, normalizeRules } from "./normalize-rules.js";

const rulesDir = resolve(process.cwd(), "../shared/conformance/rules");
const present = existsSync(rulesDir);
const ci = process.env.CI === "true";

const pairs = listConnectors().flatMap((c) =>
  c.rules.flatMap((v) => v.reference.map((ref) => ({ id: c.id, variant: v, file: ref.file }))),
);

describe("built-in rules reproduce the reference rules files", () => {
  it.runIf(!present && ci)("has the corpus under CI", () => {
    expect.fail(`conformance rules not found at ${rulesDir}`);
  });

  const seen = new Set<string>();
  for (const p of pairs) {
    const name = `${p.id} ${p.variant.key ?? p.variant.variant} = ${p.file}`;
    if (seen.has(name)) continue;
    seen.add(name);
    it.skipIf(!present || !existsSync(resolve(rulesDir, p.file)))(name, () => {
      const expected = normalizeRules(
        loadRules(readFileSync(resolve(rulesDir, p.file), "utf8"), { source: p.file }),
      );
      const actual = normalizeRules(loadRules(rulesToYaml(p.variant.build()), { source: name }));
      const diff = diffValues(expected, actual);
      expect(diff, diff.join("\n")).toEqual([]);
    });
  }
});
