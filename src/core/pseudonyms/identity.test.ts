import { describe, expect, it } from "vitest";
import { encodeJson, encodeJsonList, encodeUrlSafeToken, hashOnly, jacksonString } from "./identity.js";

const H = "UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMk";

describe("encodings (3.6)", () => {
  it("URL_SAFE_TOKEN", () => {
    expect(encodeUrlSafeToken({ hash: H })).toBe(`t~${H}`);
    expect(encodeUrlSafeToken({ domain: "acme.com", hash: H })).toBe(`t~${H}@acme.com`);
    expect(encodeUrlSafeToken({ domain: "acme.com", hash: H, reversible: "p~X@acme.com" })).toBe(
      "p~X@acme.com",
    );
  });

  it("URL_SAFE_TOKEN of a LEGACY pseudonymizer writes reversible identities as JSON", () => {
    const id = { domain: "a.com", hash: H, reversible: "p~X@a.com" };
    expect(encodeUrlSafeToken(id, true)).toBe(`{"domain":"a.com","hash":"${H}","reversible":"p~X@a.com"}`);
    expect(encodeUrlSafeToken({ hash: H }, true)).toBe(`t~${H}`);
  });

  it("JSON in field order domain, hash, original, reversible", () => {
    expect(encodeJson({ domain: "acme.com", hash: H })).toBe(`{"domain":"acme.com","hash":"${H}"}`);
    expect(encodeJson({ reversible: "p~R@a.com", original: "x@a.com", hash: H, domain: "a.com" })).toBe(
      `{"domain":"a.com","hash":"${H}","original":"x@a.com","reversible":"p~R@a.com"}`,
    );
    expect(encodeJson({ hash: H })).toBe(`{"hash":"${H}"}`);
    expect(encodeJsonList([{ hash: "a" }, { domain: "d", hash: "b" }])).toBe(
      '[{"hash":"a"},{"domain":"d","hash":"b"}]',
    );
    expect(encodeJsonList([])).toBe("[]");
  });

  it("URL_SAFE_HASH_ONLY", () => {
    expect(hashOnly({ domain: "acme.com", hash: H, reversible: "p~x" })).toBe(H);
  });
});

describe("jacksonString (spec section 2)", () => {
  it("escapes quote, backslash and control characters only", () => {
    expect(jacksonString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(jacksonString("\b\t\n\f\r")).toBe('"\\b\\t\\n\\f\\r"');
    expect(jacksonString("\u0000\u001f\u000b")).toBe('"\\u0000\\u001F\\u000B"');
    expect(jacksonString("/\u007f\u00a0\u2028é😀")).toBe('"/\u007f\u00a0\u2028é😀"');
    expect(jacksonString("")).toBe('""');
  });
});
