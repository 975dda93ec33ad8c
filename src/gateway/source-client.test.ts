import { describe, expect, it } from "vitest";
import { sourceCallError } from "./source-client.js";

const err = (code: string, message = `boom ${code}`) => Object.assign(new Error(message), { code });

describe("source call error mapping", () => {
  it("503 CONNECTION_TO_SOURCE for refused, unreachable and connect timeouts", () => {
    for (const code of ["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "CONNECT_TIMEOUT"]) {
      const e = sourceCallError(err(code, "connect failed"), 150_000);
      expect([e.status, e.code, e.body]).toEqual([
        503,
        "CONNECTION_TO_SOURCE",
        "Error connecting to source API: connect failed",
      ]);
    }
  });

  it("finds the code inside an AggregateError or a cause", () => {
    expect(sourceCallError(new AggregateError([err("ECONNREFUSED")], "all failed"), 1000).status).toBe(503);
    expect(sourceCallError(new TypeError("fetch failed", { cause: err("ECONNREFUSED") }), 1000).status).toBe(
      503,
    );
  });

  it("504 SOURCE_API_READ_TIMEOUT naming the read timeout in whole seconds", () => {
    for (const code of ["HEADERS_TIMEOUT", "BODY_TIMEOUT"]) {
      const e = sourceCallError(err(code), 150_000);
      expect(e.status).toBe(504);
      expect(e.code).toBe("SOURCE_API_READ_TIMEOUT");
      expect(e.body).toMatch(/^Source API read timeout: no response received within 150 seconds\. /);
    }
  });

  it("500 CONNECTION_TO_SOURCE for anything else", () => {
    const e = sourceCallError(err("ENOTFOUND", "getaddrinfo ENOTFOUND nowhere"), 1000);
    expect([e.status, e.code, e.body]).toEqual([
      500,
      "CONNECTION_TO_SOURCE",
      "Error communicating with source API: getaddrinfo ENOTFOUND nowhere",
    ]);
  });
});
