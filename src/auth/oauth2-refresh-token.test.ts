import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type LoopbackServer, startLoopbackServer } from "../config/test-servers/loopback.js";
import { ConfigError, type ValueVersion } from "../config/types.js";
import { MemoryConfigService } from "../gateway/testing/memory-config.js";
import {
  createAuthStrategy,
  LOCK_RETRY_BASE_MS,
  RefreshLockUnavailableError,
  serializeSharedToken,
  TokenRequestError,
} from "./index.js";
import type { AuthLogger, AuthStrategy } from "./strategy.js";

/** A config service with a lock and version history, both controllable. */
class LockingConfig extends MemoryConfigService {
  lockFree = true;
  readonly lockCalls: string[] = [];
  failPuts = 0;
  readonly putCalls: string[] = [];
  async acquireLock(id: string, expiryMs: number): Promise<boolean> {
    this.lockCalls.push(`acquire ${id} ${expiryMs}`);
    if (!this.lockFree) return false;
    this.lockFree = false;
    return true;
  }
  async releaseLock(id: string): Promise<void> {
    this.lockCalls.push(`release ${id}`);
    this.lockFree = true;
  }
  async getSecretVersions(name: string, limit: number): Promise<ValueVersion[]> {
    const v = this.secrets.get(name);
    return v === undefined ? [] : [{ value: v, version: "1" }].slice(0, limit);
  }
  override async putSecret(name: string, value: string): Promise<void> {
    this.putCalls.push(name);
    if (this.failPuts > 0) {
      this.failPuts--;
      throw new ConfigError(`backend refused writing ${name}`, true);
    }
    await super.putSecret(name, value);
  }
}

class Lines implements AuthLogger {
  readonly lines: string[] = [];
  debug = (o: object, m?: string) => void this.lines.push(`debug ${m} ${JSON.stringify(o)}`);
  info = (o: object, m?: string) => void this.lines.push(`info ${m} ${JSON.stringify(o)}`);
  warn = (o: object, m?: string) => void this.lines.push(`warn ${m} ${JSON.stringify(o)}`);
  error = (o: object, m?: string) => void this.lines.push(`error ${m} ${JSON.stringify(o)}`);
}

let server: LoopbackServer;
let reply: () => { status?: number; body?: object | string } = () => ({ body: { access_token: "t" } });
beforeAll(async () => {
  server = await startLoopbackServer(() => reply());
});
afterAll(async () => {
  await server.close();
});
const strategies: AuthStrategy[] = [];
afterEach(async () => {
  await Promise.all(strategies.splice(0).map((s) => s.close?.()));
  server.requests.length = 0;
});

interface Setup {
  env?: Record<string, string>;
  secrets?: Record<string, string>;
  random?: number;
  /** runs inside each (recorded, instant) sleep */
  onSleep?: (config: LockingConfig) => Promise<void>;
}

function make({ env = {}, secrets = {}, random = 0, onSleep }: Setup = {}) {
  const config = new LockingConfig({
    env: { GRANT_TYPE: "refresh_token", REFRESH_ENDPOINT: `${server.url}/token`, CLIENT_ID: "c", ...env },
    secrets: { CLIENT_SECRET: "s", REFRESH_TOKEN: "r", ...secrets },
  });
  const clock = { ms: 1_700_000_000_000 };
  const sleeps: number[] = [];
  const logger = new Lines();
  const strategy = createAuthStrategy("oauth2_refresh_token", {
    config,
    logger,
    options: {
      clock: () => clock.ms,
      sleep: async (ms) => {
        sleeps.push(ms);
        await onSleep?.(config);
      },
      random: () => random,
    },
  });
  strategies.push(strategy);
  return { strategy, config, clock, sleeps, logger };
}

let n = 0;
const issue = (extra: object = {}) => {
  reply = () => ({ body: { access_token: `token-${++n}`, ...extra } });
};

describe("expiry and the early-refresh window", () => {
  it("assumes 3600 s without expires_in, and refreshes g in [60, 600) s before expiry", async () => {
    issue();
    for (const [random, early] of [
      [0, 60],
      [0.99999, 599],
    ]) {
      const { strategy, clock } = make({ random });
      const start = clock.ms;
      const first = await strategy.headers({});
      clock.ms = start + (3600 - early) * 1000; // exactly g before expiry: still fresh
      expect(await strategy.headers({})).toEqual(first);
      clock.ms += 1000;
      expect(await strategy.headers({})).not.toEqual(first);
    }
    expect(server.requests).toHaveLength(4);
  });

  it("uses expires_in (numbers and numeric strings)", async () => {
    issue({ expires_in: "120" });
    const { strategy, clock } = make();
    const first = await strategy.headers({});
    clock.ms += 59_000; // 61 s left, g = 60: fresh
    expect(await strategy.headers({})).toEqual(first);
    clock.ms += 2_000;
    expect(await strategy.headers({})).not.toEqual(first);
  });
});

describe("failed proactive refresh", () => {
  it("keeps the current token while it has over a minute left, then fails", async () => {
    issue({ expires_in: 600 });
    const { strategy, clock, logger } = make({ random: 0.99999 });
    const first = await strategy.headers({});
    reply = () => ({ status: 503, body: { error: "temporarily_unavailable" } });
    clock.ms += 100_000; // 500 s left: inside the 599 s window -> refresh fails -> current kept
    expect(await strategy.headers({})).toEqual(first);
    expect(logger.lines.join("\n")).toContain("proactive token refresh failed");
    clock.ms += 450_000; // 50 s left
    await expect(strategy.headers({})).rejects.toBeInstanceOf(TokenRequestError);
  });
});

