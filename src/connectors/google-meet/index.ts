/** google-meet: Google Meet activity from the Admin SDK Reports API. */
import { googleWorkspaceConnector } from "../families/google-workspace.js";
import { googleMeetRules } from "./rules.js";

export const connector = googleWorkspaceConnector({
  id: "google-meet",
  displayName: "Google Meet",
  availability: "ga",
  worklyticsConnectorId: "google-meet-psoxy",
  targetHost: "admin.googleapis.com",
  apisConsumed: ["admin.googleapis.com"],
  scopes: ["admin.reports.audit.readonly"],
  impersonate: "example admin",
  exampleCalls: ["/admin/reports/v1/activity/users/all/applications/meet?maxResults=10"],
  rules: [
    {
      key: "google-meet",
      variant: "default",
      description: "Meet activity; participants pseudonymized, IP addresses hashed, call statistics kept.",
      isDefault: true,
      reference: [{ file: "google-workspace/meet/meet.yaml", selectedBy: "SOURCE=google-meet" }],
      build: googleMeetRules,
    },
  ],
});
