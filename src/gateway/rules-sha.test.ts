import { describe, expect, it } from "vitest";
import { type ApiRules, loadRules } from "../core/rules/index.js";
import { canonicalRulesJson, rulesSha } from "./rules-sha.js";

const load = (yaml: string) => loadRules(yaml) as ApiRules;

const A = `
endpoints:
  - pathTemplate: /a
    allowedMethods: [GET]
    transforms:
      - !<redact>
        jsonPaths: ["$.x"]
`;

describe("X-Psoxy-Rules-SHA", () => {
  it("is 40 lower-case hex chars, stable across loads and formatting", () => {
    const sha = rulesSha(load(A));
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    const reformatted = `endpoints:\n- allowedMethods:\n  - GET\n  pathTemplate: "/a"\n  transforms:\n  - !<redact>\n    jsonPaths:\n    - $.x\n`;
    expect(rulesSha(load(reformatted))).toBe(sha);
  });

  it("changes when the effective rules change", () => {
    const sha = rulesSha(load(A));
    expect(rulesSha(load(A.replace("$.x", "$.y")))).not.toBe(sha);
    expect(rulesSha(load(A.replace("[GET]", "[GET, POST]")))).not.toBe(sha);
    expect(rulesSha(load(`allowAllEndpoints: true\n${A}`))).not.toBe(sha);
  });

  it("keeps the order of schema properties", () => {
    const schema = (a: string, b: string) =>
      `endpoints:\n  - pathTemplate: /a\n    responseSchema:\n      type: object\n      properties:\n        ${a}: {type: string}\n        ${b}: {type: string}\n`;
    expect(canonicalRulesJson(load(schema("p", "q")))).not.toBe(canonicalRulesJson(load(schema("q", "p"))));
  });
});
