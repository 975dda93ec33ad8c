/**
 * Anthropic connectors (Claude compliance, Claude Code usage, Claude Enterprise analytics): an Anthropic
 * key in ADMIN_API_KEY, sent as `x-api-key`; callers send `anthropic-version`.
 */
import type { ConnectorSpec, ExampleRequest } from "../model.js";
import { secret } from "../secured-variables.js";

/** headers the Admin and Analytics API rules let callers send */
export const ANTHROPIC_REQUEST_HEADERS = ["anthropic-version", "content-type"];

export const ANTHROPIC_COMMON: Pick<
  ConnectorSpec,
  "mode" | "enableByDefault" | "availability" | "targetHost" | "sourceAuthStrategy"
> = {
  mode: "api",
  enableByDefault: false,
  availability: "beta",
  targetHost: "api.anthropic.com",
  sourceAuthStrategy: "claude_admin_api_key",
};

export const adminApiKey = (description: string) => secret("ADMIN_API_KEY", description);

export const anthropicGet = (path: string): ExampleRequest => ({
  method: "GET",
  path,
  headers: { "anthropic-version": "2023-06-01" },
});
