import { describe, expect, it } from "vitest";
import { configServiceFromStores } from "./config-service.js";
import { EnvStore } from "./env-store.js";
import { MemoryStore } from "./memory-store.js";
import { ConfigError, type ConfigLogger } from "./types.js";

function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

function capturingLogger(): ConfigLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (obj: object, msg?: string) =>
    void lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

function setup(
  initial: Record<string, string> = {},
  env: Record<string, string | undefined> = {},
  extra: Partial<Parameters<typeof configServiceFromStores>[0]> = {},
) {
  const store = new MemoryStore(initial);
  const clock = fakeClock();
  const sleeper = recordingSleep();
  const logger = capturingLogger();
  const service = configServiceFromStores({
    env,
    store,
    instancePrefix: "PSOXY_ZOOM_",
    sharedPrefix: "",
    clock: clock.now,
    sleep: sleeper.sleep,
    logger,
    ...extra,
  });
  return { store, clock, sleeper, logger, service };
}

describe("lookup order (spec 4.1)", () => {
  it("getConfig: env, then instance, then shared", async () => {
    const { service } = setup(
      { PSOXY_ZOOM_RULES: "instance", RULES: "shared", TARGET: "shared-only" },
      { RULES: "env" },
    );
    expect(await service.getConfig("RULES")).toBe("env");
    expect(await service.getConfig("TARGET")).toBe("shared-only");
    const { service: s2 } = setup({ PSOXY_ZOOM_RULES: "instance", RULES: "shared" });
    expect(await s2.getConfig("RULES")).toBe("instance");
    expect(await s2.getConfig("MISSING")).toBeUndefined();
  });

  it("an empty env var counts as set (Java getenv semantics)", async () => {
    const { service } = setup({ PSOXY_ZOOM_X: "remote" }, { X: "" });
    expect(await service.getConfig("X")).toBe("");
  });

  it("getSecret: instance then shared, never the environment", async () => {
    const { service } = setup(
      { PSOXY_SALT: "shared-salt" },
      { PSOXY_SALT: "env-salt", CLIENT_SECRET: "env" },
    );
    expect(await service.getSecret("PSOXY_SALT")).toBe("shared-salt");
    expect(await service.getSecret("CLIENT_SECRET")).toBeUndefined();
    const { service: s2 } = setup({ PSOXY_SALT: "shared", PSOXY_ZOOM_PSOXY_SALT: "instance" });
    expect(await s2.getSecret("PSOXY_SALT")).toBe("instance");
  });

  it("secrets can live in a different store with their own prefixes", async () => {
    const config = new MemoryStore({ PSOXY_ZOOM_RULES: "r" }, "ssm");
    const secrets = new MemoryStore({ "/p/PSOXY_SALT": "salt" }, "secrets-manager");
    const service = configServiceFromStores({
      env: {},
      store: config,
      secretsStore: secrets,
      instancePrefix: "PSOXY_ZOOM_",
      sharedPrefix: "",
      secretsPrefixes: { instance: "/p/Z_", shared: "/p/" },
    });
    expect(await service.getConfig("RULES")).toBe("r");
    expect(await service.getSecret("PSOXY_SALT")).toBe("salt");
    expect(await service.getSecret("RULES")).toBeUndefined();
    await service.putSecret("ACCESS_TOKEN", "t");
    expect(secrets.values.get("/p/Z_ACCESS_TOKEN")).toBe("t");
    expect(config.writes).toEqual([]);
  });

  it("config and secrets share one cache for the same store and prefix", async () => {
    const { service, store } = setup({ PSOXY_ZOOM_CLIENT_ID: "id" });
    await service.getConfig("CLIENT_ID");
    await service.getSecret("CLIENT_ID");
    expect(store.reads).toEqual(["PSOXY_ZOOM_CLIENT_ID"]);
  });

  it("the same instance and shared prefix read each key once", async () => {
    const { service, store } = setup({}, {}, { instancePrefix: "", sharedPrefix: "" });
    expect(await service.getSecret("X")).toBeUndefined();
    expect(store.reads).toEqual(["X"]);
  });
});

