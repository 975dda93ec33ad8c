/**
 * The sanitizer's native fast path (plain JS values from JSON.parse) against the exact tree, on the
 * points where plain values need care: doubles (non-integral numbers), names of Object.prototype
 * members, redaction leaving `undefined` behind, and the response schema filter.
 */
import { describe, expect, it } from "vitest";
import { nativeSafe } from "../json/native.js";
import { createPseudonymizer } from "../pseudonyms/index.js";
import { loadRules } from "../rules/index.js";
import type { ApiRules } from "../rules/model.js";
import { RestSanitizer } from "./rest-sanitizer.js";

const pseudonymizer = createPseudonymizer({ salt: "salt", encryptionKey: "secret" });
const URL = "https://api.example.com/x";

function both(endpoint: object, body: string): { fast: string; exact: string } {
  const rules = loadRules(JSON.stringify({ endpoints: [{ pathTemplate: "/x", ...endpoint }] })) as ApiRules;
  const run = (nativeFastPath: boolean) => {
    try {
      return new RestSanitizer(rules, pseudonymizer, { nativeFastPath }).sanitize("GET", URL, body);
    } catch (e) {
      return `error:${(e as { code?: string }).code}`;
    }
  };
  expect(nativeSafe(body)).toBe(true);
  return { fast: run(true), exact: run(false) };
}

describe("native fast path", () => {
  it("schema type integer truncates doubles as Jackson does", () => {
    const { fast, exact } = both(
      {
        transforms: [],
        responseSchema: {
          type: "object",
          properties: { a: { type: "integer" }, b: { type: "integer" }, c: { type: "number" } },
        },
      },
      '{"a":2.5,"b":-3.75,"c":0.04,"d":1}',
    );
    expect(fast).toBe('{"a":2,"b":-3,"c":0.04}');
    expect(fast).toBe(exact);
  });

  it("schema const compares the Java text of a double", () => {
    const endpoint = {
      transforms: [],
      responseSchema: {
        type: "object",
        properties: {
          items: {
            type: "array",
            items: {
              type: "object",
              if: { properties: { v: { type: "number", const: "1.5" } } },
              // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else
              then: { properties: { v: { type: "number" }, n: { type: "string" } } },
              else: { properties: { v: { type: "number", const: "2.25" } } },
            },
          },
        },
      },
    };
    const { fast, exact } = both(endpoint, '{"items":[{"v":1.5,"n":"x","z":1},{"v":2.25,"n":"y"}]}');
    expect(fast).toBe(exact);
    expect(fast).toContain('{"v":1.5,"n":"x"}');
  });

  it("compares objects holding doubles in filters as the exact tree does", () => {
    const endpoint = {
      transforms: [{ method: "redact", jsonPaths: ["$.items[?(@.a == @.b)]"] }],
    };
    const body =
      '{"items":[{"a":{"x":1.5},"b":{"x":1.5}},{"a":{"x":1.5},"b":{"x":2.5}},{"a":[0.5],"b":[0.5]}]}';
    const { fast, exact } = both(endpoint, body);
    expect(fast).toBe(exact);
    expect(fast).toBe('{"items":[{"a":{"x":1.5},"b":{"x":2.5}}]}');
  });

  it("writes large and tiny doubles in Java's form", () => {
    const { fast, exact } = both(
      { transforms: [{ method: "redact", jsonPaths: ["$.x"] }] },
      '{"created_at":1716990000.123123,"tiny":-2.5e-7,"x":1,"n":[12345678.5]}',
    );
    expect(fast).toBe(exact);
    expect(fast).toBe('{"created_at":1.716990000123123E9,"tiny":-2.5E-7,"n":[1.23456785E7]}');
  });

  it("pseudonymizes a double from its Java text", () => {
    const { fast, exact } = both(
      { transforms: [{ method: "pseudonymize", jsonPaths: ["$.v"], encoding: "URL_SAFE_TOKEN" }] },
      '{"v":123.456}',
    );
    expect(fast).toBe(exact);
    expect(fast).toMatch(/^\{"v":"t~[A-Za-z0-9_-]+"\}$/);
  });

  it("never reads members inherited from Object.prototype", () => {
    const { fast, exact } = both(
      {
        transforms: [
          { method: "redact", jsonPaths: ["$.constructor", "$..toString", "$.a.hasOwnProperty"] },
          { method: "pseudonymize", jsonPaths: ["$.a.valueOf"], encoding: "URL_SAFE_TOKEN" },
        ],
      },
      '{"a":{"b":1},"toString":"x","c":{"toString":2}}',
    );
    expect(fast).toBe(exact);
    expect(fast).toBe('{"a":{"b":1},"c":{}}');
  });

  it("leaves no trace of redacted members (wildcards, deep scans and the writer skip them)", () => {
    const { fast, exact } = both(
      {
        transforms: [
          { method: "redact", jsonPaths: ["$.users[*].name"] },
          { method: "pseudonymize", jsonPaths: ["$.users[*].*"], encoding: "URL_SAFE_TOKEN" },
        ],
      },
      '{"users":[{"name":"Ann","id":"1"},{"id":"2","name":"Bob"}]}',
    );
    expect(fast).toBe(exact);
    expect(fast).not.toContain("name");
  });
});
