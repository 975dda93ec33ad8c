import { describe, expect, it } from "vitest";
import {
  parseSharedToken,
  parseTokenResponse,
  parseTokenResponseType,
  serializeSharedToken,
} from "./access-token.js";
import { TokenRequestError } from "./errors.js";

const NOW = Date.UTC(2025, 0, 1);

describe("parseTokenResponse", () => {
  it("reads the canonical OAuth answer; expires_in defaults to 3600 s", () => {
    expect(
      parseTokenResponse(
        '{"access_token":"a","refresh_token":"r","token_type":"bearer","expires_in":7199.9}',
        "DEFAULT",
        NOW,
      ),
    ).toEqual({ accessToken: "a", refreshToken: "r", expiresInSeconds: 7199 });
    expect(
      parseTokenResponse('{"access_token":"a","refresh_token":" ","scope":"x"}', "DEFAULT", NOW),
    ).toEqual({
      accessToken: "a",
      expiresInSeconds: 3600,
    });
  });

  it("reads GitHub's {token, expires_at}", () => {
    const body = JSON.stringify({ token: "ghs", expires_at: new Date(NOW + 3_599_500).toISOString() });
    expect(parseTokenResponse(body, "GITHUB_ACCESS_TOKEN", NOW)).toEqual({
      accessToken: "ghs",
      expiresInSeconds: 3599,
    });
    expect(parseTokenResponse('{"token":"ghs"}', "GITHUB_ACCESS_TOKEN", NOW).expiresInSeconds).toBe(3600);
  });

  it.each([
    "",
    "<html>",
    "[]",
    "null",
    '{"token_type":"bearer"}',
    '{"access_token":""}',
    '{"access_token":"a","expires_in":"1h"}',
  ])("refuses %j as TokenRequestError naming the endpoint", (body) => {
    expect(() => parseTokenResponse(body, "DEFAULT", NOW, "token endpoint https://x/token")).toThrow(
      TokenRequestError,
    );
    expect(() => parseTokenResponse(body, "DEFAULT", NOW, "token endpoint https://x/token")).toThrow(
      /^token endpoint https:\/\/x\/token answer/,
    );
  });

  it("knows the TOKEN_RESPONSE_TYPE values", () => {
    expect(parseTokenResponseType(undefined)).toBe("DEFAULT");
    expect(parseTokenResponseType("DEFAULT")).toBe("DEFAULT");
    expect(parseTokenResponseType("GITHUB_ACCESS_TOKEN")).toBe("GITHUB_ACCESS_TOKEN");
    expect(parseTokenResponseType("github_access_token")).toBeUndefined();
  });
});

describe("shared token storage", () => {
  it("round-trips the reference's {token, expirationDate} JSON", () => {
    const json = serializeSharedToken({ token: "t", expiresAt: 1_700_000_000_123 });
    expect(json).toBe('{"token":"t","expirationDate":1700000000123}');
    expect(parseSharedToken(json)).toEqual({ token: "t", expiresAt: 1_700_000_000_123 });
    expect(parseSharedToken('{"token":"t","expirationDate":null}')).toEqual({ token: "t", expiresAt: null });
  });

  it.each(["fill me", "{}", '{"token":1}', '{"token":"t","expirationDate":"soon"}', "[]"])(
    "skips %j",
    (value) => {
      expect(parseSharedToken(value)).toBeUndefined();
    },
  );
});
