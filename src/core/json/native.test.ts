import { describe, expect, it } from "vitest";
import { nativeSafe, parseNativeIfSafe } from "./native.js";
import { JsonDouble } from "./types.js";

describe("nativeSafe", () => {
  it.each([
    ['{"a":1,"b":[true,false,null],"c":"x"}'],
    ['  {\n  "users": [ { "id": "12345678901234567890", "n": -42 } ]\n}\n'],
    ['{"t":"1.5e10 and 2.0 inside a string","d":"2026-10-01T12:34:56.000Z"}'],
    ['{"q":"a \\"quoted\\" 1.5 \\\\","k":123456789012345}'],
    ['{"x1":1,"_a":2,"a0":3}'],
    ['{"v":"0 is a value, not a name"}'],
    ['"just a string"'],
    ['{"cost":0.04,"rate":-1.5,"share":2E-3,"big":9999999.25}'],
    ["123"],
    ["[]"],
  ])("accepts %s", (text) => {
    expect(nativeSafe(text)).toBe(true);
  });

  it.each([
    ['{"a":1.0}', "a double with an integral value"],
    ['{"a":1e3}', "an exponent giving an integral value"],
    ['{"a":-0.0}', "minus zero as a double"],
    ['{"a":1716990000.0}', "an integral double Java writes in E notation"],
    ['{"a":1.2.3}', "a malformed number"],
    ['{"a":1234567890123456}', "a 16-digit integer"],
    ['{"a":-0}', "minus zero"],
    ['{"1":"x","b":2}', "an integer-like name"],
    ['{"b":1, "0" : 2}', "an integer-like name before blanks and a colon"],
    ['{"__proto__":{"x":1}}', "a __proto__ name"],
    ['{"_\\u005fproto__":1}', "__proto__ spelled with an escape"],
    ['{"\\u0031":1}', "a digit name spelled with an escape"],
    ['{"a":"unterminated', "an unterminated string"],
    ['{"a":"x\\"}', "an escaped closing quote"],
    [`${"[".repeat(1001)}${"]".repeat(1001)}`, "nesting deeper than the parser limit"],
    [`{"a":"${"x".repeat(60_000)}"}`, "a string longer than the name limit"],
    ["{'a':1}", "a character JSON does not allow"],
  ])("rejects %s (%s)", (text) => {
    expect(nativeSafe(text)).toBe(false);
  });

  it("looks for escapes only inside the name itself", () => {
    // a backslash earlier in the document says nothing about `_links`
    expect(nativeSafe('{"x":"a\\\\b","_links":{"self":"u"}}')).toBe(true);
    expect(nativeSafe('{"_x\\u0041":1}')).toBe(false);
  });

  it("keeps a digit-leading string that is a value", () => {
    expect(nativeSafe('{"a":"1","b":["2","3"]}')).toBe(true);
  });
});

describe("parseNativeIfSafe", () => {
  it("parses a safe document in document order", () => {
    const v = parseNativeIfSafe('{"b":1,"a":{"d":2,"c":3}}')?.value as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["b", "a"]);
    expect(Object.keys(v.a as object)).toEqual(["d", "c"]);
  });

  it("declines invalid JSON and trailing documents (the exact parser reports those)", () => {
    expect(parseNativeIfSafe('{"a":1,}')).toBeUndefined();
    expect(parseNativeIfSafe('{"a":1}\n{"a":2}')).toBeUndefined();
    expect(parseNativeIfSafe('{"a":tru}')).toBeUndefined();
  });

  it("wraps the non-integral doubles JS would write otherwise, and says the tree needs the exact writer", () => {
    const r = parseNativeIfSafe('{"t":1716990000.125,"tiny":[1e-7],"ok":0.5}');
    expect(r?.plainScalars).toBe(false);
    const v = r?.value as { t: JsonDouble; tiny: JsonDouble[]; ok: number };
    expect(v.t).toBeInstanceOf(JsonDouble);
    expect(v.t.value).toBe(1716990000.125);
    expect(v.tiny[0]).toEqual(new JsonDouble(1e-7));
    expect(v.ok).toBe(0.5);
  });

  it("declines what it cannot represent exactly", () => {
    expect(parseNativeIfSafe('{"a":1.0}')).toBeUndefined();
    expect(parseNativeIfSafe('{"a":1.50}')).toEqual({ value: { a: 1.5 }, plainScalars: true });
    expect(parseNativeIfSafe('{"2":1}')).toBeUndefined();
  });
});
