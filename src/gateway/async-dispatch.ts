/**
 * Step 12 (api-mode spec 1.12): a request with `Prefer: respond-async` is not sent to the source; it is
 * handed to the platform's queue (SQS on AWS, Pub/Sub on GCP, §6.2 / §6.4) together with its processing
 * context, and the client gets 202 with that context as JSON and `Location: <asyncOutputLocation>`,
 * where the async leg will write the sanitized result. Any failure, a queue that is not configured
 * included, is 500 `ASYNC_HANDLER_DISPATCH`, body `Error processing side output only request: <message>`.
 * The queue clients themselves live in async-sqs.ts and async-pubsub.ts and are given by the host, so a
 * Lambda bundle never loads the Pub/Sub code and a Cloud Function never loads the AWS SDK.
 */
import type { ConfigService } from "../config/types.js";
import { createProcessingContext, type ProcessingContext, processingContextJson } from "./async-context.js";
import { GatewayError, plainResponse } from "./gateway-error.js";
import type { GatewayPlatform } from "./gateway-options.js";
import type { Logger, RequestContext } from "./types.js";

export const ASYNC_DISPATCH_BODY_PREFIX = "Error processing side output only request: ";

/** What one queued request carries. */
export interface AsyncQueueMessage {
  /** the queue: ASYNC_API_REQUEST_QUEUE_URL / ASYNC_PUB_SUB_QUEUE */
  queue: string;
  /** the host's message (the Lambda event, the request DTO); sent as JSON */
  message: unknown;
  /** the processing context JSON, sent as the `processingContext` attribute */
  processingContext: string;
}

/** A platform queue client. */
export interface AsyncDispatcher {
  /** the setting naming the queue (read as config: env, then the remote store) */
  readonly queueProperty: string;
  /** Sends one message; rejects with an Error whose message may be shown to the client. */
  send(message: AsyncQueueMessage): Promise<void>;
}

/** A queue client's failure: the message is what the client sees (the reference's text), the cause is logged. */
export class AsyncQueueError extends Error {
  readonly code = "ASYNC_QUEUE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AsyncQueueError";
  }
}

/** The queue setting of each platform (spec 4.4), for the message when no dispatcher is wired. */
const QUEUE_PROPERTY: Record<GatewayPlatform, string | undefined> = {
  aws: "ASYNC_API_REQUEST_QUEUE_URL",
  gcp: "ASYNC_PUB_SUB_QUEUE",
  node: undefined,
};

export interface AsyncDispatchOptions {
  config: ConfigService;
  platform: GatewayPlatform;
  logger: Logger;
  dispatcher?: AsyncDispatcher;
}

export class AsyncDispatch {
  constructor(private readonly options: AsyncDispatchOptions) {}

  /** The context the sync leg hands over (spec 1.12). */
  processingContext(requestId: string, receivedAt: Date): ProcessingContext {
    const env = this.options.config.env;
    return createProcessingContext({
      requestId,
      receivedAt,
      asyncOutputDestination: env.ASYNC_OUTPUT_DESTINATION,
      rawSideOutput: (env.SIDE_OUTPUT_ORIGINAL ?? "").trim() !== "",
    });
  }

  /** Queues the request: 202 with the context, or throws 500 ASYNC_HANDLER_DISPATCH. */
  async dispatch(context: RequestContext, requestId: string, receivedAt: Date): Promise<Response> {
    const processing = this.processingContext(requestId, receivedAt);
    const json = processingContextJson(processing);
    try {
      await this.send(context, json);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const cause = (e as { cause?: unknown }).cause;
      this.options.logger.warn(
        {
          requestId,
          errorName: e instanceof Error ? e.name : typeof e,
          ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}),
        },
        "Failure to dispatch async processing of request",
      );
      throw new GatewayError(500, "ASYNC_HANDLER_DISPATCH", `${ASYNC_DISPATCH_BODY_PREFIX}${message}`);
    }
    this.options.logger.info({ requestId }, "Requested for async processing");
    const headers = new Headers();
    if (processing.asyncOutputLocation !== undefined) headers.set("Location", processing.asyncOutputLocation);
    return plainResponse(202, json, headers);
  }

  private async send(context: RequestContext, processingContext: string): Promise<void> {
    const { config, dispatcher, platform } = this.options;
    const property = dispatcher?.queueProperty ?? QUEUE_PROPERTY[platform];
    if (property === undefined) throw new Error("async processing is not available on this host");
    const queue = (await config.getConfig(property))?.trim();
    if (!queue) throw new Error(`Missing config. no value for ${property}`);
    if (!dispatcher) throw new Error("async processing is not available on this host");
    if (!context.asyncMessage) throw new Error("this host cannot queue requests");
    await dispatcher.send({ queue, message: context.asyncMessage(), processingContext });
  }
}
