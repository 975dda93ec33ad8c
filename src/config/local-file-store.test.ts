import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configServiceFromStores } from "./config-service.js";
import { LocalFileStore } from "./local-file-store.js";
import { ConfigError, type ConfigLogger } from "./types.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "psoxy-secrets-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("LocalFileStore", () => {
  it("creates the file on first use with a generated salt and key, mode 0600 in a 0700 directory", async () => {
    const path = join(dir, "nested", ".psoxy", "secrets.json");
    const lines: string[] = [];
    const log = (obj: object, msg?: string) => void lines.push(`${msg} ${JSON.stringify(obj)}`);
    const logger: ConfigLogger = { debug: log, info: log, warn: log, error: log };
    const store = new LocalFileStore({ path, logger });
    const salt = await store.get("PSOXY_SALT");
    const key = await store.get("PSOXY_ENCRYPTION_KEY");
    expect(salt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(salt!, "base64url")).toHaveLength(32);
    expect(salt).not.toBe(key);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "nested", ".psoxy"))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ PSOXY_SALT: salt, PSOXY_ENCRYPTION_KEY: key });
    // the values are stable across instances (pseudonyms survive restarts)
    expect(await new LocalFileStore({ path }).get("PSOXY_SALT")).toBe(salt);
    expect(lines.join("\n")).toContain("PSOXY_SALT");
    expect(lines.join("\n")).not.toContain(salt);
    expect(lines.join("\n")).not.toContain(key);
  });

  it("reads values and reports absent keys", async () => {
    const path = join(dir, "s.json");
    await writeFile(path, JSON.stringify({ PSOXY_SALT: "salt", PSOXY_ZOOM_CLIENT_ID: "id" }), {
      mode: 0o600,
    });
    const store = new LocalFileStore({ path });
    expect(await store.get("PSOXY_ZOOM_CLIENT_ID")).toBe("id");
    expect(await store.get("MISSING")).toBeUndefined();
    expect(await store.get("constructor")).toBeUndefined();
    // an existing file is not given generated values
    expect(await store.get("PSOXY_ENCRYPTION_KEY")).toBeUndefined();
  });

  it("writes atomically, keeps other values, and leaves no temp files", async () => {
    const path = join(dir, "s.json");
    await writeFile(path, JSON.stringify({ A: "1" }), { mode: 0o600 });
    const store = new LocalFileStore({ path });
    await Promise.all([
      store.put("REFRESH_TOKEN", "r1"),
      store.put("ACCESS_TOKEN", "a1"),
      store.put("A", "2"),
    ]);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      A: "2",
      REFRESH_TOKEN: "r1",
      ACCESS_TOKEN: "a1",
    });
    expect(await readdir(dir)).toEqual(["s.json"]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    // a new process sees the refreshed token
    expect(await new LocalFileStore({ path }).get("REFRESH_TOKEN")).toBe("r1");
  });

  it("invalid JSON is a clear error naming the file, and the file is never overwritten", async () => {
    const path = join(dir, "broken.json");
    const content = '{ "PSOXY_SALT": "abc", }';
    await writeFile(path, content, { mode: 0o600 });
    const store = new LocalFileStore({ path });
    const error = await store.get("PSOXY_SALT").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).transient).toBe(false);
    expect((error as ConfigError).message).toContain(path);
    expect((error as ConfigError).message).toContain("not valid JSON");
    await expect(store.put("X", "y")).rejects.toBeInstanceOf(ConfigError);
    expect(await readFile(path, "utf8")).toBe(content);
  });

  it("rejects a JSON file that is not an object of strings", async () => {
    const path = join(dir, "s.json");
    await writeFile(path, "[1,2]");
    await expect(new LocalFileStore({ path }).get("A")).rejects.toThrow(/must hold a JSON object/);
    await writeFile(path, JSON.stringify({ A: { nested: true } }));
    await expect(new LocalFileStore({ path }).get("A")).rejects.toThrow(/value of A must be a string/);
  });

  it("a broken file surfaces through the ConfigService as a hard error (no retries)", async () => {
    const path = join(dir, "s.json");
    await writeFile(path, "nope");
    let sleeps = 0;
    const service = configServiceFromStores({
      env: {},
      store: new LocalFileStore({ path }),
      instancePrefix: "",
      sharedPrefix: "",
      sleep: async () => void sleeps++,
    });
    await expect(service.getSecret("PSOXY_SALT")).rejects.toMatchObject({ transient: false });
    expect(sleeps).toBe(0);
  });

  it("locks expire (an expired lock is cleared, the next attempt takes it, as with SSM)", async () => {
    let now = 1000;
    const store = new LocalFileStore({ path: join(dir, "s.json"), clock: () => now });
    expect(await store.acquireLock("X_OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    expect(await store.acquireLock("X_OAUTH_REFRESH_TOKEN", 120_000)).toBe(false);
    now += 120_000;
    expect(await store.acquireLock("X_OAUTH_REFRESH_TOKEN", 120_000)).toBe(false);
    expect(await store.acquireLock("X_OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    await store.releaseLock("X_OAUTH_REFRESH_TOKEN");
    expect(await store.acquireLock("X_OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
  });
});

describe("LocalFileStore lock across store objects (processes)", () => {
  it("lets only one holder take the lock, and clears an expired one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "psoxy-lock-"));
    let now = 1_000_000;
    const a = new LocalFileStore({ path: join(dir, "secrets.json"), clock: () => now });
    const b = new LocalFileStore({ path: join(dir, "secrets.json"), clock: () => now });
    expect(await a.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    expect(await b.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(false);
    await a.releaseLock("OAUTH_REFRESH_TOKEN");
    expect(await b.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    // b never releases (crashed): after the expiry the lock is cleared, the next attempt gets it
    now += 121_000;
    expect(await a.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(false);
    expect(await a.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    // b's late release must not remove a's lock
    await b.releaseLock("OAUTH_REFRESH_TOKEN");
    expect(await b.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(false);
  });
});
