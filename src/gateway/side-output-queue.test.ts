/**
 * Queue side-output locations (api-mode spec 6.7) and the writer's contract: one gzip message per
 * write, false instead of an exception when the send fails or overruns its deadline.
 */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  failureReason,
  parseQueueLocation,
  type QueueMessage,
  type QueueSender,
  QueueSideOutput,
  SideOutputQueueError,
} from "./side-output-queue.js";
import { openSideOutput } from "./side-output-targets.js";

describe("parseQueueLocation", () => {
  it("reads SQS queue URLs, with the region for signing", () => {
    expect(parseQueueLocation("https://sqs.eu-west-1.amazonaws.com/123456789012/psoxy-side")).toEqual({
      kind: "sqs",
      queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/psoxy-side",
      region: "eu-west-1",
      fifo: false,
    });
    expect(parseQueueLocation("https://eu-west-2.queue.amazonaws.com/123456789012/q_1")).toMatchObject({
      kind: "sqs",
      region: "eu-west-2",
    });
    expect(parseQueueLocation("https://queue.amazonaws.com/123456789012/q")).toMatchObject({
      region: "us-east-1",
    });
    expect(parseQueueLocation("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q")).toMatchObject({
      region: "cn-north-1",
    });
    expect(parseQueueLocation(" https://sqs-fips.us-gov-west-1.amazonaws.com/123456789012/q ")).toMatchObject(
      {
        region: "us-gov-west-1",
      },
    );
    expect(
      parseQueueLocation("https://vpce-0a1b-x2y3.sqs.ap-southeast-2.vpce.amazonaws.com/123456789012/q"),
    ).toMatchObject({ region: "ap-southeast-2" });
    expect(parseQueueLocation("https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo")).toMatchObject({
      fifo: true,
    });
  });

  it("rejects malformed SQS URLs with what is expected", () => {
    for (const bad of [
      "https://sqs.us-east-1.amazonaws.com/",
      "https://sqs.us-east-1.amazonaws.com/123456789012",
      "https://sqs.us-east-1.amazonaws.com/1234/q",
      "https://sqs.us-east-1.amazonaws.com/123456789012/q/extra",
      "https://sqs.us-east-1.amazonaws.com/123456789012/bad name",
      "https://sqs.us-east-1.amazonaws.com/123456789012/q?Action=SendMessage",
    ]) {
      expect(() => parseQueueLocation(bad), bad).toThrow(/not an SQS queue URL/);
    }
  });

  it("reads Pub/Sub topics, as a URL or as a topic name", () => {
    expect(parseQueueLocation("https://pubsub.googleapis.com/v1/projects/acme/topics/side")).toEqual({
      kind: "pubsub",
      topic: "projects/acme/topics/side",
    });
    expect(parseQueueLocation("https://pubsub.googleapis.com/projects/acme/topics/side")).toEqual({
      kind: "pubsub",
      topic: "projects/acme/topics/side",
    });
    expect(parseQueueLocation("projects/acme/topics/side")).toEqual({
      kind: "pubsub",
      topic: "projects/acme/topics/side",
    });
    expect(
      parseQueueLocation("https://europe-west1-pubsub.googleapis.com/v1/projects/acme/topics/side"),
    ).toEqual({
      kind: "pubsub",
      topic: "projects/acme/topics/side",
      endpoint: "https://europe-west1-pubsub.googleapis.com",
    });
    for (const bad of [
      "https://pubsub.googleapis.com/v1/projects/acme",
      "https://pubsub.googleapis.com/v1/projects/acme/topics/side:publish/x",
      "projects/acme/subscriptions/s",
      "https://pubsub.googleapis.com/v1/projects/acme/topics/t?x=1",
    ]) {
      expect(() => parseQueueLocation(bad), bad).toThrow(/not a Pub\/Sub topic/);
    }
  });

  it("leaves other locations to the object stores", () => {
    for (const other of [
      "s3://bucket/p",
      "gs://b",
      "file:///tmp/x",
      "https://example.com/q",
      "http://sqs.x/1/q",
    ]) {
      expect(parseQueueLocation(other), other).toBeUndefined();
    }
  });
});

