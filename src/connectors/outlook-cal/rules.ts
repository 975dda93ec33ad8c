/**
 * Outlook Calendar through Microsoft Graph: the directory, mailbox settings (time zone, working hours)
 * and events / calendar views. Event subjects keep only meeting-kind phrases, attendees are pseudonymized,
 * bodies keep only Zoom links, meeting passwords are removed.
 */
import { keepMeetingTitlePhrases, keepOnlyZoomUrls, redactMeetingPasswords } from "../families/calendar.js";
import {
  directoryEndpoints,
  redactODataContext,
  tokenizeUserPagingLinks,
  USER_PATH_WITH_PSEUDONYM,
} from "../families/microsoft-graph-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { pseudonymize, redact } from "../rules-dsl/transforms.js";

const EVENTS = "/(((calendars/[^/]*/)?events.*)|(calendar/calendarView(?)[^/]*))";

export function outlookCalendarRules(opts: { noAppIds: boolean; groups: boolean }): ApiRulesDoc {
  const { noAppIds } = opts;
  return apiRules([
    ...directoryEndpoints(opts),
    {
      pathRegex: `${noAppIds ? USER_PATH_WITH_PSEUDONYM : "^/v1.0/users/?[^/]*"}/mailboxSettings`,
      transforms: [redact("$..internalReplyMessage", "$..externalReplyMessage"), redactODataContext()],
    },
    {
      pathRegex: `${noAppIds ? USER_PATH_WITH_PSEUDONYM : "^/v1.0/users/[^/]*"}${EVENTS}`,
      transforms: [
        keepMeetingTitlePhrases("$..subject"),
        redact(
          "$..reminderMinutesBeforeStart",
          "$..isReminderOn",
          "$..allowNewTimeProposals",
          "$..transactionId",
          "$..emailAddress.name",
          "$..extensions",
          "$..multiValueExtendedProperties",
          "$..singleValueExtendedProperties",
          "$..location.coordinates",
          "$..locations[*].coordinates",
          "$..location.address",
          "$..locations[*].address",
        ),
        pseudonymize("$..emailAddress.address"),
        redactMeetingPasswords(
          "$..location.uniqueId",
          "$..locations[*].uniqueId",
          "$..location.displayName",
          "$..locations[*].displayName",
          "$..location.locationUri",
          "$..locations[*].locationUri",
          "$..onlineMeeting.joinUrl",
          "$..onlineMeetingUrl",
          "$..body.content",
          "$..bodyPreview",
        ),
        keepOnlyZoomUrls("$..body.content", "$..bodyPreview"),
        ...(noAppIds
          ? [
              tokenizeUserPagingLinks(),
              redactODataContext(),
              redact("$..['calendar@odata.associationLink', 'calendar@odata.navigationLink']"),
            ]
          : []),
      ],
    },
  ]);
}
