import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configServiceFromStores } from "./config-service.js";
import { type FakeVault, startFakeVault } from "./test-servers/fake-vault.js";
import { closedPort } from "./test-servers/loopback.js";
import { ConfigError, type ConfigLogger } from "./types.js";
import { VaultStore } from "./vault-store.js";

let vault: FakeVault;

beforeEach(async () => {
  vault = await startFakeVault(
    {
      "secret/psoxy/SHARED/PSOXY_SALT": "shared-salt",
      "secret/psoxy/PSOXY_GCAL/RULES": "rules",
      "secret/psoxy/PSOXY_GCAL/CLIENT_SECRET": "gcal-secret",
    },
    { namespace: "admin/team" },
  );
});
afterEach(async () => {
  await vault.close();
});

function store(extra: Partial<ConstructorParameters<typeof VaultStore>[0]> = {}) {
  return new VaultStore({ address: vault.url, token: vault.token, namespace: "admin/team", ...extra });
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
    env: {},
    store: store({ logger: options.log }),
    instancePrefix: "secret/psoxy/PSOXY_GCAL/",
    sharedPrefix: "secret/psoxy/SHARED/",
    clock: options.clock,
    sleep: options.sleep ?? (async () => {}),
    logger: options.log,
  });
}

const dataReads = () => vault.requests.filter((r) => r.method === "GET" && r.url.includes("/data/"));