describe("openSideOutput", () => {
  const sender: QueueSender = { kind: "sqs", send: async () => {} };

  it("reports a queue kind the host has no client for, and unknown locations", () => {
    expect(() =>
      openSideOutput("SIDE_OUTPUT_SANITIZED", "projects/p/topics/t", { queues: { sqs: async () => sender } }),
    ).toThrow("Pub/Sub side outputs are not available on this host");
    expect(() =>
      openSideOutput("SIDE_OUTPUT_SANITIZED", "https://sqs.us-east-1.amazonaws.com/123456789012/q", {}),
    ).toThrow("SQS side outputs are not available on this host");
    expect(() => openSideOutput("SIDE_OUTPUT_SANITIZED", "ftp://x/y", {})).toThrow(
      /unsupported side output location "ftp:\/\/x\/y": use s3:\/\/.*SQS queue URL.*Pub\/Sub topic/,
    );
    expect(() =>
      openSideOutput("SIDE_OUTPUT_SANITIZED", "s3://", { stores: async () => ({}) as never }),
    ).toThrow(/names no bucket/);
  });

  it("creates the queue client once, on first use, and again after a failed creation", async () => {
    let created = 0;
    let failNext = true;
    const open = openSideOutput(
      "SIDE_OUTPUT_SANITIZED",
      "https://sqs.us-east-1.amazonaws.com/123456789012/q",
      {
        queues: {
          sqs: async () => {
            created++;
            if (failNext) {
              failNext = false;
              throw new Error("no client");
            }
            return sender;
          },
        },
      },
    );
    expect(created).toBe(0);
    await expect(open()).rejects.toThrow("no client");
    const a = await open();
    const b = await open();
    expect(a).toBe(b);
    expect(created).toBe(2);
  });
});

describe("QueueSideOutput", () => {
  const location = parseQueueLocation("projects/p/topics/t")!;
  const now = new Date(Date.UTC(2026, 0, 5, 23, 59));

  it("sends the gzip content with the metadata, key and a per-output id", async () => {
    const sent: QueueMessage[] = [];
    const sender: QueueSender = { kind: "pubsub", send: async (_l, m) => void sent.push(m) };
    const raw = new QueueSideOutput(location, sender, { name: "SIDE_OUTPUT_ORIGINAL" });
    const sanitized = new QueueSideOutput(location, sender, { name: "SIDE_OUTPUT_SANITIZED" });
    expect(await raw.write(Buffer.from('{"a":1}'), { PATH: "x" }, now, "req-1")).toBe(true);
    expect(await sanitized.write('{"a":"é"}', { PATH: "x" }, now, "req-1")).toBe(true);
    expect(gunzipSync(sent[0].gzip).toString("utf8")).toBe('{"a":1}');
    expect(gunzipSync(sent[1].gzip).toString("utf8")).toBe('{"a":"é"}');
    expect(sent[0]).toMatchObject({
      key: "20260105/req-1",
      contentType: "application/json",
      metadata: { PATH: "x" },
    });
    expect(sent[0].id).toMatch(/^[0-9a-f]{64}$/);
    // raw and sanitized outputs of one request to one FIFO queue must not deduplicate each other
    expect(sent[1].id).not.toBe(sent[0].id);
  });

  it("resolves to false and logs only the reason when the send fails", async () => {
    const logs: object[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (o: object) => void logs.push(o) };
    const failing: QueueSender = {
      kind: "pubsub",
      send: async () => {
        throw new Error("secret alice@acme.com");
      },
    };
    const out = new QueueSideOutput(location, failing, { name: "SIDE_OUTPUT_SANITIZED", logger });
    expect(await out.write("body", {}, now)).toBe(false);
    expect(JSON.stringify(logs)).not.toContain("alice");
    expect(logs[0]).toMatchObject({ sideOutput: "SIDE_OUTPUT_SANITIZED", queue: "Pub/Sub", reason: "Error" });
  });

  it("gives up at its deadline even if the client never answers", async () => {
    let signal: AbortSignal | undefined;
    const hanging: QueueSender = {
      kind: "pubsub",
      send: (_l, m) => {
        signal = m.signal;
        return new Promise(() => {});
      },
    };
    const out = new QueueSideOutput(location, hanging, { name: "SIDE_OUTPUT_SANITIZED", deadlineMs: 50 });
    const started = Date.now();
    expect(await out.write("body", {}, now)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(signal?.aborted).toBe(true);
  });

  it("failure reasons name our own checks, else only names, codes and statuses", () => {
    expect(failureReason(new SideOutputQueueError("message of 9 bytes exceeds"))).toBe(
      "message of 9 bytes exceeds",
    );
    const sdk = Object.assign(new Error("Reason: value alice@acme.com"), {
      name: "QueueDoesNotExist",
      $metadata: { httpStatusCode: 400 },
    });
    expect(failureReason(sdk)).toBe("QueueDoesNotExist HTTP 400");
    const net = new TypeError("fetch failed", {
      cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }),
    });
    expect(failureReason(net)).toBe("TypeError (ECONNREFUSED)");
  });
});
