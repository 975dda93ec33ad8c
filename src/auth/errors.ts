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

/**
 * A setting or key that is present but unusable (malformed SERVICE_ACCOUNT_KEY, unknown
 * CREDENTIALS_FLOW in remote config, windsurf body that is not a JSON object): the platform's generic
 * 500, as in the reference. The message names the property, never its value.
 */
export class InvalidAuthConfigError extends Error {
  readonly code = "INVALID_AUTH_CONFIG";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidAuthConfigError";
  }
}

/**
 * The OAUTH_REFRESH_TOKEN lock stayed held by another instance through every attempt (spec 5.2 step 4):
 * a generic 500; the caller retries later.
 */
export class RefreshLockUnavailableError extends Error {
  readonly code = "TOKEN_REFRESH_LOCK_UNAVAILABLE";
  constructor(attempts: number) {
    super(
      `Failed to refresh token after ${attempts} attempts: the OAUTH_REFRESH_TOKEN lock was held by another instance`,
    );
    this.name = "RefreshLockUnavailableError";
  }
}

/**
 * The request body cannot carry the credential (windsurf_service_key: not an `application/json` object):
 * the platform's generic 500, as in the reference.
 */
export class UnsupportedRequestBodyError extends Error {
  readonly code = "UNSUPPORTED_REQUEST_BODY";
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedRequestBodyError";
  }
}
