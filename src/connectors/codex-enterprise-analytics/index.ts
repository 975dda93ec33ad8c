/** codex-enterprise-analytics: OpenAI Codex usage analytics for a ChatGPT Enterprise workspace. */
import { accessTokenConnector } from "../families/long-access-token.js";
import { codexEnterpriseAnalyticsRules } from "./rules.js";

export const connector = accessTokenConnector({
  id: "codex-enterprise-analytics",
  displayName: "Codex Enterprise Analytics",
  availability: "beta",
  sourceKind: "codex-enterprise-analytics",
  worklyticsConnectorId: "codex-enterprise-analytics-psoxy",
  worklyticsConnectorName: "Codex Enterprise Analytics via Psoxy",
  targetHost: "api.chatgpt.com",
  oauthScopes: ["codex.enterprise.analytics.read"],
  tokenDescription: "An OpenAI platform API key with only the codex.enterprise.analytics.read scope.",
  settingsToProvide: { "Workspace Id": "<chatgpt_workspace_id>" },
  settings: ["chatgpt_workspace_id", "example_api_calls_sample_date"],
  exampleApiRequests: [
    {
      method: "GET",
      path: "/v1/analytics/codex/workspaces/<chatgpt_workspace_id>/usage?start_time=<example_api_calls_sample_unix_minus_30d>&end_time=<example_api_calls_sample_unix>",
    },
  ],
  instructions: {
    text: [
      "1. Ask OpenAI to grant the `codex.enterprise.analytics.read` scope to your organization.",
      "2. Create a platform API key with that scope and remove every other scope.",
      "3. Fill ACCESS_TOKEN with the key (see the secret names below) and enter the ChatGPT workspace id in",
      "   Worklytics. Example calls take unix-second start and end times.",
    ].join("\n"),
  },
  rules: [
    {
      key: "codex-enterprise-analytics",
      variant: "default",
      description: "Per-user Codex usage and code attribution; users pseudonymized.",
      isDefault: true,
      reference: [
        {
          file: "codex-enterprise-analytics/codex-enterprise-analytics.yaml",
          selectedBy: "SOURCE=codex-enterprise-analytics",
        },
      ],
      build: codexEnterpriseAnalyticsRules,
    },
  ],
});
