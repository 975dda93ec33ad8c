import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsSsmStore } from "./aws-ssm-store.js";
import { configServiceFromStores } from "./config-service.js";
import { awsError } from "./test-servers/aws-json.js";
import { type FakeSsm, startFakeSsm } from "./test-servers/fake-ssm.js";
import { closedPort, startLoopbackServer } from "./test-servers/loopback.js";
import { ConfigError, type ConfigLogger } from "./types.js";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
let ssm: FakeSsm;

beforeEach(async () => {
  ssm = await startFakeSsm({
    PSOXY_SALT: "shared-salt-value",
    PSOXY_ZOOM_CLIENT_ID: "zoom-client-id",
    PSOXY_ZOOM_CLIENT_SECRET: "fill me",
    "/psoxy/zoom/REFRESH_TOKEN": "refresh-1",
  });
});
afterEach(async () => {
  await ssm.close();
});

function store(extra: Partial<ConstructorParameters<typeof AwsSsmStore>[0]> = {}) {
  return new AwsSsmStore({ endpoint: ssm.url, region: "us-east-1", credentials, maxAttempts: 1, ...extra });
}

function logger(): ConfigLogger & { text: () => string } {
  const lines: string[] = [];
  const log = (obj: object, msg?: string) => void lines.push(`${msg} ${JSON.stringify(obj)}`);
  return { debug: log, info: log, warn: log, error: log, text: () => lines.join("\n") };
}

function service(
  options: { clock?: () => number; sleep?: (ms: number) => Promise<void>; log?: ConfigLogger } = {},
) {
  return configServiceFromStores({
    env: { TARGET_HOST: "api.zoom.us" },
    store: store({ logger: options.log }),
    instancePrefix: "PSOXY_ZOOM_",
    sharedPrefix: "",
    clock: options.clock,
    sleep: options.sleep ?? (async () => {}),
    logger: options.log,
  });
}

