/**
 * Side outputs to SQS (api-mode spec 1.15, 6.7) through the real gateway: a recording HTTPS source on
 * loopback, the fake SQS (AWS JSON 1.0) and the real SDK v3 client. Each write is one message whose
 * base64 body gunzips to exactly the raw or the sanitized body, with the metadata as one JSON
 * attribute; a failing, unknown, hung or oversize queue only adds X-Psoxy-Warning to the normal
 * sanitized response.
 */
import { createHash, randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CaptureLogger } from "../../test/gateway/capture-logger.js";
import { type LoopbackServer, startLoopbackServer } from "../config/test-servers/loopback.js";
import { createGateway, type GatewayInstance } from "./create-gateway.js";
import { parseQueueLocation, type QueueSender, type SideOutputQueues } from "./side-output-queue.js";
import {
  createSqsSideOutputSender,
  SQS_MAX_ATTRIBUTES,
  SQS_MAX_MESSAGE_BYTES,
  type SqsSideOutputOptions,
  sqsSideOutputMessage,
} from "./side-output-sqs.js";
import { dayStamp } from "./side-outputs.js";
import { type FakeSqs, type SentMessage, startFakeSqs } from "./testing/async-fake-sqs.js";
import {
  ASYNC_RULES,
  json,
  type RecordingSource,
  SECRETS,
  startRecordingSource,
  USERS,
} from "./testing/async-source.js";
import { MemoryConfigService } from "./testing/memory-config.js";
import type { Logger } from "./types.js";

const QUEUES = "https://sqs.us-east-1.amazonaws.com/000000000000";
const SANITIZED_QUEUE = `${QUEUES}/psoxy-side-sanitized`;
const ORIGINAL_QUEUE = `${QUEUES}/psoxy-side-original`;

let src: RecordingSource;
let sqs: FakeSqs;
let hung: LoopbackServer;
const gateways: GatewayInstance[] = [];

beforeAll(async () => {
  [src, sqs] = await Promise.all([startRecordingSource(), startFakeSqs()]);
  sqs.createQueue("psoxy-side-sanitized");
  sqs.createQueue("psoxy-side-original");
  // a queue endpoint that accepts connections and never answers
  hung = await startLoopbackServer(() => new Promise(() => {}));
});

afterAll(async () => {
  await Promise.all([src.close(), sqs.close(), hung.close()]);
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  sqs.messages.length = 0;
  sqs.server.requests.length = 0;
  sqs.server.fail = undefined;
  src.requests.length = 0;
  src.answer(json(200, USERS));
});

const sender = (options: SqsSideOutputOptions = {}) =>
  createSqsSideOutputSender({
    endpoint: sqs.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    maxAttempts: 1,
    ...options,
  });

function gateway(
  env: Record<string, string>,
  queues: SideOutputQueues = { sqs: async () => sender() },
  logger: Logger = new CaptureLogger(),
) {
  const config = new MemoryConfigService({
    env: {
      TARGET_HOST: src.source.hostPort,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: ASYNC_RULES,
      ...env,
    },
    secrets: SECRETS,
  });
  const g = createGateway({ config, logger, platform: "aws", ca: src.source.cert, sideOutputQueues: queues });
  gateways.push(g);
  return g;
}

// more request headers than SQS allows attributes: the metadata still fits
const HEADERS = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`X-Trace-${i}`, `v${i}`]));
const request = () =>
  new Request("https://proxy.example.com/api/v1/users?limit=5", {
    headers: { "X-Custom-Id": "abc", Authorization: "Bearer client-token", ...HEADERS },
  });

function attr(m: SentMessage, name: string): string | undefined {
  const a = m.attributes[name];
  if (a === undefined) return undefined;
  expect(a.DataType).toBe("String");
  return a.StringValue;
}
const content = (m: SentMessage) => gunzipSync(Buffer.from(m.body, "base64")).toString("utf8");
const metadata = (m: SentMessage) => JSON.parse(attr(m, "Psoxy-Metadata")!) as Record<string, string>;