describe("VaultStore against a Vault KV v2 server", () => {
  it("reads `value` from KV v2 with token and namespace headers", async () => {
    expect(await store().get("secret/psoxy/SHARED/PSOXY_SALT")).toBe("shared-salt");
    const request = dataReads()[0];
    expect(request.url).toBe("/v1/secret/data/psoxy/SHARED/PSOXY_SALT");
    expect(request.headers["x-vault-token"]).toBe(vault.token);
    expect(request.headers["x-vault-namespace"]).toBe("admin/team");
  });

  it("reads through instance then shared paths, with caching (counted server-side)", async () => {
    const s = service();
    expect(await s.getConfig("RULES")).toBe("rules");
    expect(await s.getSecret("PSOXY_SALT")).toBe("shared-salt");
    expect(await s.getSecret("MISSING")).toBeUndefined();
    const reads = dataReads().length;
    expect(await s.getSecret("PSOXY_SALT")).toBe("shared-salt");
    expect(await s.getSecret("MISSING")).toBeUndefined();
    expect(dataReads().length).toBe(reads);
    expect(dataReads().map((r) => r.url)).toEqual([
      "/v1/secret/data/psoxy/PSOXY_GCAL/RULES",
      "/v1/secret/data/psoxy/PSOXY_GCAL/PSOXY_SALT",
      "/v1/secret/data/psoxy/SHARED/PSOXY_SALT",
      "/v1/secret/data/psoxy/PSOXY_GCAL/MISSING",
      "/v1/secret/data/psoxy/SHARED/MISSING",
    ]);
  });

  it("a configured mount is not taken from the path", async () => {
    vault.write("secret/psoxy/X", "x");
    const s = store({ mount: "secret" });
    expect(await s.get("psoxy/X")).toBe("x");
    expect(await s.get("secret/psoxy/X")).toBe("x");
  });

  it("a wrong token or namespace (403) and a deleted version are absent", async () => {
    expect(await store({ token: "wrong" }).get("secret/psoxy/SHARED/PSOXY_SALT")).toBeUndefined();
    expect(await store({ namespace: undefined }).get("secret/psoxy/SHARED/PSOXY_SALT")).toBeUndefined();
    vault.kv.get("secret/psoxy/PSOXY_GCAL/RULES")!.at(-1)!.deleted = true;
    expect(await store().get("secret/psoxy/PSOXY_GCAL/RULES")).toBeUndefined();
  });

  it("writes through POST data and serves the new value from the cache", async () => {
    const s = service();
    await s.putSecret("REFRESH_TOKEN", "rotated");
    const post = vault.requests.find((r) => r.method === "POST" && r.url.includes("/data/"))!;
    expect(post.url).toBe("/v1/secret/data/psoxy/PSOXY_GCAL/REFRESH_TOKEN");
    expect(JSON.parse(post.body)).toEqual({ data: { value: "rotated" } });
    expect(vault.value("secret/psoxy/PSOXY_GCAL/REFRESH_TOKEN")).toBe("rotated");
    const reads = dataReads().length;
    expect(await s.getSecret("REFRESH_TOKEN")).toBe("rotated");
    expect(dataReads().length).toBe(reads);
  });

  it("refreshes after the TTL (injected clock)", async () => {
    let now = 0;
    const s = service({ clock: () => now });
    expect(await s.getConfig("RULES")).toBe("rules");
    vault.write("secret/psoxy/PSOXY_GCAL/RULES", "rules-2");
    now += 5 * 60_000;
    expect(await s.getConfig("RULES")).toBe("rules-2");
  });

  it("a 500 (e.g. sealed) is a transient CONFIGURATION_FAILURE after 3 attempts", async () => {
    vault.fail = { status: 503, body: { errors: ["Vault is sealed"] } };
    const waits: number[] = [];
    const error = await service({ sleep: async (ms) => void waits.push(ms) })
      .getSecret("PSOXY_SALT")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: "CONFIGURATION_FAILURE", transient: true });
    expect(dataReads().length).toBe(3);
    expect(waits).toEqual([500, 500]);
  });

  it("connection refused is transient", async () => {
    const s = new VaultStore({ address: `http://127.0.0.1:${await closedPort()}`, token: "t" });
    await expect(s.get("secret/X")).rejects.toMatchObject({ transient: true, code: "CONFIGURATION_FAILURE" });
  });

  it("renews a token whose TTL is below 36 h, once per check interval, never logging it", async () => {
    vault.ttlSeconds = 3600;
    let now = 0;
    const log = logger();
    const s = store({ clock: () => now, logger: log });
    await s.get("secret/psoxy/SHARED/PSOXY_SALT");
    expect(vault.count("GET", "lookup-self")).toBe(1);
    expect(vault.renewals).toEqual([72 * 3600]);
    const renew = vault.requests.find((r) => r.url.includes("renew-self"))!;
    expect(JSON.parse(renew.body)).toEqual({ increment: `${72 * 3600}s` });
    await s.get("secret/psoxy/SHARED/PSOXY_SALT");
    expect(vault.count("GET", "lookup-self")).toBe(1);
    now += 3600_000;
    await s.get("secret/psoxy/SHARED/PSOXY_SALT");
    expect(vault.count("GET", "lookup-self")).toBe(2);
    expect(vault.renewals).toHaveLength(1); // TTL now above the threshold
    expect(log.text()).toContain("renewed Vault token");
    expect(log.text()).not.toContain(vault.token);
  });

  it("does not renew a token without expiry (TTL 0)", async () => {
    vault.ttlSeconds = 0;
    await store().get("secret/psoxy/SHARED/PSOXY_SALT");
    expect(vault.count("GET", "lookup-self")).toBe(1);
    expect(vault.renewals).toEqual([]);
  });

  it("lists live versions newest first", async () => {
    vault.write("secret/psoxy/PSOXY_GCAL/ACCESS_TOKEN", "a1");
    vault.write("secret/psoxy/PSOXY_GCAL/ACCESS_TOKEN", "a2");
    vault.write("secret/psoxy/PSOXY_GCAL/ACCESS_TOKEN", "a3");
    vault.kv.get("secret/psoxy/PSOXY_GCAL/ACCESS_TOKEN")![1].destroyed = true;
    const versions = await service().getSecretVersions("ACCESS_TOKEN", 5);
    expect(versions.map((v) => [v.value, v.version])).toEqual([
      ["a3", "3"],
      ["a1", "1"],
    ]);
    expect(await store().getVersions("secret/NOPE", 5)).toEqual([]);
  });

  it("locks with check-and-set, clears stale locks, releases by deleting metadata", async () => {
    let now = Date.parse("2025-01-01T00:00:00Z");
    vault.now = () => now;
    const s = store({ clock: () => now });
    const key = "secret/psoxy/PSOXY_GCAL/OAUTH_REFRESH_TOKEN";
    expect(await s.acquireLock(key, 120_000)).toBe(true);
    expect(vault.value(`${key}_lock`)).toBe(`locked_${now}`);
    const post = vault.requests.find((r) => r.method === "POST" && r.url.includes("_lock"))!;
    expect(JSON.parse(post.body).options).toEqual({ cas: 0 });
    expect(await s.acquireLock(key, 120_000)).toBe(false);
    now += 120_001;
    expect(await s.acquireLock(key, 120_000)).toBe(false); // stale: cleared
    expect(vault.kv.has(`${key}_lock`)).toBe(false);
    expect(await s.acquireLock(key, 120_000)).toBe(true);
    await s.releaseLock(key);
    expect(vault.kv.has(`${key}_lock`)).toBe(false);
  });

  it("requires an address and a token", () => {
    expect(() => new VaultStore({ address: "", token: "t" })).toThrow(ConfigError);
    expect(() => new VaultStore({ address: "http://x", token: "" })).toThrow(/VAULT_TOKEN/);
  });

  it("a key without a mount is a clear error", async () => {
    await expect(store().get("PSOXY_SALT")).rejects.toThrow(/no mount/);
  });
});
