/** claude: the Claude Compliance API (activities, chats, users) with a Compliance Access Key. */
import { ANTHROPIC_COMMON, adminApiKey, anthropicGet } from "../families/anthropic.js";
import type { ConnectorSpec } from "../model.js";
import { claudeRules } from "./rules.js";

const SCOPES = ["read:compliance_activities", "read:compliance_user_data", "read:compliance_org_data"];

export const connector: ConnectorSpec = {
  ...ANTHROPIC_COMMON,
  id: "claude",
  displayName: "Claude",
  sourceKind: "claude",
  worklyticsConnectorId: "claude-psoxy",
  worklyticsConnectorName: "Claude via Psoxy",
  oauthScopes: SCOPES,
  securedVariables: [
    adminApiKey(
      "A Claude Compliance Access Key. (The reference README says ACCESS_TOKEN; the auth strategy reads ADMIN_API_KEY.)",
    ),
  ],
  exampleApiRequests: [
    anthropicGet("/v1/compliance/organizations"),
    anthropicGet("/v1/compliance/activities"),
  ],
  instructions: {
    text: [
      "1. As an Owner of the Claude Enterprise organization, open Organization settings → Compliance API and",
      `   create a Compliance Access Key with the scopes ${SCOPES.map((s) => `\`${s}\``).join(", ")}.`,
      "2. Fill ADMIN_API_KEY with the key (see the secret names below).",
    ].join("\n"),
  },
  rules: [
    {
      key: "claude",
      variant: "default",
      description: "Compliance activities, chats and messages with text reduced to topic digests.",
      isDefault: true,
      reference: [{ file: "anthropic/claude/claude.yaml", selectedBy: "SOURCE=claude" }],
      build: claudeRules,
    },
  ],
};