describe("cache (spec 4.3)", () => {
  it("a second read is served from the cache, negative results included", async () => {
    const { service, store } = setup({ PSOXY_SALT: "salt" });
    expect(await service.getSecret("PSOXY_SALT")).toBe("salt");
    expect(await service.getSecret("PSOXY_SALT")).toBe("salt");
    expect(store.reads).toEqual(["PSOXY_ZOOM_PSOXY_SALT", "PSOXY_SALT"]);
    store.reads.length = 0;
    expect(await service.getSecret("NOPE")).toBeUndefined();
    store.set("NOPE", "now here");
    expect(await service.getSecret("NOPE")).toBeUndefined();
    expect(store.reads).toEqual(["PSOXY_ZOOM_NOPE", "NOPE"]);
  });

  it("instance entries refresh after 5 minutes, shared after 20", async () => {
    const { service, store, clock } = setup({ PSOXY_ZOOM_A: "a1", B: "b1" });
    expect(await service.getSecret("A")).toBe("a1");
    expect(await service.getSecret("B")).toBe("b1");
    store.set("PSOXY_ZOOM_A", "a2");
    store.set("B", "b2");
    clock.advance(5 * 60_000 - 1);
    expect(await service.getSecret("A")).toBe("a1");
    clock.advance(1);
    expect(await service.getSecret("A")).toBe("a2");
    expect(await service.getSecret("B")).toBe("b1"); // instance miss for B refreshed; shared B still fresh
    clock.advance(15 * 60_000);
    expect(await service.getSecret("B")).toBe("b2");
  });

  it("a negative entry picks up a new value after the TTL", async () => {
    const { service, store, clock } = setup();
    expect(await service.getSecret("LATE")).toBeUndefined();
    store.set("PSOXY_ZOOM_LATE", "arrived");
    clock.advance(5 * 60_000);
    expect(await service.getSecret("LATE")).toBe("arrived");
  });

  it("refresh keeps the old value when the value vanished or the backend fails", async () => {
    const { service, store, clock, logger } = setup({ PSOXY_ZOOM_TOKEN: "secret-token-value" });
    expect(await service.getSecret("TOKEN")).toBe("secret-token-value");
    store.delete("PSOXY_ZOOM_TOKEN");
    clock.advance(5 * 60_000);
    expect(await service.getSecret("TOKEN")).toBe("secret-token-value");
    store.failWith = MemoryStore.transient();
    clock.advance(5 * 60_000);
    expect(await service.getSecret("TOKEN")).toBe("secret-token-value");
    store.failWith = new ConfigError("throttled", false);
    clock.advance(5 * 60_000);
    expect(await service.getSecret("TOKEN")).toBe("secret-token-value");
    // kept for another TTL: no backend call within it
    store.failWith = undefined;
    store.reads.length = 0;
    clock.advance(60_000);
    expect(await service.getSecret("TOKEN")).toBe("secret-token-value");
    expect(store.reads).toEqual([]);
    expect(logger.lines.some((l) => l.includes("PSOXY_ZOOM_TOKEN"))).toBe(true);
    expect(logger.lines.join("\n")).not.toContain("secret-token-value");
  });

  it("a transient failure on first load: 3 attempts 500 ms apart, then CONFIGURATION_FAILURE, not cached", async () => {
    const { service, store, sleeper } = setup({ PSOXY_SALT: "s" });
    store.failWith = MemoryStore.transient("connection refused");
    const error = await service.getSecret("PSOXY_SALT").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe("CONFIGURATION_FAILURE");
    expect((error as ConfigError).transient).toBe(true);
    expect((error as ConfigError).message).toContain("after 3 attempts");
    expect(store.reads).toEqual(["PSOXY_ZOOM_PSOXY_SALT", "PSOXY_ZOOM_PSOXY_SALT", "PSOXY_ZOOM_PSOXY_SALT"]);
    expect(sleeper.waits).toEqual([500, 500]);
    store.failWith = undefined;
    expect(await service.getSecret("PSOXY_SALT")).toBe("s");
  });

  it("a transient failure that recovers within the attempts returns the value", async () => {
    const { service, store, sleeper } = setup({ PSOXY_ZOOM_X: "x" });
    let calls = 0;
    const get = store.get.bind(store);
    store.get = async (key) => {
      calls++;
      if (calls < 3) throw MemoryStore.transient();
      return get(key);
    };
    expect(await service.getSecret("X")).toBe("x");
    expect(sleeper.waits).toEqual([500, 500]);
  });

  it("a hard error is thrown at once, without retries", async () => {
    const { service, store, sleeper } = setup();
    store.failWith = new ConfigError("throttled", false);
    await expect(service.getSecret("X")).rejects.toMatchObject({ transient: false });
    expect(store.reads).toHaveLength(1);
    expect(sleeper.waits).toEqual([]);
  });

  it("an unmapped error from a store counts as transient", async () => {
    const { service, store } = setup();
    store.failWith = new TypeError("fetch failed");
    await expect(service.getSecret("X")).rejects.toMatchObject({
      transient: true,
      code: "CONFIGURATION_FAILURE",
    });
  });

  it("writes update the cache, then the backend", async () => {
    const { service, store } = setup({ PSOXY_ZOOM_REFRESH_TOKEN: "old" });
    expect(await service.getSecret("REFRESH_TOKEN")).toBe("old");
    await service.putSecret("REFRESH_TOKEN", "new");
    expect(store.values.get("PSOXY_ZOOM_REFRESH_TOKEN")).toBe("new");
    store.reads.length = 0;
    expect(await service.getSecret("REFRESH_TOKEN")).toBe("new");
    expect(store.reads).toEqual([]);
  });

  it("a failed write is reported, the cache keeps the new value", async () => {
    const { service, store } = setup({ PSOXY_ZOOM_T: "old" });
    store.failWith = MemoryStore.transient();
    await expect(service.putSecret("T", "new")).rejects.toBeInstanceOf(ConfigError);
    store.failWith = undefined;
    expect(await service.getSecret("T")).toBe("new");
  });

  it("a write during a slow first load wins", async () => {
    const { service, store } = setup({ PSOXY_ZOOM_T: "old" });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const get = store.get.bind(store);
    store.get = async (key) => {
      const value = await get(key);
      await gate;
      return value;
    };
    const reading = service.getSecret("T");
    await service.putSecret("T", "new");
    release();
    await reading;
    expect(await service.getSecret("T")).toBe("new");
  });

  it("concurrent first reads share one backend call", async () => {
    const { service, store } = setup({ PSOXY_ZOOM_X: "x" });
    const values = await Promise.all([
      service.getSecret("X"),
      service.getSecret("X"),
      service.getSecret("X"),
    ]);
    expect(values).toEqual(["x", "x", "x"]);
    expect(store.reads).toEqual(["PSOXY_ZOOM_X"]);
  });

  it("holds at most maxEntries, dropping the least recently used", async () => {
    const { service, store } = setup({}, {}, { instancePrefix: "", sharedPrefix: "", maxEntries: 3 });
    for (const k of ["A", "B", "C"]) await service.getSecret(k);
    await service.getSecret("A"); // A is now the most recent
    await service.getSecret("D"); // evicts B
    store.reads.length = 0;
    await service.getSecret("A");
    await service.getSecret("C");
    await service.getSecret("B");
    expect(store.reads).toEqual(["B"]);
  });

  it("cache: false reads the backend every time", async () => {
    const { service, store } = setup({ PSOXY_ZOOM_ACCESS_TOKEN: "t1" });
    expect(await service.getSecret("ACCESS_TOKEN", { cache: false })).toBe("t1");
    store.set("PSOXY_ZOOM_ACCESS_TOKEN", "t2");
    expect(await service.getSecret("ACCESS_TOKEN", { cache: false })).toBe("t2");
    expect(store.reads).toEqual(["PSOXY_ZOOM_ACCESS_TOKEN", "PSOXY_ZOOM_ACCESS_TOKEN"]);
  });

  it("dev mode logs misses by name only", async () => {
    const { service, logger } = setup({}, {}, { devMode: true });
    await service.getSecret("CLIENT_SECRET");
    expect(logger.lines.some((l) => l.startsWith("debug") && l.includes("PSOXY_ZOOM_CLIENT_SECRET"))).toBe(
      true,
    );
  });
});

