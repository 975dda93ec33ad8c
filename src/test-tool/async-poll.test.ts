/**
 * `psoxy test call --async` (infra spec 11.1, 11.4): Location parsing for every S3 / Cloud Storage form,
 * decompression, polling S3 (the real SDK against s3rver) until the object appears, and the whole flow
 * against a real gateway behind the node server whose queue runs the async leg in-process a moment
 * later, writing the result where the 202's Location says.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync, gzipSync } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseProcessingContext } from "../gateway/async-context.js";
import type { AsyncDispatcher } from "../gateway/async-dispatch.js";
import { createGateway } from "../gateway/create-gateway.js";
import {
  ASYNC_RULES,
  json,
  type RecordingSource,
  SECRETS,
  startRecordingSource,
  USERS,
} from "../gateway/testing/async-source.js";
import { MemoryConfigService } from "../gateway/testing/memory-config.js";
import { type Gateway, silentLogger } from "../gateway/types.js";
import { startNodeServer } from "../hosts/node-server.js";
import { LocalFsStore } from "../storage/local-fs-store.js";
import { decompress, parseAsyncLocation, pollAsyncResponse } from "./async-poll.js";
import { type Io, runCall } from "./call.js";
import { TestToolError } from "./http.js";

let s3: S3rver;
let s3dir: string;
let endpoint: string;
let client: S3Client;
let savedEnv: { id?: string; secret?: string };

beforeAll(async () => {
  s3dir = mkdtempSync(join(tmpdir(), "psoxy-poll-s3-"));
  s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: s3dir });
  const { port } = (await s3.run()) as { port: number };
  endpoint = `http://127.0.0.1:${port}`;
  client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  await client.send(new CreateBucketCommand({ Bucket: "async-out" }));
  // the poller reads S3 with the default credential chain, as on a workstation
  savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
});

afterAll(async () => {
  for (const [k, v] of [
    ["AWS_ACCESS_KEY_ID", savedEnv.id],
    ["AWS_SECRET_ACCESS_KEY", savedEnv.secret],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await s3.close();
  rmSync(s3dir, { recursive: true, force: true });
});

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t) };
  return { io, out, err };
}

describe("async Location formats", () => {
  it.each([
    ["s3://acme-async/out/20260312/r-1", { kind: "s3", bucket: "acme-async", key: "out/20260312/r-1" }],
    ["gs://acme-async/20260312/r-1", { kind: "gcs", bucket: "acme-async", key: "20260312/r-1" }],
    ["file:///tmp/x/20260312/r-1", { kind: "file", bucket: "/", key: "/tmp/x/20260312/r-1" }],
    ["https://s3.amazonaws.com/b/k/1", { kind: "s3", bucket: "b", key: "k/1" }],
    [
      "https://s3.eu-west-1.amazonaws.com/b/k%201",
      { kind: "s3", bucket: "b", key: "k 1", region: "eu-west-1" },
    ],
    ["https://s3-us-west-2.amazonaws.com/b/k", { kind: "s3", bucket: "b", key: "k", region: "us-west-2" }],
    [
      "https://s3.dualstack.us-east-2.amazonaws.com/b/k",
      { kind: "s3", bucket: "b", key: "k", region: "us-east-2" },
    ],
    ["https://my.bucket.s3.amazonaws.com/a/b", { kind: "s3", bucket: "my.bucket", key: "a/b" }],
    [
      "https://bkt.s3.ap-south-1.amazonaws.com/a/b",
      { kind: "s3", bucket: "bkt", key: "a/b", region: "ap-south-1" },
    ],
    [
      "https://bkt.s3.dualstack.eu-central-1.amazonaws.com/a",
      { kind: "s3", bucket: "bkt", key: "a", region: "eu-central-1" },
    ],
    [
      "https://bucket.vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com/bkt/a/b",
      { kind: "s3", bucket: "bkt", key: "a/b", region: "us-east-1" },
    ],
    [
      "https://bkt.bucket.vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com/a/b",
      { kind: "s3", bucket: "bkt", key: "a/b", region: "us-east-1" },
    ],
    ["https://bkt.s3.us-west-2.on.aws/a/b", { kind: "s3", bucket: "bkt", key: "a/b", region: "us-west-2" }],
    ["https://storage.googleapis.com/bkt/2026/r-1", { kind: "gcs", bucket: "bkt", key: "2026/r-1" }],
  ])("%s", (location, expected) => {
    expect(parseAsyncLocation(location)).toEqual(expected);
  });

  it("any host given as the custom endpoint is read path-style", () => {
    expect(parseAsyncLocation("http://127.0.0.1:9000/bkt/a/b", "http://127.0.0.1:9000")).toEqual({
      kind: "s3",
      bucket: "bkt",
      key: "a/b",
    });
    expect(() => parseAsyncLocation("http://127.0.0.1:9000/bkt/a/b")).toThrow(TestToolError);
    expect(() => parseAsyncLocation("s3://bucket-only")).toThrow(/names no object/);
  });

  it("decompresses gzip (declared or by magic bytes), falls back to inflate, else passes through", () => {
    const text = '{"a":1}';
    expect(decompress({ body: gzipSync(text) }).toString()).toBe(text);
    expect(decompress({ body: deflateSync(text), contentEncoding: "gzip" }).toString()).toBe(text);
    expect(decompress({ body: Buffer.from(text) }).toString()).toBe(text);
  });
});

describe("polling", () => {
  it("waits while the object is missing, then returns it gunzipped (S3)", async () => {
    const { io, out } = captureIo();
    const key = `out/20260312/${Date.now()}`;
    setTimeout(() => {
      void client.send(
        new PutObjectCommand({
          Bucket: "async-out",
          Key: key,
          Body: gzipSync('{"users":[{"email":"t~x"}]}'),
          ContentEncoding: "gzip",
        }),
      );
    }, 250);
    const content = await pollAsyncResponse(
      `s3://async-out/${key}`,
      { endpoint, region: "us-east-1", pollIntervalMs: 100, attempts: 50 },
      io,
    );
    expect(content.toString()).toBe('{"users":[{"email":"t~x"}]}');
    expect(out[0]).toMatch(/^Waiting for the async result at s3:\/\/async-out\//);
  });

  it("gives up after the attempts with an error that says what to check", async () => {
    const { io, err } = captureIo();
    await expect(
      pollAsyncResponse(
        "s3://async-out/never/there",
        { endpoint, pollIntervalMs: 20, attempts: 3, verbose: true },
        io,
      ),
    ).rejects.toThrow(/did not appear .* within 0\.06 s/);
    expect(err).toEqual([
      "not there yet (attempt 1/3)",
      "not there yet (attempt 2/3)",
      "not there yet (attempt 3/3)",
    ]);
  });
});

describe("psoxy test call --async against a real gateway", () => {
  let src: RecordingSource;
  let dir: string;

  beforeAll(async () => {
    src = await startRecordingSource();
  });

  afterAll(async () => {
    await src.close();
  });

  /** `destination` "" = ASYNC_OUTPUT_DESTINATION not set */
  async function proxy(outputDelayMs: number, destination?: string) {
    dir = mkdtempSync(join(tmpdir(), "psoxy-call-async-"));
    const config = new MemoryConfigService({
      env: {
        TARGET_HOST: src.source.hostPort,
        SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
        RULES: ASYNC_RULES,
        ASYNC_API_REQUEST_QUEUE_URL: "in-process",
        ASYNC_OUTPUT_DESTINATION: destination === "" ? undefined : (destination ?? `file://${dir}`),
      },
      secrets: SECRETS,
    });
    // a queue that runs the async leg in this process a moment later
    const pending: Promise<unknown>[] = [];
    const queue: AsyncDispatcher = {
      queueProperty: "ASYNC_API_REQUEST_QUEUE_URL",
      async send(m) {
        const { url, headers } = m.message as { url: string; headers: [string, string][] };
        const processing = parseProcessingContext(m.processingContext);
        pending.push(
          new Promise((r) => setTimeout(r, outputDelayMs)).then(() =>
            gateway.handle(new Request(url, { headers }), { processing }),
          ),
        );
      },
    };
    const gateway = createGateway({
      config,
      logger: silentLogger,
      platform: "aws",
      ca: src.source.cert,
      asyncDispatcher: queue,
      sideOutputStore: async () => new LocalFsStore({ root: "/", sidecarMetadata: true }),
    });
    const host: Gateway = {
      handle: (request, context) =>
        gateway.handle(request, {
          ...context,
          asyncMessage: () => ({ url: request.url, headers: [...request.headers] }),
        }),
    };
    const server = await startNodeServer({ gateway: host, logger: silentLogger, port: 0, host: "127.0.0.1" });
    return {
      url: server.url,
      close: async () => {
        await Promise.allSettled(pending);
        await server.close();
        await gateway.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  it("sends Prefer: respond-async, polls the Location and prints the sanitized result", async () => {
    const p = await proxy(300);
    try {
      const { io, out } = captureIo();
      const code = await runCall(
        `${p.url}/api/v1/users?limit=5`,
        { async: true, pollInterval: "100", pollAttempts: "50" },
        io,
      );
      const printed = out.join("\n");
      expect(code, printed).toBe(0);
      expect(printed).toContain("Call result: OK - 202");
      expect(printed).toContain("Async result: OK");
      expect(printed).toMatch(/"email": "t~[\w-]{43}@acme\.com"/);
      expect(printed).not.toContain("alice@acme.com");
      expect(src.requests.at(-1)!.url).toBe("/api/v1/users?limit=5");
    } finally {
      await p.close();
    }
  });

  it("-s saves the async result as <api-path>-<ISO time>-async.json (and no sync file for the 202)", async () => {
    const p = await proxy(100);
    const save = mkdtempSync(join(tmpdir(), "psoxy-call-async-save-"));
    try {
      const { io, err } = captureIo();
      const code = await runCall(
        `${p.url}/api/v1/users?limit=5`,
        { async: true, pollInterval: "50", pollAttempts: "50", saveToFile: true, saveDir: save },
        io,
      );
      expect(code).toBe(0);
      const files = readdirSync(save);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^api-v1-users-\d{4}-\d\d-\d\dT[\d:.]+Z-async\.json$/);
      const saved = readFileSync(join(save, files[0]!), "utf8");
      expect(saved).toMatch(/"email": "t~[\w-]{43}@acme\.com"/);
      expect(saved).not.toContain("alice@acme.com");
      expect(err.join("\n")).toContain(`Saved to ${join(save, files[0]!)}`);
    } finally {
      rmSync(save, { recursive: true, force: true });
      await p.close();
    }
  });

  it("fails when the result never appears (the source answered an error: nothing is written)", async () => {
    const p = await proxy(0);
    src.answer(json(404, '{"error":"not found"}'));
    try {
      const { io, out } = captureIo();
      await expect(
        runCall(`${p.url}/api/v1/users`, { async: true, pollInterval: "50", pollAttempts: "4" }, io),
      ).rejects.toThrow(/did not appear at file:.* within 0\.2 s/);
      expect(out.join("\n")).toContain("Call result: OK - 202");
    } finally {
      src.answer(json(200, USERS));
      await p.close();
    }
  });

  it("exits 1 when the 202 names no Location", async () => {
    const p = await proxy(0, "");
    try {
      const { io, err } = captureIo();
      expect(await runCall(`${p.url}/api/v1/users`, { async: true, pollInterval: "10" }, io)).toBe(1);
      expect(err.join("\n")).toContain("named no Location");
    } finally {
      await p.close();
    }
  });
});
