/**
 * The AWS async leg (api-mode spec 6.1 hybrid handler, 6.2): an SQS batch of requests that were queued
 * by `Prefer: respond-async`. Each record's body is the original Lambda HTTP event and its
 * `processingContext` attribute the context of spec 1.12; the event is translated like a live one and
 * run through the whole pipeline as the async leg (same request id and arrival time), which writes the
 * sanitized result to ASYNC_OUTPUT_DESTINATION. No response goes anywhere.
 * A record fails when its message is unusable or the pipeline answers 5xx (source unreachable, output
 * not written, ...); if any record failed the invocation throws, so SQS delivers the batch again (and,
 * after the queue's maxReceiveCount, moves it to the dead-letter queue). 4xx outcomes (blocked by rules,
 * a source 4xx) are final and only logged: redelivery would not change them. DEVIATION: the reference
 * counts only unparsable messages as failures. Records are processed concurrently, so a batch of slow
 * sources fits in one invocation's timeout.
 */
import { parseProcessingContext } from "../gateway/async-context.js";
import type { Gateway, Logger } from "../gateway/types.js";
import { eventKind, eventToRequest, type LambdaHttpEvent } from "./aws-lambda-events.js";
import { errorLogFields } from "./error-log.js";

export interface SqsMessageAttribute {
  stringValue?: string | null;
  dataType?: string;
}

export interface SqsRecord {
  messageId?: string;
  body: string;
  messageAttributes?: Record<string, SqsMessageAttribute | undefined> | null;
  eventSource?: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** Spec 6.1: an SQS event is one whose first record comes from `aws:sqs`. */
export function isSqsEvent(event: unknown): event is SqsEvent {
  const records = (event as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) && (records[0] as SqsRecord | undefined)?.eventSource === "aws:sqs";
}

export class AsyncBatchError extends Error {
  readonly code = "ASYNC_BATCH_FAILED";
  constructor(
    readonly failed: number,
    readonly total: number,
  ) {
    super(`Failed to process ${failed} of ${total} async API data requests`);
    this.name = "AsyncBatchError";
  }
}

/** Processes one SQS batch; throws AsyncBatchError when any record failed. */
export async function handleSqsBatch(
  event: SqsEvent,
  getGateway: () => Promise<Gateway>,
  /** read after the gateway exists (on a cold start the platform logger is created with it) */
  logger: () => Logger | undefined,
): Promise<void> {
  const outcomes = await Promise.allSettled(event.Records.map((r) => handleRecord(r, getGateway, logger)));
  const failed = outcomes.filter((o) => o.status === "rejected").length;
  logger()?.info({ total: outcomes.length, failed }, "processed async API data requests");
  if (failed > 0) throw new AsyncBatchError(failed, outcomes.length);
}

async function handleRecord(
  record: SqsRecord,
  getGateway: () => Promise<Gateway>,
  logger: () => Logger | undefined,
): Promise<void> {
  const fields: Record<string, unknown> = { messageId: record.messageId };
  try {
    const processing = parseProcessingContext(record.messageAttributes?.processingContext?.stringValue);
    fields.requestId = processing.requestId;
    let inner: unknown;
    try {
      inner = JSON.parse(record.body);
    } catch {
      throw new Error("the SQS message body is not JSON");
    }
    const kind = eventKind(inner);
    const { request, context } = eventToRequest(inner as LambdaHttpEvent, kind);
    const gateway = await getGateway();
    const response = await gateway.handle(request, { ...context, processing });
    await response.body?.cancel();
    fields.status = response.status;
    const error = response.headers.get("X-Psoxy-Error");
    if (error !== null) fields.error = error;
    if (response.status >= 500) throw new Error(`the async leg answered ${response.status}`);
    if (response.status >= 300) logger()?.warn(fields, "async API data request ended without output");
    else logger()?.info(fields, "processed async API data request");
  } catch (e) {
    logger()?.warn({ ...errorLogFields(e), ...fields }, "Error processing async API data request");
    throw e;
  }
}
