import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Storage } from "@google-cloud/storage";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGcs, startFakeGcs } from "../../test/bulk/fake-gcs-server.js";
import { closedPort, type LoopbackServer, startLoopbackServer } from "../config/test-servers/loopback.js";
import { GcsStore } from "../storage/gcs-store.js";
import { S3Store } from "../storage/s3-store.js";
import type { ObjectStore } from "../storage/types.js";
import { createGateway } from "./create-gateway.js";
import type { GatewayPlatform } from "./gateway-options.js";
import { RulesLoadError, RulesSource } from "./rules-source.js";
import { MemoryConfigService } from "./testing/memory-config.js";
import { silentLogger } from "./types.js";

const RULES = `endpoints:\n  - pathTemplate: /a\n`;

// no rules.yaml resource unless a test provides one
const emptyResources = mkdtempSync(join(tmpdir(), "psoxy-resources-"));

function source(
  env: Record<string, string | undefined>,
  builtinRules?: (s: string) => string | undefined,
  resourcesDir = emptyResources,
) {
  const config = new MemoryConfigService({ env });
  return { config, rules: new RulesSource({ config, logger: silentLogger, builtinRules, resourcesDir }) };
}

async function failure(p: Promise<unknown>): Promise<RulesLoadError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RulesLoadError) return e;
    throw e;
  }
  throw new Error("did not fail");
}

describe("rules source", () => {
  it("reads RULES as plain, base64 and base64-gzip YAML, all with the same SHA", async () => {
    const shas = await Promise.all(
      [RULES, Buffer.from(RULES).toString("base64"), gzipSync(RULES).toString("base64")].map(
        async (RULES) => (await source({ RULES }).rules.load()).sha,
      ),
    );
    expect(new Set(shas).size).toBe(1);
  });

  it("reads the rules.yaml resource when RULES is not set, before the catalog", async () => {
    const dir = mkdtempSync(join(tmpdir(), "psoxy-resources-"));
    writeFileSync(join(dir, "rules.yaml"), RULES);
    const catalog = () => "endpoints:\n  - pathTemplate: /from-catalog\n";
    const loaded = await source({ SOURCE: "x" }, catalog, dir).rules.load();
    expect(loaded.origin).toBe("rules.yaml");
    expect(loaded.rules.endpoints[0].pathTemplate).toBe("/a");
    const withRules = await source(
      { RULES: "endpoints:\n  - pathTemplate: /b\n" },
      catalog,
      dir,
    ).rules.load();
    expect(withRules.rules.endpoints[0].pathTemplate).toBe("/b");
  });

  it("reads RULES from remote configuration too", async () => {
    const config = new MemoryConfigService({ config: { RULES } });
    const loaded = await new RulesSource({ config, logger: silentLogger }).load();
    expect(loaded.origin).toBe("RULES");
  });

  it("falls back to the catalog for SOURCE, preferring <SOURCE>_no-app-ids when PSEUDONYMIZE_APP_IDS=true", async () => {
    const catalog = { zoom: RULES, "zoom_no-app-ids": `${RULES}    allowedMethods: [GET]\n` };
    const get = (k: string) => catalog[k as keyof typeof catalog];
    expect((await source({ SOURCE: "zoom" }, get).rules.load()).origin).toBe("zoom");
    expect((await source({ SOURCE: "zoom", PSEUDONYMIZE_APP_IDS: "true" }, get).rules.load()).origin).toBe(
      "zoom_no-app-ids",
    );
    expect((await source({ SOURCE: "zoom", PSEUDONYMIZE_APP_IDS: "yes" }, get).rules.load()).origin).toBe(
      "zoom",
    );
    const onlyPlain = (k: string) => (k === "gcal" ? RULES : undefined);
    expect(
      (await source({ SOURCE: "gcal", PSEUDONYMIZE_APP_IDS: "true" }, onlyPlain).rules.load()).origin,
    ).toBe("gcal");
  });

  it.each([
    [{ RULES: "endpoints: [" }, "RULES_INVALID_YAML"],
    [{ RULES: "endpoints:\n  - pathTemplate: /a\n    bogus: 1\n" }, "RULES_INVALID"],
    [{ RULES: "columnsToPseudonymize: [email]\n" }, "CONFIGURATION_FAILURE"],
    [{}, "CONFIGURATION_FAILURE"],
    [{ SOURCE: "unknown" }, "CONFIGURATION_FAILURE"],
  ])("fails with the right code: %j -> %s", async (env, code) => {
    expect((await failure(source(env).rules.load())).code).toBe(code);
  });

  it("500 CONFIGURATION_FAILURE when the configuration cannot be read", async () => {
    const { config, rules } = source({});
    config.remote.set("RULES", RULES);
    config.fail("RULES");
    expect((await failure(rules.load())).code).toBe("CONFIGURATION_FAILURE");
  });

  it("memoizes success but not failure", async () => {
    const { config, rules } = source({ RULES: "endpoints: [" });
    await failure(rules.load());
    config.env.RULES = RULES;
    const first = await rules.load();
    config.env.RULES = "endpoints: [";
    expect(await rules.load()).toBe(first);
  });
});

