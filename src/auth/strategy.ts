/**
 * How the proxy authenticates to its source (api-mode spec 5): one strategy per deployment, chosen by
 * SOURCE_AUTH_STRATEGY_IDENTIFIER. A strategy turns configuration and secrets into request headers (and,
 * for windsurf, a body field); it never logs them.
 */
import type { CognitoIdentityClient } from "@aws-sdk/client-cognito-identity";
import type { GoogleAuthOptions } from "google-auth-library";
import type { ConfigService } from "../config/types.js";

export interface AuthRequestContext {
  /** X-Psoxy-User-To-Impersonate, tokens already reversed (only some strategies use it) */
  userToImpersonate?: string;
}

export interface UnauthorizedContext extends AuthRequestContext {
  /** the credential headers the source answered 401 to */
  rejected: Record<string, string>;
}

/** The outbound body as the gateway built it (tokens already reversed). */
export interface OutboundBody {
  method: string;
  /** undefined = no body */
  body: string | undefined;
  /** the Content-Type sent with the body; undefined when there is none */
  contentType: string | undefined;
}

export interface AuthStrategy {
  /** the SOURCE_AUTH_STRATEGY_IDENTIFIER value */
  readonly id: string;
  /** properties the health check reports as missing when neither config nor secrets hold them */
  readonly requiredProperties: string[];
  /**
   * Headers to add to the source request. Throws `AuthError` (missing secret, token endpoint failure),
   * `ConfigError` (config store unreachable), or another error (a generic 500: malformed key, lock
   * never acquired).
   */
  headers(ctx: AuthRequestContext): Promise<Record<string, string>>;
  /**
   * Called once when the source answers 401: drop the rejected credentials and return true to have
   * the request re-sent once with fresh ones, or false when refreshing cannot help.
   */
  onUnauthorized?(ctx: UnauthorizedContext): Promise<boolean>;
  /**
   * Strategies that carry the credential in the request body (windsurf_service_key, spec 5.12): the
   * body and Content-Type to send instead. Same errors as `headers`.
   */
  rewriteBody?(outbound: OutboundBody): Promise<{ body: string; contentType: string }>;
  /** Releases connections (token endpoint pool). */
  close?(): Promise<void>;
}

/** Structured logger (pino-compatible subset); strategies pass names and outcomes, never values. */
export interface AuthLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentAuthLogger: AuthLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** How token endpoints are called: the settings of the proxy's shared HTTP client (spec 5 notes). */
export interface TokenHttpSettings {
  /** User-Agent (the configured one; default a plain `Psoxy`) */
  userAgent?: string;
  /** TLS_VERSION as the maximum; TLS 1.2 is always the minimum */
  tlsMaxVersion?: "TLSv1.2" | "TLSv1.3";
  /** extra trusted CA (PEM), as for the source */
  ca?: string | Buffer;
}

/** Clock, sleeps, randomness and endpoints: defaults are the reference's; tests and embedders override. */
export interface AuthOptions {
  /** epoch millis; default Date.now */
  clock?: () => number;
  /** default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** uniform in [0, 1); default Math.random */
  random?: () => number;
  /** connect and read timeout of token endpoint calls; default 20 s (the reference's library default) */
  tokenTimeoutMs?: number;
  /** workload_identity_federation on AWS: the Cognito Identity client, or how to build it */
  cognito?: {
    client?: CognitoIdentityClient;
    endpoint?: string;
    region?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    maxAttempts?: number;
  };
  /**
   * workload_identity_federation on GCP: base URL of the metadata server; default
   * `http://$GCE_METADATA_HOST` when that is set, else `http://metadata.google.internal`.
   */
  gcpMetadataBaseUrl?: string;
  /** gcp_service_account_key without a key: options for Application Default Credentials */
  googleAuth?: GoogleAuthOptions;
}

export interface AuthStrategyDeps {
  config: ConfigService;
  logger?: AuthLogger;
  /** where the proxy runs: decides where workload_identity_federation gets its external token */
  platform?: "node" | "aws" | "gcp";
  http?: TokenHttpSettings;
  options?: AuthOptions;
}
