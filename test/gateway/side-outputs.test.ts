/**
 * Side outputs (api-mode spec 1.15, 6.7): the raw and the sanitized response written as gzip objects
 * `<prefix><yyyyMMdd>/<requestId>` with the spec's metadata, to S3 (the real SDK against s3rver on
 * loopback) and to a local directory; a failing store only adds X-Psoxy-Warning.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type GatewayInstance } from "../../src/gateway/index.js";
import { dayStamp, parseOutputLocation } from "../../src/gateway/side-outputs.js";
import { MemoryConfigService } from "../../src/gateway/testing/memory-config.js";
import { LocalFsStore } from "../../src/storage/local-fs-store.js";
import { S3Store } from "../../src/storage/s3-store.js";
import type { ObjectStore } from "../../src/storage/types.js";
import { CaptureLogger } from "./capture-logger.js";
import { type FakeSource, startFakeSource } from "./fake-source.js";
import { ACCESS_TOKEN, ENCRYPTION_KEY, RULES_YAML, SALT } from "./rules-fixture.js";

const USERS = JSON.stringify({ users: [{ email: "alice@acme.com", name: "Alice Example", id: 1 }] });

let source: FakeSource;
let s3: S3rver;
let s3dir: string;
let client: S3Client;
const gateways: GatewayInstance[] = [];

beforeAll(async () => {
  source = await startFakeSource();
  source.handle((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(USERS);
  });
  s3dir = mkdtempSync(join(tmpdir(), "psoxy-side-s3-"));
  s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: s3dir });
  const { port } = (await s3.run()) as { port: number };
  client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  await client.send(new CreateBucketCommand({ Bucket: "side" }));
});

afterAll(async () => {
  await source.close();
  await s3.close();
  rmSync(s3dir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
});

function gateway(env: Record<string, string>, store: (scheme: string) => Promise<ObjectStore>) {
  const config = new MemoryConfigService({
    env: {
      SOURCE: "test-source",
      TARGET_HOST: source.host,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: RULES_YAML,
      ...env,
    },
    secrets: { PSOXY_SALT: SALT, PSOXY_ENCRYPTION_KEY: ENCRYPTION_KEY, ACCESS_TOKEN },
  });
  const logger = new CaptureLogger();
  const g = createGateway({ config, logger, platform: "aws", ca: source.ca, sideOutputStore: store });
  gateways.push(g);
  return { gateway: g, logger };
}

const request = () =>
  new Request("https://proxy.example.com/api/v1/users?limit=10", { headers: { "X-Custom-Id": "abc" } });

describe("side outputs", () => {
  it("parses locations", () => {
    expect(parseOutputLocation("s3://bucket")).toEqual({ scheme: "s3", bucket: "bucket", prefix: "" });
    expect(parseOutputLocation("gs://b/raw")).toEqual({ scheme: "gs", bucket: "b", prefix: "raw/" });
    expect(parseOutputLocation("file:///tmp/out")).toEqual({
      scheme: "file",
      bucket: "/tmp/out",
      prefix: "",
    });
    expect(() => parseOutputLocation("https://sqs.us-east-1.amazonaws.com/1/q")).toThrow(/unsupported/);
  });

  it("writes the raw and the sanitized response to S3 with the spec's metadata", async () => {
    const { gateway: g } = gateway(
      { SIDE_OUTPUT_ORIGINAL: "s3://side/original", SIDE_OUTPUT_SANITIZED: "s3://side/sanitized" },
      async () => new S3Store({ client }),
    );
    const res = await g.handle(request());
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Psoxy-Warning")).toBeNull();
    const body = await res.text();
    expect(body).not.toContain("alice@acme.com");

    const day = dayStamp(new Date());
    const listed = await client.send(new ListObjectsV2Command({ Bucket: "side" }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!).sort();
    expect(keys).toHaveLength(2);
    const [originalKey, sanitizedKey] = keys;
    expect(originalKey).toMatch(new RegExp(`^original/${day}/[0-9a-f-]{36}$`));
    // one request id for both outputs
    expect(sanitizedKey).toBe(originalKey.replace("original/", "sanitized/"));

    const get = async (key: string) => {
      const o = await client.send(new GetObjectCommand({ Bucket: "side", Key: key }));
      const bytes = Buffer.from(await o.Body!.transformToByteArray());
      return {
        text: gunzipSync(bytes).toString("utf8"),
        meta: o.Metadata ?? {},
        encoding: o.ContentEncoding,
      };
    };
    const original = await get(originalKey);
    expect(original.encoding).toBe("gzip");
    expect(original.text).toBe(USERS);
    expect(original.meta).toMatchObject({
      api_host: source.host,
      http_method: "GET",
      path: "api/v1/users",
      query_string: "limit=10",
    });
    const sanitized = await get(sanitizedKey);
    expect(sanitized.text).toBe(body);
    expect(sanitized.meta).toMatchObject({
      http_method: "GET",
      path: "/api/v1/users",
      query_string: "limit=10",
      "x-custom-id": "abc",
      "rules-sha": res.headers.get("X-Psoxy-Rules-SHA")!,
    });
    expect(Object.keys(sanitized.meta)).not.toContain("authorization");
  });

  it("writes to a local directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "psoxy-side-local-"));
    try {
      const { gateway: g } = gateway(
        { SIDE_OUTPUT_SANITIZED: `file://${dir}` },
        async () => new LocalFsStore({ root: "/", sidecarMetadata: true }),
      );
      const res = await g.handle(request());
      const body = await res.text();
      const dayDir = join(dir, dayStamp(new Date()));
      const files = readdirSync(dayDir).filter((f) => !f.endsWith(".psoxy-meta.json"));
      expect(files).toHaveLength(1);
      expect(gunzipSync(readFileSync(join(dayDir, files[0]))).toString("utf8")).toBe(body);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a failing store adds X-Psoxy-Warning and the response is still served", async () => {
    const failing: ObjectStore = {
      kind: "failing",
      head: async () => ({ metadata: null }),
      read: async () => {
        throw new Error("no");
      },
      put: async () => {
        throw new Error("bucket gone");
      },
    };
    const { gateway: g, logger } = gateway(
      { SIDE_OUTPUT_ORIGINAL: "s3://side/o", SIDE_OUTPUT_SANITIZED: "s3://side/s" },
      async () => failing,
    );
    const res = await g.handle(request());
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Psoxy-Warning")).toBe(
      "SIDE_OUTPUT_FAILURE_SANITIZED, SIDE_OUTPUT_FAILURE_SANITIZED",
    );
    const logged = logger.text();
    expect(logged).toContain("side output write failed");
    expect(logged).not.toContain("alice@acme.com");
    expect(logged).not.toContain("bucket gone");
  });

  it("a configured side output on a host without stores is a start-up problem", async () => {
    const config = new MemoryConfigService({
      env: {
        TARGET_HOST: source.host,
        SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
        RULES: RULES_YAML,
        SIDE_OUTPUT_ORIGINAL: "s3://side",
      },
      secrets: { PSOXY_SALT: SALT, ACCESS_TOKEN },
    });
    const g = createGateway({ config, logger: new CaptureLogger(), platform: "aws", ca: source.ca });
    gateways.push(g);
    const res = await g.handle(request());
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/SIDE_OUTPUT_ORIGINAL: side outputs are not available/);
  });
});
