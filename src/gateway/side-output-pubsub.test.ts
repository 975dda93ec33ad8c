/**
 * Side outputs to Pub/Sub (api-mode spec 1.15, 6.7) through the real gateway: a recording HTTPS
 * source on loopback and the fake Pub/Sub REST API, published to with the real client (fetch + bearer
 * token). Each write is one message whose data gunzips to exactly the raw or the sanitized body, with
 * the metadata as attributes within Pub/Sub's limits; a failing, unknown or oversize topic only adds
 * X-Psoxy-Warning to the normal response.
 */
import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CaptureLogger } from "../../test/gateway/capture-logger.js";
import { createGateway, type GatewayInstance } from "./create-gateway.js";
import {
  createPubSubSideOutputSender,
  PUBSUB_MAX_ATTRIBUTES,
  PUBSUB_MAX_MESSAGE_BYTES,
  PUBSUB_MAX_VALUE_BYTES,
  type PubSubSideOutputOptions,
  pubSubSideOutputAttributes,
} from "./side-output-pubsub.js";
import { parseQueueLocation, type SideOutputQueues } from "./side-output-queue.js";
import { dayStamp } from "./side-outputs.js";
import { type FakePubSub, type PublishedMessage, startFakePubSub } from "./testing/async-fake-pubsub.js";
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

const SANITIZED_TOPIC = "https://pubsub.googleapis.com/v1/projects/acme/topics/side-sanitized";
const ORIGINAL_TOPIC = "projects/acme/topics/side-original";

let src: RecordingSource;
let pubsub: FakePubSub;
const gateways: GatewayInstance[] = [];

beforeAll(async () => {
  [src, pubsub] = await Promise.all([startRecordingSource(), startFakePubSub()]);
  pubsub.createTopic("acme", "side-sanitized");
  pubsub.createTopic("acme", "side-original");
});

afterAll(async () => {
  await Promise.all([src.close(), pubsub.close()]);
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  pubsub.messages.length = 0;
  pubsub.server.requests.length = 0;
  pubsub.server.fail = undefined;
  src.answer(json(200, USERS));
});

const sender = (options: PubSubSideOutputOptions = {}) =>
  createPubSubSideOutputSender({
    endpoint: pubsub.endpoint,
    accessToken: async () => "ya29.side-output",
    ...options,
  });

function gateway(
  env: Record<string, string>,
  queues: SideOutputQueues = { pubsub: async () => sender() },
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
  const g = createGateway({ config, logger, platform: "gcp", ca: src.source.cert, sideOutputQueues: queues });
  gateways.push(g);
  return g;
}

const request = (headers: Record<string, string> = {}) =>
  new Request("https://proxy.example.com/api/v1/users?limit=5", {
    headers: { "X-Custom-Id": "abc", Authorization: "Bearer client-token", ...headers },
  });

const data = (m: PublishedMessage) => gunzipSync(Buffer.from(m.data, "base64"));

async function baseline(): Promise<string> {
  const res = await gateway({}).handle(request());
  expect(res.status).toBe(200);
  return res.text();
}

