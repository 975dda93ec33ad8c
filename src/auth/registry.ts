/** Chooses the auth strategy named by SOURCE_AUTH_STRATEGY_IDENTIFIER (api-mode spec 5). */
import { BASIC_AUTH, basicAuthStrategy } from "./basic-auth.js";
import { CLAUDE_ADMIN_API_KEY, claudeAdminApiKeyStrategy } from "./claude-admin-api-key.js";
import { UnknownAuthStrategyError } from "./errors.js";
import { GCP_SERVICE_ACCOUNT_KEY, gcpServiceAccountKeyStrategy } from "./gcp-service-account-key.js";
import { OAUTH2_ACCESS_TOKEN, oauth2AccessTokenStrategy } from "./oauth2-access-token.js";
import { OAUTH2_REFRESH_TOKEN, oauth2RefreshTokenStrategy } from "./oauth2-refresh-token.js";
import type { AuthStrategy, AuthStrategyDeps } from "./strategy.js";
import { WINDSURF_SERVICE_KEY, windsurfServiceKeyStrategy } from "./windsurf-service-key.js";

const FACTORIES: Record<string, (deps: AuthStrategyDeps) => AuthStrategy> = {
  [OAUTH2_ACCESS_TOKEN]: oauth2AccessTokenStrategy,
  [OAUTH2_REFRESH_TOKEN]: oauth2RefreshTokenStrategy,
  [GCP_SERVICE_ACCOUNT_KEY]: gcpServiceAccountKeyStrategy,
  [BASIC_AUTH]: basicAuthStrategy,
  [CLAUDE_ADMIN_API_KEY]: claudeAdminApiKeyStrategy,
  [WINDSURF_SERVICE_KEY]: windsurfServiceKeyStrategy,
};

export const SUPPORTED_AUTH_STRATEGIES: readonly string[] = Object.keys(FACTORIES);

/**
 * The strategy for `identifier`. Throws `UnknownAuthStrategyError` when there is none, or when its
 * env-only settings (GRANT_TYPE, TOKEN_RESPONSE_TYPE, CREDENTIALS_FLOW) name nothing known: startup
 * problems of spec 4.6, which the gateway reports in the health check.
 */
export function createAuthStrategy(identifier: string | undefined, deps: AuthStrategyDeps): AuthStrategy {
  if (identifier === undefined || identifier.trim() === "") {
    throw new UnknownAuthStrategyError(
      `SOURCE_AUTH_STRATEGY_IDENTIFIER is not set; set it to one of ${SUPPORTED_AUTH_STRATEGIES.join(", ")}`,
    );
  }
  const factory = Object.hasOwn(FACTORIES, identifier) ? FACTORIES[identifier] : undefined;
  if (factory) return factory(deps);
  throw new UnknownAuthStrategyError(
    `SOURCE_AUTH_STRATEGY_IDENTIFIER=${JSON.stringify(identifier)} is not a known auth strategy; use one of ${SUPPORTED_AUTH_STRATEGIES.join(", ")}`,
  );
}
