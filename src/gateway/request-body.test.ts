import { describe, expect, it } from "vitest";
import { GatewayError } from "./gateway-error.js";
import { checkBodyAllowed, checkContentEncoding, readRequestBody } from "./request-body.js";

function thrown(f: () => void): GatewayError {
  try {
    f();
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("request Content-Encoding", () => {
  it.each([
    "utf-8",
    "UTF8",
    "utf_8",
    "ascii",
    "US-ASCII",
    "us_ascii",
    "iso-8859-1",
    "ISO_8859_1",
    "latin1",
    "Latin-1",
  ])("accepts %s", (enc) => {
    expect(() => checkContentEncoding(new Headers({ "Content-Encoding": enc }))).not.toThrow();
  });

  it("accepts a request without one", () => {
    expect(() => checkContentEncoding(new Headers())).not.toThrow();
  });

  it.each(["gzip", "br", "utf-16"])("rejects %s with 400 INVALID_REQUEST", (enc) => {
    const e = thrown(() => checkContentEncoding(new Headers({ "Content-Encoding": enc })));
    expect(e.status).toBe(400);
    expect(e.code).toBe("INVALID_REQUEST");
    expect(e.body).toBe(
      `Content encoding ${enc} not supported; only UTF-8 compatible encodings are supported (utf-8, ascii, iso-8859-1, us-ascii)`,
    );
  });
});

describe("request body", () => {
  it("is read as trimmed UTF-8; blank means absent", async () => {
    const req = (body?: string) => new Request("https://p/x", { method: "POST", body });
    expect(await readRequestBody(req(' {"a":"é"}\n'))).toBe('{"a":"é"}');
    expect(await readRequestBody(req(" \n\t "))).toBeUndefined();
    expect(await readRequestBody(req())).toBeUndefined();
  });

  it("400 without X-Psoxy-Error for GET or HEAD with a body", () => {
    for (const m of ["GET", "get", "HEAD"]) {
      const e = thrown(() => checkBodyAllowed(m, "{}"));
      expect(e.status).toBe(400);
      expect(e.code).toBeUndefined();
      expect(e.body).toBe("Request body is not allowed for GET or HEAD requests");
    }
    expect(() => checkBodyAllowed("GET", undefined)).not.toThrow();
    expect(() => checkBodyAllowed("POST", "{}")).not.toThrow();
  });
});
