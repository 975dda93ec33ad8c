/**
 * Contract between the API-mode gateway and the platform hosts. The gateway is a function from a
 * web-standard Request to a Response; hosts (node server, AWS Lambda, GCP Cloud Functions) translate
 * their platform's events into this and back, and hold no business logic.
 */
export interface RequestContext {
  /** Caller IP as the platform reports it (undefined = unknown). */
  clientIp?: string;
  /** Platform-derived: the request arrived over HTTPS (from X-Forwarded-Proto or the platform). */
  isHttps?: boolean;
}

export interface Gateway {
  handle(request: Request, context?: RequestContext): Promise<Response>;
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
