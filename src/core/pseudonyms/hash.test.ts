import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { b64url, b64urlDecode, hashBytes, legacyB64, legacyHashCanBeDecoded, piiSaltSha256 } from "./hash.js";

describe("hashBytes", () => {
  it("is SHA-256 of value + salt (salt last, UTF-8)", () => {
    const expected = createHash("sha256").update(Buffer.from("jöhn@x.comsalt", "utf8")).digest();
    expect(hashBytes("jöhn@x.com", "salt").equals(expected)).toBe(true);
    expect(hashBytes("a", "bc").equals(hashBytes("ab", "c"))).toBe(true);
  });

  it("encodes to 43 unpadded base64url chars", () => {
    const h = b64url(hashBytes("test", "salt"));
    expect(h).toBe("Tt8H7clbL9y8ryN4_RLYrCEsKqbjJsWcPmKb4wOdZDI");
    expect(h).toHaveLength(43);
  });
});

describe("b64url / b64urlDecode", () => {
  it("uses - and _ and no padding", () => {
    expect(b64url(Uint8Array.from([0xfb, 0xff, 0xbf]))).toBe("-_-_");
    expect(b64url(Uint8Array.from([0xff]))).toBe("_w");
  });

  it("round-trips and respects byteOffset of views", () => {
    const buf = Buffer.from([9, 9, 1, 2, 3, 4, 5]);
    const view = buf.subarray(2);
    expect(b64urlDecode(b64url(view))).toEqual(Buffer.from([1, 2, 3, 4, 5]));
  });

  it("rejects characters outside the url-safe alphabet and impossible lengths", () => {
    expect(b64urlDecode("ab+c")).toBeNull();
    expect(b64urlDecode("ab/c")).toBeNull();
    expect(b64urlDecode("ab c")).toBeNull();
    expect(b64urlDecode("abcde")).toBeNull();
    expect(b64urlDecode("_w")).toEqual(Buffer.from([0xff]));
  });

  it("accepts correct padding, rejects wrong padding", () => {
    expect(b64urlDecode("_w==")).toEqual(Buffer.from([0xff]));
    expect(b64urlDecode("_w=")).toBeNull();
  });
});

describe("legacy encodings", () => {
  it("X-Psoxy-PII-Salt-Sha256 for SALT=salt (spec 3.11)", () => {
    expect(piiSaltSha256("salt")).toBe("pRwka918R7CEI6El1noIhIMJzqBGYUvvqXYHyMvxl2Y");
  });

  it("legacy base64 maps / to _ and + to . and drops padding", () => {
    expect(legacyB64(Uint8Array.from([0xfb, 0xff, 0xbf]))).toBe("._._");
    expect(legacyB64(Uint8Array.from([0xff]))).toBe("_w");
  });

  it("legacy bare-hash decoder only checks for 43 UTF-8 bytes", () => {
    expect(legacyHashCanBeDecoded("szTDtLRsbo-JneQPAYEYN7g5hjcvfttONtzUv5hFWZo")).toBe(true);
    expect(legacyHashCanBeDecoded("asdfasdf")).toBe(false);
    expect(legacyHashCanBeDecoded(null)).toBe(false);
    expect(legacyHashCanBeDecoded(`${"a".repeat(41)}é`)).toBe(true);
  });
});
