/**
 * SQS side outputs (api-mode spec 6.7, `https://sqs…`): one `SendMessage` per write, AWS SDK v3 SQS
 * client loaded on first use (as in async-sqs.ts; the Lambda bundle includes it, the Cloud Function
 * bundle never imports this file). The message:
 *
 * - body: the gzip bytes of the content, base64 (SQS bodies are text);
 * - String attributes, always these five, whatever the metadata:
 *   - `Content-Type`: `application/json` (of the content before compression),
 *   - `Content-Encoding`: `gzip`,
 *   - `Content-Transfer-Encoding`: `base64` (of the body),
 *   - `Psoxy-Output-Key`: `<yyyyMMdd>/<requestId>`, the key a bucket output would have (pairs the raw
 *     and the sanitized message of one request),
 *   - `Psoxy-Metadata`: the output's metadata (spec 6.7) as one JSON object `{"<name>": "<value>"}`.
 *
 * Why the metadata is one JSON attribute rather than one attribute per entry: SQS allows at most 10
 * attributes per message, and sanitized-output metadata has seven fixed entries plus one per forwarded
 * request header, so most messages would not fit; SQS also rejects empty values (an empty
 * QUERY_STRING) and restricts names to `[A-Za-z0-9_.-]` (header names may hold other characters).
 * A single JSON attribute carries every entry unchanged, and consumers read one layout for every
 * message instead of two. Values keep their characters (JSON escapes); U+FFFE / U+FFFF, which SQS
 * refuses, are written as JSON escapes.
 *
 * Size: SQS counts the body plus every attribute's name, type and value against the queue's maximum
 * message size (262,144 bytes by default, 1 MiB at most); a larger message is refused here, before
 * sending, and the write fails like any other. `maxMessageBytes` raises the bound for queues that
 * allow more. FIFO queues (`.fifo`) get a fixed message group and a deduplication id unique per
 * request and output.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { type AwsClientOptions, sdkClientConfig } from "../config/aws-common.js";
import {
  ATTRIBUTE,
  type QueueLocation,
  type QueueMessage,
  type QueueSender,
  SideOutputQueueError,
} from "./side-output-queue.js";

/** The default (and most common) SQS maximum message size. */
export const SQS_MAX_MESSAGE_BYTES = 256 * 1024;
/** SQS's limit of message attributes per message. */
export const SQS_MAX_ATTRIBUTES = 10;
export const SQS_METADATA_ATTRIBUTE = "Psoxy-Metadata";
export const SQS_TRANSFER_ENCODING_ATTRIBUTE = "Content-Transfer-Encoding";
export const SQS_MESSAGE_GROUP_ID = "psoxy-side-output";

export interface SqsSideOutputOptions extends AwsClientOptions {
  /** A ready client (overrides endpoint, region, credentials). */
  client?: SQSClient;
  /** default SQS_MAX_MESSAGE_BYTES */
  maxMessageBytes?: number;
  /** for AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL; default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The endpoint: the option, else the SDK's endpoint variables. They are passed on explicitly because
 * the SDK, given only the environment, sends to the queue URL's host (its `useQueueUrlAsEndpoint`),
 * so a LocalStack or other SQS-compatible endpoint would be ignored for an `https://sqs.…` queue URL.
 */
function configuredEndpoint(options: SqsSideOutputOptions): string | undefined {
  if (options.endpoint) return options.endpoint;
  const env = options.env ?? process.env;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.trim().toLowerCase() === "true") return undefined;
  return env.AWS_ENDPOINT_URL_SQS?.trim() || env.AWS_ENDPOINT_URL?.trim() || undefined;
}

export interface SqsSideOutputMessage {
  MessageBody: string;
  MessageAttributes: Record<string, { DataType: "String"; StringValue: string }>;
  /** bytes SQS counts against the maximum message size */
  size: number;
}

/** The SQS layout of a side-output message (see the header). */
export function sqsSideOutputMessage(m: Pick<QueueMessage, "gzip" | "contentType" | "metadata" | "key">) {
  const attributes: Record<string, string> = {
    [ATTRIBUTE.contentType]: m.contentType,
    [ATTRIBUTE.contentEncoding]: "gzip",
    [SQS_TRANSFER_ENCODING_ATTRIBUTE]: "base64",
    [ATTRIBUTE.outputKey]: m.key,
    [SQS_METADATA_ATTRIBUTE]: JSON.stringify(m.metadata).replace(
      /[\uFFFE\uFFFF]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16)}`,
    ),
  };
  const body = m.gzip.toString("base64");
  let size = Buffer.byteLength(body);
  const MessageAttributes: SqsSideOutputMessage["MessageAttributes"] = {};
  for (const [name, value] of Object.entries(attributes)) {
    MessageAttributes[name] = { DataType: "String", StringValue: value };
    size += Buffer.byteLength(name) + "String".length + Buffer.byteLength(value);
  }
  return { MessageBody: body, MessageAttributes, size } satisfies SqsSideOutputMessage;
}

type SqsModule = typeof import("@aws-sdk/client-sqs");

export function createSqsSideOutputSender(options: SqsSideOutputOptions = {}): QueueSender {
  const maxBytes = options.maxMessageBytes ?? SQS_MAX_MESSAGE_BYTES;
  const endpoint = configuredEndpoint(options);
  let sdk: Promise<SqsModule> | undefined;
  // one client per signing region: a queue URL names its region, which need not be the function's
  const clients = new Map<string, SQSClient>();
  const clientFor = async (region: string | undefined): Promise<{ sqs: SQSClient; mod: SqsModule }> => {
    sdk ??= import("@aws-sdk/client-sqs");
    sdk.catch(() => {
      sdk = undefined;
    });
    const mod = await sdk;
    if (options.client) return { sqs: options.client, mod };
    const r = options.region ?? region;
    let sqs = clients.get(r ?? "");
    if (!sqs) {
      // one retry: the response waits for this send
      sqs = new mod.SQSClient(
        sdkClientConfig(
          { ...options, endpoint, region: r, requestTimeoutMs: options.requestTimeoutMs ?? 5_000 },
          2,
        ),
      );
      clients.set(r ?? "", sqs);
    }
    return { sqs, mod };
  };

  return {
    kind: "sqs",
    async send(location: QueueLocation, m: QueueMessage): Promise<void> {
      if (location.kind !== "sqs") throw new SideOutputQueueError("not an SQS queue");
      const message = sqsSideOutputMessage(m);
      if (message.size > maxBytes) {
        throw new SideOutputQueueError(
          `message of ${message.size} bytes exceeds the SQS maximum message size of ${maxBytes} bytes`,
        );
      }
      const { sqs, mod } = await clientFor(location.region);
      await sqs.send(
        new mod.SendMessageCommand({
          QueueUrl: location.queueUrl,
          MessageBody: message.MessageBody,
          MessageAttributes: message.MessageAttributes,
          ...(location.fifo ? { MessageGroupId: SQS_MESSAGE_GROUP_ID, MessageDeduplicationId: m.id } : {}),
        }),
        { abortSignal: m.signal },
      );
    },
  };
}
