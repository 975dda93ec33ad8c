import { describe, expect, it } from "vitest";
import { createPseudonymizer } from "../core/pseudonyms/index.js";
import { GatewayError } from "./gateway-error.js";
import {
  formEncode,
  reverseInBody,
  reverseInHeader,
  UnsupportedContentTypeError,
} from "./request-reversal.js";

const p = createPseudonymizer({ salt: "salt", encryptionKey: "secret" });
const reverse = (t: string) => p.reverseAll(t);
const token = p.pseudonymize("alice@acme.com", { includeReversible: true })!.reversible!;
const bad = `p~${"A".repeat(50)}`;

function gatewayError(f: () => unknown): GatewayError {
  try {
    f();
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("token reversal in request bodies", () => {
  it("reverses JSON string values, not keys, and re-serializes compactly", () => {
    const body = `{ "${token}": "${token}", "list": [1.50, "x ${token}"], "n": null }`;
    expect(reverseInBody(reverse, "application/json; charset=utf-8", body)).toBe(
      `{"${token}":"alice@acme.com","list":[1.5,"x alice@acme.com"],"n":null}`,
    );
  });

  it("reverses form values and re-encodes them", () => {
    expect(reverseInBody(reverse, "application/x-www-form-urlencoded", `a=${token}&b=x+y&c`)).toBe(
      "a=alice%40acme.com&b=x+y&c=",
    );
  });

  it("500 CONNECTION_SETUP for JSON that does not parse", () => {
    const e = gatewayError(() => reverseInBody(reverse, "application/json", "{nope"));
    expect([e.status, e.code, e.body]).toEqual([
      500,
      "CONNECTION_SETUP",
      "Failed to parse request; review logs",
    ]);
  });

  it("409 TOKENIZED_REQUEST_PARAMETER_INVALID for a token that does not decrypt", () => {
    for (const f of [
      () => reverseInBody(reverse, "application/json", `{"a":"${bad}"}`),
      () => reverseInBody(reverse, "application/x-www-form-urlencoded", `a=${bad}`),
      () => reverseInHeader(reverse, "X-H", bad),
    ]) {
      const e = gatewayError(f);
      expect([e.status, e.code, e.body]).toEqual([409, "TOKENIZED_REQUEST_PARAMETER_INVALID", ""]);
    }
  });

  it("409 when no encryption key is configured", () => {
    const noKey = createPseudonymizer({ salt: "salt" });
    const e = gatewayError(() => reverseInHeader((t) => noKey.reverseAll(t), "X-H", token));
    expect(e.status).toBe(409);
  });

  it("refuses other content types (a generic 500, as in the reference)", () => {
    expect(() => reverseInBody(reverse, "text/plain", "hello")).toThrow(UnsupportedContentTypeError);
  });

  it("form-encodes like Java's URLEncoder", () => {
    expect(formEncode("a b*~!'()-._é@")).toBe("a+b*%7E%21%27%28%29-._%C3%A9%40");
  });
});