describe("Pub/Sub side outputs", () => {
  it("publishes the sanitized and the raw body, gzip, with the metadata as attributes", async () => {
    const g = gateway({ SIDE_OUTPUT_SANITIZED: SANITIZED_TOPIC, SIDE_OUTPUT_ORIGINAL: ORIGINAL_TOPIC });
    const res = await g.handle(request());
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Psoxy-Warning")).toBeNull();
    expect(body).not.toContain("alice@acme.com");
    expect(body).not.toContain("Alice Example");

    expect(pubsub.messages).toHaveLength(2);
    const sanitized = pubsub.messages.find((m) => m.topic === "projects/acme/topics/side-sanitized")!;
    const original = pubsub.messages.find((m) => m.topic === "projects/acme/topics/side-original")!;
    expect(data(sanitized).toString("utf8")).toBe(body);
    expect(data(original).toString("utf8")).toBe(USERS);
    expect(sanitized.authorization).toBe("Bearer ya29.side-output");

    const key = sanitized.attributes["Psoxy-Output-Key"];
    expect(key).toMatch(new RegExp(`^${dayStamp(new Date())}/[0-9a-f-]{36}$`));
    expect(sanitized.attributes).toEqual({
      "Content-Type": "application/json",
      "Content-Encoding": "gzip",
      "Psoxy-Output-Key": key,
      HTTP_METHOD: "GET",
      PATH: "/api/v1/users",
      QUERY_STRING: "limit=5",
      "x-custom-id": "abc",
      "Rules-SHA": res.headers.get("X-Psoxy-Rules-SHA")!,
      "Psoxy-Version": res.headers.get("X-Psoxy-Psoxy-Version")!,
      "PII-Salt-Sha256": res.headers.get("X-Psoxy-PII-Salt-Sha256")!,
    });
    expect(original.attributes).toEqual({
      "Content-Type": "application/json",
      "Content-Encoding": "gzip",
      "Psoxy-Output-Key": key,
      API_HOST: src.source.hostPort,
      HTTP_METHOD: "GET",
      PATH: "api/v1/users",
      QUERY_STRING: "limit=5",
    });
  });

  it("leaves out and lists metadata that Pub/Sub cannot carry as attributes", async () => {
    const long = "v".repeat(PUBSUB_MAX_VALUE_BYTES + 1);
    const g = gateway({ SIDE_OUTPUT_SANITIZED: SANITIZED_TOPIC });
    const res = await g.handle(request({ "X-Long": long, "Goog-Thing": "reserved prefix", "X-Fine": "ok" }));
    expect(res.headers.get("X-Psoxy-Warning")).toBeNull();
    const m = pubsub.messages[0];
    expect(data(m).toString("utf8")).toBe(await res.text());
    expect(m.attributes["x-fine"]).toBe("ok");
    expect(m.attributes).not.toHaveProperty("x-long");
    expect(m.attributes).not.toHaveProperty("goog-thing");
    expect(m.attributes["Psoxy-Metadata-Omitted"]).toBe("goog-thing,x-long");
  });

  it("keeps within 100 attributes", () => {
    const metadata = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`h${i}`, `v${i}`]));
    const { attributes } = pubSubSideOutputAttributes({
      gzip: Buffer.alloc(10),
      contentType: "application/json",
      metadata,
      key: "20260101/r",
    });
    expect(Object.keys(attributes)).toHaveLength(PUBSUB_MAX_ATTRIBUTES);
    expect(attributes.h95).toBe("v95");
    expect(attributes).not.toHaveProperty("h96");
    expect(attributes["Psoxy-Metadata-Omitted"]).toBe(
      Array.from({ length: 24 }, (_, i) => `h${96 + i}`).join(","),
    );
    // a metadata entry cannot overwrite the attributes describing the content
    const clash = pubSubSideOutputAttributes({
      gzip: Buffer.alloc(1),
      contentType: "application/json",
      metadata: { "Content-Encoding": "identity" },
      key: "k",
    });
    expect(clash.attributes["Content-Encoding"]).toBe("gzip");
    expect(clash.attributes["Psoxy-Metadata-Omitted"]).toBe("Content-Encoding");
  });

  it("a failing topic: the warning header and the normal sanitized body", async () => {
    const expected = await baseline();
    pubsub.server.fail = { status: 503, body: { error: { code: 503, status: "UNAVAILABLE" } } };
    const logger = new CaptureLogger();
    const g = gateway(
      { SIDE_OUTPUT_SANITIZED: SANITIZED_TOPIC, SIDE_OUTPUT_ORIGINAL: ORIGINAL_TOPIC },
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
    expect(pubsub.server.requests).toHaveLength(2);
    expect(logger.text()).toContain("Pub/Sub publish answered HTTP 503");
  });

  it("an unknown topic and an unreachable endpoint fail the same way", async () => {
    const expected = await baseline();
    const unknown = gateway({ SIDE_OUTPUT_SANITIZED: "projects/acme/topics/no-such-topic" });
    const res = await unknown.handle(request());
    expect(res.headers.get("X-Psoxy-Warning")).toBe("SIDE_OUTPUT_FAILURE_SANITIZED");
    expect(await res.text()).toBe(expected);

    const closed = gateway(
      { SIDE_OUTPUT_SANITIZED: SANITIZED_TOPIC },
      { pubsub: async () => sender({ endpoint: "http://127.0.0.1:1" }) },
    );
    const res2 = await closed.handle(request());
    expect(res2.status).toBe(200);
    expect(res2.headers.get("X-Psoxy-Warning")).toBe("SIDE_OUTPUT_FAILURE_SANITIZED");
    expect(await res2.text()).toBe(expected);
    expect(pubsub.messages).toHaveLength(0);
  });

  it("an oversize message (over 10 MB) is refused before publishing; the response is served", async () => {
    // a raw side output of an incompressible 10.5 MB error body: gzip makes it no smaller
    const raw = randomBytes(10_500_000);
    src.answer((_req, res) => {
      res.writeHead(502, { "content-type": "application/octet-stream" });
      res.end(raw);
    });
    const logger = new CaptureLogger();
    const g = gateway({ SIDE_OUTPUT_ORIGINAL: ORIGINAL_TOPIC }, undefined, logger);
    const res = await g.handle(request());
    expect(res.status).toBe(502);
    expect(res.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
    expect(res.headers.get("X-Psoxy-Warning")).toBe("SIDE_OUTPUT_FAILURE_SANITIZED");
    expect(Buffer.from(await res.arrayBuffer()).equals(raw)).toBe(true);
    expect(pubsub.server.requests).toHaveLength(0);
    expect(logger.text()).toMatch(/exceeds the Pub\/Sub message size limit of 10000000 bytes/);
  });

  it("counts data plus attribute keys and values against the limit", async () => {
    const location = parseQueueLocation(SANITIZED_TOPIC)!;
    const message = {
      gzip: randomBytes(1000),
      contentType: "application/json",
      metadata: { PATH: "/a", "x-é": "ü€" },
      key: "20260101/r",
      id: "0".repeat(64),
      signal: AbortSignal.timeout(5_000),
    };
    const { size } = pubSubSideOutputAttributes(message);
    await sender({ maxMessageBytes: size }).send(location, message);
    expect(pubsub.messages).toHaveLength(1);
    const m = pubsub.messages[0];
    let counted = Buffer.from(m.data, "base64").length;
    for (const [k, v] of Object.entries(m.attributes)) counted += Buffer.byteLength(k) + Buffer.byteLength(v);
    expect(counted).toBe(size);
    await expect(sender({ maxMessageBytes: size - 1 }).send(location, message)).rejects.toThrow(
      `message of ${size} bytes exceeds`,
    );
    expect(pubsub.messages).toHaveLength(1);
    expect(PUBSUB_MAX_MESSAGE_BYTES).toBe(10_000_000);
  });

  it("honours PUBSUB_EMULATOR_HOST, without a token", async () => {
    const emulator = createPubSubSideOutputSender({
      env: { PUBSUB_EMULATOR_HOST: pubsub.endpoint.replace("http://", "") },
    });
    const g = gateway({ SIDE_OUTPUT_SANITIZED: ORIGINAL_TOPIC }, { pubsub: async () => emulator });
    const res = await g.handle(request());
    expect(res.headers.get("X-Psoxy-Warning")).toBeNull();
    expect(pubsub.messages).toHaveLength(1);
    expect(pubsub.messages[0].authorization).toBeUndefined();
    expect(data(pubsub.messages[0]).toString("utf8")).toBe(await res.text());
  });

  it("a Pub/Sub side output on a host without a Pub/Sub client is a start-up problem", async () => {
    const g = gateway({ SIDE_OUTPUT_ORIGINAL: ORIGINAL_TOPIC }, {});
    const res = await g.handle(request());
    expect(res.status).toBe(500);
    expect(await res.text()).toContain(
      "SIDE_OUTPUT_ORIGINAL: Pub/Sub side outputs are not available on this host",
    );
  });
});
