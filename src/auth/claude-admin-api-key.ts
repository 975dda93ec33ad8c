/**
 * `claude_admin_api_key` (api-mode spec 5.11): the Anthropic Admin API key from ADMIN_API_KEY as
 * `x-api-key`, trimmed the Java way (whitespace and control characters at either end; a warning when
 * any were removed) and read once per process. A missing or blank key is 500 CONNECTION_SETUP like any
 * missing secret (the reference fails with a generic 500 there; same status, clearer error).
 */
import { jtrim } from "../core/java/strings.js";
import { AuthProperties, authRuntime } from "./runtime.js";
import type { AuthStrategy, AuthStrategyDeps } from "./strategy.js";
import { requiredPropertyNames } from "./strategy-table.js";

export const CLAUDE_ADMIN_API_KEY = "claude_admin_api_key";

export function claudeAdminApiKeyStrategy(deps: AuthStrategyDeps): AuthStrategy {
  const props = new AuthProperties(deps.config);
  const { logger } = authRuntime(deps);
  let key: Promise<string> | undefined;
  const load = async () => {
    const value = await props.require("ADMIN_API_KEY", "secret");
    const trimmed = jtrim(value);
    if (trimmed !== value) {
      logger.warn({ property: "ADMIN_API_KEY" }, "ADMIN_API_KEY had leading or trailing whitespace; trimmed");
    }
    return trimmed;
  };
  return {
    id: CLAUDE_ADMIN_API_KEY,
    requiredProperties: requiredPropertyNames(CLAUDE_ADMIN_API_KEY),
    async headers() {
      if (key === undefined) {
        const loading = load();
        key = loading;
        loading.catch(() => {
          if (key === loading) key = undefined;
        });
      }
      return { "x-api-key": await key };
    },
  };
}
