/** slack-discovery-api: Slack Enterprise Grid conversations and users through the Discovery API. */
import { accessTokenConnector, getCalls } from "../families/long-access-token.js";
import { slackDiscoveryRules } from "./rules.js";

export const connector = accessTokenConnector({
  id: "slack-discovery-api",
  displayName: "Slack via Discovery API",
  availability: "ga",
  sourceKind: "slack",
  worklyticsConnectorId: "slack-discovery-api-psoxy",
  worklyticsConnectorName: "Slack via Psoxy",
  targetHost: "www.slack.com",
  oauthScopes: ["discovery:read"],
  tokenDescription: "A Slack user token of an app that Slack has enabled for the discovery:read scope.",
  exampleApiRequests: getCalls(
    "/api/discovery.enterprise.info?include_deleted=false&limit=5",
    "/api/discovery.conversations.list?limit=10",
    "/api/discovery.conversations.info?team={WORKSPACE_ID}&channel={CHANNEL_ID}",
    "/api/discovery.conversations.recent?limit=10",
    "/api/discovery.conversations.history?reactions=1&team={WORKSPACE_ID}&channel={CHANNEL_ID}&limit=10",
    "/api/discovery.users.list?limit=5",
  ),
  instructions: {
    text: [
      "1. Create a Slack app for the Enterprise Grid org and ask Slack to enable the `discovery:read` scope",
      "   for its app id (Slack does this on request, for Enterprise Grid only).",
      "2. Install the app org-wide as an Org Owner and copy the user OAuth token (xoxp-…).",
      "3. Fill ACCESS_TOKEN with it (see the secret names below).",
    ].join("\n"),
  },
  rules: [
    {
      key: "slack",
      variant: "default",
      description: "Conversations, history (no message text), members and users; Slackbot left as is.",
      isDefault: true,
      reference: [{ file: "slack/slack-discovery-api/discovery.yaml", selectedBy: "SOURCE=slack" }],
      build: slackDiscoveryRules,
    },
  ],
});
