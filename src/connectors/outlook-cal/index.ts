/** outlook-cal: Outlook Calendar through Microsoft Graph (enabled by default when Microsoft 365 is used). */
import { EXAMPLE_USER, microsoft365Connector } from "../families/microsoft-365.js";
import { outlookVariants } from "../families/microsoft-365-variants.js";
import { outlookCalendarRules } from "./rules.js";

export const connector = microsoft365Connector({
  id: "outlook-cal",
  displayName: "Outlook Calendar",
  availability: "ga",
  enableByDefault: true,
  worklyticsConnectorId: "outlook-cal-psoxy",
  appRoles: ["Calendars.Read", "MailboxSettings.Read", "Group.Read.All", "User.Read.All"],
  exampleCalls: [
    "/v1.0/users",
    "/v1.0/users?$select=id,mail,otherMails",
    `/v1.0/users/${EXAMPLE_USER}/events`,
    `/v1.0/users/${EXAMPLE_USER}/calendarView?startDateTime=<example_api_calls_sample_time_minus_180d>&endDateTime=<example_api_calls_sample_time>`,
    `/v1.0/users/${EXAMPLE_USER}/mailboxSettings`,
    "/v1.0/groups",
    "/v1.0/groups/{GROUP_ID}/members",
  ],
  rules: outlookVariants("outlook-cal", outlookCalendarRules),
});
