/**
 * The async processing context (api-mode spec 1.12): what the sync leg answers with 202 and sends along
 * with the queued request, and what the async leg reads back to keep the request's id and arrival time.
 * Serialized as the reference's Jackson does it: field order `requestId, requestReceivedAt, async,
 * asyncOutputLocation, rawOutputKey`, null fields left out, timestamps as `Instant.toString()` (ISO-8601
 * UTC, fraction only when non-zero).
 */
import { PREFER_HEADER } from "./control-headers.js";
import { dayStamp } from "./side-outputs.js";

export interface ProcessingContext {
  requestId: string;
  requestReceivedAt: Date;
  async: boolean;
  /** `ASYNC_OUTPUT_DESTINATION/<yyyyMMdd>/<requestId>`; undefined when no destination is configured */
  asyncOutputLocation?: string;
  /** `<yyyyMMdd>/<requestId>`, only when SIDE_OUTPUT_ORIGINAL is configured */
  rawOutputKey?: string;
}

/** The thrown error for a queued message that carries no usable processing context. */
export class AsyncMessageError extends Error {
  readonly code = "ASYNC_MESSAGE_INVALID";
  constructor(message: string) {
    super(message);
    this.name = "AsyncMessageError";
  }
}

/** `Prefer: respond-async`, the whole value, any case; `respond-async, wait=5` is not it (spec 1.12). */
export function isAsyncRequested(headers: Headers): boolean {
  const prefer = headers.get(PREFER_HEADER);
  return prefer !== null && prefer.trim().toLowerCase() === "respond-async";
}

/**
 * A request id usable as the last segment of an object key: no `/`, no dot-segments. Ids come from the
 * platform (Lambda request ids, UUIDs) or, on the async leg, from a queued message.
 */
export function isSafeRequestId(id: string): boolean {
  return /^[A-Za-z0-9._:=+-]{1,200}$/.test(id) && id !== "." && id !== "..";
}

/** The async output location of a request: the destination (without trailing `/`) + `/<yyyyMMdd>/<id>`. */
export function asyncOutputLocation(destination: string, receivedAt: Date, requestId: string): string {
  return `${destination.trim().replace(/\/+$/, "")}/${dayStamp(receivedAt)}/${requestId}`;
}

export function createProcessingContext(input: {
  requestId: string;
  receivedAt: Date;
  /** ASYNC_OUTPUT_DESTINATION */
  asyncOutputDestination?: string;
  /** SIDE_OUTPUT_ORIGINAL is configured */
  rawSideOutput: boolean;
}): ProcessingContext {
  const context: ProcessingContext = {
    requestId: input.requestId,
    requestReceivedAt: input.receivedAt,
    async: true,
  };
  const destination = input.asyncOutputDestination;
  if (destination !== undefined && destination.trim() !== "") {
    context.asyncOutputLocation = asyncOutputLocation(destination, input.receivedAt, input.requestId);
  }
  if (input.rawSideOutput) context.rawOutputKey = `${dayStamp(input.receivedAt)}/${input.requestId}`;
  return context;
}

/** Java's `Instant.toString()` for a millisecond instant: `2024-01-02T03:04:05Z`, `…05.120Z`. */
export function javaInstant(d: Date): string {
  const iso = d.toISOString();
  return d.getUTCMilliseconds() === 0 ? `${iso.slice(0, 19)}Z` : iso;
}

/** The context as JSON, in the reference's field order, null fields omitted. */
export function processingContextJson(c: ProcessingContext): string {
  const out: Record<string, unknown> = {
    requestId: c.requestId,
    requestReceivedAt: javaInstant(c.requestReceivedAt),
    async: c.async,
  };
  if (c.asyncOutputLocation !== undefined) out.asyncOutputLocation = c.asyncOutputLocation;
  if (c.rawOutputKey !== undefined) out.rawOutputKey = c.rawOutputKey;
  return JSON.stringify(out);
}

/**
 * Reads a queued message's context; throws AsyncMessageError when it is not a usable async context.
 * Timestamps may be ISO-8601 strings or epoch seconds (Jackson's numeric form).
 */
export function parseProcessingContext(json: string | undefined | null): ProcessingContext {
  if (json === undefined || json === null || json.trim() === "") {
    throw new AsyncMessageError("the queued request has no processingContext");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new AsyncMessageError("the queued request's processingContext is not JSON");
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new AsyncMessageError("the queued request's processingContext is not a JSON object");
  }
  const o = raw as Record<string, unknown>;
  const requestId = o.requestId;
  if (typeof requestId !== "string" || !isSafeRequestId(requestId)) {
    throw new AsyncMessageError("processingContext.requestId is missing or not a plain id");
  }
  const at = o.requestReceivedAt;
  const receivedAt =
    typeof at === "string" ? new Date(at) : typeof at === "number" ? new Date(at * 1000) : undefined;
  if (receivedAt === undefined || Number.isNaN(receivedAt.getTime())) {
    throw new AsyncMessageError("processingContext.requestReceivedAt is missing or not a timestamp");
  }
  if (o.async !== true) throw new AsyncMessageError("processingContext.async is not true");
  const context: ProcessingContext = { requestId, requestReceivedAt: receivedAt, async: true };
  if (typeof o.asyncOutputLocation === "string") context.asyncOutputLocation = o.asyncOutputLocation;
  if (typeof o.rawOutputKey === "string") context.rawOutputKey = o.rawOutputKey;
  return context;
}
