/**
 * Failures getting source credentials, through the gateway (spec 1.11, 5): the status and
 * X-Psoxy-Error of each, and that no secret, token, key or refresh token shows up in the response or
 * in anything logged.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LoopbackReply } from "../../src/config/test-servers/loopback.js";
import { closedPort } from "../../src/config/test-servers/loopback.js";
import { type GatewayInstance, NETWORK_EGRESS_BLOCKED_BODY } from "../../src/gateway/index.js";
import { type FakeSource, startFakeSource } from "../gateway/fake-source.js";
import {
  BASE_SECRETS,
  baseEnv,
  CountingConfig,
  everythingVisible,
  gatewayFor,
  proxyRequest,
  startTokenEndpoint,
  type TokenEndpoint,
  testKey,
} from "./helpers.js";

let source: FakeSource;
let token: TokenEndpoint;
const gateways: GatewayInstance[] = [];

beforeAll(async () => {
  source = await startFakeSource();
  token = await startTokenEndpoint();
});
afterAll(async () => {
  await source.close();
  await token.close();
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  source.requests.length = 0;
  token.requests.length = 0;
});

const CLIENT_SECRET = "client-secret-7f3a9c";
const REFRESH_TOKEN = "refresh-token-2b8e4d";
const SECRETS = [CLIENT_SECRET, REFRESH_TOKEN, BASE_SECRETS.PSOXY_SALT, BASE_SECRETS.PSOXY_ENCRYPTION_KEY];
const CONNECTION_SETUP_BODY = "Failed to parse request; review logs";

function setup(
  env: Record<string, string> = {},
  secrets: Record<string, string> = {},
  tokenTimeoutMs?: number,
) {
  const config = new CountingConfig({
    env: {
      ...baseEnv(source, "oauth2_refresh_token"),
      GRANT_TYPE: "refresh_token",
      REFRESH_ENDPOINT: `${token.url}/oauth/token`,
      CLIENT_ID: "client-id-1",
      ...env,
    },
    secrets: { ...BASE_SECRETS, CLIENT_SECRET, REFRESH_TOKEN, ...secrets },
  });
  const { gateway, logger } = gatewayFor({ source, config, auth: { tokenTimeoutMs } });
  gateways.push(gateway);
  return { gateway, logger, config };
}

async function expectNothingSecret(
  logger: Parameters<typeof everythingVisible>[0],
  res: Response,
  extra: string[] = [],
) {
  const visible = await everythingVisible(logger, res);
  for (const s of [...SECRETS, ...extra]) expect(visible).not.toContain(s);
}

describe("token endpoint failures", () => {
  it.each<[string, LoopbackReply, string]>([
    [
      "400 invalid_grant",
      { status: 400, body: { error: "invalid_grant", error_description: `bad token ${REFRESH_TOKEN}` } },
      "answered HTTP 400 (invalid_grant)",
    ],
    ["401", { status: 401, body: { error: "invalid_client" } }, "answered HTTP 401 (invalid_client)"],
    ["500 with an HTML page", { status: 500, body: `<html>${CLIENT_SECRET}</html>` }, "answered HTTP 500"],
    ["200 with malformed JSON", { status: 200, body: '{"access_token": "x' }, "not valid JSON"],
    ["200 without access_token", { status: 200, body: { token_type: "bearer" } }, "has no access_token"],
    [
      "200 with a bad expires_in",
      { status: 200, body: { access_token: "a", expires_in: "soon" } },
      "invalid expires_in",
    ],
  ])("%s -> 500 CONNECTION_SETUP", async (_, reply, logged) => {
    token.handle(() => reply);
    const { gateway, logger } = setup();
    const res = await gateway.handle(proxyRequest("/api/v1/users"));
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_SETUP");
    expect(await res.clone().text()).toBe(CONNECTION_SETUP_BODY);
    expect(token.requests).toHaveLength(1);
    expect(source.requests).toHaveLength(0);
    const line = logger.requests()[0];
    expect(line).toMatchObject({ status: 500, error: "CONNECTION_SETUP" });
    expect(String(line.detail)).toContain(logged);
    expect(String(line.detail)).toContain(`${token.url}/oauth/token`);
    await expectNothingSecret(logger, res);
  });

  it("a timeout -> 502 NETWORK_EGRESS_BLOCKED", async () => {
    token.handle(() => new Promise<LoopbackReply>(() => {})); // never answers
    const { gateway, logger } = setup({}, {}, 200);
    const res = await gateway.handle(proxyRequest("/api/v1/users"));
    expect(res.status).toBe(502);
    expect(res.headers.get("X-Psoxy-Error")).toBe("NETWORK_EGRESS_BLOCKED");
    expect(await res.clone().text()).toBe(NETWORK_EGRESS_BLOCKED_BODY);
    expect(String(logger.requests()[0].detail)).toMatch(/timed out \(HEADERS_TIMEOUT\)/);
    expect(source.requests).toHaveLength(0);
    await expectNothingSecret(logger, res);
  });

  it("a refused connection -> 500 CONNECTION_SETUP", async () => {
    const port = await closedPort();
    const { gateway, logger } = setup({ REFRESH_ENDPOINT: `http://127.0.0.1:${port}/oauth/token` });
    const res = await gateway.handle(proxyRequest("/api/v1/users"));
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_SETUP");
    expect(String(logger.requests()[0].detail)).toContain("could not be reached (ECONNREFUSED)");
    await expectNothingSecret(logger, res);
  });

  it("Gong's refresh token, sent in the query, is not in the logged endpoint", async () => {
    token.handle(() => ({ status: 400, body: { error: "invalid_grant" } }));
    const { gateway, logger } = setup({ GRANT_TYPE: "refresh_token_via_query_parameter" });
    const res = await gateway.handle(proxyRequest("/api/v1/users"));
    expect(res.status).toBe(500);
    expect(token.requests[0].url).toContain(REFRESH_TOKEN);
    await expectNothingSecret(logger, res, [Buffer.from(`client-id-1:${CLIENT_SECRET}`).toString("base64")]);
  });

  it("JWT assertions and private keys are not shown either (client_credentials, 400)", async () => {
    token.handle(() => ({ status: 400, body: { error: "invalid_client" } }));
    const { gateway, logger } = setup(
      { GRANT_TYPE: "client_credentials" },
      { PRIVATE_KEY_ID: "ab:cd", PRIVATE_KEY: testKey().pkcs8Pem },
    );
    const res = await gateway.handle(proxyRequest("/api/v1/users"));
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_SETUP");
    const assertion = new URLSearchParams(token.requests[0].body).get("client_assertion")!;
    await expectNothingSecret(logger, res, [
      assertion,
      assertion.split(".")[2],
      testKey().pkcs8Pem.split("\n")[2],
    ]);
  });

  it("a 401 from the source is retried once with a new token; a second 401 is passed through", async () => {
    let n = 0;
    token.handle(() => ({ body: { access_token: `source-token-${++n}` } }));
    source.handle((_req, res) => {
      res.writeHead(401, { "Content-Type": "application/json" });
      res.end('{"message":"Bad credentials"}');
    });
    try {
      const { gateway, logger } = setup();
      const res = await gateway.handle(proxyRequest("/api/v1/users"));
      expect(res.status).toBe(401);
      expect(res.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
      expect(source.requests.map((r) => r.headers.authorization)).toEqual([
        "Bearer source-token-1",
        "Bearer source-token-2",
      ]);
      await expectNothingSecret(logger, res, ["source-token-1", "source-token-2"]);
    } finally {
      source.handle((_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end("{}");
      });
    }
  });
});

describe("configuration failures", () => {
  it.each([
    ["CLIENT_SECRET", { CLIENT_SECRET: "" }, {}],
    ["REFRESH_TOKEN", { REFRESH_TOKEN: " " }, {}],
    ["REFRESH_ENDPOINT", {}, { REFRESH_ENDPOINT: "" }],
    ["PRIVATE_KEY", {}, { GRANT_TYPE: "certificate_credentials" }],
  ])(
    "missing %s -> 500 CONNECTION_SETUP with an empty body, no token request",
    async (name, secrets, env) => {
      const { gateway, logger } = setup(env, secrets);
      const res = await gateway.handle(proxyRequest("/api/v1/users"));
      expect(res.status).toBe(500);
      expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_SETUP");
      expect(await res.clone().text()).toBe("");
      expect(String(logger.requests()[0].detail)).toContain(`${name} is not configured`);
      expect(token.requests).toHaveLength(0);
      await expectNothingSecret(logger, res);
    },
  );

  it("an unusable PRIVATE_KEY -> 500 CONNECTION_SETUP, without quoting it", async () => {
    const { gateway, logger } = setup(
      { GRANT_TYPE: "certificate_credentials" },
      { PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nnot-a-key-material\n-----END PRIVATE KEY-----" },
    );
    const res = await gateway.handle(proxyRequest("/api/v1/users"));
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_SETUP");
    await expectNothingSecret(logger, res, ["not-a-key-material"]);
  });

  it("a config store that stays unavailable -> 503 CONFIGURATION_FAILURE", async () => {
    const { gateway, config } = setup();
    config.fail("CLIENT_SECRET");
    const res = await gateway.handle(proxyRequest("/api/v1/users"));
    expect(res.status).toBe(503);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONFIGURATION_FAILURE");
    expect(token.requests).toHaveLength(0);
  });
});
