/**
 * The pipeline's early steps and their order (api-mode spec 1.0), without a source: every request here
 * is answered before the source would be called (TARGET_HOST points at a closed port).
 */
import { describe, expect, it } from "vitest";
import { createGateway } from "./create-gateway.js";
import { unhandledErrorResponse } from "./gateway-error.js";
import type { GatewayPlatform } from "./gateway-options.js";
import { MemoryConfigService } from "./testing/memory-config.js";
import type { Logger } from "./types.js";

const RULES = `endpoints:\n  - pathTemplate: /users\n    allowedMethods: [GET, POST]\n`;

function gateway(env: Record<string, string | undefined> = {}, secrets?: Record<string, string>) {
  const config = new MemoryConfigService({
    env: {
      SOURCE: "s",
      TARGET_HOST: "127.0.0.1:1",
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES,
      ...env,
    },
    secrets: secrets ?? { PSOXY_SALT: "salt", PSOXY_ENCRYPTION_KEY: "secret", ACCESS_TOKEN: "t" },
  });
  const lines: object[] = [];
  const logger: Logger = {
    debug() {},
    info: (o, m) => m === "api request" && lines.push(o),
    warn: (o, m) => m === "api request" && lines.push(o),
    error: (o, m) => m === "api request" && lines.push(o),
  };
  return { gw: createGateway({ config, logger, platform: "gcp" }), config, lines };
}

const req = (path: string, init?: RequestInit) => new Request(`https://proxy.example.com${path}`, init);

async function expectError(res: Response, status: number, code: string | null, body: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("X-Psoxy-Error")).toBe(code);
  expect(await res.text()).toBe(body);
}

describe("pipeline order", () => {
  it("HTTPS before the IP allowlist", async () => {
    const { gw } = gateway({ ALLOWED_DATA_ACCESS_IP_BLOCKS: "10.0.0.0/8" });
    const res = await gw.handle(req("/users", { headers: { "X-Forwarded-Proto": "http" } }), {
      clientIp: "1.1.1.1",
    });
    await expectError(res, 400, "HTTPS_REQUIRED", "Requests MUST be sent over HTTPS");
  });

  it("403 UNAUTHORIZED_IP_ADDRESS for callers outside the allowlist or with an unknown IP", async () => {
    const { gw } = gateway({ ALLOWED_DATA_ACCESS_IP_BLOCKS: "10.0.0.0/8" });
    const body = "Client IP is not authorized to access this proxy instance.";
    await expectError(
      await gw.handle(req("/users"), { clientIp: "192.0.2.1" }),
      403,
      "UNAUTHORIZED_IP_ADDRESS",
      body,
    );
    await expectError(await gw.handle(req("/users")), 403, "UNAUTHORIZED_IP_ADDRESS", body);
    // allowed callers go on (and here fail at the closed source port)
    const ok = await gw.handle(req("/users"), { clientIp: "10.0.0.5:443" });
    expect(ok.headers.get("X-Psoxy-Error")).toBe("CONNECTION_TO_SOURCE");
  });

  it("IP allowlist before the target overrides", async () => {
    const { gw } = gateway({ ALLOWED_DATA_ACCESS_IP_BLOCKS: "10.0.0.0/8" });
    const res = await gw.handle(req("/users", { headers: { "X-Psoxy-TargetPath": "users" } }), {
      clientIp: "1.1.1.1",
    });
    expect(res.status).toBe(403);
  });

  it("400 INVALID_REQUEST for a bad X-Psoxy-TargetPath", async () => {
    const { gw } = gateway();
    await expectError(
      await gw.handle(req("/users", { headers: { "X-Psoxy-TargetPath": "users" } })),
      400,
      "INVALID_REQUEST",
      "X-Psoxy-TargetPath must start with '/'",
    );
  });

  it("500 FAILED_TO_BUILD_URL without TARGET_HOST or with http://", async () => {
    for (const TARGET_HOST of [undefined, "http://api.example.com"]) {
      const { gw } = gateway({ TARGET_HOST });
      await expectError(
        await gw.handle(req("/users")),
        500,
        "FAILED_TO_BUILD_URL",
        "Error parsing request URL",
      );
    }
  });

  it("500 FAILED_TO_BUILD_URL for a token in the URL when no encryption key is configured", async () => {
    const { gw } = gateway({}, { PSOXY_SALT: "salt", ACCESS_TOKEN: "t" });
    const res = await gw.handle(req(`/users/p~${"a".repeat(43)}`));
    await expectError(res, 500, "FAILED_TO_BUILD_URL", "Error parsing request URL");
  });

  it("500 with the rules' error code, retried on the next request", async () => {
    const { gw, config } = gateway({ RULES: "endpoints: [" });
    await expectError(
      await gw.handle(req("/users")),
      500,
      "RULES_INVALID_YAML",
      "Error loading sanitizer rules",
    );
    config.env.RULES = "endpoints:\n  - pathTemplate: /users\n    bogus: true\n";
    await expectError(await gw.handle(req("/users")), 500, "RULES_INVALID", "Error loading sanitizer rules");
    config.env.RULES = RULES;
    await expectError(await gw.handle(req("/nope")), 403, "BLOCKED_BY_RULES", "");
  });

  it("rules before the content-encoding check, which comes before authorization", async () => {
    const gz = { headers: { "Content-Encoding": "gzip" } };
    const broken = gateway({ RULES: "endpoints: [" }).gw;
    expect((await broken.handle(req("/users", gz))).headers.get("X-Psoxy-Error")).toBe("RULES_INVALID_YAML");
    const { gw } = gateway();
    await expectError(
      await gw.handle(req("/nope", gz)),
      400,
      "INVALID_REQUEST",
      "Content encoding gzip not supported; only UTF-8 compatible encodings are supported (utf-8, ascii, iso-8859-1, us-ascii)",
    );
  });

  it("403 BLOCKED_BY_RULES with an empty body", async () => {
    const { gw } = gateway();
    await expectError(await gw.handle(req("/users", { method: "DELETE" })), 403, "BLOCKED_BY_RULES", "");
  });

  it("blocks a body the endpoint's requestBody rules refuse", async () => {
    const { gw } = gateway({
      RULES: `endpoints:\n  - pathTemplate: /users\n    requestBody:\n      required: true\n`,
    });
    await expectError(await gw.handle(req("/users", { method: "POST" })), 403, "BLOCKED_BY_RULES", "");
  });
});

