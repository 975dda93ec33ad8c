/** Google Calendar API v3: calendars, events, settings and the calendar list. */
import { keepMeetingTitlePhrases, keepOnlyZoomUrls, redactMeetingPasswords } from "../families/calendar.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { filterTokenByRegex, pseudonymize, pseudonymizeReversible, redact } from "../rules-dsl/transforms.js";

const CONFERENCE_SECRETS = "['accessCode','password','passcode','pin']";

export function calendarRules(): ApiRulesDoc {
  return apiRules([
    {
      pathTemplate: "/calendar/v3/calendars/{accountId}",
      transforms: [redact("$.summary"), pseudonymize("$.id")],
    },
    {
      pathTemplate: "/calendar/v3/calendars/{accountId}/events",
      transforms: [
        pseudonymize("$..email"),
        redact(
          "$.summary",
          "$..displayName",
          "$.items[*].extendedProperties",
          "$.items[*].conferenceData.notes",
          `$.items[*].conferenceData.entryPoints[*]${CONFERENCE_SECRETS}`,
          "$..meetingCreatedBy",
        ),
        keepMeetingTitlePhrases("$.items[*].summary"),
        keepOnlyZoomUrls("$.items[*].description"),
        redactMeetingPasswords(
          "$.items[*].description",
          "$.items[*].location",
          "$.items[*].conferenceData.entryPoints[*].uri",
        ),
      ],
    },
    {
      pathTemplate: "/calendar/v3/calendars/{accountId}/events/{eventId}",
      transforms: [
        redact(
          "$.summary",
          "$..displayName",
          "$.extendedProperties",
          `$.conferenceData.entryPoints[*]${CONFERENCE_SECRETS}`,
          "$.conferenceData.notes",
          "$..meetingCreatedBy",
        ),
        // the reference keeps the list path here too (a no-op on a single event, whose summary is redacted above)
        keepMeetingTitlePhrases("$.items[*].summary"),
        keepOnlyZoomUrls("$.description"),
        redactMeetingPasswords("$.description", "$.conferenceData.entryPoints[*].uri", "$.location"),
        pseudonymize("$..email"),
      ],
    },
    { pathTemplate: "/calendar/v3/users/{accountId}/settings" },
    {
      pathTemplate: "/calendar/v3/users/{accountId}/calendarList",
      transforms: [
        filterTokenByRegex(["$.items[*].summaryOverride", "$.items[*].summary"], ["Transferred"], "\\s+"),
        pseudonymizeReversible("$.items[*].id"),
      ],
    },
  ]);
}
