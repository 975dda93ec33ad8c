/**
 * Property tests of the sanitizer as a whole: random documents, random rules.
 * - nothing but typed errors (errors with a string `code`) ever escapes;
 * - a string at a pseudonymized path never appears verbatim in the output;
 * - redacted members are absent (not null) in API mode;
 * - the native fast path (plain JS values) and the exact tree give the same output.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromPlain } from "../src/core/json/convert.js";
import { nativeSafe, parseNativeIfSafe } from "../src/core/json/native.js";
import { parseJson } from "../src/core/json/parse.js";
import { quoteJsonString, serializeJson } from "../src/core/json/serialize.js";
import type { JsonValue } from "../src/core/json/types.js";
import {
  compileJsonPath,
  deleteMembersEverywhere,
  deletePath,
  locate,
  mapPath,
  PathNotFoundError,
} from "../src/core/jsonpath/index.js";
import { createPseudonymizer } from "../src/core/pseudonyms/index.js";
import { loadRules } from "../src/core/rules/index.js";
import type { ApiRules } from "../src/core/rules/model.js";
import { RestSanitizer } from "../src/core/sanitize/rest-sanitizer.js";
import { digest, digestJson } from "../src/core/transforms/text-digest.js";

const pseudonymizer = createPseudonymizer({ salt: "salt", encryptionKey: "secret" });
const URL = "https://api.example.com/x";

function sanitizerFor(
  transforms: unknown[],
  nativeFastPath = true,
  responseSchema?: unknown,
  textFastPath = nativeFastPath,
): RestSanitizer {
  const endpoint = { pathTemplate: "/x", transforms, ...(responseSchema ? { responseSchema } : {}) };
  const rules = loadRules(JSON.stringify({ endpoints: [endpoint] })) as ApiRules;
  return new RestSanitizer(rules, pseudonymizer, { nativeFastPath, textFastPath });
}

const KEYS = ["a", "b", "email", "id", "name", "0", "+x", "users"];
const key = fc.constantFrom(...KEYS);
const jsonDoc: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  ),
})).value;

// documents the native fast path takes: no integer-like names, no doubles, safe integers only
const safeKey = fc.constantFrom(
  ...KEYS.filter((k) => k !== "0"),
  "constructor",
  "toString",
  "__defineGetter__",
);
const safeDoc: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.constantFrom("alice@acme.com", "Bob <bob@example.org>", "10.0.0.1", "x@y.z, a@b.c"),
    fc.integer(),
    fc.constantFrom(0.04, -1.5, 2.25, 123.456, 9999999.5, 0.001, 1716990000.123123, 2.5e-7),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(safeKey, tie("value"), { maxKeys: 5 }),
  ),
})).value;

// response schemas over the same names (the filter keeps what they describe)
const schema: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom({ type: "string" }, { type: "integer" }, { type: "number" }, { type: "boolean" }, {}),
    fc.record({ type: fc.constant("array"), items: tie("node") }),
    fc
      .dictionary(fc.constantFrom(...KEYS, "constructor"), tie("node"), { maxKeys: 4 })
      .map((properties) => ({ type: "object", properties })),
  ),
})).node;

const segment = fc.oneof(
  key.map((k) => `.${k === "+x" || k === "0" ? `['${k}']` : k}`),
  key.map((k) => `..${k === "+x" || k === "0" ? `['${k}']` : k}`),
  fc.constant("[*]"),
  fc.constant("..*"),
  fc.constant("['a','email']"),
  fc.constant("[?(@.name == 'x')]"),
  fc.constant("[?(@.id != 1)]"),
  fc.constant("[?(@.name =~ /^a.*$/i)]"),
  fc.constant("[0]"),
  fc.constant(".constructor"),
  fc.constant("..toString"),
);
const jsonPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `$${s.join("")}`);
const transform = fc.oneof(
  jsonPath.map((p) => ({ method: "redact", jsonPaths: [p] })),
  fc
    .tuple(jsonPath, fc.constantFrom("URL_SAFE_TOKEN", "JSON", "URL_SAFE_HASH_ONLY"), fc.boolean())
    .map(([p, encoding, includeReversible]) => ({
      method: "pseudonymize",
      jsonPaths: [p],
      encoding,
      includeReversible,
    })),
  jsonPath.map((p) => ({ method: "tokenize", jsonPaths: [p] })),
  jsonPath.map((p) => ({ method: "hashIp", jsonPaths: [p] })),
  jsonPath.map((p) => ({ method: "textDigest", jsonPaths: [p] })),
  jsonPath.map((p) => ({ method: "pseudonymizeEmailHeader", jsonPaths: [p] })),
  jsonPath.map((p) => ({ method: "pseudonymizeRegexMatches", jsonPaths: [p], regex: "([a-z]+)@" })),
  jsonPath.map((p) => ({ method: "filterTokenByRegex", jsonPaths: [p], filters: ["[a-z]+"] })),
);

describe("sanitizer properties", () => {
  it("throws nothing but typed errors on random documents and rules", () => {
    fc.assert(
      fc.property(jsonDoc, fc.array(transform, { maxLength: 4 }), (doc, transforms) => {
        let sanitizer: RestSanitizer;
        try {
          sanitizer = sanitizerFor(transforms);
        } catch (e) {
          expect(typeof (e as { code?: unknown }).code, String(e)).toBe("string");
          return;
        }
        const body = serializeJson(fromPlain(doc));
        try {
          const out = sanitizer.sanitize("GET", URL, body);
          if (body.trim() !== "") parseJson(out.split("\n")[0] ?? "");
        } catch (e) {
          expect(typeof (e as { code?: unknown }).code, `${(e as Error).stack}`).toBe("string");
        }
      }),
      { numRuns: 400 },
    );
  });

  it("never lets a pseudonymized string through verbatim", () => {
    const secretText = fc.string({ minLength: 3 }).map((s) => `«${s}`);
    // nested values get another prefix: where a path leaves them alone they must not collide with covered ones
    const nestedText = fc.string({ minLength: 3 }).map((s) => `»${s}`);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ email: secretText, name: fc.string(), nested: fc.record({ email: nestedText }) }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        fc.constantFrom("$.users[*].email", "$..email", "$.users[*]['email','x']"),
        fc.constantFrom("URL_SAFE_TOKEN", "JSON", "URL_SAFE_HASH_ONLY"),
        (users, path, encoding) => {
          const s = sanitizerFor([{ method: "pseudonymize", jsonPaths: [path], encoding }]);
          const out = s.sanitize("GET", URL, serializeJson(fromPlain({ users })));
          const covered = users.flatMap((u) => (path === "$..email" ? [u.email, u.nested.email] : [u.email]));
          for (const secret of covered) {
            expect(out).not.toContain(quoteJsonString(secret).slice(1, -1));
            expect(out).not.toContain(secret);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("removes redacted members instead of nulling them", () => {
    const hasKey = (v: JsonValue, k: string): boolean =>
      v instanceof Map
        ? [...v].some(([kk, vv]) => kk === k || hasKey(vv, k))
        : Array.isArray(v)
          ? v.some((x) => hasKey(x, k))
          : false;
    fc.assert(
      fc.property(jsonDoc, (doc) => {
        const s = sanitizerFor([{ method: "redact", jsonPaths: ["$..name", "$..['a','b']"] }]);
        const body = serializeJson(fromPlain({ wrap: doc, name: "top" }));
        const out = parseJson(s.sanitize("GET", URL, body));
        expect(hasKey(out, "name")).toBe(false);
        // a member holding null afterwards would mean "nulled", which API mode never does
        expect(out instanceof Map && out.has("name")).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  /**
   * The fast paths (text only, native tree only) and the exact tree on the same body and rules: the
   * same output, or the same error code. The body is written compactly, pretty-printed, or with
   * non-ASCII characters and slashes escaped.
   */
  function expectSameThroughBothPaths(
    doc: unknown,
    transforms: unknown[],
    responseSchema?: unknown,
    form: "compact" | "pretty" | "escaped" = "compact",
  ): void {
    const outcome = (s: RestSanitizer, body: string): string => {
      try {
        return `ok:${s.sanitize("GET", URL, body)}`;
      } catch (e) {
        return `error:${(e as { code?: string }).code}`;
      }
    };
    let text: RestSanitizer;
    let native: RestSanitizer;
    let exact: RestSanitizer;
    try {
      text = sanitizerFor(transforms, false, responseSchema, true);
      native = sanitizerFor(transforms, true, responseSchema, false);
      exact = sanitizerFor(transforms, false, responseSchema, false);
    } catch {
      return;
    }
    let body = serializeJson(fromPlain(doc));
    if (form === "pretty") body = ` ${JSON.stringify(JSON.parse(body), null, 2)}\n`;
    if (form === "escaped") {
      // outside strings JSON has neither, so escaping them everywhere only changes strings
      body = body
        .replace(/\//g, "\\/")
        .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    }
    const expected = outcome(exact, body);
    expect(outcome(text, body)).toBe(expected);
    expect(outcome(native, body)).toBe(expected);
  }

  it("gives the same output through the native fast path as through the exact tree", () => {
    fc.assert(
      fc.property(fc.oneof(safeDoc, jsonDoc), fc.array(transform, { minLength: 1, maxLength: 4 }), (doc, t) =>
        expectSameThroughBothPaths(doc, t),
      ),
      { numRuns: 1000 },
    );
  });

  // paths of the shapes the text pass follows (names, wildcards, deep scans for a name)
  const streamSegment = fc.oneof(
    key.map((k) => `.${k === "+x" || k === "0" ? `['${k}']` : k}`),
    key.map((k) => `..${k === "+x" || k === "0" ? `['${k}']` : k}`),
    fc.constant("[*]"),
    fc.constant(".*"),
  );
  const streamPath = fc.array(streamSegment, { minLength: 1, maxLength: 4 }).map((s) => `$${s.join("")}`);
  const streamTransform = fc.oneof(
    fc
      .array(streamPath, { minLength: 1, maxLength: 3 })
      .map((jsonPaths) => ({ method: "redact", jsonPaths })),
    fc
      .tuple(streamPath, fc.constantFrom("URL_SAFE_TOKEN", "JSON", "URL_SAFE_HASH_ONLY"))
      .map(([p, encoding]) => ({ method: "pseudonymize", jsonPaths: [p], encoding })),
    streamPath.map((p) => ({ method: "tokenize", jsonPaths: [p] })),
    streamPath.map((p) => ({ method: "textDigest", jsonPaths: [p] })),
    streamPath.map((p) => ({ method: "hashIp", jsonPaths: [p] })),
    streamPath.map((p) => ({ method: "pseudonymizeEmailHeader", jsonPaths: [p] })),
    streamPath.map((p) => ({ method: "redactRegexMatches", jsonPaths: [p], redactions: ["[0-9]+"] })),
  );
  const unicodeDoc: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.string({ unit: "binary" }),
      fc.constantFrom("é/à", 'a"b', "tab\there", "\u0001x", "😀 ok", "\ud800 lone", "alice@acme.com"),
      fc.integer(),
      fc.constantFrom(1.5, -0.25, 1e21, 1.0e-7, 123456789.125),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom(...KEYS, "é", "a/b"), tie("value"), { maxKeys: 5 }),
    ),
  })).value;

  it("gives the same output through the text pass as through the exact tree", () => {
    fc.assert(
      fc.property(
        fc.oneof(safeDoc, jsonDoc, unicodeDoc),
        fc.array(fc.oneof(streamTransform, streamTransform, transform), { minLength: 1, maxLength: 4 }),
        fc.constantFrom("compact", "pretty", "escaped") as fc.Arbitrary<"compact" | "pretty" | "escaped">,
        (doc, t, form) => expectSameThroughBothPaths(doc, t, undefined, form),
      ),
      { numRuns: 3000 },
    );
  });

  it("gives the same output through the fast path as through the exact tree with a response schema", () => {
    const responseSchema = fc.record({
      type: fc.constant("object"),
      properties: fc.dictionary(safeKey, schema, { maxKeys: 5 }),
    });
    fc.assert(
      fc.property(
        fc.oneof(safeDoc, jsonDoc),
        responseSchema,
        fc.array(transform, { maxLength: 3 }),
        (doc, s, t) => expectSameThroughBothPaths(doc, t, s),
      ),
      { numRuns: 1000 },
    );
  });

  it("deletes $..name paths in one walk exactly as one deletion per path does", () => {
    fc.assert(
      fc.property(
        safeDoc,
        fc.array(fc.constantFrom(...KEYS.filter((k) => k !== "0"), "constructor"), {
          minLength: 1,
          maxLength: 4,
        }),
        (doc, names) => {
          const text = serializeJson(fromPlain(doc));
          for (const tree of [() => parseJson(text), () => parseNativeIfSafe(text)!.value]) {
            const oneWalk = tree();
            deleteMembersEverywhere(oneWalk, new Set(names));
            let perPath = tree();
            for (const n of names) {
              try {
                perPath = deletePath(perPath, compileJsonPath(`$..['${n}']`));
              } catch (e) {
                if (!(e instanceof PathNotFoundError)) throw e;
              }
            }
            expect(serializeJson(oneWalk)).toBe(serializeJson(perPath));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("updates simple paths as evaluation finds them exactly as Jayway's collect-sort-apply does", () => {
    const step = fc.oneof(
      key.filter((k) => k !== "0" && k !== "+x").map((k) => `.${k}`),
      fc.constantFrom("[*]", ".*", "[0]", "[0,0]", "[-1]", "[0:2]", "[1:]"),
      // shapes that must not take the direct route (deep scans, filters, multi-name)
      fc.constantFrom("..a", "..*", "[?(@.a)]", "[?(@.name == 'x')]", "['a','b']"),
    );
    const simplePath = fc
      .tuple(
        fc.array(step, { maxLength: 3 }),
        key.filter((k) => k !== "0" && k !== "+x"),
      )
      .map(([steps, last]) => `$${steps.join("")}.${last}`);
    // not idempotent, so a location updated twice shows it
    const fn = (v: JsonValue): JsonValue => (typeof v === "string" ? `${v}!` : "x");
    fc.assert(
      fc.property(safeDoc, simplePath, fc.boolean(), (doc, text, remove) => {
        const body = serializeJson(fromPlain(doc));
        const path = compileJsonPath(text);
        for (const tree of [() => parseJson(body), () => parseNativeIfSafe(body)!.value]) {
          const direct = tree();
          let directError = "";
          try {
            if (remove) deletePath(direct, path);
            else mapPath(direct, path, fn);
          } catch (e) {
            directError = (e as Error).name;
          }
          const collected = tree();
          let collectedError = "";
          try {
            // locate() collects in evaluation order; all matches are members of the same name
            for (const loc of locate(collected, path)) {
              const parent = loc.parent as Map<string, JsonValue> | Record<string, JsonValue | undefined>;
              const k = loc.key as string;
              if (parent instanceof Map) {
                if (remove) parent.delete(k);
                else if (parent.has(k)) parent.set(k, fn(parent.get(k)!));
              } else if (remove) parent[k] = undefined;
              else if (parent[k] !== undefined) parent[k] = fn(parent[k]!);
            }
          } catch (e) {
            collectedError = (e as Error).name;
          }
          expect(directError).toBe(collectedError);
          expect(serializeJson(direct)).toBe(serializeJson(collected));
        }
      }),
      { numRuns: 800 },
    );
  });

  it("writes text digests directly exactly as the generic writer writes the digest object", () => {
    const piece = fc.oneof(
      fc.constantFrom(" ", "  ", "\t", "\n", "\r\n", "\u000b", "\f", "\u0001", "\u00a0", ",", "_", "-"),
      fc.constantFrom("Budget", "budget", "BUDGET", "q3", "Q3_plan", "K", "\u212a", "İ", "é", "naïve", "x"),
      fc.string({ maxLength: 6 }),
    );
    const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(""));
    const keywords = fc.array(fc.constantFrom("budget", "q3", "k", "i", "x", "Q3_PLAN", " ", "naïve"), {
      maxLength: 4,
    });
    fc.assert(
      fc.property(text, keywords, (t, k) => {
        expect(digestJson(t, k)).toBe(serializeJson(digest(t, k)));
      }),
      { numRuns: 2000 },
    );
  });

  it("takes the fast path for documents without names or numbers it cannot keep", () => {
    fc.assert(
      fc.property(safeDoc, (doc) => {
        expect(nativeSafe(serializeJson(fromPlain(doc)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
