/**
 * Side outputs to queues (api-mode spec 1.15, 6.7): SIDE_OUTPUT_ORIGINAL / SIDE_OUTPUT_SANITIZED may
 * name an SQS queue or a Pub/Sub topic instead of a bucket. Each write sends one message: the content
 * gzip-compressed (all API-mode outputs are gzip), with the output's metadata as message attributes.
 * How the gzip bytes and the metadata are laid out in a message is the queue client's business
 * (side-output-sqs.ts, side-output-pubsub.ts), because each service has its own limits.
 *
 * The queue clients are given by the host (`GatewayOptions.sideOutputQueues`), like the async
 * dispatcher: the Lambda bundle carries only the SQS one, the Cloud Function only the Pub/Sub one, the
 * node server both. As for a bucket, a failed send never fails the request: the write resolves to false
 * and the response gets `X-Psoxy-Warning: SIDE_OUTPUT_FAILURE_SANITIZED`. Every send has a deadline, so
 * a queue that does not answer delays the response by at most that much.
 *
 * Accepted locations:
 * - SQS: `https://sqs.<region>.amazonaws.com/<account>/<queue>` (also `.amazonaws.com.cn`, `sqs-fips.`,
 *   VPC endpoint hosts `vpce-….sqs.<region>.vpce.amazonaws.com`, other `https://sqs.<region>.…` hosts
 *   such as LocalStack's), and the legacy `https://<region>.queue.amazonaws.com/<account>/<queue>` and
 *   `https://queue.amazonaws.com/<account>/<queue>` (us-east-1). The region for signing is the URL's.
 * - Pub/Sub: `https://pubsub.googleapis.com/v1/projects/<p>/topics/<t>` (`/v1` optional; locational
 *   endpoints `https://<location>-pubsub.googleapis.com/…` are used as such) and `projects/<p>/topics/<t>`.
 */
import { createHash, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { dayStamp, type SideOutputWriter } from "./side-outputs.js";
import type { Logger } from "./types.js";

const gzipAsync = promisify(gzip);

export type QueueKind = "sqs" | "pubsub";

export interface SqsQueueLocation {
  kind: "sqs";
  /** the queue URL, as configured */
  queueUrl: string;
  /** from the URL's host, when it names one */
  region?: string;
  /** a FIFO queue (`.fifo`): messages need a group id and a deduplication id */
  fifo: boolean;
}

export interface PubSubTopicLocation {
  kind: "pubsub";
  /** `projects/<p>/topics/<t>` */
  topic: string;
  /** a locational endpoint named by the URL (`https://<location>-pubsub.googleapis.com`), if any */
  endpoint?: string;
}

export type QueueLocation = SqsQueueLocation | PubSubTopicLocation;

export const QUEUE_LABEL: Record<QueueKind, string> = { sqs: "SQS", pubsub: "Pub/Sub" };

/** One side-output message, before the queue client lays it out. */
export interface QueueMessage {
  /** the content, gzip-compressed */
  gzip: Buffer;
  /** media type of the content before compression */
  contentType: string;
  /** the output's metadata (spec 6.7) */
  metadata: Record<string, string>;
  /** what the object key of a bucket output would be: `<yyyyMMdd>/<requestId>` */
  key: string;
  /** unique per request and output (FIFO deduplication id): 64 hex characters */
  id: string;
  /** aborts the send when the write's deadline has passed */
  signal: AbortSignal;
}

/** A queue client for side outputs. */
export interface QueueSender {
  readonly kind: QueueKind;
  /** Sends one message; rejects when it was not accepted. */
  send(location: QueueLocation, message: QueueMessage): Promise<void>;
}

/** Queue clients by kind, each loaded on first use. */
export type SideOutputQueues = Partial<Record<QueueKind, () => Promise<QueueSender>>>;

/** A failure the queue clients detect themselves; its message names no content and may be logged. */
export class SideOutputQueueError extends Error {
  readonly code = "SIDE_OUTPUT_QUEUE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SideOutputQueueError";
  }
}

/** Message attribute names shared by both queue kinds. */
export const ATTRIBUTE = {
  contentType: "Content-Type",
  contentEncoding: "Content-Encoding",
  /** `<yyyyMMdd>/<requestId>`: the same for the raw and the sanitized output of one request */
  outputKey: "Psoxy-Output-Key",
} as const;

const SQS_PATH = /^\/(\d{12})\/([A-Za-z0-9_-]{1,75}(?:\.fifo)?|[A-Za-z0-9_-]{1,80})$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const TOPIC = /^projects\/[^/\s]+\/topics\/[^/\s]+$/;

const region = (r: string | undefined) => (r !== undefined && AWS_REGION.test(r) ? r : undefined);

