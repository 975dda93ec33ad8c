import { describe, expect, it } from "vitest";
import { GatewayError } from "./gateway-error.js";
import { checkHttps } from "./https-check.js";

const check = (proto: string | null, isHttps?: boolean) => () =>
  checkHttps(new Headers(proto === null ? {} : { "X-Forwarded-Proto": proto }), { isHttps });

describe("HTTPS enforcement", () => {
  it("allows https (any case) and requests without the header", () => {
    expect(check("https")).not.toThrow();
    expect(check("HTTPS")).not.toThrow();
    expect(check(null)).not.toThrow();
  });

  it("400 HTTPS_REQUIRED for anything else, or when the host says plain HTTP", () => {
    for (const f of [check("http"), check("ws"), check(null, false), check("https", false)]) {
      try {
        f();
        expect.fail("no error");
      } catch (e) {
        expect(e).toBeInstanceOf(GatewayError);
        const g = e as GatewayError;
        expect([g.status, g.code, g.body]).toEqual([
          400,
          "HTTPS_REQUIRED",
          "Requests MUST be sent over HTTPS",
        ]);
      }
    }
  });

  it("trusts the host's isHttps over the header", () => {
    expect(check("http", true)).not.toThrow();
  });
});
