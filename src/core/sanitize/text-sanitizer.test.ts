import { describe, expect, it } from "vitest";
import { createPseudonymizer } from "../pseudonyms/index.js";
import { loadRules } from "../rules/index.js";
import type { ApiRules } from "../rules/model.js";
import { SanitizeSession } from "../transforms/context.js";
import { compileTransform } from "../transforms/registry.js";
import { RestSanitizer } from "./rest-sanitizer.js";
import { compileTextPlan, sanitizeText, type TextPlan } from "./text-sanitizer.js";

const pseudonymizer = createPseudonymizer({ salt: "salt", encryptionKey: "secret" });
const URL = "https://api.example.com/x";

function rulesFor(transforms: unknown[], extra: Record<string, unknown> = {}): ApiRules {
  return loadRules(JSON.stringify({ endpoints: [{ pathTemplate: "/x", transforms, ...extra }] })) as ApiRules;
}

function planFor(transforms: unknown[]): TextPlan | null {
  const rules = rulesFor(transforms);
  const ctx = { pseudonymizer, session: new SanitizeSession() };
  return compileTextPlan(rules.endpoints[0]!.transforms.map((t) => compileTransform(t, ctx)));
}

/** The text pass's output (undefined: it gave up) and the exact tree's, for the same rules and body. */
function both(transforms: unknown[], body: string): { text: string | undefined; exact: string } {
  const plan = planFor(transforms);
  expect(plan).not.toBeNull();
  const text = sanitizeText(body, plan!);
  const exact = new RestSanitizer(rulesFor(transforms), pseudonymizer, {
    nativeFastPath: false,
    textFastPath: false,
  }).sanitize("GET", URL, body);
  return { text, exact };
}

const redact = (...jsonPaths: string[]) => ({ method: "redact", jsonPaths });
const pseudonymize = (...jsonPaths: string[]) => ({
  method: "pseudonymize",
  jsonPaths,
  encoding: "URL_SAFE_TOKEN",
});

