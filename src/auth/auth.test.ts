import { describe, expect, it } from "vitest";
import { ConfigError } from "../config/types.js";
import { MemoryConfigService } from "../gateway/testing/memory-config.js";
import { createAuthStrategy, MissingAuthConfigError, UnknownAuthStrategyError } from "./index.js";

const strategy = (
  id: string | undefined,
  secrets: Record<string, string> = {},
  config: Record<string, string> = {},
) => createAuthStrategy(id, { config: new MemoryConfigService({ secrets, config }) });

describe("oauth2_access_token", () => {
  it("sends the ACCESS_TOKEN secret as a bearer token and requires it", async () => {
    const s = strategy("oauth2_access_token", { ACCESS_TOKEN: "tok" });
    expect(s.requiredProperties).toEqual(["ACCESS_TOKEN"]);
    expect(await s.headers({})).toEqual({ Authorization: "Bearer tok" });
    expect(s.onUnauthorized).toBeUndefined();
  });

  it("accepts the token from configuration like the reference's health check does", async () => {
    expect(await strategy("oauth2_access_token", {}, { ACCESS_TOKEN: "cfg" }).headers({})).toEqual({
      Authorization: "Bearer cfg",
    });
  });

  it("throws MissingAuthConfigError without it, and passes config store failures on", async () => {
    await expect(strategy("oauth2_access_token").headers({})).rejects.toBeInstanceOf(MissingAuthConfigError);
    const config = new MemoryConfigService().fail("ACCESS_TOKEN");
    const s = createAuthStrategy("oauth2_access_token", { config });
    await expect(s.headers({})).rejects.toBeInstanceOf(ConfigError);
  });
});

describe("basic_auth", () => {
  it("sends base64(user:password), each empty when absent, and requires nothing", async () => {
    const s = strategy("basic_auth", { BASIC_AUTH_USER_ID: "user", BASIC_AUTH_PASSWORD: "pässword" });
    expect(s.requiredProperties).toEqual([]);
    expect(await s.headers({})).toEqual({
      Authorization: `Basic ${Buffer.from("user:pässword", "utf8").toString("base64")}`,
    });
    expect(await strategy("basic_auth", { BASIC_AUTH_USER_ID: "key" }).headers({})).toEqual({
      Authorization: "Basic a2V5Og==",
    });
    expect(await strategy("basic_auth").headers({})).toEqual({ Authorization: "Basic Og==" });
  });
});

describe("strategy selection", () => {
  it.each([undefined, "", "bearer", "oauth2", "oauth2_refresh_token", "gcp_service_account_key", "toString"])(
    "%j is refused with UnknownAuthStrategyError",
    (id) => {
      expect(() => strategy(id)).toThrow(UnknownAuthStrategyError);
    },
  );

  it("says which strategies exist", () => {
    expect(() => strategy("bearer")).toThrow(/oauth2_access_token, basic_auth/);
    expect(() => strategy("oauth2_refresh_token")).toThrow(/not supported by this version yet/);
  });
});
