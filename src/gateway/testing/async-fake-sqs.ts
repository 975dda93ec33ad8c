/**
 * A fake SQS on loopback for tests, speaking the AWS JSON 1.0 protocol as the SDK v3 client sends it:
 * `POST /` with `X-Amz-Target: AmazonSQS.SendMessage` and `Content-Type: application/x-amz-json-1.0`;
 * replies carry `MD5OfMessageBody`, which the SDK checks. Queues must be created first; messages are
 * kept and can be turned into the Lambda SQS event that the async leg receives.
 */
import { createHash, randomUUID } from "node:crypto";
import { type LoopbackServer, startLoopbackServer } from "../../config/test-servers/loopback.js";

export interface SentMessage {
  queueUrl: string;
  body: string;
  attributes: Record<string, { DataType?: string; StringValue?: string }>;
  messageId: string;
}

/** A record of the Lambda SQS event. */
export interface LambdaSqsRecord {
  messageId: string;
  body: string;
  eventSource: string;
  messageAttributes: Record<string, { stringValue?: string; dataType?: string }>;
  [field: string]: unknown;
}

export interface FakeSqs {
  server: LoopbackServer;
  /** the endpoint for the SDK client */
  readonly endpoint: string;
  readonly messages: SentMessage[];
  /** creates a queue and returns its URL */
  createQueue(name: string): string;
  /** the Lambda event for the given messages (default: all), as an SQS event source mapping delivers it */
  lambdaEvent(messages?: SentMessage[]): { Records: LambdaSqsRecord[] };
  close(): Promise<void>;
}

const JSON_10 = "application/x-amz-json-1.0";

function awsError(type: string, message: string, status = 400) {
  return {
    status,
    headers: { "content-type": JSON_10, "x-amzn-query-error": `${type};Sender` },
    body: { __type: `com.amazonaws.sqs#${type}`, message },
  };
}

export async function startFakeSqs(): Promise<FakeSqs> {
  const queues = new Set<string>();
  const messages: SentMessage[] = [];
  const server = await startLoopbackServer((req) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    if (req.method !== "POST" || target !== "AmazonSQS.SendMessage") {
      return awsError("InvalidAction", `unexpected ${req.method} ${target}`);
    }
    const input = JSON.parse(req.body) as {
      QueueUrl?: string;
      MessageBody?: string;
      MessageAttributes?: SentMessage["attributes"];
    };
    const path = input.QueueUrl ? new URL(input.QueueUrl).pathname : "";
    if (!queues.has(path)) return awsError("QueueDoesNotExist", "The specified queue does not exist.");
    const body = input.MessageBody ?? "";
    const messageId = randomUUID();
    messages.push({ queueUrl: input.QueueUrl!, body, attributes: input.MessageAttributes ?? {}, messageId });
    return {
      headers: { "content-type": JSON_10 },
      body: { MessageId: messageId, MD5OfMessageBody: createHash("md5").update(body).digest("hex") },
    };
  });
  return {
    server,
    endpoint: server.url,
    messages,
    createQueue(name) {
      queues.add(`/000000000000/${name}`);
      return `${server.url}/000000000000/${name}`;
    },
    lambdaEvent(selected = messages) {
      return {
        Records: selected.map((m) => ({
          messageId: m.messageId,
          receiptHandle: `handle-${m.messageId}`,
          body: m.body,
          attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(Date.now()) },
          messageAttributes: Object.fromEntries(
            Object.entries(m.attributes).map(([k, v]) => [
              k,
              {
                stringValue: v.StringValue,
                stringListValues: [],
                binaryListValues: [],
                dataType: v.DataType,
              },
            ]),
          ),
          md5OfBody: createHash("md5").update(m.body).digest("hex"),
          eventSource: "aws:sqs",
          eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:queue",
          awsRegion: "us-east-1",
        })),
      };
    },
    close: () => server.close(),
  };
}
