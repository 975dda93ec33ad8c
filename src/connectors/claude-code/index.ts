/** claude-code: Claude Code usage through the Anthropic Admin API. */
import { ANTHROPIC_COMMON, adminApiKey, anthropicGet } from "../families/anthropic.js";
import type { ConnectorSpec } from "../model.js";
import { claudeCodeRules } from "./rules.js";

export const connector: ConnectorSpec = {
  ...ANTHROPIC_COMMON,
  id: "claude-code",
  displayName: "Claude Code",
  sourceKind: "claude-code",
  worklyticsConnectorId: "claude-code-psoxy",
  worklyticsConnectorName: "Claude Code via Psoxy",
  oauthScopes: ["Admin API key (the Admin API has no scopes)"],
  securedVariables: [adminApiKey("An Anthropic Admin API key (sk-ant-admin01-…).")],
  exampleApiRequests: [
    anthropicGet("/v1/organizations/users"),
    anthropicGet("/v1/organizations/usage_report/claude_code"),
  ],
  instructions: {
    text: [
      "1. As a member with the admin role of the Anthropic Console organization, open Settings → Admin keys",
      "   and create an Admin API key (it starts with `sk-ant-admin01-`).",
      "2. Fill ADMIN_API_KEY with the key (see the secret names below).",
    ].join("\n"),
  },
  rules: [
    {
      key: "claude-code",
      variant: "default",
      description: "Organization users and Claude Code usage; actors pseudonymized, IPs hashed.",
      isDefault: true,
      reference: [{ file: "anthropic/claude-code/claude-code.yaml", selectedBy: "SOURCE=claude-code" }],
      build: claudeCodeRules,
    },
  ],
};