/** The region of an SQS host, undefined when the host is not an SQS host at all. */
function sqsHost(host: string): { region?: string } | undefined {
  let m = /^sqs(?:-fips)?\.([a-z0-9-]+)\./.exec(host);
  if (m) return { region: region(m[1]) };
  m = /^([a-z0-9-]+)\.queue\.amazonaws\.com(?:\.cn)?$/.exec(host);
  if (m) return { region: region(m[1]) };
  if (host === "queue.amazonaws.com") return { region: "us-east-1" };
  m = /\.sqs\.([a-z0-9-]+)\.vpce\.amazonaws\.com$/.exec(host);
  if (m) return { region: region(m[1]) };
  return undefined;
}

/**
 * A queue side-output location, or undefined when the URI names no queue (a bucket, say). Throws an
 * Error saying what is expected when the URI is meant as a queue but malformed.
 */
export function parseQueueLocation(uri: string): QueueLocation | undefined {
  const s = uri.trim();
  if (s.startsWith("projects/")) {
    if (!TOPIC.test(s))
      throw new Error(`"${s}" is not a Pub/Sub topic: use projects/<project>/topics/<topic>`);
    return { kind: "pubsub", topic: s };
  }
  if (!/^https:\/\//i.test(s) || !URL.canParse(s)) return undefined;
  const url = new URL(s);
  const host = url.hostname.toLowerCase();
  const extra = url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "";
  if (host === "pubsub.googleapis.com" || /^[a-z0-9-]+-pubsub\.googleapis\.com$/.test(host)) {
    const topic = url.pathname.replace(/^\/(?:v1\/)?/, "");
    if (extra || !TOPIC.test(topic)) {
      throw new Error(
        `"${s}" is not a Pub/Sub topic: use https://pubsub.googleapis.com/v1/projects/<project>/topics/<topic>`,
      );
    }
    return host === "pubsub.googleapis.com" && url.port === ""
      ? { kind: "pubsub", topic }
      : { kind: "pubsub", topic, endpoint: url.origin };
  }
  const sqs = sqsHost(host);
  if (!sqs) return undefined;
  const m = SQS_PATH.exec(url.pathname);
  if (extra || !m) {
    throw new Error(
      `"${s}" is not an SQS queue URL: use https://sqs.<region>.amazonaws.com/<account>/<queue>`,
    );
  }
  const location: SqsQueueLocation = { kind: "sqs", queueUrl: s, fifo: m[2].endsWith(".fifo") };
  if (sqs.region) location.region = sqs.region;
  return location;
}

/** Deadline of one write, retries included (ms). */
export const SIDE_OUTPUT_QUEUE_DEADLINE_MS = 15_000;

export interface QueueSideOutputOptions {
  /** the setting, for logs and to tell the raw and the sanitized output apart */
  name: string;
  logger?: Logger;
  /** default SIDE_OUTPUT_QUEUE_DEADLINE_MS */
  deadlineMs?: number;
}

/** A side output that sends one message per write to a queue. */
export class QueueSideOutput implements SideOutputWriter {
  constructor(
    readonly location: QueueLocation,
    private readonly sender: QueueSender,
    private readonly options: QueueSideOutputOptions,
  ) {}

  /** Sends one message; resolves to false (never throws) when it was not sent. */
  async write(
    body: Buffer | string,
    metadata: Record<string, string>,
    now: Date,
    requestId: string = randomUUID(),
  ): Promise<boolean> {
    const deadline = AbortSignal.timeout(this.options.deadlineMs ?? SIDE_OUTPUT_QUEUE_DEADLINE_MS);
    try {
      const key = `${dayStamp(now)}/${requestId}`;
      const message: QueueMessage = {
        gzip: await gzipAsync(typeof body === "string" ? Buffer.from(body, "utf8") : body),
        contentType: "application/json",
        metadata,
        key,
        id: createHash("sha256").update(`${this.options.name}\n${key}`).digest("hex"),
        signal: deadline,
      };
      await untilAborted(this.sender.send(this.location, message), deadline);
      return true;
    } catch (e) {
      this.options.logger?.warn(
        { sideOutput: this.options.name, queue: QUEUE_LABEL[this.location.kind], reason: failureReason(e) },
        "side output message not sent",
      );
      return false;
    }
  }
}

/** The promise, or a rejection once the signal aborts (in case a client does not honour it). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** What may be logged about a failed send: our own messages, else names, codes and HTTP statuses. */
export function failureReason(e: unknown): string {
  if (e instanceof SideOutputQueueError) return e.message;
  if (!(e instanceof Error)) return typeof e;
  const parts = [e.name];
  const code = (e as { code?: unknown }).code ?? (e.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") parts.push(`(${code})`);
  const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (typeof status === "number") parts.push(`HTTP ${status}`);
  return parts.join(" ");
}