describe("versions and locks", () => {
  it("lists versions from the instance scope, else the shared one", async () => {
    const { service, store } = setup({ ACCESS_TOKEN: "s1" });
    store.set("ACCESS_TOKEN", "s2");
    expect((await service.getSecretVersions("ACCESS_TOKEN", 5)).map((v) => v.value)).toEqual(["s2", "s1"]);
    store.set("PSOXY_ZOOM_ACCESS_TOKEN", "i1");
    expect((await service.getSecretVersions("ACCESS_TOKEN", 5)).map((v) => v.value)).toEqual(["i1"]);
  });

  it("locks go to the instance prefix", async () => {
    const { service } = setup();
    expect(await service.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    expect(await service.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(false);
    await service.releaseLock("OAUTH_REFRESH_TOKEN");
    expect(await service.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
  });

  it("without a store there is nothing to read, write or lock", async () => {
    const service = configServiceFromStores({ env: { A: "1" }, instancePrefix: "", sharedPrefix: "" });
    expect(await service.getConfig("A")).toBe("1");
    expect(await service.getSecret("A")).toBeUndefined();
    await expect(service.putSecret("A", "2")).rejects.toMatchObject({ transient: false });
    await expect(service.acquireLock("L", 1000)).rejects.toBeInstanceOf(ConfigError);
  });
});

describe("EnvStore", () => {
  it("reads and writes the given object", async () => {
    const env: Record<string, string | undefined> = { PSOXY_SALT: "s" };
    const service = configServiceFromStores({
      env: {},
      store: new EnvStore(env),
      instancePrefix: "",
      sharedPrefix: "",
    });
    expect(await service.getSecret("PSOXY_SALT")).toBe("s");
    await service.putSecret("ACCESS_TOKEN", "t");
    expect(env.ACCESS_TOKEN).toBe("t");
  });
});
