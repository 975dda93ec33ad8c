import { describe, expect, it } from "vitest";
import { ConfigError } from "../config/types.js";
import { MemoryConfigService } from "../gateway/testing/memory-config.js";
import {
  createAuthStrategy,
  MissingAuthConfigError,
  SUPPORTED_AUTH_STRATEGIES,
  UnknownAuthStrategyError,
} from "./index.js";

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
  it.each([undefined, "", "bearer", "oauth2", "toString"])(
    "%j is refused with UnknownAuthStrategyError",
    (id) => {
      expect(() => strategy(id)).toThrow(UnknownAuthStrategyError);
    },
  );

  it("says which strategies exist", () => {
    expect(() => strategy("bearer")).toThrow(
      /oauth2_access_token, oauth2_refresh_token, gcp_service_account_key, basic_auth, claude_admin_api_key, windsurf_service_key/,
    );
  });

  it("knows every strategy of the reference", () => {
    expect([...SUPPORTED_AUTH_STRATEGIES].sort()).toEqual(
      [
        "basic_auth",
        "claude_admin_api_key",
        "gcp_service_account_key",
        "oauth2_access_token",
        "oauth2_refresh_token",
        "windsurf_service_key",
      ].sort(),
    );
  });

  it("refuses unknown GRANT_TYPE, TOKEN_RESPONSE_TYPE and CREDENTIALS_FLOW values at startup", () => {
    const withEnv = (env: Record<string, string>) => () =>
      createAuthStrategy("oauth2_refresh_token", { config: new MemoryConfigService({ env }) });
    expect(withEnv({ GRANT_TYPE: "password" })).toThrow(/GRANT_TYPE="password" is not a known grant type/);
    expect(withEnv({ GRANT_TYPE: "refresh_token", TOKEN_RESPONSE_TYPE: "XML" })).toThrow(
      UnknownAuthStrategyError,
    );
    expect(withEnv({ GRANT_TYPE: "client_credentials", CREDENTIALS_FLOW: "mtls" })).toThrow(
      /CREDENTIALS_FLOW/,
    );
    expect(withEnv({ GRANT_TYPE: "client_credentials", CREDENTIALS_FLOW: "Client_Secret" })).not.toThrow();
  });
});
