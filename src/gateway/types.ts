/**
 * Contract between the API-mode gateway and the platform hosts. The gateway is a function from a
 * web-standard Request to a Response; hosts (node server, AWS Lambda, GCP Cloud Functions) translate
 * their platform's events into this and back, and hold no business logic.
 */
import type { ProcessingContext } from "./async-context.js";
import type { GatewayReply } from "./reply.js";
export interface RequestContext {
  /** Caller IP as the platform reports it (undefined = unknown). */
  clientIp?: string;
  /** Platform-derived: the request arrived over HTTPS (from X-Forwarded-Proto or the platform). */
  isHttps?: boolean;
  /** The platform's id of the request (Lambda `requestContext.requestId`); default a random UUID. */
  requestId?: string;
  /** When the platform received the request (Lambda `timeEpoch`); default the gateway's clock. */
  receivedAt?: Date;
  /**
   * What goes on the queue when the client asks for async processing (api-mode spec 6.2, 6.4): a
   * JSON-serializable value from which the async leg rebuilds this request (the original Lambda event
   * on AWS, the request DTO on GCP). Set by hosts whose platform can queue requests.
   */
  asyncMessage?: () => unknown;
  /** Set on the async leg only: the processing context that travelled with the queued request. */
  processing?: ProcessingContext;
}

export interface Gateway {
  handle(request: Request, context?: RequestContext): Promise<Response>;
  /**
   * Same as `handle` (same log line, same errors), but a source answer may come back as a
   * `GatewayReply` that is not yet a web Response, for hosts that write the reply themselves.
   */
  respond?(request: Request, context?: RequestContext): Promise<Response | GatewayReply>;
}

/** Structured logger (pino-compatible subset). Never pass secret or unsanitized values to it. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