// ---- REMOTE_RESOURCE_BUCKET: real S3 (s3rver) and Cloud Storage (JSON API) servers on loopback ----

const REMOTE = "endpoints:\n  - pathTemplate: /remote\n";
const CATALOG = "endpoints:\n  - pathTemplate: /from-catalog\n";
const catalog = (k: string) => (k === "gcal" ? CATALOG : undefined);

let s3rver: S3rver;
let s3Dir: string;
let s3: S3Client;
let gcs: FakeGcs;
let storage: Storage;
/** answers every request like a bucket whose IAM grant is missing */
let denying: LoopbackServer;

function s3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 1,
  });
}

async function putS3(bucket: string, key: string, body: string | Buffer) {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

async function putGcs(bucket: string, key: string, body: string | Buffer, contentEncoding?: string) {
  await storage
    .bucket(bucket)
    .file(key)
    .save(body, { resumable: false, validation: false, metadata: { contentEncoding } });
}

beforeAll(async () => {
  s3Dir = mkdtempSync(join(tmpdir(), "psoxy-s3rver-"));
  s3rver = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: s3Dir });
  const { port } = (await s3rver.run()) as { port: number };
  s3 = s3Client(`http://127.0.0.1:${port}`);
  await s3.send(new CreateBucketCommand({ Bucket: "resources" }));
  gcs = await startFakeGcs();
  storage = new Storage({ apiEndpoint: gcs.endpoint, projectId: "test-project" });
  denying = await startLoopbackServer((r) =>
    r.url.startsWith("/storage/")
      ? {
          status: 403,
          body: { error: { code: 403, message: "caller does not have storage.objects.get access" } },
        }
      : {
          status: 403,
          headers: { "content-type": "application/xml" },
          body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
        },
  );
});

afterAll(async () => {
  await s3rver?.close();
  if (s3Dir) rmSync(s3Dir, { recursive: true, force: true });
  await gcs?.close();
  await denying?.close();
});

function remoteSource(
  env: Record<string, string | undefined>,
  store: ObjectStore | (() => Promise<ObjectStore>),
  options: { instanceId?: string; resourcesDir?: string; platform?: GatewayPlatform } = {},
) {
  const config = new MemoryConfigService({ env: { SOURCE: "gcal", ...env } });
  const remoteStore = typeof store === "function" ? store : async () => store;
  return new RulesSource({
    config,
    logger: silentLogger,
    builtinRules: catalog,
    resourcesDir: options.resourcesDir ?? emptyResources,
    instanceId: options.instanceId,
    platform: options.platform,
    remoteStore,
  });
}

const s3Store = () => new S3Store({ client: s3 });
const gcsStore = () => new GcsStore({ storage });

