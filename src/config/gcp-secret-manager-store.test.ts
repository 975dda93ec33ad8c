import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configServiceFromStores } from "./config-service.js";
import { GcpSecretManagerStore } from "./gcp-secret-manager-store.js";
import {
  type FakeGcpSecretManager,
  startFakeGcpSecretManager,
} from "./test-servers/fake-gcp-secret-manager.js";
import { closedPort, startLoopbackServer } from "./test-servers/loopback.js";
import { ConfigError, type ConfigLogger } from "./types.js";

let gcp: FakeGcpSecretManager;

beforeEach(async () => {
  gcp = await startFakeGcpSecretManager("my-project", {
    psoxy_PSOXY_SALT: "shared-salt",
    psoxy_PSOXY_GCAL_RULES: "instance-rules",
    psoxy_PSOXY_GCAL_SERVICE_URL: "TODO: fill me",
  });
});
afterEach(async () => {
  await gcp.close();
});

function store(extra: Partial<ConstructorParameters<typeof GcpSecretManagerStore>[0]> = {}) {
  return new GcpSecretManagerStore({ endpoint: gcp.url, anonymous: true, projectId: "my-project", ...extra });
}

function logger(): ConfigLogger & { text: () => string } {
  const lines: string[] = [];
  const log = (obj: object, msg?: string) => void lines.push(`${msg} ${JSON.stringify(obj)}`);
  return { debug: log, info: log, warn: log, error: log, text: () => lines.join("\n") };
}

function service(options: { clock?: () => number; sleep?: (ms: number) => Promise<void> } = {}) {
  return configServiceFromStores({
    env: {},
    store: store(),
    instancePrefix: "psoxy_PSOXY_GCAL_",
    sharedPrefix: "psoxy_",
    clock: options.clock,
    sleep: options.sleep ?? (async () => {}),
  });
}

const paths = () => gcp.requests.map((r) => `${r.method} ${r.url.split("?")[0]}`);