/** What the client gets without any side output. */
async function baseline(): Promise<string> {
  const res = await gateway({}).handle(request());
  expect(res.status).toBe(200);
  return res.text();
}

describe("SQS side outputs", () => {
  it("sends the sanitized and the raw body, gzip + base64, with the metadata", async () => {
    const g = gateway({ SIDE_OUTPUT_SANITIZED: SANITIZED_QUEUE, SIDE_OUTPUT_ORIGINAL: ORIGINAL_QUEUE });
    const res = await g.handle(request());
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Psoxy-Warning")).toBeNull();
    expect(body).not.toContain("alice@acme.com");
    expect(body).not.toContain("Alice Example");

    expect(sqs.messages).toHaveLength(2);
    const original = sqs.messages.find((m) => m.queueUrl === ORIGINAL_QUEUE)!;
    const sanitized = sqs.messages.find((m) => m.queueUrl === SANITIZED_QUEUE)!;
    expect(content(sanitized)).toBe(body);
    expect(content(original)).toBe(USERS);
    for (const m of [original, sanitized]) {
      expect(Object.keys(m.attributes).length).toBeLessThanOrEqual(SQS_MAX_ATTRIBUTES);
      expect(attr(m, "Content-Encoding")).toBe("gzip");
      expect(attr(m, "Content-Type")).toBe("application/json");
      expect(attr(m, "Content-Transfer-Encoding")).toBe("base64");
    }
    // one key for both outputs of the request, as the bucket objects would have
    const key = attr(sanitized, "Psoxy-Output-Key")!;
    expect(key).toMatch(new RegExp(`^${dayStamp(new Date())}/[0-9a-f-]{36}$`));
    expect(attr(original, "Psoxy-Output-Key")).toBe(key);

    const meta = metadata(sanitized);
    // (no API_HOST: a fetch Request carries no Host header)
    expect(meta).toMatchObject({
      HTTP_METHOD: "GET",
      PATH: "/api/v1/users",
      QUERY_STRING: "limit=5",
      "x-custom-id": "abc",
      "x-trace-11": "v11",
      "Rules-SHA": res.headers.get("X-Psoxy-Rules-SHA")!,
      "Psoxy-Version": res.headers.get("X-Psoxy-Psoxy-Version")!,
      "PII-Salt-Sha256": res.headers.get("X-Psoxy-PII-Salt-Sha256")!,
    });
    expect(Object.keys(meta).length).toBeGreaterThan(SQS_MAX_ATTRIBUTES);
    expect(Object.keys(meta)).not.toContain("authorization");
    expect(metadata(original)).toEqual({
      API_HOST: src.source.hostPort,
      HTTP_METHOD: "GET",
      PATH: "api/v1/users",
      QUERY_STRING: "limit=5",
    });
  });

  it("writes the raw body of a non-2xx response too, byte for byte", async () => {
    const raw = randomBytes(2048);
    src.answer((_req, res) => {
      res.writeHead(503, { "content-type": "application/octet-stream" });
      res.end(raw);
    });
    const g = gateway({ SIDE_OUTPUT_ORIGINAL: ORIGINAL_QUEUE });
    const res = await g.handle(request());
    expect(res.status).toBe(503);
    expect(res.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
    expect(res.headers.get("X-Psoxy-Warning")).toBeNull();
    expect(sqs.messages).toHaveLength(1);
    expect(gunzipSync(Buffer.from(sqs.messages[0].body, "base64")).equals(raw)).toBe(true);
  });

  it("signs for the queue URL's region when none is configured", async () => {
    sqs.createQueue("psoxy-side-eu");
    const g = gateway(
      { SIDE_OUTPUT_SANITIZED: "https://sqs.eu-west-1.amazonaws.com/000000000000/psoxy-side-eu" },
      { sqs: async () => sender({ region: undefined }) },
    );
    const res = await g.handle(request());
    expect(res.headers.get("X-Psoxy-Warning")).toBeNull();
    expect(sqs.messages).toHaveLength(1);
    expect(String(sqs.server.requests[0].headers.authorization)).toContain("/eu-west-1/sqs/aws4_request");
  });

  it("honours AWS_ENDPOINT_URL_SQS for an https://sqs… queue URL", async () => {
    const fromEnv = createSqsSideOutputSender({
      env: { AWS_ENDPOINT_URL_SQS: sqs.endpoint },
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
      maxAttempts: 1,
    });
    const g = gateway({ SIDE_OUTPUT_SANITIZED: SANITIZED_QUEUE }, { sqs: async () => fromEnv });
    const res = await g.handle(request());
    expect(res.headers.get("X-Psoxy-Warning")).toBeNull();
    expect(sqs.messages).toHaveLength(1);
    expect(content(sqs.messages[0])).toBe(await res.text());
  });

  it("a failing queue: the warning header and the normal sanitized body", async () => {
    const expected = await baseline();
    sqs.server.fail = {
      status: 500,
      headers: { "content-type": "application/x-amz-json-1.0" },
      body: { __type: "com.amazonaws.sqs#InternalError", message: "boom" },
    };
    const logger = new CaptureLogger();
    const g = gateway(
      { SIDE_OUTPUT_SANITIZED: SANITIZED_QUEUE, SIDE_OUTPUT_ORIGINAL: ORIGINAL_QUEUE },
      undefined,
      logger,
    );
    const res = await g.handle(request());
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Psoxy-Warning")).toBe(
      "SIDE_OUTPUT_FAILURE_SANITIZED, SIDE_OUTPUT_FAILURE_SANITIZED",
    );
    expect(res.headers.get("X-Psoxy-Rules-SHA")).toMatch(/^[0-9a-f]{40}$/);
    expect(await res.text()).toBe(expected);
    expect(sqs.server.requests).toHaveLength(2);
    expect(sqs.messages).toHaveLength(0);
    const logged = logger.text();
    expect(logged).toContain("side output message not sent");
    expect(logged).not.toContain("alice@acme.com");
  });

  it("an unknown queue and an unreachable endpoint fail the same way", async () => {
    const expected = await baseline();
    const unknown = gateway({ SIDE_OUTPUT_SANITIZED: `${QUEUES}/no-such-queue` });
    const res = await unknown.handle(request());
    expect(res.headers.get("X-Psoxy-Warning")).toBe("SIDE_OUTPUT_FAILURE_SANITIZED");
    expect(await res.text()).toBe(expected);

    const closed = gateway(
      { SIDE_OUTPUT_SANITIZED: SANITIZED_QUEUE },
      { sqs: async () => sender({ endpoint: "http://127.0.0.1:1" }) },
    );
    const res2 = await closed.handle(request());
    expect(res2.status).toBe(200);
    expect(res2.headers.get("X-Psoxy-Warning")).toBe("SIDE_OUTPUT_FAILURE_SANITIZED");
    expect(await res2.text()).toBe(expected);
    expect(sqs.messages).toHaveLength(0);
  });

  it("a queue that never answers delays the response only until the client's timeout", async () => {
    const expected = await baseline();
    const g = gateway(
      { SIDE_OUTPUT_SANITIZED: SANITIZED_QUEUE },
      { sqs: async () => sender({ endpoint: hung.url, requestTimeoutMs: 300 }) },
    );
    const started = Date.now();
    const res = await g.handle(request());
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.headers.get("X-Psoxy-Warning")).toBe("SIDE_OUTPUT_FAILURE_SANITIZED");
    expect(await res.text()).toBe(expected);
    expect(hung.requests.length).toBeGreaterThan(0);
  });

  it("an oversize message is refused before sending; the response is served", async () => {
    // incompressible content: its gzip, in base64, is well over 256 KiB
    const blob = randomBytes(300 * 1024).toString("base64");
    src.answer(json(200, JSON.stringify({ users: [{ email: "alice@acme.com", name: "Alice", blob }] })));
    const logger = new CaptureLogger();
    const g = gateway({ SIDE_OUTPUT_SANITIZED: SANITIZED_QUEUE }, undefined, logger);
    const res = await g.handle(request());
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Psoxy-Warning")).toBe("SIDE_OUTPUT_FAILURE_SANITIZED");
    const body = await res.text();
    expect(body).toContain(blob);
    expect(body).not.toContain("alice@acme.com");
    expect(sqs.server.requests).toHaveLength(0);
    expect(logger.text()).toMatch(/exceeds the SQS maximum message size of 262144 bytes/);
  });

  it("counts the size as SQS does: body plus attribute names, types and values", async () => {
    const location = parseQueueLocation(SANITIZED_QUEUE)!;
    const message = {
      gzip: randomBytes(1000),
      contentType: "application/json",
      metadata: { PATH: "/a", "x-é": "ü€" },
      key: "20260101/r",
      id: "0".repeat(64),
      signal: AbortSignal.timeout(5_000),
    };
    const { size } = sqsSideOutputMessage(message);
    await sender({ maxMessageBytes: size }).send(location, message);
    expect(sqs.messages).toHaveLength(1);
    const m = sqs.messages[0];
    let counted = Buffer.byteLength(m.body);
    for (const [name, a] of Object.entries(m.attributes)) {
      counted += Buffer.byteLength(name) + Buffer.byteLength(a.DataType!) + Buffer.byteLength(a.StringValue!);
    }
    expect(counted).toBe(size);
    expect(JSON.parse(m.attributes["Psoxy-Metadata"].StringValue!)).toEqual(message.metadata);

    const small: QueueSender = sender({ maxMessageBytes: size - 1 });
    await expect(small.send(location, message)).rejects.toThrow(`message of ${size} bytes exceeds`);
    expect(sqs.messages).toHaveLength(1);
    expect(SQS_MAX_MESSAGE_BYTES).toBe(262_144);
  });

  it("FIFO queues get a message group and a deduplication id", async () => {
    const sent: Record<string, unknown>[] = [];
    const fifo = await startLoopbackServer((req) => {
      sent.push(JSON.parse(req.body));
      return {
        headers: { "content-type": "application/x-amz-json-1.0" },
        body: { MessageId: "m1", MD5OfMessageBody: md5(JSON.parse(req.body).MessageBody) },
      };
    });
    try {
      const g = gateway(
        { SIDE_OUTPUT_SANITIZED: `${QUEUES}/side.fifo`, SIDE_OUTPUT_ORIGINAL: `${QUEUES}/side.fifo` },
        { sqs: async () => sender({ endpoint: fifo.url }) },
      );
      const res = await g.handle(request());
      expect(res.headers.get("X-Psoxy-Warning")).toBeNull();
      expect(sent).toHaveLength(2);
      expect(sent[0]).toMatchObject({ MessageGroupId: "psoxy-side-output" });
      expect(sent[0].MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
      expect(sent[1].MessageDeduplicationId).not.toBe(sent[0].MessageDeduplicationId);
    } finally {
      await fifo.close();
    }
  });

  it("an SQS side output on a host without an SQS client is a start-up problem", async () => {
    const g = gateway({ SIDE_OUTPUT_SANITIZED: SANITIZED_QUEUE }, {});
    const res = await g.handle(request());
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONFIGURATION_FAILURE");
    expect(await res.text()).toContain(
      "SIDE_OUTPUT_SANITIZED: SQS side outputs are not available on this host",
    );
    expect(src.requests).toHaveLength(0);
  });
});

const md5 = (s: string) => createHash("md5").update(s).digest("hex");
