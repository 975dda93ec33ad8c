/**
 * The async leg through the real gateway (api-mode spec 1.14, 1.15 async, 6.2/6.4 step "write"): with a
 * processing context, the request is served against a real loopback HTTPS source and the sanitized
 * result is written gzip to ASYNC_OUTPUT_DESTINATION/<yyyyMMdd>/<requestId> (a local directory, and S3
 * through the real SDK against s3rver); failures write nothing; 3xx responses are followed by hand
 * (https only, without the source's credentials).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closedPort } from "../config/test-servers/loopback.js";
import { LocalFsStore } from "../storage/local-fs-store.js";
import { S3Store } from "../storage/s3-store.js";
import type { ObjectStore } from "../storage/types.js";
import type { ProcessingContext } from "./async-context.js";
import type { AsyncDispatcher } from "./async-dispatch.js";
import { createGateway, type GatewayInstance } from "./create-gateway.js";
import {
  ASYNC_RULES,
  json,
  type RecordingSource,
  SECRETS,
  startRecordingSource,
  USERS,
} from "./testing/async-source.js";
import { MemoryConfigService } from "./testing/memory-config.js";
import { silentLogger } from "./types.js";

let src: RecordingSource;
let dir: string;
let s3: S3rver;
let s3dir: string;
let s3client: S3Client;
const gateways: GatewayInstance[] = [];

beforeAll(async () => {
  src = await startRecordingSource();
  s3dir = mkdtempSync(join(tmpdir(), "psoxy-async-s3-"));
  s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: s3dir });
  const { port } = (await s3.run()) as { port: number };
  s3client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  await s3client.send(new CreateBucketCommand({ Bucket: "async-out" }));
});

afterAll(async () => {
  await src.close();
  await s3.close();
  rmSync(s3dir, { recursive: true, force: true });
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "psoxy-async-out-"));
  src.answer(json(200, USERS));
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  src.requests.length = 0;
  rmSync(dir, { recursive: true, force: true });
});

/** Fails the test if the async leg tried to queue the request again. */
const noDispatch: AsyncDispatcher = {
  queueProperty: "ASYNC_API_REQUEST_QUEUE_URL",
  send: async () => {
    throw new Error("the async leg must not queue again");
  },
};

const local = async () => new LocalFsStore({ root: "/", sidecarMetadata: true });

function gateway(env: Record<string, string | undefined>, store: () => Promise<ObjectStore> = local) {
  const config = new MemoryConfigService({
    env: {
      TARGET_HOST: src.source.hostPort,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: ASYNC_RULES,
      ASYNC_API_REQUEST_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/1/q",
      ASYNC_OUTPUT_DESTINATION: `file://${dir}`,
      ...env,
    },
    secrets: SECRETS,
  });
  const g = createGateway({
    config,
    logger: silentLogger,
    platform: "aws",
    ca: src.source.cert,
    asyncDispatcher: noDispatch,
    sideOutputStore: store,
  });
  gateways.push(g);
  return g;
}

const RECEIVED = new Date(Date.UTC(2026, 2, 12, 19, 3, 58, 390));
const processing: ProcessingContext = { requestId: "req-9", requestReceivedAt: RECEIVED, async: true };
const request = (init: RequestInit = {}) =>
  new Request("https://proxy.example.com/api/v1/users?limit=5", {
    ...init,
    headers: { Prefer: "respond-async", "X-Custom-Id": "abc", ...(init.headers as Record<string, string>) },
  });

/** Every file below `dir` (sidecars included), relative. */
function files(): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

