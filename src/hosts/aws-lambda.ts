/**
 * AWS Lambda host for API mode: one handler for function URLs and API Gateway HTTP APIs (payload
 * 2.0) and API Gateway REST / payload 1.0 events (api-mode spec 6.1). It only translates the event
 * to a web Request, calls the gateway, and translates the Response back (with the compression of
 * 1.18). The gateway, and with it configuration and rules, is created on the first event of a cold
 * start and reused. The same handler is the async leg (the reference's hybrid handler, 6.1/6.2): an SQS
 * batch of requests queued with `Prefer: respond-async` (aws-sqs-leg.ts). On the sync leg the original
 * event is what gets queued.
 */
import type { Gateway, Logger } from "../gateway/types.js";
import { eventKind, eventToRequest, type LambdaHttpEvent } from "./aws-lambda-events.js";
import { buildLambdaResult, type LambdaResult, toLambdaResult } from "./aws-lambda-response.js";
import { handleSqsBatch, isSqsEvent, type SqsEvent } from "./aws-sqs-leg.js";
import { errorLogFields, errorName } from "./error-log.js";
import { type GatewayFactory, lazyGateway } from "./lazy-gateway.js";

export type { LambdaEventV1, LambdaEventV2, LambdaHttpEvent } from "./aws-lambda-events.js";
export type { LambdaResult } from "./aws-lambda-response.js";
export type { SqsEvent, SqsRecord } from "./aws-sqs-leg.js";

export interface LambdaHandler {
  /** An HTTP event (function URL, API Gateway payload 1.0 / 2.0). */
  (event: LambdaHttpEvent, context?: unknown): Promise<LambdaResult>;
  /** The async leg: an SQS batch of queued requests; rejects when any of them failed. */
  (event: SqsEvent, context?: unknown): Promise<void>;
}

export interface LambdaHandlerOptions {
  /** Creates the gateway; called once (again only after a failure). */
  gateway: GatewayFactory;
  /** Where unhandled exceptions are reported; defaults to the gateway factory's own logging. */
  logger?: Logger | (() => Logger | undefined);
}

export function createLambdaHandler(options: LambdaHandlerOptions): LambdaHandler {
  const getGateway = lazyGateway(options.gateway);
  const logger = () => (typeof options.logger === "function" ? options.logger() : options.logger);
  const handle = async (event: LambdaHttpEvent | SqsEvent): Promise<LambdaResult | undefined> => {
    if (isSqsEvent(event)) {
      await handleSqsBatch(event, getGateway, logger);
      return undefined;
    }
    // Not an HTTP event: throw, so that the platform records a failed invocation.
    const kind = eventKind(event);
    let acceptEncoding: string | null = null;
    try {
      const { request, context } = eventToRequest(event, kind);
      // 6.2: `Prefer: respond-async` queues the original event
      context.asyncMessage = () => event;
      acceptEncoding = request.headers.get("accept-encoding");
      const gateway: Gateway = await getGateway();
      const response = await gateway.handle(request, context);
      return await toLambdaResult(response, kind, acceptEncoding);
    } catch (e) {
      logger()?.error({ ...errorLogFields(e), requestId: requestIdOf(event) }, "unhandled exception");
      // 6.1.6 catch-all: 500, `X-Psoxy-Error: Unknown error`, body names the exception class.
      const headers = new Headers({ "x-psoxy-error": "Unknown error" });
      return buildLambdaResult(500, headers, `Unknown error: ${errorName(e)}`, kind, acceptEncoding);
    }
  };
  return handle as LambdaHandler;
}

function requestIdOf(event: LambdaHttpEvent): string | undefined {
  return event?.requestContext?.requestId;
}

let platformLogger: Logger | undefined;

/**
 * The deployed entry point (`dist/lambda/index.mjs` exports it as `handler`). Configuration comes from
 * the environment and SSM / Secrets Manager; the instance id is the function name.
 */
export const handler: LambdaHandler = createLambdaHandler({
  gateway: async () => {
    const { createPlatformGateway } = await import("./platform-gateway.js");
    const { createSqsDispatcher } = await import("../gateway/async-sqs.js");
    const { gateway, logger } = await createPlatformGateway({
      platform: "aws",
      env: process.env,
      instanceId: process.env.AWS_LAMBDA_FUNCTION_NAME,
      asyncDispatcher: createSqsDispatcher(),
      sideOutputQueues: {
        sqs: async () => (await import("../gateway/side-output-sqs.js")).createSqsSideOutputSender(),
      },
    });
    platformLogger = logger;
    return gateway;
  },
  logger: () => platformLogger ?? console,
});
