/**
 * Step 12 (api-mode spec 1.12, 6.2 and 6.4 sync legs) through the real gateway: `Prefer: respond-async`
 * queues the request on a fake SQS (AWS JSON 1.0, the real SDK v3 client) or a fake Pub/Sub REST API
 * (fetch), answers 202 with the processing context and Location, and never calls the source; every
 * dispatch failure is 500 ASYNC_HANDLER_DISPATCH.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AsyncDispatcher } from "./async-dispatch.js";
import { createPubSubDispatcher } from "./async-pubsub.js";
import { createSqsDispatcher } from "./async-sqs.js";
import { createGateway, type GatewayInstance } from "./create-gateway.js";
import type { GatewayPlatform } from "./gateway-options.js";
import { type FakePubSub, startFakePubSub } from "./testing/async-fake-pubsub.js";
import { type FakeSqs, startFakeSqs } from "./testing/async-fake-sqs.js";
import { ASYNC_RULES, type RecordingSource, SECRETS, startRecordingSource } from "./testing/async-source.js";
import { MemoryConfigService } from "./testing/memory-config.js";
import { silentLogger } from "./types.js";

let src: RecordingSource;
let sqs: FakeSqs;
let pubsub: FakePubSub;
let queueUrl: string;
let topic: string;
const gateways: GatewayInstance[] = [];

beforeAll(async () => {
  [src, sqs, pubsub] = await Promise.all([startRecordingSource(), startFakeSqs(), startFakePubSub()]);
  queueUrl = sqs.createQueue("psoxy-async-request-queue");
  topic = pubsub.createTopic("acme-proj", "psoxy-async");
});

afterAll(async () => {
  await Promise.all([src.close(), sqs.close(), pubsub.close()]);
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  src.requests.length = 0;
  sqs.messages.length = 0;
  pubsub.messages.length = 0;
  sqs.server.fail = undefined;
  pubsub.server.fail = undefined;
});

const sqsDispatcher = () =>
  createSqsDispatcher({
    endpoint: sqs.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    maxAttempts: 1,
  });

const pubSubDispatcher = () =>
  createPubSubDispatcher({ endpoint: pubsub.endpoint, accessToken: async () => "ya29.test-token" });

function gateway(
  platform: GatewayPlatform,
  env: Record<string, string | undefined>,
  asyncDispatcher?: AsyncDispatcher,
  remote: Record<string, string> = {},
) {
  const config = new MemoryConfigService({
    env: {
      TARGET_HOST: src.source.hostPort,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: ASYNC_RULES,
      ...env,
    },
    config: remote,
    secrets: SECRETS,
  });
  // side outputs are configured in some tests but never written: the source is not called
  const sideOutputStore = async () => {
    throw new Error("no object store in these tests");
  };
  const g = createGateway({
    config,
    logger: silentLogger,
    platform,
    ca: src.source.cert,
    asyncDispatcher,
    sideOutputStore,
  });
  gateways.push(g);
  return g;
}

const RECEIVED = new Date(Date.UTC(2026, 2, 12, 19, 3, 58, 390));
const EVENT = { version: "2.0", rawPath: "/api/v1/users", requestContext: { requestId: "req-7" } };

const asyncRequest = (prefer = "respond-async", init: RequestInit = {}) =>
  new Request("https://proxy.example.com/api/v1/users?limit=5", {
    ...init,
    headers: { Prefer: prefer, ...(init.headers as Record<string, string>) },
  });

const context = { requestId: "req-7", receivedAt: RECEIVED, asyncMessage: () => EVENT };

describe("AWS: SQS dispatch", () => {
  it("202 with the context in the reference's field order, Location, and the event on the queue", async () => {
    const g = gateway(
      "aws",
      {
        ASYNC_API_REQUEST_QUEUE_URL: queueUrl,
        ASYNC_OUTPUT_DESTINATION: "s3://acme-async/out",
        SIDE_OUTPUT_ORIGINAL: "s3://acme-raw",
      },
      sqsDispatcher(),
    );
    const res = await g.handle(asyncRequest(), context);
    const body = await res.text();
    expect(res.status).toBe(202);
    expect(body).toBe(
      '{"requestId":"req-7","requestReceivedAt":"2026-03-12T19:03:58.390Z","async":true,' +
        '"asyncOutputLocation":"s3://acme-async/out/20260312/req-7","rawOutputKey":"20260312/req-7"}',
    );
    expect(res.headers.get("Location")).toBe("s3://acme-async/out/20260312/req-7");
    expect(res.headers.get("Content-Type")).toBeNull();
    expect(src.requests).toHaveLength(0);

    // what the SDK sent: AWS JSON 1.0
    const wire = sqs.server.requests.at(-1)!;
    expect(wire.headers["x-amz-target"]).toBe("AmazonSQS.SendMessage");
    expect(wire.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(wire.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\//);
    expect(sqs.messages).toHaveLength(1);
    const sent = sqs.messages[0]!;
    expect(sent.queueUrl).toBe(queueUrl);
    expect(JSON.parse(sent.body)).toEqual(EVENT);
    expect(sent.attributes.processingContext).toEqual({ DataType: "String", StringValue: body });
  });

  it("without ASYNC_OUTPUT_DESTINATION: no location field, no Location header; a whole-second time", async () => {
    const g = gateway("aws", { ASYNC_API_REQUEST_QUEUE_URL: queueUrl }, sqsDispatcher());
    const res = await g.handle(asyncRequest("RESPOND-ASYNC"), {
      ...context,
      receivedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe(
      '{"requestId":"req-7","requestReceivedAt":"2026-01-02T03:04:05Z","async":true}',
    );
    expect(res.headers.has("Location")).toBe(false);
  });

  it("the queue URL may come from the remote config store", async () => {
    const g = gateway("aws", {}, sqsDispatcher(), { ASYNC_API_REQUEST_QUEUE_URL: queueUrl });
    expect((await g.handle(asyncRequest(), context)).status).toBe(202);
    expect(sqs.messages).toHaveLength(1);
  });

  it("500 ASYNC_HANDLER_DISPATCH when the queue is not configured", async () => {
    const g = gateway("aws", { ASYNC_OUTPUT_DESTINATION: "s3://b" }, sqsDispatcher());
    const res = await g.handle(asyncRequest(), context);
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("ASYNC_HANDLER_DISPATCH");
    expect(await res.text()).toBe(
      "Error processing side output only request: Missing config. no value for ASYNC_API_REQUEST_QUEUE_URL",
    );
    expect(src.requests).toHaveLength(0);
  });

  it("500 ASYNC_HANDLER_DISPATCH when SQS refuses (unknown queue) or fails", async () => {
    const missing = `${sqs.endpoint}/000000000000/nope`;
    const g = gateway("aws", { ASYNC_API_REQUEST_QUEUE_URL: missing }, sqsDispatcher());
    const res = await g.handle(asyncRequest(), context);
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("ASYNC_HANDLER_DISPATCH");
    expect(await res.text()).toBe(
      `Error processing side output only request: Failed to send message to SQS queue: ${missing}`,
    );

    sqs.server.fail = { status: 500, body: { __type: "InternalError", message: "boom" } };
    const g2 = gateway("aws", { ASYNC_API_REQUEST_QUEUE_URL: queueUrl }, sqsDispatcher());
    const res2 = await g2.handle(asyncRequest(), context);
    expect(res2.status).toBe(500);
    expect(res2.headers.get("X-Psoxy-Error")).toBe("ASYNC_HANDLER_DISPATCH");
    expect(sqs.messages).toHaveLength(0);
    expect(src.requests).toHaveLength(0);
  });

  it("500 ASYNC_HANDLER_DISPATCH when the host wires no queue client", async () => {
    const g = gateway("aws", { ASYNC_API_REQUEST_QUEUE_URL: queueUrl });
    const res = await g.handle(asyncRequest(), context);
    expect(res.headers.get("X-Psoxy-Error")).toBe("ASYNC_HANDLER_DISPATCH");
    expect(await res.text()).toBe(
      "Error processing side output only request: async processing is not available on this host",
    );
  });
});

describe("GCP: Pub/Sub dispatch", () => {
  it("publishes the host's DTO with the processingContext attribute and answers 202", async () => {
    const g = gateway(
      "gcp",
      { ASYNC_PUB_SUB_QUEUE: topic, ASYNC_OUTPUT_DESTINATION: "gs://acme-async" },
      pubSubDispatcher(),
    );
    const dto = { path: "/api/v1/users", query: "limit=5", httpMethod: "GET", headers: {} };
    const res = await g.handle(asyncRequest(), { ...context, asyncMessage: () => dto });
    const body = await res.text();
    expect(res.status).toBe(202);
    expect(res.headers.get("Location")).toBe("gs://acme-async/20260312/req-7");
    expect(JSON.parse(body)).toEqual({
      requestId: "req-7",
      requestReceivedAt: "2026-03-12T19:03:58.390Z",
      async: true,
      asyncOutputLocation: "gs://acme-async/20260312/req-7",
    });
    expect(pubsub.messages).toHaveLength(1);
    const m = pubsub.messages[0]!;
    expect(m.topic).toBe(topic);
    expect(m.authorization).toBe("Bearer ya29.test-token");
    expect(m.attributes).toEqual({ processingContext: body });
    expect(JSON.parse(Buffer.from(m.data, "base64").toString("utf8"))).toEqual(dto);
    expect(src.requests).toHaveLength(0);
  });

  it("500 ASYNC_HANDLER_DISPATCH: no topic, an unknown topic, a malformed topic name", async () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{}, "Missing config. no value for ASYNC_PUB_SUB_QUEUE"],
      [
        { ASYNC_PUB_SUB_QUEUE: "projects/acme-proj/topics/gone" },
        "Failed to publish message to PubSub topic: projects/acme-proj/topics/gone",
      ],
      [
        { ASYNC_PUB_SUB_QUEUE: "psoxy-async" },
        'ASYNC_PUB_SUB_QUEUE must name a topic as projects/<project>/topics/<topic>, not "psoxy-async"',
      ],
    ];
    for (const [env, message] of cases) {
      const res = await gateway("gcp", env, pubSubDispatcher()).handle(asyncRequest(), context);
      expect(res.status).toBe(500);
      expect(res.headers.get("X-Psoxy-Error")).toBe("ASYNC_HANDLER_DISPATCH");
      expect(await res.text()).toBe(`Error processing side output only request: ${message}`);
    }
    expect(pubsub.messages).toHaveLength(0);
    expect(src.requests).toHaveLength(0);
  });
});

describe("which requests are async", () => {
  it("`respond-async, wait=5` and other values are served synchronously", async () => {
    const g = gateway("aws", { ASYNC_API_REQUEST_QUEUE_URL: queueUrl }, sqsDispatcher());
    for (const prefer of ["respond-async, wait=5", "return=minimal", "respond-async-please"]) {
      const res = await g.handle(asyncRequest(prefer), context);
      expect(res.status).toBe(200);
      expect(res.headers.get("X-Psoxy-Rules-SHA")).toMatch(/^[0-9a-f]{40}$/);
      expect(await res.text()).not.toContain("alice@acme.com");
    }
    expect(sqs.messages).toHaveLength(0);
    expect(src.requests).toHaveLength(3);
  });

  it("earlier steps win: a request the rules block is not queued", async () => {
    const g = gateway("aws", { ASYNC_API_REQUEST_QUEUE_URL: queueUrl }, sqsDispatcher());
    const res = await g.handle(
      new Request("https://proxy.example.com/api/v2/secrets", { headers: { Prefer: "respond-async" } }),
      context,
    );
    expect(res.status).toBe(403);
    expect(res.headers.get("X-Psoxy-Error")).toBe("BLOCKED_BY_RULES");
    expect(sqs.messages).toHaveLength(0);
  });

  it("the node host has no queue", async () => {
    const res = await gateway("node", {}).handle(asyncRequest(), context);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe(
      "Error processing side output only request: async processing is not available on this host",
    );
  });

  it("a platform request id that is not a plain id is replaced by a UUID", async () => {
    const g = gateway("aws", { ASYNC_API_REQUEST_QUEUE_URL: queueUrl }, sqsDispatcher());
    const res = await g.handle(asyncRequest(), { ...context, requestId: "../../etc" });
    const body = JSON.parse(await res.text()) as { requestId: string };
    expect(body.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
