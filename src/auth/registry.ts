/** Chooses the auth strategy named by SOURCE_AUTH_STRATEGY_IDENTIFIER (api-mode spec 5). */
import { BASIC_AUTH, basicAuthStrategy } from "./basic-auth.js";
import { UnknownAuthStrategyError } from "./errors.js";
import { OAUTH2_ACCESS_TOKEN, oauth2AccessTokenStrategy } from "./oauth2-access-token.js";
import type { AuthStrategy, AuthStrategyDeps } from "./strategy.js";

const FACTORIES: Record<string, (deps: AuthStrategyDeps) => AuthStrategy> = {
  [OAUTH2_ACCESS_TOKEN]: oauth2AccessTokenStrategy,
  [BASIC_AUTH]: basicAuthStrategy,
};

/** Identifiers the reference knows but this build does not implement yet. */
const NOT_YET_SUPPORTED = new Set([
  "oauth2_refresh_token",
  "gcp_service_account_key",
  "claude_admin_api_key",
  "windsurf_service_key",
]);

export const SUPPORTED_AUTH_STRATEGIES: readonly string[] = Object.keys(FACTORIES);

/** The strategy for `identifier`; throws `UnknownAuthStrategyError` when there is none. */
export function createAuthStrategy(identifier: string | undefined, deps: AuthStrategyDeps): AuthStrategy {
  if (identifier === undefined || identifier.trim() === "") {
    throw new UnknownAuthStrategyError(
      `SOURCE_AUTH_STRATEGY_IDENTIFIER is not set; set it to one of ${SUPPORTED_AUTH_STRATEGIES.join(", ")}`,
    );
  }
  const factory = Object.hasOwn(FACTORIES, identifier) ? FACTORIES[identifier] : undefined;
  if (factory) return factory(deps);
  if (NOT_YET_SUPPORTED.has(identifier)) {
    throw new UnknownAuthStrategyError(
      `SOURCE_AUTH_STRATEGY_IDENTIFIER=${identifier} is not supported by this version yet; supported: ${SUPPORTED_AUTH_STRATEGIES.join(", ")}`,
    );
  }
  throw new UnknownAuthStrategyError(
    `SOURCE_AUTH_STRATEGY_IDENTIFIER=${JSON.stringify(identifier)} is not a known auth strategy; use one of ${SUPPORTED_AUTH_STRATEGIES.join(", ")}`,
  );
}
