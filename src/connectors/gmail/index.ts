/** gmail: Gmail message metadata (headers only, no bodies). */
import { googleWorkspaceConnector } from "../families/google-workspace.js";
import { gmailRules } from "./rules.js";

export const connector = googleWorkspaceConnector({
  id: "gmail",
  displayName: "GMail",
  availability: "ga",
  worklyticsConnectorId: "gmail-meta-psoxy",
  targetHost: "www.googleapis.com",
  apisConsumed: ["gmail.googleapis.com"],
  scopes: ["gmail.metadata"],
  impersonate: "example user",
  exampleCalls: [
    "/gmail/v1/users/me/messages?maxResults=5&labelIds=SENT",
    "/gmail/v1/users/me/messages/{MESSAGE_ID}?format=metadata",
  ],
  rules: [
    {
      key: "gmail",
      variant: "default",
      description: "Message metadata; address headers pseudonymized, other headers redacted.",
      isDefault: true,
      reference: [{ file: "google-workspace/gmail/gmail.yaml", selectedBy: "SOURCE=gmail" }],
      build: gmailRules,
    },
  ],
});
