/** The health check (api-mode spec 3), field for field. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { piiSaltSha256 } from "../../src/core/pseudonyms/index.js";
import { type ApiRules, loadRules } from "../../src/core/rules/index.js";
import { createGateway, type GatewayOptions, PORT_VERSION } from "../../src/gateway/index.js";
import { rulesSha } from "../../src/gateway/rules-sha.js";
import { MemoryConfigService } from "../../src/gateway/testing/memory-config.js";
import { CaptureLogger } from "./capture-logger.js";
import { type FakeSource, startFakeSource } from "./fake-source.js";
import { ACCESS_TOKEN, ENCRYPTION_KEY, RULES_YAML, SALT } from "./rules-fixture.js";

let source: FakeSource;
beforeAll(async () => {
  source = await startFakeSource();
});
afterAll(() => source.close());

function gateway(
  env: Record<string, string | undefined> = {},
  secrets: Record<string, string | undefined> = {},
  options: Partial<GatewayOptions> = {},
) {
  const s: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    PSOXY_SALT: SALT,
    PSOXY_ENCRYPTION_KEY: ENCRYPTION_KEY,
    ACCESS_TOKEN,
    ...secrets,
  }))
    if (v !== undefined) s[k] = v;
  const config = new MemoryConfigService({
    env: {
      SOURCE: "test-source",
      TARGET_HOST: source.host,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      USER_AGENT: "Psoxy-Test/1.0",
      ...env,
    },
    secrets: s,
  });
  const logger = new CaptureLogger();
  return { gw: createGateway({ config, logger, platform: "node", ca: source.ca, ...options }), logger };
}

interface HealthBody {
  callerIp: string;
  clientIpAuthorized?: boolean;
  configuredSource: string | null;
  missingConfigProperties: string[];
  nonDefaultSalt: boolean;
  rules?: string;
  saltSha256Hash: string | null;
  sourceAuthStrategy: string | null;
  warningMessages: string[];
}

const healthBody = async (res: Response) => (await res.json()) as HealthBody;

const health = (path = "/", headers: Record<string, string> = {}) =>
  new Request(`https://proxy.example.com${path}`, { headers: { "X-Psoxy-Health-Check": "", ...headers } });

describe("health check", () => {
  it("passes with SOURCE, the salt in the secret store and nothing missing: exact body", async () => {
    const { gw } = gateway();
    const res = await gw.handle(health("/any/path"), { clientIp: "203.0.113.7" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe(
      `{"bundleFilename":null,"callerIp":"203.0.113.7","configPropertiesLastModified":{},"configuredHost":"${source.host}","configuredSource":"test-source","javaSourceCodeVersion":"${PORT_VERSION}","missingConfigProperties":[],"nonDefaultSalt":true,"pseudonymizeAppIds":null,"saltSha256Hash":"${piiSaltSha256(SALT)}","sourceAuthGrantType":null,"sourceAuthStrategy":"oauth2_access_token","userAgent":"Psoxy-Test/1.0","version":"${PORT_VERSION}","warningMessages":[]}\r\n`,
    );
    expect(source.requests).toHaveLength(0);
    await gw.close();
  });

  it("reports optional fields when configured, in alphabetical order", async () => {
    const { gw } = gateway({
      BUNDLE_FILENAME: "psoxy-aws-rc-v0.1.15.jar",
      PSEUDONYM_IMPLEMENTATION: "v0.4",
      PSEUDONYMIZE_APP_IDS: "TRUE",
      GRANT_TYPE: "account_credentials",
      RULES: RULES_YAML,
      ALLOWED_DATA_ACCESS_IP_BLOCKS: "203.0.113.0/24",
    });
    const res = await gw.handle(health(), { clientIp: "203.0.113.7" });
    const text = await res.text();
    expect(text.endsWith("}\r\n")).toBe(true);
    const body = JSON.parse(text);
    expect(Object.keys(body)).toEqual([...Object.keys(body)].sort());
    expect(Object.keys(body)).toEqual([
      "bundleFilename",
      "callerIp",
      "clientIpAuthorized",
      "configPropertiesLastModified",
      "configuredHost",
      "configuredSource",
      "javaSourceCodeVersion",
      "missingConfigProperties",
      "nonDefaultSalt",
      "pseudonymImplementation",
      "pseudonymizeAppIds",
      "rules",
      "saltSha256Hash",
      "sourceAuthGrantType",
      "sourceAuthStrategy",
      "userAgent",
      "version",
      "warningMessages",
    ]);
    expect(body).toMatchObject({
      bundleFilename: "psoxy-aws-rc-v0.1.15.jar",
      version: "rc-v0.1.15",
      clientIpAuthorized: true,
      pseudonymImplementation: "v0.4",
      pseudonymizeAppIds: true,
      sourceAuthGrantType: "account_credentials",
    });
    // the rules come back re-serialized: the same rules, not necessarily the same text
    expect(rulesSha(loadRules(body.rules) as ApiRules)).toBe(rulesSha(loadRules(RULES_YAML) as ApiRules));
    expect(res.status).toBe(200);
  });

  it("412 with TARGET_HOST missing when it is unset or http://", async () => {
    for (const TARGET_HOST of [undefined, "  ", "http://api.example.com"]) {
      const { gw } = gateway({ TARGET_HOST });
      const res = await gw.handle(health());
      expect(res.status).toBe(412);
      expect((await healthBody(res)).missingConfigProperties).toEqual(["TARGET_HOST"]);
    }
  });

  it("412 listing the strategy's missing secrets, and nonDefaultSalt:false without the salt in the secret store", async () => {
    const { gw, logger } = gateway(
      { PSOXY_SALT: "env-salt-is-not-read" },
      { PSOXY_SALT: undefined, ACCESS_TOKEN: undefined },
    );
    const res = await gw.handle(health());
    expect(res.status).toBe(412);
    const body = await healthBody(res);
    expect(body.missingConfigProperties).toEqual(["ACCESS_TOKEN"]);
    expect(body.nonDefaultSalt).toBe(false);
    expect(body.saltSha256Hash).toBeNull();
    expect(logger.text()).toContain("Health check failed");
    expect(logger.text()).not.toContain("env-salt-is-not-read");
  });

  it("412 without SOURCE", async () => {
    const { gw } = gateway({ SOURCE: undefined });
    const res = await gw.handle(health());
    expect(res.status).toBe(412);
    expect((await healthBody(res)).configuredSource).toBeNull();
  });

  it("answers callers outside the allowlist with clientIpAuthorized:false and a warning", async () => {
    const { gw } = gateway({ ALLOWED_DATA_ACCESS_IP_BLOCKS: "10.0.0.0/8" });
    const res = await gw.handle(health(), { clientIp: "192.0.2.1" });
    expect(res.status).toBe(412);
    const body = await healthBody(res);
    expect(body.clientIpAuthorized).toBe(false);
    expect(body.warningMessages).toEqual(["Client IP is not authorized to access this proxy instance."]);
    const unknown = await healthBody(await gw.handle(health()));
    expect(unknown.callerIp).toBe("unknown");
    expect(unknown.clientIpAuthorized).toBe(false);
  });

  it("still answers, with 412 and the problem listed, when startup requirements fail", async () => {
    const { gw } = gateway({ TLS_VERSION: "TLSv1.1", SOURCE_AUTH_STRATEGY_IDENTIFIER: "bearer" });
    const res = await gw.handle(health());
    expect(res.status).toBe(412);
    const body = await healthBody(res);
    expect(body.sourceAuthStrategy).toBe("bearer");
    expect(body.missingConfigProperties).toEqual([]);
    expect(body.warningMessages).toHaveLength(2);
    expect(body.warningMessages[0]).toContain("TLS_VERSION");
    expect(body.warningMessages[1]).toContain("SOURCE_AUTH_STRATEGY_IDENTIFIER");
    // data requests fail instead of being served
    const data = await gw.handle(new Request("https://proxy.example.com/api/v1/users"));
    expect(data.status).toBe(500);
    expect(data.headers.get("X-Psoxy-Error")).toBe("CONFIGURATION_FAILURE");
  });

  it("warns about RULES that do not load and includes them as configured", async () => {
    const { gw } = gateway({ RULES: "endpoints: [" });
    const body = await healthBody(await gw.handle(health()));
    expect(body.rules).toBe("endpoints: [");
    expect(body.warningMessages).toEqual(["RULES configuration error: RULES_INVALID_YAML"]);
  });

  it("is refused over plain HTTP before anything else", async () => {
    const { gw } = gateway();
    const res = await gw.handle(health("/", { "X-Forwarded-Proto": "http" }));
    expect(res.status).toBe(400);
    expect(res.headers.get("X-Psoxy-Error")).toBe("HTTPS_REQUIRED");
    expect(await res.text()).toBe("Requests MUST be sent over HTTPS");
  });

  it("never includes a secret value", async () => {
    const { gw } = gateway({ RULES: RULES_YAML });
    const text = await (await gw.handle(health())).text();
    for (const secret of [SALT, ENCRYPTION_KEY, ACCESS_TOKEN]) expect(text).not.toContain(secret);
  });
});
