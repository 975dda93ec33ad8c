import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsSecretsManagerStore } from "./aws-secrets-manager-store.js";
import { AwsSsmStore } from "./aws-ssm-store.js";
import { configServiceFromStores } from "./config-service.js";
import { awsError } from "./test-servers/aws-json.js";
import { type FakeSecretsManager, startFakeSecretsManager } from "./test-servers/fake-secrets-manager.js";
import { type FakeSsm, startFakeSsm } from "./test-servers/fake-ssm.js";
import { closedPort } from "./test-servers/loopback.js";
import { ConfigError } from "./types.js";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
let sm: FakeSecretsManager;
let ssm: FakeSsm;

beforeEach(async () => {
  sm = await startFakeSecretsManager({
    "/psoxy/PSOXY_SALT": "shared-salt",
    "/psoxy/GITHUB_CLIENT_SECRET": "gh-secret",
    "/psoxy/GITHUB_REFRESH_TOKEN": "fill me",
  });
  ssm = await startFakeSsm({ "/psoxy/GITHUB_RULES": "rules-yaml", "/psoxy/PSOXY_SALT": "ssm-salt" });
});
afterEach(async () => {
  await sm.close();
  await ssm.close();
});

function smStore(endpoint = sm.url) {
  return new AwsSecretsManagerStore({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
}

function service(options: { clock?: () => number; sleep?: (ms: number) => Promise<void> } = {}) {
  return configServiceFromStores({
    env: {},
    store: new AwsSsmStore({ endpoint: ssm.url, region: "us-east-1", credentials, maxAttempts: 1 }),
    secretsStore: smStore(),
    instancePrefix: "/psoxy/GITHUB_",
    sharedPrefix: "/psoxy/",
    sleep: options.sleep ?? (async () => {}),
    clock: options.clock,
  });
}

describe("AwsSecretsManagerStore against a Secrets-Manager-protocol server", () => {
  it("sends GetSecretValue over AWS JSON 1.1 and returns SecretString", async () => {
    expect(await smStore().get("/psoxy/PSOXY_SALT")).toBe("shared-salt");
    const request = sm.requests[0];
    expect(request.headers["x-amz-target"]).toBe("secretsmanager.GetSecretValue");
    expect(request.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(JSON.parse(request.body)).toEqual({ SecretId: "/psoxy/PSOXY_SALT" });
  });

  it("secrets come from Secrets Manager (instance, then shared); config stays in SSM", async () => {
    const s = service();
    expect(await s.getSecret("CLIENT_SECRET")).toBe("gh-secret");
    expect(await s.getSecret("PSOXY_SALT")).toBe("shared-salt");
    expect(await s.getConfig("RULES")).toBe("rules-yaml");
    expect(sm.requests.map((r) => JSON.parse(r.body).SecretId)).toEqual([
      "/psoxy/GITHUB_CLIENT_SECRET",
      "/psoxy/GITHUB_PSOXY_SALT",
      "/psoxy/PSOXY_SALT",
    ]);
    expect(ssm.requests.map((r) => JSON.parse(r.body).Name)).toEqual(["/psoxy/GITHUB_RULES"]);
  });

  it("caches reads and misses (counted server-side)", async () => {
    const s = service();
    await s.getSecret("PSOXY_SALT");
    await s.getSecret("ABSENT");
    const calls = sm.count("GetSecretValue");
    await s.getSecret("PSOXY_SALT");
    await s.getSecret("ABSENT");
    expect(sm.count("GetSecretValue")).toBe(calls);
  });

  it("does not filter `fill me` (only SSM's placeholder is filtered)", async () => {
    expect(await service().getSecret("REFRESH_TOKEN")).toBe("fill me");
  });

  it("not found, decryption failure and access denied are absent", async () => {
    expect(await smStore().get("NOPE")).toBeUndefined();
    sm.fail = awsError("DecryptionFailure", "KMS says no");
    expect(await smStore().get("/psoxy/PSOXY_SALT")).toBeUndefined();
    sm.fail = awsError("AccessDeniedException", "not authorized");
    expect(await smStore().get("/psoxy/PSOXY_SALT")).toBeUndefined();
  });

  it("writes with PutSecretValue and serves the new value from the cache", async () => {
    const s = service();
    expect(await s.getSecret("CLIENT_SECRET")).toBe("gh-secret");
    await s.putSecret("CLIENT_SECRET", "rotated");
    const put = sm.requests.find((r) => r.headers["x-amz-target"] === "secretsmanager.PutSecretValue")!;
    expect(JSON.parse(put.body)).toMatchObject({
      SecretId: "/psoxy/GITHUB_CLIENT_SECRET",
      SecretString: "rotated",
    });
    expect(sm.current("/psoxy/GITHUB_CLIENT_SECRET")).toBe("rotated");
    const calls = sm.count("GetSecretValue");
    expect(await s.getSecret("CLIENT_SECRET")).toBe("rotated");
    expect(sm.count("GetSecretValue")).toBe(calls);
  });

  it("refreshes after the TTL (injected clock)", async () => {
    let now = 0;
    const s = service({ clock: () => now });
    expect(await s.getSecret("PSOXY_SALT")).toBe("shared-salt");
    sm.setSecret("/psoxy/PSOXY_SALT", "new-salt");
    now += 5 * 60_000; // the instance miss refreshes; the shared hit is still fresh
    expect(await s.getSecret("PSOXY_SALT")).toBe("shared-salt");
    now += 15 * 60_000;
    expect(await s.getSecret("PSOXY_SALT")).toBe("new-salt");
  });

  it("a 500 is a transient CONFIGURATION_FAILURE after 3 attempts", async () => {
    sm.fail = awsError("InternalServiceError", "boom", 500);
    const waits: number[] = [];
    const error = await service({ sleep: async (ms) => void waits.push(ms) })
      .getSecret("PSOXY_SALT")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: "CONFIGURATION_FAILURE", transient: true });
    expect(sm.count("GetSecretValue")).toBe(3);
    expect(waits).toEqual([500, 500]);
  });

  it("connection refused is a transient error", async () => {
    const store = smStore(`http://127.0.0.1:${await closedPort()}`);
    await expect(store.get("X")).rejects.toMatchObject({ transient: true, code: "CONFIGURATION_FAILURE" });
  });

  it("throttling is a hard error", async () => {
    sm.fail = awsError("ThrottlingException", "Rate exceeded");
    await expect(smStore().get("X")).rejects.toMatchObject({ transient: false });
  });

  it("lists AWSCURRENT then AWSPREVIOUS", async () => {
    sm.setSecret("/psoxy/GITHUB_ACCESS_TOKEN", "t1");
    sm.setSecret("/psoxy/GITHUB_ACCESS_TOKEN", "t2");
    sm.setSecret("/psoxy/GITHUB_ACCESS_TOKEN", "t3");
    const versions = await service().getSecretVersions("ACCESS_TOKEN", 5);
    expect(versions.map((v) => v.value)).toEqual(["t3", "t2"]);
    expect(versions[0].version).toMatch(/^[0-9a-f-]{36}$/);
    const stages = sm.requests.slice(-2).map((r) => JSON.parse(r.body).VersionStage);
    expect(stages).toEqual([undefined, "AWSPREVIOUS"]);
    expect(await smStore().getVersions("NOPE", 5)).toEqual([]);
  });
});
