/** google-chat: Google Chat activity from the Admin SDK Reports API. */
import { googleWorkspaceConnector } from "../families/google-workspace.js";
import { googleChatRules } from "./rules.js";

export const connector = googleWorkspaceConnector({
  id: "google-chat",
  displayName: "Google Chat",
  availability: "ga",
  worklyticsConnectorId: "google-chat-psoxy",
  targetHost: "admin.googleapis.com",
  apisConsumed: ["admin.googleapis.com"],
  scopes: ["admin.reports.audit.readonly"],
  impersonate: "example admin",
  exampleCalls: ["/admin/reports/v1/activity/users/all/applications/chat?maxResults=10"],
  rules: [
    {
      key: "google-chat",
      variant: "default",
      description: "Chat activity; actors pseudonymized, IP addresses hashed, message content dropped.",
      isDefault: true,
      reference: [
        { file: "google-workspace/google-chat/google-chat.yaml", selectedBy: "SOURCE=google-chat" },
      ],
      build: googleChatRules,
    },
  ],
});