describe("401 from the source", () => {
  it("drops the rejected token, also when the shared store still holds it", async () => {
    issue();
    const { strategy, config } = make({ env: { USE_SHARED_TOKEN: "true" } });
    const first = await strategy.headers({});
    expect(JSON.parse(config.secrets.get("ACCESS_TOKEN")!).token).toBe(first.Authorization.slice(7));
    expect(await strategy.onUnauthorized!({ rejected: first })).toBe(true);
    const second = await strategy.headers({});
    expect(second).not.toEqual(first);
    // a late 401 for the old token does not discard the new one
    await strategy.onUnauthorized!({ rejected: first });
    expect(await strategy.headers({})).toEqual(second);
    expect(server.requests).toHaveLength(2);
  });
});

describe("the OAUTH_REFRESH_TOKEN lock", () => {
  it("3 failed attempts wait (4 s + jitter) x attempt, then fail with a generic error", async () => {
    issue();
    const { strategy, config, sleeps } = make({ env: { USE_SHARED_TOKEN: "TRUE" }, random: 0.5 });
    config.lockFree = false;
    await expect(strategy.headers({})).rejects.toBeInstanceOf(RefreshLockUnavailableError);
    expect(sleeps).toEqual([4125, 8250, 12375]);
    expect(config.lockCalls).toEqual(Array(3).fill("acquire OAUTH_REFRESH_TOKEN 120000"));
    expect(server.requests).toHaveLength(0);
  });

  it("after a wait, a token another instance stored is used without taking the lock", async () => {
    issue();
    const expiresAt = Date.now() + 10 * 3600_000;
    // the other instance stores its token while this one sleeps
    const { strategy, config, sleeps } = make({
      env: { USE_SHARED_TOKEN: "TRUE" },
      onSleep: async (c) => {
        c.secrets.set("ACCESS_TOKEN", serializeSharedToken({ token: "from-elsewhere", expiresAt }));
      },
    });
    config.lockFree = false;
    expect(await strategy.headers({})).toEqual({ Authorization: "Bearer from-elsewhere" });
    expect(sleeps).toEqual([LOCK_RETRY_BASE_MS]);
    expect(config.lockCalls).toHaveLength(1);
    expect(server.requests).toHaveLength(0);
  });

  it("a store without locks refreshes anyway, with one warning", async () => {
    issue();
    const config = new MemoryConfigService({
      env: { GRANT_TYPE: "account_credentials", REFRESH_ENDPOINT: `${server.url}/token` },
      secrets: { ACCOUNT_ID: "a", CLIENT_ID: "c", CLIENT_SECRET: "s" },
    });
    const logger = new Lines();
    const strategy = createAuthStrategy("oauth2_refresh_token", { config, logger });
    strategies.push(strategy);
    expect((await strategy.headers({})).Authorization).toMatch(/^Bearer token-/);
    expect(logger.lines.filter((l) => l.includes("without the OAUTH_REFRESH_TOKEN lock"))).toHaveLength(1);
    expect(JSON.parse(config.secrets.get("ACCESS_TOKEN")!).token).toMatch(/^token-/);
  });
});

describe("write-back", () => {
  it("retries 3 times 150 ms apart; a failure is logged and not fatal", async () => {
    issue({ refresh_token: "rotated-refresh-token" });
    const { strategy, config, sleeps, logger } = make({ env: { USE_SHARED_TOKEN: "true" } });
    config.failPuts = 6;
    expect((await strategy.headers({})).Authorization).toMatch(/^Bearer token-/);
    expect(config.putCalls).toEqual([...Array(3).fill("ACCESS_TOKEN"), ...Array(3).fill("REFRESH_TOKEN")]);
    expect(sleeps).toEqual([150, 150, 150, 150]);
    const text = logger.lines.join("\n");
    expect(text.match(/could not store refreshed credential/g)).toHaveLength(2);
    expect(text).not.toContain("rotated-refresh-token");
    expect(config.secrets.get("REFRESH_TOKEN")).toBe("r");
  });
});

describe("settings", () => {
  it.each([
    ["refresh_token", undefined, false],
    ["account_credentials", undefined, true],
    ["account_credentials", "false", false],
    ["refresh_token", "TRUE", true],
    ["refresh_token", "yes", false],
    ["refresh_token", " true", false],
  ])("GRANT_TYPE=%s USE_SHARED_TOKEN=%j -> shared %s", async (grantType, value, shared) => {
    issue();
    const env: Record<string, string> = { GRANT_TYPE: grantType };
    if (value !== undefined) env.USE_SHARED_TOKEN = value;
    const { strategy, config } = make({ env, secrets: { ACCOUNT_ID: "a" } });
    await strategy.headers({});
    expect(config.secrets.has("ACCESS_TOKEN")).toBe(shared);
  });

  it("warns once that impersonation is not supported, and ignores it", async () => {
    issue();
    const { strategy, logger } = make();
    await strategy.headers({ userToImpersonate: "alice@acme.com" });
    await strategy.headers({ userToImpersonate: "alice@acme.com" });
    const warnings = logger.lines.filter((l) => l.includes("does not support impersonation"));
    expect(warnings).toHaveLength(1);
    expect(logger.lines.join("\n")).not.toContain("alice@acme.com");
  });

  it("missing GRANT_TYPE fails requests as a missing setting", async () => {
    const config = new MemoryConfigService({ env: { REFRESH_ENDPOINT: `${server.url}/token` } });
    const strategy = createAuthStrategy("oauth2_refresh_token", { config });
    await expect(strategy.headers({})).rejects.toThrow(/GRANT_TYPE is not configured/);
  });
});