describe("GcpSecretManagerStore against a Secret-Manager-REST server", () => {
  it("reads the secret's metadata, then accesses `latest`", async () => {
    expect(await store().get("psoxy_PSOXY_SALT")).toBe("shared-salt");
    expect(paths()).toEqual([
      "GET /v1/projects/my-project/secrets/psoxy_PSOXY_SALT",
      "GET /v1/projects/my-project/secrets/psoxy_PSOXY_SALT/versions/latest:access",
    ]);
    expect(gcp.requests[0].headers.authorization).toBeUndefined();
  });

  it("reads through the instance then the shared prefix", async () => {
    const s = service();
    expect(await s.getConfig("RULES")).toBe("instance-rules");
    expect(await s.getSecret("PSOXY_SALT")).toBe("shared-salt");
    expect(await s.getSecret("MISSING")).toBeUndefined();
  });

  it("serves repeated reads from the cache (counted server-side), misses included", async () => {
    const s = service();
    await s.getSecret("PSOXY_SALT");
    await s.getSecret("MISSING");
    const before = gcp.requests.length;
    await s.getSecret("PSOXY_SALT");
    await s.getSecret("MISSING");
    expect(gcp.requests.length).toBe(before);
  });

  it("GCP placeholders are not filtered (spec 4.2)", async () => {
    expect(await service().getConfig("SERVICE_URL")).toBe("TODO: fill me");
  });

  it("follows the `latest-version` label, falling back to latest when that version is gone", async () => {
    gcp.addVersion("psoxy_PSOXY_SALT", "second");
    gcp.secrets.get("psoxy_PSOXY_SALT")!.labels["latest-version"] = "1";
    expect(await store().get("psoxy_PSOXY_SALT")).toBe("shared-salt");
    expect(gcp.count("/versions/1:access")).toBe(1);
    gcp.secrets.get("psoxy_PSOXY_SALT")!.labels["latest-version"] = "7";
    expect(await store().get("psoxy_PSOXY_SALT")).toBe("second");
    gcp.secrets.get("psoxy_PSOXY_SALT")!.versions[1].state = "DESTROYED";
    gcp.secrets.get("psoxy_PSOXY_SALT")!.labels["latest-version"] = "2";
    expect(await store().get("psoxy_PSOXY_SALT")).toBe("shared-salt");
  });

  it("a denied metadata read falls back to `latest`", async () => {
    const other = store({ projectId: "other-project" });
    gcp.fail = undefined;
    // project mismatch = 403 on every call; the access call is tried and is absent too
    expect(await other.get("psoxy_PSOXY_SALT")).toBeUndefined();
    expect(paths()).toEqual([
      "GET /v1/projects/other-project/secrets/psoxy_PSOXY_SALT",
      "GET /v1/projects/other-project/secrets/psoxy_PSOXY_SALT/versions/latest:access",
    ]);
  });

  it("a missing secret is absent without an access call", async () => {
    expect(await store().get("NOPE")).toBeUndefined();
    expect(gcp.count(":access")).toBe(0);
  });

  it("writes: add a version, label it, destroy the other enabled versions", async () => {
    gcp.createSecret("psoxy_PSOXY_GCAL_REFRESH_TOKEN", { team: "x" });
    gcp.addVersion("psoxy_PSOXY_GCAL_REFRESH_TOKEN", "r1");
    gcp.addVersion("psoxy_PSOXY_GCAL_REFRESH_TOKEN", "r2");
    const log = logger();
    const s = configServiceFromStores({
      env: {},
      store: store({ logger: log, devMode: true }),
      instancePrefix: "psoxy_PSOXY_GCAL_",
      sharedPrefix: "psoxy_",
      logger: log,
      devMode: true,
    });
    expect(await s.getSecret("REFRESH_TOKEN")).toBe("r2");
    await s.putSecret("REFRESH_TOKEN", "r3");
    expect(log.text()).toContain("psoxy_PSOXY_GCAL_REFRESH_TOKEN");
    for (const value of ["r1", "r2", "r3", Buffer.from("r3").toString("base64")]) {
      expect(log.text()).not.toContain(`"${value}"`);
    }
    const secret = gcp.secrets.get("psoxy_PSOXY_GCAL_REFRESH_TOKEN")!;
    expect(secret.labels).toEqual({ team: "x", "latest-version": "3" });
    expect(secret.versions.map((v) => v.state)).toEqual(["DESTROYED", "DESTROYED", "ENABLED"]);
    const add = gcp.requests.find((r) => r.url.includes(":addVersion"))!;
    expect(JSON.parse(add.body).payload.data).toBe(Buffer.from("r3").toString("base64"));
    // the cache serves the new value; a fresh store reads it through the label
    const before = gcp.requests.length;
    expect(await s.getSecret("REFRESH_TOKEN")).toBe("r3");
    expect(gcp.requests.length).toBe(before);
    expect(await store().get("psoxy_PSOXY_GCAL_REFRESH_TOKEN")).toBe("r3");
    expect(gcp.count("/versions/3:access")).toBe(1);
  });

  it("writes destroy DISABLED versions older than 7 days", async () => {
    const old = gcp.addVersion("psoxy_TOKEN", "old", Date.now() - 30 * 86_400_000);
    const recent = gcp.addVersion("psoxy_TOKEN", "recent", Date.now() - 86_400_000);
    old.state = "DISABLED";
    recent.state = "DISABLED";
    await store().put("psoxy_TOKEN", "new");
    expect(gcp.secrets.get("psoxy_TOKEN")!.versions.map((v) => v.state)).toEqual([
      "DESTROYED",
      "DISABLED",
      "ENABLED",
    ]);
  });

  it("a write to a secret that does not exist is a ConfigError that does not quote the value", async () => {
    const error = (await store()
      .put("psoxy_NOPE", "the-value")
      .catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.transient).toBe(false);
    expect(error.message).not.toContain("the-value");
  });

  it("refreshes after the TTL (injected clock)", async () => {
    let now = 0;
    const s = service({ clock: () => now });
    expect(await s.getConfig("RULES")).toBe("instance-rules");
    gcp.addVersion("psoxy_PSOXY_GCAL_RULES", "new-rules");
    now += 5 * 60_000 - 1;
    expect(await s.getConfig("RULES")).toBe("instance-rules");
    now += 1;
    expect(await s.getConfig("RULES")).toBe("new-rules");
  });

  it("a 500 is a transient CONFIGURATION_FAILURE after 3 attempts (deviation: the reference reports absent)", async () => {
    gcp.fail = { status: 500, body: { error: { code: 500, message: "internal", status: "INTERNAL" } } };
    const waits: number[] = [];
    const error = await service({ sleep: async (ms) => void waits.push(ms) })
      .getSecret("PSOXY_SALT")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: "CONFIGURATION_FAILURE", transient: true });
    expect(gcp.requests.length).toBe(3);
    expect(waits).toEqual([500, 500]);
  });

  it("connection refused is transient", async () => {
    const s = new GcpSecretManagerStore({
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      anonymous: true,
      projectId: "p",
    });
    await expect(s.get("X")).rejects.toMatchObject({ transient: true, code: "CONFIGURATION_FAILURE" });
  });

  it("a backend that does not answer times out as a transient error", async () => {
    const hanging = await startLoopbackServer(() => new Promise(() => {}));
    try {
      const s = new GcpSecretManagerStore({
        endpoint: hanging.url,
        anonymous: true,
        projectId: "p",
        requestTimeoutMs: 200,
      });
      const started = Date.now();
      await expect(s.get("X")).rejects.toMatchObject({ transient: true, code: "CONFIGURATION_FAILURE" });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await hanging.close();
    }
  });

  it("takes the project from GOOGLE_CLOUD_PROJECT", async () => {
    const s = new GcpSecretManagerStore({
      endpoint: gcp.url,
      anonymous: true,
      env: { GOOGLE_CLOUD_PROJECT: "my-project" },
    });
    expect(await s.get("psoxy_PSOXY_SALT")).toBe("shared-salt");
  });

  it("lists enabled versions newest first", async () => {
    gcp.addVersion("psoxy_ACCESS_TOKEN", "a1");
    gcp.addVersion("psoxy_ACCESS_TOKEN", "a2");
    gcp.addVersion("psoxy_ACCESS_TOKEN", "a3");
    gcp.secrets.get("psoxy_ACCESS_TOKEN")!.versions[1].state = "DISABLED";
    const versions = await store().getVersions("psoxy_ACCESS_TOKEN", 5);
    expect(versions.map((v) => [v.value, v.version])).toEqual([
      ["a3", "3"],
      ["a1", "1"],
    ]);
    expect(typeof versions[0].lastModified).toBe("number");
    expect(await store().getVersions("NOPE", 5)).toEqual([]);
  });

  it("locks with an etag-guarded `locked` label", async () => {
    let now = 1_700_000_000_000;
    const log = logger();
    const s = store({ clock: () => now, logger: log });
    gcp.createSecret("psoxy_PSOXY_GCAL_OAUTH_REFRESH_TOKEN", { keep: "me" });
    expect(await s.acquireLock("psoxy_PSOXY_GCAL_OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    const secret = gcp.secrets.get("psoxy_PSOXY_GCAL_OAUTH_REFRESH_TOKEN")!;
    expect(secret.labels).toEqual({ keep: "me", locked: String(now) });
    const patch = gcp.requests.find((r) => r.method === "PATCH")!;
    expect(patch.url).toContain("updateMask=labels");
    expect(JSON.parse(patch.body).etag).toBe('"1"');
    expect(await s.acquireLock("psoxy_PSOXY_GCAL_OAUTH_REFRESH_TOKEN", 120_000)).toBe(false);
    now += 120_001;
    expect(await s.acquireLock("psoxy_PSOXY_GCAL_OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    await s.releaseLock("psoxy_PSOXY_GCAL_OAUTH_REFRESH_TOKEN");
    expect(secret.labels).toEqual({ keep: "me" });
    // a lock secret Terraform did not create cannot be taken
    expect(await s.acquireLock("psoxy_NOPE", 120_000)).toBe(false);
    expect(log.text()).toContain("Terraform");
  });

  it("a concurrent label change makes the lock attempt fail (etag)", async () => {
    gcp.createSecret("L");
    const s = store();
    const original = s.client.updateSecret.bind(s.client);
    // someone else updates the labels between our read and our update
    s.client.updateSecret = ((request: Parameters<typeof original>[0]) => {
      gcp.secrets.get("L")!.etag++;
      return original(request);
    }) as typeof s.client.updateSecret;
    expect(await s.acquireLock("L", 120_000)).toBe(false);
  });
});
