/**
 * Token refresh under load and across instances (spec 5.2, 5.13):
 * - 100 concurrent requests that find the token expired make ONE token request, and a rotated refresh
 *   token is written back once (per process single flight), with and without USE_SHARED_TOKEN;
 * - two gateway instances with their own ConfigService over ONE store (the SSM protocol server, and a
 *   local secrets file) refresh once between them: the OAUTH_REFRESH_TOKEN lock makes the second wait,
 *   then it reads the token the first one stored.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  EVENTUAL_CONSISTENCY_MS,
  LOCK_RETRY_BASE_MS,
  REFRESH_LOCK_EXPIRY_MS,
  REFRESH_LOCK_ID,
} from "../../src/auth/index.js";
import { AwsSsmStore } from "../../src/config/aws-ssm-store.js";
import { configServiceFromStores } from "../../src/config/config-service.js";
import { LocalFileStore } from "../../src/config/local-file-store.js";
import { MemoryStore } from "../../src/config/memory-store.js";
import { type FakeSsm, startFakeSsm } from "../../src/config/test-servers/fake-ssm.js";
import type { RemoteStore } from "../../src/config/types.js";
import type { GatewayInstance } from "../../src/gateway/index.js";
import { type FakeSource, startFakeSource } from "../gateway/fake-source.js";
import { RULES_YAML } from "../gateway/rules-fixture.js";
import {
  BASE_SECRETS,
  baseEnv,
  CountingConfig,
  gatewayFor,
  proxyRequest,
  startTokenEndpoint,
  TestClock,
  type TokenEndpoint,
  until,
} from "./helpers.js";

let source: FakeSource;
let token: TokenEndpoint;
const gateways: GatewayInstance[] = [];
let issued = 0;

beforeAll(async () => {
  source = await startFakeSource();
  token = await startTokenEndpoint();
});
afterAll(async () => {
  await source.close();
  await token.close();
});
beforeEach(() => {
  issued = 0;
  // each exchange issues a new access token and rotates the refresh token, after a little while
  token.handle(async () => {
    await new Promise((r) => setTimeout(r, 30));
    issued++;
    return {
      body: { access_token: `access-${issued}`, refresh_token: `refresh-${issued + 1}`, expires_in: 3600 },
    };
  });
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  source.requests.length = 0;
  token.requests.length = 0;
});

const USERS = "/api/v1/users?limit=10";
const refreshEnv = () => ({
  GRANT_TYPE: "refresh_token",
  REFRESH_ENDPOINT: `${token.url}/oauth/token`,
  CLIENT_ID: "client-1",
});

async function burst(gateway: GatewayInstance, n: number) {
  const responses = await Promise.all(Array.from({ length: n }, () => gateway.handle(proxyRequest(USERS))));
  return responses.map((r) => r.status);
}

describe("100 concurrent requests with an expired token", () => {
  it("make one token request and one refresh-token write (no shared token)", async () => {
    const clock = new TestClock();
    const config = new CountingConfig({
      env: { ...baseEnv(source, "oauth2_refresh_token"), ...refreshEnv() },
      secrets: { ...BASE_SECRETS, CLIENT_SECRET: "secret-1", REFRESH_TOKEN: "refresh-1" },
    });
    const { gateway } = gatewayFor({ source, config, auth: { clock: clock.now } });
    gateways.push(gateway);

    expect(await burst(gateway, 1)).toEqual([200]);
    expect(token.requests).toHaveLength(1);
    expect(config.writes("REFRESH_TOKEN")).toBe(1);

    clock.advanceSeconds(3600); // access-1 has expired
    expect(await burst(gateway, 100)).toEqual(Array(100).fill(200));
    expect(token.requests).toHaveLength(2);
    expect(new URLSearchParams(token.requests[1].body).get("refresh_token")).toBe("refresh-2");
    expect(config.writes("REFRESH_TOKEN")).toBe(2);
    expect(config.secrets.get("REFRESH_TOKEN")).toBe("refresh-3");
    expect(config.writes("ACCESS_TOKEN")).toBe(0);
    const seen = source.requests.slice(1).map((r) => r.headers.authorization);
    expect(seen).toEqual(Array(100).fill("Bearer access-2"));
  });

  it("make one token request, one lock, one ACCESS_TOKEN and one REFRESH_TOKEN write (USE_SHARED_TOKEN)", async () => {
    const clock = new TestClock();
    const store = new MemoryStore({
      ...BASE_SECRETS,
      CLIENT_SECRET: "secret-1",
      REFRESH_TOKEN: "refresh-1",
    });
    const locks: string[] = [];
    const tracked: RemoteStore = Object.assign(Object.create(store) as MemoryStore, {
      acquireLock: async (key: string, expiryMs: number) => {
        locks.push(`acquire ${key} ${expiryMs}`);
        return store.acquireLock(key, expiryMs);
      },
      releaseLock: async (key: string) => {
        locks.push(`release ${key}`);
        return store.releaseLock(key);
      },
    });
    const config = configServiceFromStores({
      env: { ...baseEnv(source, "oauth2_refresh_token"), ...refreshEnv(), USE_SHARED_TOKEN: "TRUE" },
      store: tracked,
      instancePrefix: "",
      sharedPrefix: "",
    });
    const sleeps: number[] = [];
    const { gateway } = gatewayFor({
      source,
      config,
      auth: { clock: clock.now, sleep: async (ms) => void sleeps.push(ms) },
    });
    gateways.push(gateway);

    expect(await burst(gateway, 1)).toEqual([200]);
    clock.advanceSeconds(3600);
    store.writes.length = 0;
    locks.length = 0;
    sleeps.length = 0;

    expect(await burst(gateway, 100)).toEqual(Array(100).fill(200));
    expect(token.requests).toHaveLength(2);
    expect(locks).toEqual([
      `acquire ${REFRESH_LOCK_ID} ${REFRESH_LOCK_EXPIRY_MS}`,
      `release ${REFRESH_LOCK_ID}`,
    ]);
    expect(store.writes.sort()).toEqual(["ACCESS_TOKEN", "REFRESH_TOKEN"]);
    expect(JSON.parse(store.values.get("ACCESS_TOKEN")!)).toEqual({
      token: "access-2",
      expirationDate: clock.ms + 3600_000,
    });
    expect(store.values.get("REFRESH_TOKEN")).toBe("refresh-3");
    // the lock holder waits for eventual consistency before releasing
    expect(sleeps).toEqual([EVENTUAL_CONSISTENCY_MS]);
    expect(new Set(source.requests.slice(1).map((r) => r.headers.authorization))).toEqual(
      new Set(["Bearer access-2"]),
    );
  });
});

describe("two instances, one store (USE_SHARED_TOKEN)", () => {
  let ssm: FakeSsm;
  const credentials = { accessKeyId: "test", secretAccessKey: "test" };
  const PREFIX = "PSOXY_JIRA_CLOUD_";
  const LOCK = `${PREFIX}${REFRESH_LOCK_ID}_lock`;

  beforeEach(async () => {
    ssm = await startFakeSsm({
      PSOXY_SALT: BASE_SECRETS.PSOXY_SALT,
      PSOXY_ENCRYPTION_KEY: BASE_SECRETS.PSOXY_ENCRYPTION_KEY,
      [`${PREFIX}CLIENT_SECRET`]: "jira-secret",
      [`${PREFIX}REFRESH_TOKEN`]: "refresh-1",
    });
  });
  afterEach(async () => {
    await ssm.close();
  });

  function instance(name: string, sleeps: string[]) {
    const config = configServiceFromStores({
      env: {
        ...baseEnv(source, "oauth2_refresh_token"),
        ...refreshEnv(),
        USE_SHARED_TOKEN: "TRUE",
        RULES: RULES_YAML,
      },
      // each instance has its own SDK client, cache and ConfigService: only the SSM server is shared
      store: new AwsSsmStore({
        endpoint: ssm.url,
        region: "us-east-1",
        credentials,
        maxAttempts: 1,
        sleep: async () => {},
      }),
      instancePrefix: PREFIX,
      sharedPrefix: "",
    });
    const { gateway, logger } = gatewayFor({
      source,
      config,
      auth: {
        sleep: async (ms) => {
          sleeps.push(`${name} ${ms}`);
          // a waiting instance wakes up once the holder has released the lock (no real 4 s wait)
          if (ms >= LOCK_RETRY_BASE_MS) await until(() => !ssm.parameters.has(LOCK));
        },
      },
    });
    gateways.push(gateway);
    return { gateway, logger };
  }

  it("over the SSM protocol: one refresh, the other instance waits for the lock and reuses the stored token", async () => {
    const lockPuts = () =>
      ssm.requests.filter(
        (r) => r.headers["x-amz-target"] === "AmazonSSM.PutParameter" && r.body.includes(LOCK),
      ).length;
    // the token endpoint answers only once both instances have tried to take the lock
    token.handle(async () => {
      await until(() => lockPuts() >= 2);
      issued++;
      return {
        body: { access_token: `access-${issued}`, refresh_token: `refresh-${issued + 1}`, expires_in: 3600 },
      };
    });
    const sleeps: string[] = [];
    const a = instance("a", sleeps);
    const b = instance("b", sleeps);

    const [ra, rb] = await Promise.all([
      a.gateway.handle(proxyRequest(USERS)),
      b.gateway.handle(proxyRequest(USERS)),
    ]);
    expect([ra.status, rb.status]).toEqual([200, 200]);

    expect(token.requests).toHaveLength(1);
    expect(source.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer access-1",
      "Bearer access-1",
    ]);
    // one instance held the lock (and waited 2 s before releasing), the other waited for it once
    const waits = sleeps.filter((s) => Number(s.split(" ")[1]) >= LOCK_RETRY_BASE_MS);
    expect(waits).toHaveLength(1);
    const waiter = waits[0].split(" ")[0];
    expect(sleeps).toContain(`${waiter === "a" ? "b" : "a"} ${EVENTUAL_CONSISTENCY_MS}`);
    const waitMs = Number(waits[0].split(" ")[1]);
    expect(waitMs).toBeGreaterThanOrEqual(4000);
    expect(waitMs).toBeLessThan(4250);

    // stored once, for both; the rotated refresh token written back once; the lock removed
    const stored = ssm.parameters.get(`${PREFIX}ACCESS_TOKEN`)!;
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0].value)).toMatchObject({ token: "access-1" });
    expect(stored[0].type).toBe("SecureString");
    expect(ssm.parameters.get(`${PREFIX}REFRESH_TOKEN`)!.map((v) => v.value)).toEqual([
      "refresh-1",
      "refresh-2",
    ]);
    expect(ssm.parameters.has(LOCK)).toBe(false);
    expect(ssm.count("DeleteParameter")).toBe(1);
  });

  it("a local secrets file shared by two store objects (two processes): the lock file gives the same result", async () => {
    const dir = await mkdtemp(join(tmpdir(), "psoxy-auth-"));
    try {
      const store = new LocalFileStore({ path: join(dir, "secrets.json"), generatedKeys: [] });
      await store.put("PSOXY_SALT", BASE_SECRETS.PSOXY_SALT);
      await store.put("CLIENT_SECRET", "s");
      await store.put("REFRESH_TOKEN", "refresh-1");
      // each instance gets its own store object on the same file, as two `psoxy serve` processes would
      const config = () =>
        configServiceFromStores({
          env: { ...baseEnv(source, "oauth2_refresh_token"), ...refreshEnv(), USE_SHARED_TOKEN: "TRUE" },
          store: new LocalFileStore({ path: join(dir, "secrets.json"), generatedKeys: [] }),
          instancePrefix: "",
          sharedPrefix: "",
        });
      const sleeps: number[] = [];
      let held = false;
      const make = () => {
        const { gateway } = gatewayFor({
          source,
          config: config(),
          auth: {
            sleep: async (ms) => {
              sleeps.push(ms);
              if (ms === EVENTUAL_CONSISTENCY_MS) held = true;
              if (ms >= LOCK_RETRY_BASE_MS) await until(() => held);
            },
          },
        });
        gateways.push(gateway);
        return gateway;
      };
      const [a, b] = [make(), make()];
      const statuses = await Promise.all([a.handle(proxyRequest(USERS)), b.handle(proxyRequest(USERS))]);
      expect(statuses.map((r) => r.status)).toEqual([200, 200]);
      expect(token.requests).toHaveLength(1);
      expect(JSON.parse((await store.get("ACCESS_TOKEN"))!)).toMatchObject({ token: "access-1" });
      expect(await store.get("REFRESH_TOKEN")).toBe("refresh-2");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
