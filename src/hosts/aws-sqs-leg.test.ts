/**
 * AWS async round trip through the Lambda handler (api-mode spec 6.1 hybrid handler, 6.2): an HTTP event
 * with `Prefer: respond-async` is answered 202 and its original event is sent to a fake SQS (the real SDK
 * v3 client, AWS JSON 1.0); the SQS event that the queue's event source mapping would deliver is then
 * fed to the same handler, which runs the real gateway against a loopback HTTPS source and writes the
 * sanitized result where the 202's Location said.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiGatewayV1Event, functionUrlEvent } from "../../test/hosts/lambda-events.js";
import { createSqsDispatcher } from "../gateway/async-sqs.js";
import { createGateway, type GatewayInstance } from "../gateway/create-gateway.js";
import { type FakeSqs, startFakeSqs } from "../gateway/testing/async-fake-sqs.js";
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
import { createLambdaHandler, type LambdaHandler } from "./aws-lambda.js";

let src: RecordingSource;
let sqs: FakeSqs;
let queueUrl: string;
let dir: string;
let gateway: GatewayInstance;
let handler: LambdaHandler;

beforeAll(async () => {
  [src, sqs] = await Promise.all([startRecordingSource(), startFakeSqs()]);
  queueUrl = sqs.createQueue("psoxy-async");
});

afterAll(async () => {
  await Promise.all([src.close(), sqs.close()]);
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "psoxy-lambda-async-"));
  src.answer(json(200, USERS));
  const config = new MemoryConfigService({
    env: {
      TARGET_HOST: src.source.hostPort,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: ASYNC_RULES,
      ASYNC_API_REQUEST_QUEUE_URL: queueUrl,
      ASYNC_OUTPUT_DESTINATION: `file://${dir}`,
      AWS_LAMBDA_FUNCTION_NAME: "psoxy-users",
    },
    secrets: SECRETS,
  });
  gateway = createGateway({
    config,
    logger: silentLogger,
    platform: "aws",
    instanceId: "psoxy-users",
    ca: src.source.cert,
    sideOutputStore: async () => new LocalFsStore({ root: "/", sidecarMetadata: true }),
    asyncDispatcher: createSqsDispatcher({
      endpoint: sqs.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
      maxAttempts: 1,
    }),
  });
  handler = createLambdaHandler({ gateway: () => gateway });
});

afterEach(async () => {
  await gateway.close();
  src.requests.length = 0;
  sqs.messages.length = 0;
  rmSync(dir, { recursive: true, force: true });
});

const output = (location: string) => {
  const path = new URL(location).pathname;
  return existsSync(path) ? gunzipSync(readFileSync(path)).toString("utf8") : undefined;
};

describe("Lambda async round trip", () => {
  it("function URL event: 202 + Location; the SQS leg writes the sanitized result there", async () => {
    const event = functionUrlEvent({
      path: "/api/v1/users",
      query: "limit=5",
      headers: { Prefer: "respond-async", "X-Custom-Id": "abc" },
    });
    const accepted = await handler(event);
    expect(accepted.statusCode).toBe(202);
    const context = JSON.parse(accepted.body);
    expect(context).toEqual({
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      requestReceivedAt: "2026-03-12T19:03:58.390Z",
      async: true,
      asyncOutputLocation: `file://${dir}/20260312/c6af9ac6-7b61-11e6-9a41-93e8deadbeef`,
    });
    expect(accepted.headers.location).toBe(context.asyncOutputLocation);
    expect(src.requests).toHaveLength(0);
    expect(sqs.messages).toHaveLength(1);
    expect(JSON.parse(sqs.messages[0]!.body)).toEqual(JSON.parse(JSON.stringify(event)));
    expect(output(context.asyncOutputLocation)).toBeUndefined();

    // the async leg
    await expect(handler(sqs.lambdaEvent())).resolves.toBeUndefined();
    expect(src.requests).toHaveLength(1);
    expect(src.requests[0]!.url).toBe("/api/v1/users?limit=5");
    expect(src.requests[0]!.headers.authorization).toBe(`Bearer ${SECRETS.ACCESS_TOKEN}`);
    const written = output(context.asyncOutputLocation)!;
    expect(JSON.parse(written).users[0].email).toMatch(/^t~[\w-]{43}@acme\.com$/);
    expect(written).not.toContain("alice@acme.com");
    expect(written).not.toContain("Alice Example");
    // nothing else queued by the async leg
    expect(sqs.messages).toHaveLength(1);
  });

  it("API Gateway v1 event: the path is re-derived from the queued event on the async leg", async () => {
    const accepted = await handler(
      apiGatewayV1Event(
        { path: "/api/v1/users", headers: { prefer: "respond-async" } },
        "live",
        "/psoxy-users",
      ),
    );
    expect(accepted.statusCode).toBe(202);
    const location = JSON.parse(accepted.body).asyncOutputLocation as string;
    expect(location).toBe(`file://${dir}/20260312/id=`);
    await handler(sqs.lambdaEvent());
    expect(src.requests.map((r) => r.url)).toEqual(["/api/v1/users"]);
    expect(output(location)).toContain('"users"');
  });

  it("a failing record fails the invocation; the others in the batch are still processed", async () => {
    await handler(functionUrlEvent({ path: "/api/v1/users", headers: { Prefer: "respond-async" } }));
    const event = sqs.lambdaEvent();
    const good = event.Records[0]!;
    const broken = { ...good, messageId: "broken", messageAttributes: {} };
    await expect(handler({ Records: [broken, good] })).rejects.toThrow(
      "Failed to process 1 of 2 async API data requests",
    );
    expect(src.requests).toHaveLength(1);
    expect(output(`file://${dir}/20260312/c6af9ac6-7b61-11e6-9a41-93e8deadbeef`)).toContain('"users"');
  });

  it("a source 5xx fails the invocation (SQS redelivers); a source 4xx is final; neither writes", async () => {
    await handler(functionUrlEvent({ path: "/api/v1/users", headers: { Prefer: "respond-async" } }));
    const location = `file://${dir}/20260312/c6af9ac6-7b61-11e6-9a41-93e8deadbeef`;
    src.answer(json(503, '{"error":"busy"}'));
    await expect(handler(sqs.lambdaEvent())).rejects.toThrow(/Failed to process 1 of 1/);
    src.answer(json(404, '{"error":"alice@acme.com not found"}'));
    await expect(handler(sqs.lambdaEvent())).resolves.toBeUndefined();
    expect(src.requests).toHaveLength(2);
    expect(output(location)).toBeUndefined();
  });

  it("a queue failure is 500 ASYNC_HANDLER_DISPATCH to the client", async () => {
    sqs.server.fail = { status: 400, body: { __type: "com.amazonaws.sqs#AccessDenied", message: "denied" } };
    try {
      const res = await handler(
        functionUrlEvent({ path: "/api/v1/users", headers: { Prefer: "respond-async" } }),
      );
      expect(res.statusCode).toBe(500);
      expect(res.headers["x-psoxy-error"]).toBe("ASYNC_HANDLER_DISPATCH");
      expect(res.body).toBe(
        `Error processing side output only request: Failed to send message to SQS queue: ${queueUrl}`,
      );
    } finally {
      sqs.server.fail = undefined;
    }
    expect(src.requests).toHaveLength(0);
  });
});