describe("rules from REMOTE_RESOURCE_BUCKET (S3)", () => {
  it("reads <INSTANCE_RESOURCE_PATH>rules.yaml through the S3 client, before the catalog", async () => {
    await putS3("resources", "psoxy-dev/GCAL/rules.yaml", REMOTE);
    const loaded = await remoteSource(
      { REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "psoxy-dev/GCAL/" },
      s3Store(),
    ).load();
    expect(loaded.origin).toBe("s3://resources/psoxy-dev/GCAL/rules.yaml");
    expect(loaded.rules.endpoints[0].pathTemplate).toBe("/remote");
  });

  it("turns a trailing _ of the parameter prefix into / (PATH_TO_INSTANCE_CONFIG, then the function name)", async () => {
    await putS3("resources", "PSOXY_GCAL/rules.yaml", "endpoints:\n  - pathTemplate: /by-prefix\n");
    const explicit = await remoteSource(
      { REMOTE_RESOURCE_BUCKET: "resources", PATH_TO_INSTANCE_CONFIG: "/PSOXY_GCAL_" },
      s3Store(),
    ).load();
    expect(explicit.origin).toBe("s3://resources/PSOXY_GCAL/rules.yaml");
    const byName = await remoteSource({ REMOTE_RESOURCE_BUCKET: "resources" }, s3Store(), {
      instanceId: "psoxy-gcal",
    }).load();
    expect(byName.rules.endpoints[0].pathTemplate).toBe("/by-prefix");
    // the object the unconverted prefix would name is not what is read
    await putS3("resources", "PSOXY_GCAL_rules.yaml", REMOTE);
    const again = await remoteSource({ REMOTE_RESOURCE_BUCKET: "resources" }, s3Store(), {
      instanceId: "psoxy-gcal",
    }).load();
    expect(again.rules.endpoints[0].pathTemplate).toBe("/by-prefix");
  });

  it("falls through to the catalog when there is no such object", async () => {
    const loaded = await remoteSource(
      { REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "nobody/" },
      s3Store(),
    ).load();
    expect(loaded.origin).toBe("gcal");
    expect(loaded.rules.endpoints[0].pathTemplate).toBe("/from-catalog");
    // ... and without a catalog entry it is "No rules found"
    const none = await failure(
      remoteSource(
        { REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "nobody/", SOURCE: "unknown" },
        s3Store(),
      ).load(),
    );
    expect(none.code).toBe("CONFIGURATION_FAILURE");
    expect(none.message).toMatch(/No rules found/);
  });

  it("RULES, then the local rules.yaml, come before the bucket", async () => {
    await putS3("resources", "first/rules.yaml", REMOTE);
    const env = { REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "first/" };
    let reads = 0;
    const counting = async () => {
      reads++;
      return s3Store();
    };
    const withRules = await remoteSource(
      { ...env, RULES: "endpoints:\n  - pathTemplate: /env\n" },
      counting,
    ).load();
    expect(withRules.origin).toBe("RULES");
    expect(withRules.rules.endpoints[0].pathTemplate).toBe("/env");
    const dir = mkdtempSync(join(tmpdir(), "psoxy-resources-"));
    writeFileSync(join(dir, "rules.yaml"), "endpoints:\n  - pathTemplate: /local\n");
    const withFile = await remoteSource(env, counting, { resourcesDir: dir }).load();
    expect(withFile.rules.endpoints[0].pathTemplate).toBe("/local");
    expect(reads).toBe(0);
    expect((await remoteSource(env, counting).load()).rules.endpoints[0].pathTemplate).toBe("/remote");
    expect(reads).toBe(1);
  });

  it("invalid YAML in the bucket is a rules error, not a fallback", async () => {
    await putS3("resources", "broken/rules.yaml", "endpoints: [");
    const e = await failure(
      remoteSource(
        { REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "broken/" },
        s3Store(),
      ).load(),
    );
    expect(e.code).toBe("RULES_INVALID_YAML");
  });

  it("fails closed when access is denied, the bucket does not exist or S3 cannot be reached", async () => {
    const env = { REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "psoxy-dev/GCAL/" };
    const denied = await failure(remoteSource(env, new S3Store({ client: s3Client(denying.url) })).load());
    expect(denied.code).toBe("CONFIGURATION_FAILURE");
    expect(denied.message).toMatch(/s3:\/\/resources\/psoxy-dev\/GCAL\/rules\.yaml.*AccessDenied/);

    const noBucket = await failure(
      remoteSource({ ...env, REMOTE_RESOURCE_BUCKET: "no-such-bucket" }, s3Store()).load(),
    );
    expect(noBucket.code).toBe("CONFIGURATION_FAILURE");
    expect(noBucket.message).toMatch(/NoSuchBucket/);

    const down = new S3Store({ client: s3Client(`http://127.0.0.1:${await closedPort()}`) });
    expect((await failure(remoteSource(env, down).load())).code).toBe("CONFIGURATION_FAILURE");
  });

  it("a failure is not memoized: the next load reads the bucket again", async () => {
    const env = { REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "later/" };
    let store: ObjectStore = new S3Store({ client: s3Client(denying.url) });
    const rules = remoteSource(env, async () => store);
    expect((await failure(rules.load())).code).toBe("CONFIGURATION_FAILURE");
    store = s3Store();
    await putS3("resources", "later/rules.yaml", REMOTE);
    expect((await rules.load()).rules.endpoints[0].pathTemplate).toBe("/remote");
    await s3.send(new DeleteObjectCommand({ Bucket: "resources", Key: "later/rules.yaml" }));
    expect((await rules.load()).rules.endpoints[0].pathTemplate).toBe("/remote");
  });

  it("fails closed on a host without a bucket store (node)", async () => {
    const config = new MemoryConfigService({ env: { SOURCE: "gcal", REMOTE_RESOURCE_BUCKET: "resources" } });
    const rules = new RulesSource({
      config,
      logger: silentLogger,
      builtinRules: catalog,
      resourcesDir: emptyResources,
      platform: "node",
    });
    const e = await failure(rules.load());
    expect(e.code).toBe("CONFIGURATION_FAILURE");
    expect(e.message).toMatch(/REMOTE_RESOURCE_BUCKET/);
  });
});