describe("text sanitizer", () => {
  it("follows names, wildcards and one deep scan for a name; nothing else", () => {
    expect(planFor([redact("$.a", "$.items[*].b", "$..c", "$.a..b.c", "$.*.x", "$['a']")])).not.toBeNull();
    expect(planFor([redact("$['a','b']", "$..['a','b'].c", "$.x['a','b'].c['d','e']")])).not.toBeNull();
    for (const p of [
      "$",
      "$.a[0]",
      "$.a[1:2]",
      "$..*",
      "$..a..b",
      "$..[*]",
      "$.a[?(@.b)]",
      "$..['a','b']",
      "$['a','a']",
      "@.a",
    ]) {
      expect(planFor([redact(p)]), p).toBeNull();
    }
    expect(planFor([{ ...redact("$.a"), applyOnlyWhen: "$.b[?(@ == 1)]" }])).toBeNull();
  });

  it("leaves out redacted members and elements with their commas", () => {
    const body = '{"a":1,"b":{"x":2,"a":3},"c":[{"a":4},5,{"d":[1,{"a":2}]}],"a2":[]}';
    for (const paths of [
      ["$.a"],
      ["$..a"],
      ["$.c[*]"],
      ["$.b.*"],
      ["$.*"],
      ["$.c[*].d[*]"],
      ["$.b.x", "$.b.a"],
      ["$['a','b']"],
      ["$.*['x','a']"],
      ["$..['d','c'][*]"],
    ]) {
      const { text, exact } = both([redact(...paths)], body);
      expect(text, paths.join()).toBe(exact);
    }
    expect(both([redact("$..a")], body).text).toBe('{"b":{"x":2},"c":[{},5,{"d":[1,{}]}],"a2":[]}');
    expect(both([redact("$.c[*]")], body).text).toBe('{"a":1,"b":{"x":2,"a":3},"c":[],"a2":[]}');
  });

  it("pseudonymizes at deep-scan and wildcard paths as the tree does", () => {
    const body = JSON.stringify({
      items: [
        {
          organizer: { email: "alice@acme.com", displayName: "Alice" },
          attendees: [{ email: "bob@acme.com" }],
        },
        { organizer: { email: "alice@acme.com" }, summary: "secret", id: 7 },
      ],
    });
    const rules = [redact("$.items[*].summary", "$..displayName"), pseudonymize("$..email", "$.items[*].id")];
    const { text, exact } = both(rules, body);
    expect(text).toBe(exact);
    expect(text).not.toContain("alice@");
    expect(text).not.toContain("bob@");
    expect(text).not.toContain("Alice");
    expect(text).not.toContain("secret");
  });

  it("writes pretty-printed or escaped input compactly, as the tree does", () => {
    const doc = {
      "a/b": "caf\u00e9 \ud83d\ude00 a/b",
      t: "x\ty",
      n: [1.5, -2, 0.001, 1e21, 2.5, 1.0],
      e: {},
    };
    const pretty = JSON.stringify(doc, null, 2)
      .replace("caf\u00e9", "caf\\u00e9")
      .replace(' a/b"', ' a\\/b"');
    const { text, exact } = both([pseudonymize("$.t")], `\n ${pretty} \n`);
    expect(text).toBe(exact);
    expect(text!.startsWith('{"a/b":"café 😀 a/b"')).toBe(true);
    // a name with an escape is left to the usual way
    expect(sanitizeText('{"a\\/b":1}', planFor([pseudonymize("$.t")])!)).toBeUndefined();
  });

  it("runs earlier value functions on a member a later redaction removes, so their failures stay", () => {
    // URL_SAFE_HASH_ONLY fails on a blank value; the tree pseudonymizes before it redacts
    const rules = [
      { method: "pseudonymize", jsonPaths: ["$.a"], encoding: "URL_SAFE_HASH_ONLY" },
      redact("$.a"),
    ];
    const plan = planFor(rules)!;
    expect(sanitizeText('{"a":"  ","b":1}', plan)).toBeUndefined();
    const sanitizer = new RestSanitizer(rulesFor(rules), pseudonymizer);
    expect(() => sanitizer.sanitize("GET", URL, '{"a":"  ","b":1}')).toThrow();
    // the redaction first: the value function never sees it
    const reversed = [rules[1]!, rules[0]!];
    expect(sanitizeText('{"a":"  ","b":1}', planFor(reversed)!)).toBe('{"b":1}');
    // inside a removed object as well
    const nested = [
      { method: "pseudonymize", jsonPaths: ["$..a"], encoding: "URL_SAFE_HASH_ONLY" },
      redact("$.o"),
    ];
    expect(sanitizeText('{"o":{"a":" "},"b":1}', planFor(nested)!)).toBeUndefined();
    expect(sanitizeText('{"o":{"a":"x"},"b":1}', planFor(nested)!)).toBe('{"b":1}');
  });

  it("gives up where the tree decides differently or reports an error", () => {
    const plan = planFor([pseudonymize("$..a")])!;
    for (const body of [
      '{"a":1,"a":2}', // duplicate names: the last value wins, at the first place
      '{"x":-0}',
      '{"x":1234567890123456}',
      '{"x":1e999}',
      '{"a":{"b":1}}', // a value function on an object fails
      '{"x":1}{"x":2}', // two documents
      '{"x":1',
      '{"x":01}',
      '{"x":"\\q"}',
      '{"x":"a\u0001"}',
      "[1,]",
      "nul",
      "   ",
    ]) {
      expect(sanitizeText(body, plan), body).toBeUndefined();
    }
    // and a body with many members still finds a duplicate (Set lookups past the small-object size)
    const many = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(",");
    expect(sanitizeText(`{${many}}`, plan)).toBe(`{${many}}`);
    expect(sanitizeText(`{${many},"k3":1}`, plan)).toBeUndefined();
    expect(sanitizeText(`{${many},"k39":1}`, plan)).toBeUndefined();
    // a large object (its names go into a set past the small-object size)
    const large = Array.from({ length: 5000 }, (_, i) => `"n${i}":${i}`).join(",");
    expect(sanitizeText(`{${large}}`, plan)).toBe(`{${large}}`);
    expect(sanitizeText(`{${large},"n4999":0}`, plan)).toBeUndefined();
    expect(sanitizeText(`{${large},"n0":0}`, plan)).toBeUndefined();
  });

  it("gives the same output whichever fast path an endpoint's choice takes, call after call", () => {
    const rules = rulesFor([redact("$..secret"), pseudonymize("$.users[*].email", "$..id")]);
    const body = JSON.stringify({
      users: Array.from({ length: 30 }, (_, i) => ({ email: `u${i % 7}@acme.com`, id: i, secret: "s" })),
    });
    const expected = new RestSanitizer(rules, pseudonymizer, { nativeFastPath: false, textFastPath: false });
    const want = expected.sanitize("GET", URL, body);
    const chosen = new RestSanitizer(rules, pseudonymizer);
    // past the probing calls (both paths) and a re-check of the other path
    for (let i = 0; i < 40; i++) expect(chosen.sanitize("GET", URL, body), `call ${i}`).toBe(want);
  });

  it("is what the REST sanitizer uses when the rules allow, with the same result as without it", () => {
    const rules = rulesFor([redact("$..secret"), pseudonymize("$.users[*].email")]);
    const body = '{"users":[{"email":"a@b.c","secret":"s"}],"next":null}';
    const on = new RestSanitizer(rules, pseudonymizer).sanitize("GET", URL, body);
    const off = new RestSanitizer(rules, pseudonymizer, { textFastPath: false }).sanitize("GET", URL, body);
    expect(on).toBe(off);
  });

  /** The text pass and the exact tree with a response schema (and top-level definitions). */
  function bothWithSchema(transforms: unknown[], schema: unknown, body: string, definitions?: unknown) {
    const rules = loadRules(
      JSON.stringify({
        endpoints: [{ pathTemplate: "/x", transforms, responseSchema: schema }],
        definitions,
      }),
    ) as ApiRules;
    const ctx = { pseudonymizer, session: new SanitizeSession() };
    const e = rules.endpoints[0]!;
    const plan = compileTextPlan(
      e.transforms.map((t) => compileTransform(t, ctx)),
      e.responseSchema,
      rules.definitions,
    );
    const exact = new RestSanitizer(rules, pseudonymizer, { nativeFastPath: false, textFastPath: false });
    let expected: string;
    try {
      expected = exact.sanitize("GET", URL, body);
    } catch (err) {
      expected = `error:${(err as { code?: string }).code}`;
    }
    return { plan, text: plan === null ? null : sanitizeText(body, plan), exact: expected };
  }

  it("applies a response schema before the transforms, as the filter does", () => {
    const definitions = {
      person: { type: "object", properties: { email: { type: "string" }, n: { type: "integer" } } },
    };
    const schema = {
      type: "object",
      properties: {
        users: { type: "array", items: { $ref: "#/definitions/person" } },
        flags: { type: "array", items: { type: "boolean" } },
        ids: { type: "array", items: { type: "integer" } },
        any: {},
        gone: { type: "null" },
        obj: { type: "object" },
      },
    };
    const body = JSON.stringify({
      users: [{ email: "a@b.c", n: 1.9, x: 1 }, "not an object", null, { email: 5, n: -2.5 }],
      flags: [true, null, "x", false],
      ids: [1, 2.7, "3", null, -0.5],
      any: { a: 1 },
      gone: 3,
      obj: [1],
      "+augmented": { kept: "whole" },
      dropped: "secret",
    });
    const transforms = [pseudonymize("$.users[*].email"), redact("$.flags[*]")];
    const r = bothWithSchema(transforms, schema, body, definitions);
    expect(r.plan).not.toBeNull();
    expect(r.text).toBe(r.exact);
    expect(r.text).not.toContain("secret");
    expect(r.text).toContain('"+augmented":{"kept":"whole"}');
    expect(r.text).toContain('"ids":[1,2,0]');
    // the root replaced by null
    expect(bothWithSchema([], { type: "object" }, "[1,2]")).toMatchObject({ text: "null", exact: "null" });
  });

  it("only checks that what no transform sees parses: dropped and redacted values", () => {
    // inside a member the schema drops, or a redacted one, names may repeat and integers be big or -0:
    // the exact parser accepts them, and they are not written
    const inner = '{"x":{"a":1,"a":-0,"b":[12345678901234567890,1e999,"\\u00e9"]}}';
    const schema = { type: "object", properties: { y: { type: "integer" } } };
    const dropped = bothWithSchema([], schema, `{"y":1,"x":${inner}}`);
    expect(dropped.text).toBe(dropped.exact);
    expect(dropped.text).toBe('{"y":1}');
    const redacted = both([redact("$.x"), pseudonymize("$.y")], `{"y":"a@b.c","x":${inner}}`);
    expect(redacted.text).toBe(redacted.exact);
    // but what does not parse still fails the whole body, as it does the usual way
    for (const bad of [
      '{"x":[1,]}',
      '{"x":[1 2]}',
      '{"x":[1 2,"z":1}',
      '{"x":{"a":1 "b":2}}',
      '{"x":[1}',
      '{"x":{"a" 1}}',
      '{"x":"\\q"}',
      '{"x":01}',
      `{"x":${"[".repeat(1001)}${"]".repeat(1001)}}`,
    ]) {
      const body = `{"y":1,${bad.slice(1)}`;
      expect(bothWithSchema([], schema, body).text, bad).toBeUndefined();
      expect(sanitizeText(body, planFor([redact("$.x")])!), bad).toBeUndefined();
    }
  });

  it("leaves schemas it cannot follow exactly, and their errors, to the usual way", () => {
    for (const schema of [
      { anyOf: [{ type: "string" }] },
      { type: "object", properties: { a: { type: "string", const: "x" } } },
      { type: "object", properties: { a: { $ref: "#/definitions/missing" } } },
      // biome-ignore lint/suspicious/noThenProperty: a JSON schema's if / then, not a thenable
      { type: "object", if: { properties: { a: { type: "string" } } }, then: { properties: {} } },
    ]) {
      expect(bothWithSchema([], schema, "{}").plan, JSON.stringify(schema)).toBeNull();
    }
    // an array schema without items fails on the first element
    const noItems = bothWithSchema([], { type: "object", properties: { a: { type: "array" } } }, '{"a":[1]}');
    expect(noItems.text).toBeUndefined();
    expect(noItems.exact).toBe("error:SCHEMA_FILTER_FAILED");
    expect(
      bothWithSchema([], { type: "object", properties: { a: { type: "array" } } }, '{"a":[]}').text,
    ).toBe('{"a":[]}');
  });
});
