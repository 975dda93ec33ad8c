import { describe, expect, it } from "vitest";
import { loadRules } from "../../core/rules/index.js";
import { apiRules } from "./api.js";
import { rulesToYaml } from "./emit-yaml.js";
import { obj } from "./schema.js";
import { pseudonymize, redact, textDigestAugment } from "./transforms.js";

describe("rulesToYaml", () => {
  it("writes transforms and augments with verbatim tags, and loads back", () => {
    const user = obj({ id: "string" });
    const yaml = rulesToYaml(
      apiRules(
        [
          {
            pathTemplate: "/users/{id}",
            allowedQueryParams: ["$top"],
            augments: [textDigestAugment("$..body")],
            transforms: [redact("$..name"), pseudonymize("$..email", { includeReversible: true })],
            // the same object twice must not become a YAML alias
            responseSchema: obj({ a: user, b: user }),
          },
        ],
        { allowedRequestHeaders: ["X-Test"] },
      ),
    );
    expect(yaml).toContain("- !<redact>");
    expect(yaml).toContain("- !<pseudonymize>");
    expect(yaml).toContain("- !<textDigest>");
    expect(yaml).not.toMatch(/[&*]a\d/);
    const rules = loadRules(yaml);
    expect(rules.kind).toBe("api");
    if (rules.kind !== "api") return;
    expect(rules.allowedRequestHeaders).toEqual(["X-Test"]);
    expect(rules.endpoints[0].transforms.map((t) => t.type)).toEqual(["redact", "pseudonymize"]);
    expect(rules.endpoints[0].augments?.[0].type).toBe("textDigest");
  });

  it("writes bulk rules: columnar, record and multi-file", () => {
    expect(loadRules(rulesToYaml({ kind: "columnar", columnsToPseudonymize: ["A"] })).kind).toBe("columnar");
    const record = rulesToYaml({ kind: "record", format: "NDJSON", transforms: [{ pseudonymize: ["$.a"] }] });
    expect(loadRules(record).kind).toBe("record");
    const multi = rulesToYaml({
      kind: "multi",
      fileRules: [
        ["/{x}/a.csv", { kind: "columnar", columnsToRedact: ["B"] }],
        ["/b.ndjson", { kind: "record", transforms: [{ redact: "$.b" }] }],
      ],
    });
    const rules = loadRules(multi);
    expect(rules.kind === "multi" && rules.fileRules.map((f) => f.template)).toEqual([
      "/{x}/a.csv",
      "/b.ndjson",
    ]);
  });
});