describe("rules from REMOTE_RESOURCE_BUCKET (Cloud Storage)", () => {
  it("reads the instance's rules.yaml through the GCS client, stored plain or gzipped", async () => {
    await putGcs("resources", "PSOXY_GCAL/rules.yaml", REMOTE);
    const loaded = await remoteSource({ REMOTE_RESOURCE_BUCKET: "resources" }, gcsStore(), {
      instanceId: "psoxy-gcal",
    }).load();
    expect(loaded.origin).toBe("gs://resources/PSOXY_GCAL/rules.yaml");
    expect(loaded.rules.endpoints[0].pathTemplate).toBe("/remote");

    await putGcs("resources", "zipped/rules.yaml", gzipSync(REMOTE), "gzip");
    const zipped = await remoteSource(
      { REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "zipped_" },
      gcsStore(),
    ).load();
    expect(zipped.sha).toBe(loaded.sha);
  });

  it("falls through to the catalog when there is no such object", async () => {
    const loaded = await remoteSource(
      { REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "nobody/" },
      gcsStore(),
    ).load();
    expect(loaded.origin).toBe("gcal");
  });

  it("fails closed when access is denied or Cloud Storage fails", async () => {
    const env = { REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "psoxy-dev/GCAL/" };
    const deniedStore = new GcsStore({
      storage: new Storage({ apiEndpoint: denying.url, projectId: "p", retryOptions: { autoRetry: false } }),
    });
    const denied = await failure(remoteSource(env, deniedStore).load());
    expect(denied.code).toBe("CONFIGURATION_FAILURE");
    expect(denied.message).toMatch(/gs:\/\/resources\/psoxy-dev\/GCAL\/rules\.yaml/);

    const outage = await startLoopbackServer(() => ({
      status: 503,
      body: { error: { code: 503, message: "backend unavailable" } },
    }));
    try {
      const store = new GcsStore({
        storage: new Storage({ apiEndpoint: outage.url, projectId: "p", retryOptions: { autoRetry: false } }),
      });
      expect((await failure(remoteSource(env, store).load())).code).toBe("CONFIGURATION_FAILURE");
    } finally {
      await outage.close();
    }

    const noBucket = await startLoopbackServer(() => ({
      status: 404,
      body: { error: { code: 404, message: "The specified bucket does not exist." } },
    }));
    try {
      const store = new GcsStore({
        storage: new Storage({
          apiEndpoint: noBucket.url,
          projectId: "p",
          retryOptions: { autoRetry: false },
        }),
      });
      expect((await failure(remoteSource(env, store).load())).code).toBe("CONFIGURATION_FAILURE");
    } finally {
      await noBucket.close();
    }
  });
});

