/**
 * GCP async round trip through the Cloud Function handler (api-mode spec 6.3.3, 6.4): a request with
 * `Prefer: respond-async` is answered 202 and published as the request DTO to a fake Pub/Sub REST API;
 * the push delivery a subscription would make (with a Google-style ID token signed by a key published
 * on a loopback JWKS) is then fed to the same function, which runs the real gateway against a loopback
 * HTTPS source and writes the sanitized result where the 202's Location said.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeRequest, fakeResponse } from "../../test/hosts/fake-express.js";
import { createPubSubDispatcher } from "../gateway/async-pubsub.js";
import { PubSubPushAuth } from "../gateway/async-pubsub-push.js";
import { createGateway, type GatewayInstance } from "../gateway/create-gateway.js";
import { type FakePubSub, startFakePubSub } from "../gateway/testing/async-fake-pubsub.js";
import {
  ASYNC_RULES,
  json,
  type RecordingSource,
  SECRETS,
  startRecordingSource,
  USERS,
} from "../gateway/testing/async-source.js";
import { MemoryConfigService } from "../gateway/testing/memory-config.js";
import { silentLogger } from "../gateway/types.js";
import { LocalFsStore } from "../storage/local-fs-store.js";
import { createGcpHandler, type GcpHttpFunction } from "./gcp-functions.js";
import { dtoToRequest, requestDto } from "./gcp-pubsub-leg.js";

const SERVICE_URL = "https://psoxy-users-abc123-uc.a.run.app";
const PUSH_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";

let src: RecordingSource;
let pubsub: FakePubSub;
let topic: string;
let dir: string;
let gateway: GatewayInstance;
let fn: GcpHttpFunction;
let config: MemoryConfigService;

beforeAll(async () => {
  [src, pubsub] = await Promise.all([startRecordingSource(), startFakePubSub()]);
  topic = pubsub.createTopic("acme-proj", "psoxy-async");
});

afterAll(async () => {
  await Promise.all([src.close(), pubsub.close()]);
});

function setUp(env: Record<string, string | undefined> = {}) {
  config = new MemoryConfigService({
    env: {
      TARGET_HOST: src.source.hostPort,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: ASYNC_RULES,
      ASYNC_PUB_SUB_QUEUE: topic,
      ASYNC_OUTPUT_DESTINATION: `file://${dir}`,
      ...env,
    },
    config: { SERVICE_URL },
    secrets: SECRETS,
  });
  gateway = createGateway({
    config,
    logger: silentLogger,
    platform: "gcp",
    ca: src.source.cert,
    sideOutputStore: async () => new LocalFsStore({ root: "/", sidecarMetadata: true }),
    asyncDispatcher: createPubSubDispatcher({
      endpoint: pubsub.endpoint,
      accessToken: async () => "ya29.sa",
    }),
  });
  fn = createGcpHandler({
    gateway: () => gateway,
    pubSubPush: () => new PubSubPushAuth({ config, jwksUrl: pubsub.jwksUrl }),
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "psoxy-gcp-async-"));
  src.answer(json(200, USERS));
  setUp();
});

afterEach(async () => {
  await gateway.close();
  src.requests.length = 0;
  pubsub.messages.length = 0;
  rmSync(dir, { recursive: true, force: true });
});

async function call(input: Parameters<typeof fakeRequest>[0]) {
  const res = fakeResponse();
  await fn(fakeRequest(input), res);
  return res;
}

const asyncCall = () =>
  call({
    url: "/api/v1/users?limit=5",
    headers: {
      Prefer: "respond-async",
      Authorization: "Bearer caller-identity-token",
      "X-Forwarded-For": "198.51.100.4, 35.191.0.1",
      "X-Forwarded-Proto": "https",
      "X-Custom-Id": "abc",
    },
  });

async function push(headers: Record<string, string> = {}, message = pubsub.messages[0]!) {
  return call({
    method: "POST",
    url: "/",
    headers: {
      "User-Agent": PUSH_AGENT,
      "Content-Type": "application/json",
      Authorization: `Bearer ${await pubsub.idToken({ aud: SERVICE_URL })}`,
      ...headers,
    },
    body: pubsub.pushBody(message),
  });
}

const output = (location: string) => {
  const path = new URL(location).pathname;
  return existsSync(path) ? gunzipSync(readFileSync(path)).toString("utf8") : undefined;
};

describe("Cloud Function async round trip", () => {
  it("202 + Location; the DTO is published; the push delivery writes the sanitized result", async () => {
    const accepted = await asyncCall();
    expect(accepted.statusCode).toBe(202);
    const context = JSON.parse(accepted.text());
    expect(Object.keys(context)).toEqual(["requestId", "requestReceivedAt", "async", "asyncOutputLocation"]);
    expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(accepted.headers.location).toBe(context.asyncOutputLocation);
    expect(context.asyncOutputLocation).toMatch(new RegExp(`^file://${dir}/\\d{8}/${context.requestId}$`));
    expect(src.requests).toHaveLength(0);

    expect(pubsub.messages).toHaveLength(1);
    const m = pubsub.messages[0]!;
    expect(m.attributes.processingContext).toBe(accepted.text());
    const dto = JSON.parse(Buffer.from(m.data, "base64").toString("utf8"));
    expect(dto).toMatchObject({
      path: "/api/v1/users",
      query: "limit=5",
      httpMethod: "GET",
      body: null,
      clientIp: "198.51.100.4",
      https: true,
    });
    expect(dto.headers.prefer).toEqual(["respond-async"]);
    expect(dto.headers["x-custom-id"]).toEqual(["abc"]);
    expect(dto.headers.authorization).toBeUndefined();

    const delivered = await push();
    expect(delivered.statusCode).toBe(200);
    expect(src.requests).toHaveLength(1);
    expect(src.requests[0]!.headers.authorization).toBe(`Bearer ${SECRETS.ACCESS_TOKEN}`);
    const written = output(context.asyncOutputLocation)!;
    expect(JSON.parse(written).users[0].email).toMatch(/^t~[\w-]{43}@acme\.com$/);
    expect(written).not.toContain("alice@acme.com");
    expect(pubsub.messages).toHaveLength(1);
  });

  it("the async leg applies the IP allowlist to the original caller, not to Google's push agent", async () => {
    setUp({ ALLOWED_DATA_ACCESS_IP_BLOCKS: "198.51.100.0/24" });
    expect((await asyncCall()).statusCode).toBe(202);
    expect((await push({ "X-Forwarded-For": "66.102.0.1" })).statusCode).toBe(200);
    expect(src.requests).toHaveLength(1);
  });

  it("push tokens are verified: wrong audience, wrong issuer, none at all -> 500, nothing processed", async () => {
    await asyncCall();
    const bad = [
      { Authorization: `Bearer ${await pubsub.idToken({ aud: "https://elsewhere.example.com" })}` },
      {
        Authorization: `Bearer ${await pubsub.idToken({ aud: SERVICE_URL, iss: "https://evil.example.com" })}`,
      },
      { Authorization: "" },
      { Authorization: "Bearer not-a-jwt" },
    ];
    for (const headers of bad) {
      const res = await push(headers);
      expect(res.statusCode).toBe(500);
      expect(res.headers["x-psoxy-error"]).toBe("UNKNOWN");
    }
    expect(src.requests).toHaveLength(0);
  });

  it("a delivery past the third attempt is acknowledged with 204 and dropped", async () => {
    await asyncCall();
    const res = await push({ "X-Goog-Delivery-Attempt": "4" });
    expect(res.statusCode).toBe(204);
    expect(src.requests).toHaveLength(0);
    expect((await push({ "X-Goog-Delivery-Attempt": "3" })).statusCode).toBe(200);
    expect(src.requests).toHaveLength(1);
  });

  it("the pipeline's failure status goes back to Pub/Sub (redelivery); nothing is written", async () => {
    const accepted = await asyncCall();
    src.answer(json(503, '{"error":"busy"}'));
    expect((await push()).statusCode).toBe(503);
    expect(output(JSON.parse(accepted.text()).asyncOutputLocation)).toBeUndefined();
  });

  it("without ASYNC_PUB_SUB_QUEUE a push-like request is an ordinary request", async () => {
    setUp({ ASYNC_PUB_SUB_QUEUE: undefined });
    const res = await call({ method: "POST", url: "/", headers: { "User-Agent": PUSH_AGENT }, body: "{}" });
    expect(res.statusCode).toBe(403);
    expect(res.headers["x-psoxy-error"]).toBe("BLOCKED_BY_RULES");
  });
});

describe("request DTO", () => {
  it("round-trips method, path, raw query, repeated headers, body, client IP and https", async () => {
    const dto = requestDto({
      method: "POST",
      target: "/api/v1/users?a=%2F&b=1",
      headers: [
        ["X-Multi", "1"],
        ["X-Multi", "2"],
        ["Authorization", "Bearer x"],
        ["Content-Type", "application/json"],
      ],
      body: Buffer.from('{"q":"x"}'),
      clientIp: "203.0.113.5",
      https: false,
    });
    expect(dto).toEqual({
      path: "/api/v1/users",
      query: "a=%2F&b=1",
      httpMethod: "POST",
      body: Buffer.from('{"q":"x"}').toString("base64"),
      clientIp: "203.0.113.5",
      headers: { "x-multi": ["1", "2"], "content-type": ["application/json"] },
      https: false,
    });
    const { request, context } = dtoToRequest(JSON.parse(JSON.stringify(dto)));
    expect(request.method).toBe("POST");
    expect(new URL(request.url).pathname).toBe("/api/v1/users");
    expect(new URL(request.url).search).toBe("?a=%2F&b=1");
    expect(request.headers.get("x-multi")).toBe("1, 2");
    expect(request.headers.has("authorization")).toBe(false);
    expect(await request.text()).toBe('{"q":"x"}');
    expect(context).toEqual({ clientIp: "203.0.113.5", isHttps: false });
  });

  it("a GET body survives (so the pipeline can refuse it) and junk is rejected", async () => {
    const { request } = dtoToRequest({
      path: "/x",
      httpMethod: "GET",
      headers: {},
      body: Buffer.from("b").toString("base64"),
    });
    expect(await request.text()).toBe("b");
    expect(() => dtoToRequest({ nope: 1 })).toThrow(/not a request DTO/);
  });
});
