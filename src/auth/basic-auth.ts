/**
 * `basic_auth` (api-mode spec 5.10): `Authorization: Basic base64(user:password)` from the
 * BASIC_AUTH_USER_ID and BASIC_AUTH_PASSWORD secrets, each empty when absent (Cursor sends its API key as
 * the user with no password).
 */
import type { AuthStrategy, AuthStrategyDeps } from "./strategy.js";

export const BASIC_AUTH = "basic_auth";

export function basicAuthStrategy(deps: AuthStrategyDeps): AuthStrategy {
  return {
    id: BASIC_AUTH,
    requiredProperties: [],
    async headers() {
      const [user, password] = await Promise.all([
        deps.config.getSecret("BASIC_AUTH_USER_ID"),
        deps.config.getSecret("BASIC_AUTH_PASSWORD"),
      ]);
      const encoded = Buffer.from(`${user ?? ""}:${password ?? ""}`, "utf8").toString("base64");
      return { Authorization: `Basic ${encoded}` };
    },
  };
}
