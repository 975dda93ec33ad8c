import { describe, expect, it } from "vitest";
import { GatewayError } from "./gateway-error.js";
import { applyTargetOverrides, overrideProblem } from "./target-override.js";

const inbound = { path: "/ignored", query: "x=1" };
const apply = (h: Record<string, string>) => applyTargetOverrides(new Headers(h), inbound);

function problem(h: Record<string, string>): GatewayError {
  try {
    apply(h);
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("X-Psoxy-TargetPath / X-Psoxy-TargetQuery", () => {
  it("replace the path and the query; a leading ? is dropped and an empty query means none", () => {
    expect(apply({ "X-Psoxy-TargetPath": " /v2/users ", "X-Psoxy-TargetQuery": "?status=active" })).toEqual({
      path: "/v2/users",
      query: "status=active",
    });
    expect(apply({ "x-psoxy-targetquery": "" })).toEqual({ path: "/ignored", query: null });
    expect(apply({ "X-Psoxy-TargetPath": "/a%2Fb" }).path).toBe("/a%2Fb");
    expect(apply({})).toBe(inbound);
  });

  it.each([
    ["X-Psoxy-TargetPath", "   ", "X-Psoxy-TargetPath must not be empty"],
    ["X-Psoxy-TargetPath", `/${"a".repeat(4096)}`, "X-Psoxy-TargetPath exceeds max length of 4096"],
    ["X-Psoxy-TargetPath", "/a b", "X-Psoxy-TargetPath must not contain whitespace"],
    ["X-Psoxy-TargetPath", "/a\tb", "X-Psoxy-TargetPath must not contain whitespace"],
    ["X-Psoxy-TargetPath", "/a#b", "X-Psoxy-TargetPath must not contain '#'"],
    ["X-Psoxy-TargetPath", "/a?b=1", "X-Psoxy-TargetPath must not contain '?'"],
    ["X-Psoxy-TargetPath", "/caf\u00e9", "X-Psoxy-TargetPath must be printable ASCII only"],
    ["X-Psoxy-TargetPath", "/a\u0001b", "X-Psoxy-TargetPath must be printable ASCII only"],
    ["X-Psoxy-TargetPath", "users", "X-Psoxy-TargetPath must start with '/'"],
    ["X-Psoxy-TargetQuery", `${"a".repeat(4097)}`, "X-Psoxy-TargetQuery exceeds max length of 4096"],
    ["X-Psoxy-TargetQuery", "a=1 2", "X-Psoxy-TargetQuery must not contain whitespace"],
    ["X-Psoxy-TargetQuery", "a=1#x", "X-Psoxy-TargetQuery must not contain '#'"],
    ["X-Psoxy-TargetQuery", "a=\u00ff", "X-Psoxy-TargetQuery must be printable ASCII only"],
  ])("%s: 400 INVALID_REQUEST (case %#)", (header, value, message) => {
    const e = problem({ [header]: value });
    expect(e.status).toBe(400);
    expect(e.code).toBe("INVALID_REQUEST");
    expect(e.body).toBe(message);
  });

  it("allows '?' inside a query and a query not starting with '/'", () => {
    expect(apply({ "X-Psoxy-TargetQuery": "a=?b" }).query).toBe("a=?b");
  });

  it("checks in the specified order (CR/LF before whitespace before '#' ...)", () => {
    expect(overrideProblem("H", "a\r\n b#?", true)).toBe("H must not contain CR/LF");
    expect(overrideProblem("H", "a b#?", true)).toBe("H must not contain whitespace");
    expect(overrideProblem("H", "a#?", true)).toBe("H must not contain '#'");
    expect(overrideProblem("H", "a?\u00e9", true)).toBe("H must not contain '?'");
    expect(overrideProblem("H", "a\u00e9", true)).toBe("H must be printable ASCII only");
    expect(overrideProblem("H", "", false)).toBeNull();
  });

  it("validates the path before the query", () => {
    const e = problem({ "X-Psoxy-TargetPath": "nope", "X-Psoxy-TargetQuery": "a b" });
    expect(e.body).toBe("X-Psoxy-TargetPath must start with '/'");
  });
});