describe("startup requirements", () => {
  it("data requests fail with 500 CONFIGURATION_FAILURE while a requirement is not met", async () => {
    for (const env of [
      { TLS_VERSION: "TLSv1.1" },
      { REQUEST_TIMEOUT_SECONDS: "abc" },
      { SOURCE_AUTH_STRATEGY_IDENTIFIER: undefined },
      { SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2" },
    ]) {
      const res = await gateway(env).gw.handle(req("/users"));
      expect(res.status).toBe(500);
      expect(res.headers.get("X-Psoxy-Error")).toBe("CONFIGURATION_FAILURE");
      expect(await res.text()).toMatch(/^Proxy is misconfigured: /);
    }
  });

  it("500 without PSOXY_SALT in the secret store, 503 while the store is unreachable", async () => {
    const { gw, config } = gateway({ PSOXY_SALT: "only-in-env" }, {});
    const res = await gw.handle(req("/users"));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("Proxy is misconfigured: PSOXY_SALT is not set in the secret store");
    config.fail("PSOXY_SALT");
    await expectError(await gw.handle(req("/users")), 503, "CONFIGURATION_FAILURE", "");
    config.clearFailure("PSOXY_SALT").secrets.set("PSOXY_SALT", "salt");
    await expectError(await gw.handle(req("/nope")), 403, "BLOCKED_BY_RULES", "");
  });
});

describe("logging", () => {
  it("writes exactly one line per request", async () => {
    const { gw, lines } = gateway();
    await gw.handle(req("/users?x=1", { method: "DELETE" }));
    await gw.handle(req("/", { headers: { "X-Psoxy-Health-Check": "1" } }));
    await gw.handle(req("/users", { headers: { "X-Psoxy-TargetPath": "bad" } }));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      method: "DELETE",
      path: "/users?x=<redacted>",
      status: 403,
      error: "BLOCKED_BY_RULES",
    });
    expect(lines[1]).toMatchObject({ status: 200, outcome: "health-check" });
    expect(lines[2]).toMatchObject({ status: 400, error: "INVALID_REQUEST", stage: "target-overrides" });
  });
});

describe("unhandled errors", () => {
  it.each<[GatewayPlatform, string, string]>([
    ["aws", "Unknown error", "Unknown error: TypeError"],
    ["gcp", "UNKNOWN", "Unknown internal proxy error; review logs"],
    ["node", "UNKNOWN", "Unknown internal proxy error; review logs"],
  ])("%s: 500 %s", async (platform, code, body) => {
    await expectError(unhandledErrorResponse(platform, new TypeError("secret detail")), 500, code, body);
  });
});
