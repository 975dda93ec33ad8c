/** claude-enterprise-analytics: Claude Enterprise per-user analytics and spend limits. */
import { ANTHROPIC_COMMON, adminApiKey, anthropicGet } from "../families/anthropic.js";
import type { ConnectorSpec } from "../model.js";
import { claudeEnterpriseAnalyticsRules } from "./rules.js";

const D = "<example_api_calls_sample_date>";
const D_MINUS_3 = "<example_api_calls_sample_date_minus_3d>";

export const connector: ConnectorSpec = {
  ...ANTHROPIC_COMMON,
  id: "claude-enterprise-analytics",
  displayName: "Claude Enterprise Analytics",
  sourceKind: "claude-enterprise-analytics",
  worklyticsConnectorId: "claude-enterprise-analytics-psoxy",
  worklyticsConnectorName: "Claude Enterprise Analytics via Psoxy",
  oauthScopes: ["read:analytics", "read:spend_limits"],
  securedVariables: [
    adminApiKey("A Claude Enterprise analytics key, created by the organization's Primary Owner."),
  ],
  settings: ["example_api_calls_sample_date"],
  exampleApiRequests: [
    anthropicGet(`/v1/organizations/analytics/users?date=${D}`),
    anthropicGet(`/v1/organizations/analytics/apps/chat/projects?date=${D}`),
    anthropicGet(`/v1/organizations/analytics/user_usage_report?starting_at=${D_MINUS_3}&ending_at=${D}`),
    anthropicGet(`/v1/organizations/analytics/user_cost_report?starting_at=${D_MINUS_3}&ending_at=${D}`),
    anthropicGet("/v1/organizations/spend_limits/effective?limit=20"),
    anthropicGet("/v1/organizations/spend_limit_increase_requests?limit=50"),
  ],
  instructions: {
    text: [
      "1. As the Primary Owner of the Claude Enterprise organization, create an analytics API key with the",
      "   scopes `read:analytics` and `read:spend_limits`.",
      "2. Fill ADMIN_API_KEY with the key (see the secret names below).",
      "3. Example calls use the deployment's sample date (`example_api_calls_sample_date`, YYYY-MM-DD).",
    ].join("\n"),
  },
  rules: [
    {
      key: "claude-enterprise-analytics",
      variant: "default",
      description:
        "Per-user activity, usage and cost reports, projects and spend limits; people pseudonymized.",
      isDefault: true,
      reference: [
        {
          file: "anthropic/claude-enterprise-analytics/claude-enterprise-analytics.yaml",
          selectedBy: "SOURCE=claude-enterprise-analytics",
        },
      ],
      build: claudeEnterpriseAnalyticsRules,
    },
  ],
};