describe("async output", () => {
  it("writes the sanitized response gzip at <destination>/<yyyyMMdd>/<requestId>; no body returned", async () => {
    const g = gateway({});
    const res = await g.handle(request(), { processing, clientIp: "203.0.113.7" });
    expect(res.status).toBe(200);
    expect(res.body).toBeNull();
    expect(res.headers.get("X-Psoxy-Rules-SHA")).toBeNull();
    expect(src.requests).toHaveLength(1);
    expect(src.requests[0]!.headers.authorization).toBe(`Bearer ${SECRETS.ACCESS_TOKEN}`);
    expect(files()).toEqual(["20260312/req-9", "20260312/req-9.psoxy-meta.json"]);

    const written = gunzipSync(readFileSync(join(dir, "20260312/req-9"))).toString("utf8");
    expect(written).not.toContain("alice@acme.com");
    expect(written).not.toContain("Alice Example");
    expect(JSON.parse(written).users[0].email).toMatch(/^t~[\w-]{43}@acme\.com$/);
    // the same bytes the sync leg would have returned
    const sync = await g.handle(new Request("https://proxy.example.com/api/v1/users?limit=5"));
    expect(await sync.text()).toBe(written);

    const meta = JSON.parse(readFileSync(join(dir, "20260312/req-9.psoxy-meta.json"), "utf8"));
    expect(meta.contentEncoding).toBe("gzip");
    expect(meta.contentType).toBe("application/json");
    expect(meta.metadata).toMatchObject({
      HTTP_METHOD: "GET",
      PATH: "/api/v1/users",
      QUERY_STRING: "limit=5",
      "x-custom-id": "abc",
      "Rules-SHA": sync.headers.get("X-Psoxy-Rules-SHA"),
    });
  });

  it("writes to S3 under the destination's prefix", async () => {
    const g = gateway(
      { ASYNC_OUTPUT_DESTINATION: "s3://async-out/psoxy" },
      async () => new S3Store({ client: s3client }),
    );
    const res = await g.handle(request(), { processing });
    expect(res.status).toBe(200);
    const listed = await s3client.send(new ListObjectsV2Command({ Bucket: "async-out" }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual(["psoxy/20260312/req-9"]);
    const o = await s3client.send(new GetObjectCommand({ Bucket: "async-out", Key: "psoxy/20260312/req-9" }));
    expect(o.ContentEncoding).toBe("gzip");
    const text = gunzipSync(Buffer.from(await o.Body!.transformToByteArray())).toString("utf8");
    expect(JSON.parse(text).users[0].name).toBeUndefined();
    expect(text).not.toContain("alice@acme.com");
  });

  it("a body that cannot be sanitized fails the request and nothing is written", async () => {
    src.answer(json(200, "alice@acme.com is not JSON"));
    const res = await gateway({}).handle(request(), { processing });
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("Unknown error");
    expect(await res.text()).not.toContain("alice");
    expect(files()).toEqual([]);
  });

  it("a non-2xx source response writes nothing and returns no body", async () => {
    src.answer(json(404, '{"error":"no such user alice@acme.com"}'));
    const res = await gateway({}).handle(request(), { processing });
    expect(res.status).toBe(404);
    expect(res.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
    expect(res.body).toBeNull();
    expect(files()).toEqual([]);
  });

  it("without ASYNC_OUTPUT_DESTINATION the source is not called", async () => {
    const res = await gateway({ ASYNC_OUTPUT_DESTINATION: undefined }).handle(request(), { processing });
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONFIGURATION_FAILURE");
    expect(src.requests).toHaveLength(0);
  });

  it("a failed write fails the request (for redelivery) and leaves nothing behind", async () => {
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
    const res = await gateway({}, async () => failing).handle(request(), { processing });
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("Unknown error");
    expect(await res.text()).toBe("Unknown error: AsyncOutputError");
    expect(files()).toEqual([]);
  });
});

describe("async-only manual redirect (spec 1.14)", () => {
  const redirectTo =
    (location: string): Parameters<RecordingSource["answer"]>[0] =>
    (req, res) => {
      if (req.url.startsWith("/api/v1/users")) {
        res.writeHead(302, { location, "content-type": "text/plain" });
        res.end("moved");
      } else json(200, USERS)(req, res);
    };

  it("an https Location is fetched once, without the source's credentials; its body is the result", async () => {
    src.answer(redirectTo(`https://${src.source.hostPort}/download/export.json?sig=abc`));
    const res = await gateway({ FOLLOW_REDIRECTS: "false" }).handle(request(), { processing });
    expect(res.status).toBe(200);
    expect(src.requests.map((r) => r.url)).toEqual([
      "/api/v1/users?limit=5",
      "/download/export.json?sig=abc",
    ]);
    expect(src.requests[0]!.headers.authorization).toBe(`Bearer ${SECRETS.ACCESS_TOKEN}`);
    expect(src.requests[1]!.headers.authorization).toBeUndefined();
    const written = gunzipSync(readFileSync(join(dir, "20260312/req-9"))).toString("utf8");
    expect(JSON.parse(written).users[0].email).toMatch(/^t~/);
  });

  it("a relative Location resolves against the source URL", async () => {
    src.answer(redirectTo("/download/rel.json"));
    const res = await gateway({ FOLLOW_REDIRECTS: "false" }).handle(request(), { processing });
    expect(res.status).toBe(200);
    expect(src.requests.at(-1)!.url).toBe("/download/rel.json");
  });

  it("a Location that is not https: 502 API_ERROR, nothing fetched or written", async () => {
    src.answer(redirectTo(`http://${src.source.hostPort}/download/export.json`));
    const res = await gateway({ FOLLOW_REDIRECTS: "false" }).handle(request(), { processing });
    expect(res.status).toBe(502);
    expect(res.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
    expect(await res.text()).toBe("Async redirect Location is not HTTPS; refusing to follow");
    expect(src.requests).toHaveLength(1);
    expect(files()).toEqual([]);
  });

  it("an unreachable Location: 500 CONNECTION_TO_SOURCE", async () => {
    src.answer(redirectTo(`https://127.0.0.1:${await closedPort()}/gone`));
    const res = await gateway({ FOLLOW_REDIRECTS: "false" }).handle(request(), { processing });
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_TO_SOURCE");
    expect(await res.text()).toMatch(/^Error fetching content from redirect location: /);
  });

  it("only GET and HEAD redirects are followed; the sync leg passes a 3xx through", async () => {
    src.answer(redirectTo(`https://${src.source.hostPort}/download/export.json`));
    const g = gateway({ FOLLOW_REDIRECTS: "false" });
    const post = await g.handle(
      request({ method: "POST", body: "{}", headers: { "Content-Type": "application/json" } }),
      { processing },
    );
    expect(post.status).toBe(302);
    expect(post.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
    const sync = await g.handle(new Request("https://proxy.example.com/api/v1/users"));
    expect(sync.status).toBe(302);
    expect(sync.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
    expect(sync.headers.has("location")).toBe(false);
    expect(src.requests.map((r) => r.url)).toEqual(["/api/v1/users?limit=5", "/api/v1/users"]);
    expect(files()).toEqual([]);
  });
});