describe("AwsSsmStore against an SSM-protocol server", () => {
  it("sends GetParameter with decryption over AWS JSON 1.1", async () => {
    expect(await store().get("PSOXY_SALT")).toBe("shared-salt-value");
    const request = ssm.requests[0];
    expect(request.method).toBe("POST");
    expect(request.headers["x-amz-target"]).toBe("AmazonSSM.GetParameter");
    expect(request.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(String(request.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=test\//);
    expect(JSON.parse(request.body)).toEqual({ Name: "PSOXY_SALT", WithDecryption: true });
  });

  it("reads through instance then shared prefixes, env first for config", async () => {
    const s = service();
    expect(await s.getConfig("TARGET_HOST")).toBe("api.zoom.us");
    expect(await s.getConfig("CLIENT_ID")).toBe("zoom-client-id");
    expect(await s.getSecret("PSOXY_SALT")).toBe("shared-salt-value");
    expect(ssm.operations).toEqual(["GetParameter", "GetParameter", "GetParameter"]);
    expect(ssm.requests.map((r) => JSON.parse(r.body).Name)).toEqual([
      "PSOXY_ZOOM_CLIENT_ID",
      "PSOXY_ZOOM_PSOXY_SALT",
      "PSOXY_SALT",
    ]);
  });

  it("a second read is served from the cache (counted server-side), misses included", async () => {
    const s = service();
    await s.getSecret("PSOXY_SALT");
    await s.getSecret("NOT_THERE");
    const calls = ssm.count("GetParameter");
    expect(await s.getSecret("PSOXY_SALT")).toBe("shared-salt-value");
    expect(await s.getSecret("NOT_THERE")).toBeUndefined();
    expect(ssm.count("GetParameter")).toBe(calls);
  });

  it("`fill me` is absent", async () => {
    expect(await store().get("PSOXY_ZOOM_CLIENT_SECRET")).toBeUndefined();
    expect(await service().getSecret("CLIENT_SECRET")).toBeUndefined();
  });

  it("ParameterNotFound and AccessDenied are absent", async () => {
    expect(await store().get("NOPE")).toBeUndefined();
    ssm.fail = awsError("AccessDeniedException", "User is not authorized to perform ssm:GetParameter");
    expect(await store().get("PSOXY_SALT")).toBeUndefined();
  });

  it("writes SecureString with overwrite, and the cache serves the new value", async () => {
    const s = service();
    expect(await s.getSecret("REFRESH_TOKEN")).toBeUndefined();
    await s.putSecret("REFRESH_TOKEN", "rotated-token");
    const put = ssm.requests.find((r) => r.headers["x-amz-target"] === "AmazonSSM.PutParameter")!;
    expect(JSON.parse(put.body)).toEqual({
      Name: "PSOXY_ZOOM_REFRESH_TOKEN",
      Value: "rotated-token",
      Type: "SecureString",
      Overwrite: true,
    });
    expect(ssm.current("PSOXY_ZOOM_REFRESH_TOKEN")?.value).toBe("rotated-token");
    const reads = ssm.count("GetParameter");
    expect(await s.getSecret("REFRESH_TOKEN")).toBe("rotated-token");
    expect(ssm.count("GetParameter")).toBe(reads);
  });

  it("refreshes after the TTL with an injected clock, keeping the value if it vanishes", async () => {
    let now = 1_000_000;
    const s = service({ clock: () => now });
    expect(await s.getConfig("CLIENT_ID")).toBe("zoom-client-id");
    ssm.setParameter("PSOXY_ZOOM_CLIENT_ID", "new-id");
    now += 4 * 60_000;
    expect(await s.getConfig("CLIENT_ID")).toBe("zoom-client-id");
    now += 60_000;
    expect(await s.getConfig("CLIENT_ID")).toBe("new-id");
    ssm.parameters.delete("PSOXY_ZOOM_CLIENT_ID");
    now += 5 * 60_000;
    expect(await s.getConfig("CLIENT_ID")).toBe("new-id");
  });

  it("a 500 from the backend becomes a transient CONFIGURATION_FAILURE after 3 attempts 500 ms apart", async () => {
    const waits: number[] = [];
    const log = logger();
    const s = service({ sleep: async (ms) => void waits.push(ms), log });
    ssm.fail = awsError("InternalServerError", "boom", 500);
    const error = await s.getSecret("PSOXY_SALT").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: "CONFIGURATION_FAILURE", transient: true });
    expect(ssm.count("GetParameter")).toBe(3);
    expect(waits).toEqual([500, 500]);
    // not cached: the next read after recovery succeeds
    ssm.fail = undefined;
    expect(await s.getSecret("PSOXY_SALT")).toBe("shared-salt-value");
    expect(log.text()).toContain("PSOXY_ZOOM_PSOXY_SALT");
    expect(log.text()).not.toContain("shared-salt-value");
  });

  it("the SDK's own retries run inside each attempt", async () => {
    ssm.fail = awsError("InternalServerError", "boom", 500);
    const s = configServiceFromStores({
      env: {},
      store: store({ maxAttempts: 2 }),
      instancePrefix: "",
      sharedPrefix: "",
      sleep: async () => {},
    });
    await expect(s.getSecret("PSOXY_SALT")).rejects.toMatchObject({ transient: true });
    expect(ssm.count("GetParameter")).toBe(6);
  });

  it("connection refused becomes a transient CONFIGURATION_FAILURE", async () => {
    const port = await closedPort();
    const s = configServiceFromStores({
      env: {},
      store: new AwsSsmStore({
        endpoint: `http://127.0.0.1:${port}`,
        region: "us-east-1",
        credentials,
        maxAttempts: 1,
      }),
      instancePrefix: "X_",
      sharedPrefix: "",
      sleep: async () => {},
    });
    await expect(s.getSecret("PSOXY_SALT")).rejects.toMatchObject({
      code: "CONFIGURATION_FAILURE",
      transient: true,
    });
  });

  it("a backend that does not answer times out as a transient error", async () => {
    const hanging = await startLoopbackServer(() => new Promise(() => {}));
    try {
      const slow = new AwsSsmStore({
        endpoint: hanging.url,
        region: "us-east-1",
        credentials,
        maxAttempts: 1,
        requestTimeoutMs: 200,
      });
      const started = Date.now();
      await expect(slow.get("X")).rejects.toMatchObject({ transient: true, code: "CONFIGURATION_FAILURE" });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await hanging.close();
    }
  });

  it("throttling is a hard error, not retried by the cache", async () => {
    ssm.fail = awsError("ThrottlingException", "Rate exceeded");
    const s = service();
    await expect(s.getSecret("PSOXY_SALT")).rejects.toMatchObject({ transient: false });
    expect(ssm.count("GetParameter")).toBe(1);
  });

  it("a failed write is a ConfigError that does not quote the value", async () => {
    ssm.fail = awsError(
      "ValidationException",
      "Value 'super-secret' at 'value' failed to satisfy constraint",
    );
    const error = (await store()
      .put("X", "super-secret")
      .catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain("ValidationException");
    expect(error.message).not.toContain("super-secret");
  });

  it("accepts fully qualified names", async () => {
    expect(await store().get("/psoxy/zoom/REFRESH_TOKEN")).toBe("refresh-1");
  });

  it("lists versions newest first across history pages, skipping placeholders", async () => {
    ssm.setParameter("ACCESS_TOKEN", "fill me");
    for (let i = 1; i <= 60; i++) ssm.setParameter("ACCESS_TOKEN", `token-${i}`);
    const versions = await store().getVersions("ACCESS_TOKEN", 5);
    expect(versions.map((v) => v.value)).toEqual([
      "token-60",
      "token-59",
      "token-58",
      "token-57",
      "token-56",
    ]);
    expect(versions[0].version).toBe("61");
    expect(typeof versions[0].lastModified).toBe("number");
    expect(ssm.count("GetParameterHistory")).toBe(2);
    expect(await store().getVersions("MISSING", 5)).toEqual([]);
  });

  it("locks with a `_lock` parameter created without overwrite", async () => {
    let now = 1_700_000_000_000;
    ssm.now = () => now;
    const sleeps: number[] = [];
    const a = store({ clock: () => now, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
    expect(await a.acquireLock("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    expect(ssm.current("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN_lock")).toMatchObject({
      value: `locked_${now}`,
      type: "String",
    });
    expect(sleeps).toEqual([200]);
    const put = ssm.requests.find((r) => r.headers["x-amz-target"] === "AmazonSSM.PutParameter")!;
    expect(JSON.parse(put.body).Overwrite).toBe(false);
    // held: a second acquire fails and leaves the lock
    expect(await a.acquireLock("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN", 120_000)).toBe(false);
    expect(ssm.current("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN_lock")).toBeDefined();
    // stale: cleared, still "not acquired"; the retry gets it
    now += 120_001;
    expect(await a.acquireLock("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN", 120_000)).toBe(false);
    expect(ssm.current("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN_lock")).toBeUndefined();
    expect(await a.acquireLock("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    await a.releaseLock("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN");
    expect(ssm.current("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN_lock")).toBeUndefined();
    await a.releaseLock("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN"); // not found: only logged
  });

  it("the service locks under the instance prefix", async () => {
    const s = configServiceFromStores({
      env: {},
      store: store({ sleep: async () => {} }),
      instancePrefix: "/psoxy/ZOOM_",
      sharedPrefix: "/psoxy/",
    });
    expect(await s.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    expect(ssm.current("/psoxy/ZOOM_OAUTH_REFRESH_TOKEN_lock")).toBeDefined();
    await s.releaseLock("OAUTH_REFRESH_TOKEN");
    expect(ssm.current("/psoxy/ZOOM_OAUTH_REFRESH_TOKEN_lock")).toBeUndefined();
  });
});
