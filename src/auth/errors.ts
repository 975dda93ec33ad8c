/**
 * Failures obtaining source credentials; `code` is the `X-Psoxy-Error` the gateway answers with
 * (api-mode spec 1.11). Messages name properties, never values.
 */

export abstract class AuthError extends Error {
  abstract readonly code: "CONNECTION_SETUP" | "NETWORK_EGRESS_BLOCKED";
}

/** A required secret or setting is not configured: 500 CONNECTION_SETUP, empty body. */
export class MissingAuthConfigError extends AuthError {
  readonly code = "CONNECTION_SETUP";
  constructor(readonly property: string) {
    super(`${property} is not configured; store it in the secret store for this instance`);
    this.name = "MissingAuthConfigError";
  }
}

/** Credentials could not be obtained (token endpoint error, unusable key...): 500 CONNECTION_SETUP. */
export class TokenRequestError extends AuthError {
  readonly code = "CONNECTION_SETUP";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TokenRequestError";
  }
}

/** The token endpoint timed out: 502 NETWORK_EGRESS_BLOCKED. */
export class TokenEndpointTimeoutError extends AuthError {
  readonly code = "NETWORK_EGRESS_BLOCKED";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TokenEndpointTimeoutError";
  }
}

/** SOURCE_AUTH_STRATEGY_IDENTIFIER is missing or names no strategy this build supports (startup problem). */
export class UnknownAuthStrategyError extends Error {
  readonly code = "UNKNOWN_AUTH_STRATEGY";
  constructor(message: string) {
    super(message);
    this.name = "UnknownAuthStrategyError";
  }
}