describe("remote rules through the gateway", () => {
  function gateway(env: Record<string, string>, store: ObjectStore) {
    const config = new MemoryConfigService({
      env: {
        SOURCE: "gcal",
        TARGET_HOST: "127.0.0.1:1",
        SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
        AWS_LAMBDA_FUNCTION_NAME: "psoxy-gcal",
        REMOTE_RESOURCE_BUCKET: "resources",
        ...env,
      },
      secrets: { PSOXY_SALT: "salt", ACCESS_TOKEN: "t" },
    });
    return createGateway({
      config,
      logger: silentLogger,
      platform: "aws",
      builtinRules: catalog,
      resourcesDir: emptyResources,
      remoteResourceStore: async () => store,
    });
  }
  const req = (path: string) => new Request(`https://proxy.example.com${path}`);

  it("authorizes with the bucket's rules, found under the function's default prefix", async () => {
    await putS3("resources", "PSOXY_GCAL/rules.yaml", REMOTE);
    const gw = gateway({}, s3Store());
    try {
      const blocked = await gw.handle(req("/from-catalog"));
      expect(blocked.status).toBe(403);
      expect(blocked.headers.get("X-Psoxy-Error")).toBe("BLOCKED_BY_RULES");
      // allowed, so it goes on to the (closed) source port
      expect((await gw.handle(req("/remote"))).headers.get("X-Psoxy-Error")).toBe("CONNECTION_TO_SOURCE");
    } finally {
      await gw.close();
    }
  });

  it("500 CONFIGURATION_FAILURE, not the built-in rules, when the bucket cannot be read", async () => {
    const gw = gateway({}, new S3Store({ client: s3Client(denying.url) }));
    try {
      const res = await gw.handle(req("/from-catalog"));
      expect(res.status).toBe(500);
      expect(res.headers.get("X-Psoxy-Error")).toBe("CONFIGURATION_FAILURE");
      expect(await res.text()).toBe("Error loading sanitizer rules");
    } finally {
      await gw.close();
    }
  });
});

describe("the platform's own bucket client (no store injected)", () => {
  const saved: Record<string, string | undefined> = {};
  function setEnv(vars: Record<string, string>) {
    for (const [k, v] of Object.entries(vars)) {
      if (!(k in saved)) saved[k] = process.env[k];
      process.env[k] = v;
    }
  }
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const hostSource = (platform: GatewayPlatform) =>
    new RulesSource({
      config: new MemoryConfigService({
        env: { SOURCE: "gcal", REMOTE_RESOURCE_BUCKET: "resources", INSTANCE_RESOURCE_PATH: "host/" },
      }),
      logger: silentLogger,
      builtinRules: catalog,
      resourcesDir: emptyResources,
      platform,
    });

  it("aws reads the bucket with S3", async () => {
    const endpoint = await s3.config.endpoint!();
    setEnv({
      AWS_ENDPOINT_URL_S3: `http://${endpoint.hostname}:${endpoint.port}`,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
    });
    await putS3("resources", "host/rules.yaml", REMOTE);
    const loaded = await hostSource("aws").load();
    expect(loaded.origin).toBe("s3://resources/host/rules.yaml");
  });

  it("gcp reads the bucket with Cloud Storage", async () => {
    // the client appends /b/<bucket>/o/... to the emulator host
    setEnv({ STORAGE_EMULATOR_HOST: `${gcs.endpoint}/storage/v1` });
    await putGcs("resources", "host/rules.yaml", REMOTE);
    const loaded = await hostSource("gcp").load();
    expect(loaded.origin).toBe("gs://resources/host/rules.yaml");
  });
});
