/**
 * `oauth2_access_token` (api-mode spec 5.1): a long-lived token stored as the ACCESS_TOKEN secret, sent as
 * `Authorization: Bearer`. Read on every request (the config layer caches it), so a rotated token is
 * picked up within the cache TTL. Refreshing cannot help a 401, so there is no retry.
 */
import { MissingAuthConfigError } from "./errors.js";
import type { AuthStrategy, AuthStrategyDeps } from "./strategy.js";

export const OAUTH2_ACCESS_TOKEN = "oauth2_access_token";

export function oauth2AccessTokenStrategy(deps: AuthStrategyDeps): AuthStrategy {
  return {
    id: OAUTH2_ACCESS_TOKEN,
    requiredProperties: ["ACCESS_TOKEN"],
    async headers() {
      // a secret; the reference also accepts it from configuration, as its health check does
      const token =
        (await deps.config.getSecret("ACCESS_TOKEN")) ?? (await deps.config.getConfig("ACCESS_TOKEN"));
      if (token === undefined) throw new MissingAuthConfigError("ACCESS_TOKEN");
      return { Authorization: `Bearer ${token}` };
    },
  };
}
