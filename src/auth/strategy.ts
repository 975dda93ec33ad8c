/**
 * How the proxy authenticates to its source (api-mode spec 5): one strategy per deployment, chosen by
 * SOURCE_AUTH_STRATEGY_IDENTIFIER. A strategy turns configuration and secrets into request headers;
 * it never logs them.
 */
import type { ConfigService } from "../config/types.js";

export interface AuthRequestContext {
  /** X-Psoxy-User-To-Impersonate, tokens already reversed (only some strategies use it) */
  userToImpersonate?: string;
}

export interface AuthStrategy {
  /** the SOURCE_AUTH_STRATEGY_IDENTIFIER value */
  readonly id: string;
  /** properties the health check reports as missing when neither config nor secrets hold them */
  readonly requiredProperties: string[];
  /**
   * Headers to add to the source request. Throws `AuthError` (missing secret, token endpoint failure) or
   * `ConfigError` (config store unreachable).
   */
  headers(ctx: AuthRequestContext): Promise<Record<string, string>>;
  /**
   * Called once when the source answers 401: refresh credentials and return true to have the request
   * re-sent once, or false when refreshing cannot help.
   */
  onUnauthorized?(): Promise<boolean>;
}

export interface AuthStrategyDeps {
  config: ConfigService;
}
