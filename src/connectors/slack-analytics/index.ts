/** slack-analytics: Slack admin analytics (member and channel files, message metadata). Alpha, async. */
import { accessTokenConnector, getCalls } from "../families/long-access-token.js";
import { slackAnalyticsRules } from "./rules.js";

export const connector = accessTokenConnector({
  id: "slack-analytics",
  async: true,
  displayName: "Slack Analytics via Psoxy",
  availability: "alpha",
  sourceKind: "slack-analytics",
  worklyticsConnectorId: "slack-analytics-psoxy",
  worklyticsConnectorName: "Slack Analytics via Psoxy",
  targetHost: "www.slack.com",
  oauthScopes: ["admin.analytics:read", "users:read (bot scope; only for an org-wide install)"],
  tokenDescription: "A Slack user token (xoxp-…) with admin.analytics:read.",
  environmentVariables: { FOLLOW_REDIRECTS: "FALSE" },
  exampleApiRequests: getCalls(
    "/api/admin.analytics.getFile?type=member&date=<example_api_calls_sample_date>",
    "/api/admin.analytics.getFile?type=public_channel&metadata_only=true",
    "/api/admin.analytics.messages.metadata?channel={CHANNEL_ID}&limit=100",
    "/api/admin.analytics.messages.activity?channel={CHANNEL_ID}&limit=50",
  ),
  settings: ["example_api_calls_sample_date"],
  instructions: {
    text: [
      "1. Create a Slack app with the user scope `admin.analytics:read` (add the bot scope `users:read` only",
      "   when installing it org-wide) and install it as an Org Owner or Admin.",
      "2. Fill ACCESS_TOKEN with the user token (see the secret names below).",
      "3. Analytics files are large: this connector answers asynchronously through its output bucket, and",
      "   does not follow Slack's redirects (FOLLOW_REDIRECTS=FALSE).",
    ].join("\n"),
  },
  rules: [
    {
      key: "slack-analytics",
      variant: "default",
      description: "Member analytics and message metadata; user ids and e-mails pseudonymized.",
      isDefault: true,
      reference: [
        { file: "slack/slack-analytics/slack-analytics.yaml", selectedBy: "SOURCE=slack-analytics" },
      ],
      build: slackAnalyticsRules,
    },
  ],
});
