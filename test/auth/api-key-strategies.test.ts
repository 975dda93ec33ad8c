/**
 * The strategies without a token endpoint, end to end through the gateway to the HTTPS fake source:
 * `claude_admin_api_key` (x-api-key), `windsurf_service_key` (service_key in the JSON body),
 * `basic_auth` and `oauth2_access_token`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GatewayInstance } from "../../src/gateway/index.js";
import { MemoryConfigService } from "../../src/gateway/testing/memory-config.js";
import { type FakeSource, startFakeSource } from "../gateway/fake-source.js";
import { reversibleToken } from "../gateway/rules-fixture.js";
import { BASE_SECRETS, baseEnv, everythingVisible, gatewayFor, proxyRequest } from "./helpers.js";

let source: FakeSource;
const gateways: GatewayInstance[] = [];

beforeAll(async () => {
  source = await startFakeSource();
});
afterAll(async () => {
  await source.close();
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  source.requests.length = 0;
});

function setup(strategy: string, secrets: Record<string, string>) {
  const config = new MemoryConfigService({
    env: baseEnv(source, strategy),
    secrets: { ...BASE_SECRETS, ...secrets },
  });
  const { gateway, logger } = gatewayFor({ source, config });
  gateways.push(gateway);
  return { gateway, logger, config };
}

describe("claude_admin_api_key", () => {
  it("sends the trimmed ADMIN_API_KEY as x-api-key, read once per process, never logged", async () => {
    const { gateway, logger, config } = setup("claude_admin_api_key", {
      ADMIN_API_KEY: " \tsk-ant-admin01-key-value\r\n",
    });
    const res = await gateway.handle(proxyRequest("/api/v1/users"));
    expect(res.status).toBe(200);
    const seen = source.requests[0].headers;
    expect(seen["x-api-key"]).toBe("sk-ant-admin01-key-value");
    expect(seen.authorization).toBeUndefined();
    expect(logger.text()).toContain("ADMIN_API_KEY had leading or trailing whitespace; trimmed");

    config.secrets.set("ADMIN_API_KEY", "sk-ant-admin01-rotated");
    expect((await gateway.handle(proxyRequest("/api/v1/users"))).status).toBe(200);
    expect(source.requests[1].headers["x-api-key"]).toBe("sk-ant-admin01-key-value");
    expect(await everythingVisible(logger, res)).not.toContain("sk-ant-admin01");
  });

  it("a missing or blank key is 500 CONNECTION_SETUP and the source is not called", async () => {
    for (const secrets of [{}, { ADMIN_API_KEY: "  \n" }] as Record<string, string>[]) {
      const { gateway } = setup("claude_admin_api_key", secrets);
      const res = await gateway.handle(proxyRequest("/api/v1/users"));
      expect(res.status).toBe(500);
      expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_SETUP");
    }
    expect(source.requests).toHaveLength(0);
  });
});

describe("windsurf_service_key", () => {
  it("adds service_key to the JSON body (after token reversal) and sends no Authorization", async () => {
    const { gateway, logger } = setup("windsurf_service_key", { SERVICE_KEY: "windsurf-service-key-1" });
    const res = await gateway.handle(
      proxyRequest("/api/v1/search", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          email: reversibleToken("alice@acme.com"),
          n: 1.5,
          nested: { service_key: "x" },
        }),
      }),
    );
    expect(res.status).toBe(200);
    const seen = source.requests[0];
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(seen.body).toBe(
      '{"email":"alice@acme.com","n":1.5,"nested":{"service_key":"x"},"service_key":"windsurf-service-key-1"}',
    );
    expect(await everythingVisible(logger, res)).not.toContain("windsurf-service-key-1");
  });

  it("replaces a client-sent service_key in place", async () => {
    const { gateway } = setup("windsurf_service_key", { SERVICE_KEY: "real-key" });
    await gateway.handle(
      proxyRequest("/api/v1/search", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: '{"service_key":"client-guess","a":1}',
      }),
    );
    expect(source.requests[0].body).toBe('{"service_key":"real-key","a":1}');
  });

  it('sends {"service_key":...} as application/json when the request has no body', async () => {
    const { gateway } = setup("windsurf_service_key", { SERVICE_KEY: "svc-key" });
    expect((await gateway.handle(proxyRequest("/api/v1/search", { method: "POST" }))).status).toBe(200);
    expect(source.requests[0].body).toBe('{"service_key":"svc-key"}');
    expect(source.requests[0].headers["content-type"]).toBe("application/json");
  });

  it("a body that is not exactly application/json is the generic 500 (REF-QUIRK); a missing key is CONNECTION_SETUP", async () => {
    const { gateway } = setup("windsurf_service_key", { SERVICE_KEY: "svc-key" });
    const charset = await gateway.handle(
      proxyRequest("/api/v1/search", {
        method: "POST",
        headers: { "Content-Type": "application/json; charset=utf-8" },
        body: "{}",
      }),
    );
    expect(charset.status).toBe(500);
    expect(charset.headers.get("X-Psoxy-Error")).toBe("UNKNOWN");
    const array = await gateway.handle(
      proxyRequest("/api/v1/search", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "[1]",
      }),
    );
    expect(array.status).toBe(500);

    const missing = setup("windsurf_service_key", {});
    const res = await missing.gateway.handle(proxyRequest("/api/v1/search", { method: "POST" }));
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_SETUP");
    expect(source.requests).toHaveLength(0);
  });
});

describe("basic_auth and oauth2_access_token", () => {
  it("send Basic base64(user:password) and Bearer ACCESS_TOKEN", async () => {
    const basic = setup("basic_auth", { BASIC_AUTH_USER_ID: "cursor-api-key" });
    expect((await basic.gateway.handle(proxyRequest("/api/v1/users"))).status).toBe(200);
    expect(source.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from("cursor-api-key:").toString("base64")}`,
    );
    const bearer = setup("oauth2_access_token", { ACCESS_TOKEN: "long-lived" });
    expect((await bearer.gateway.handle(proxyRequest("/api/v1/users"))).status).toBe(200);
    expect(source.requests[1].headers.authorization).toBe("Bearer long-lived");
  });
});
