/** gcal: Google Calendar (enabled by default when Google Workspace is used). */
import { googleWorkspaceConnector } from "../families/google-workspace.js";
import { calendarRules } from "./rules.js";

export const connector = googleWorkspaceConnector({
  id: "gcal",
  displayName: "Google Calendar",
  availability: "ga",
  enableByDefault: true,
  worklyticsConnectorId: "gcal-psoxy",
  targetHost: "www.googleapis.com",
  apisConsumed: ["calendar-json.googleapis.com"],
  scopes: ["calendar.readonly"],
  impersonate: "example user",
  exampleCalls: [
    "/calendar/v3/calendars/primary",
    "/calendar/v3/users/me/settings",
    "/calendar/v3/users/me/calendarList",
    "/calendar/v3/calendars/primary/events?maxResults=10",
    "/calendar/v3/calendars/primary/events/{EVENT_ID}",
  ],
  rules: [
    {
      key: "gcal",
      variant: "default",
      description: "Events with attendee e-mails pseudonymized, titles reduced to meeting-kind phrases.",
      isDefault: true,
      reference: [{ file: "google-workspace/calendar/calendar.yaml", selectedBy: "SOURCE=gcal" }],
      build: calendarRules,
    },
  ],
});
