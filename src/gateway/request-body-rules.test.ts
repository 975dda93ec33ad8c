import { describe, expect, it } from "vitest";
import { type ApiRules, loadRules, type RequestBodySpec } from "../core/rules/index.js";
import { requestBodyAllowed, UnsupportedBodyTypeError } from "./request-body-rules.js";

function spec(yaml: string): RequestBodySpec {
  const rules = loadRules(`endpoints:\n  - pathTemplate: /a\n    requestBody:\n${yaml}`) as ApiRules;
  return rules.endpoints[0].requestBody!;
}

const token = `p~${"a".repeat(43)}`;

describe("requestBody rules", () => {
  it("allows anything without a requestBody, and blocks a missing required body", () => {
    expect(requestBodyAllowed(undefined, "application/json", undefined)).toBe(true);
    expect(requestBodyAllowed(spec("      required: true\n"), "application/json", undefined)).toBe(false);
    expect(requestBodyAllowed(spec("      required: true\n"), "application/json", "{}")).toBe(true);
    expect(requestBodyAllowed(spec("      required: false\n"), "application/json", undefined)).toBe(true);
  });

  const json = spec(`      content:
        application/json:
          type: object
          required: [email]
          additionalProperties: false
          properties:
            email: { type: string, format: pseudonym }
            limit: { type: integer, minimum: 1, maximum: 100 }
            tags: { type: array, items: { type: string, enum: [a, b] } }
`);

  it("validates JSON bodies against the schema for the content type", () => {
    expect(requestBodyAllowed(json, "application/json", `{"email":"${token}","limit":5,"tags":["a"]}`)).toBe(
      true,
    );
    expect(requestBodyAllowed(json, "Application/JSON; charset=utf-8", `{"email":"${token}"}`)).toBe(true);
    expect(requestBodyAllowed(json, "application/json", `{"email":"alice@acme.com"}`)).toBe(false);
    expect(requestBodyAllowed(json, "application/json", `{"email":"${token}","limit":500}`)).toBe(false);
    expect(requestBodyAllowed(json, "application/json", `{"email":"${token}","other":1}`)).toBe(false);
    expect(requestBodyAllowed(json, "application/json", `{"email":"${token}","tags":["c"]}`)).toBe(false);
    expect(requestBodyAllowed(json, "application/json", `{"limit":5}`)).toBe(false);
    expect(requestBodyAllowed(json, "application/json", `not json`)).toBe(false);
  });

  it("allows media types without a schema", () => {
    expect(requestBodyAllowed(json, "text/csv", "a,b")).toBe(true);
  });

  it("validates form bodies as a map of strings, and refuses schemas for other types", () => {
    const form = spec(`      content:
        application/x-www-form-urlencoded:
          type: object
          properties:
            q: { type: string, pattern: "^[a-z]+$" }
        text/plain:
          type: string
`);
    expect(requestBodyAllowed(form, "application/x-www-form-urlencoded", "q=abc")).toBe(true);
    expect(requestBodyAllowed(form, "application/x-www-form-urlencoded", "q=ABC")).toBe(false);
    expect(() => requestBodyAllowed(form, "text/plain", "x")).toThrow(UnsupportedBodyTypeError);
  });
});
