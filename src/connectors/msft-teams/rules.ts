/**
 * Microsoft Teams through Microsoft Graph: teams, channels, chats and their messages (no content),
 * calls and call records, PSTN / direct-routing call logs, online meetings and attendance reports.
 *
 * The `_no-app-ids` variant (the reference's `msft-teams_no-userIds.yaml`) pseudonymizes Entra user ids
 * wherever they appear, tokenizes chat ids and paging links, accepts pseudonymized user and chat ids in
 * paths, and drops OData annotations.
 */
import {
  CONSISTENCY_LEVEL,
  tokenizeUserPagingLinks,
  USER_PATH_WITH_PSEUDONYM,
  usersEndpoint,
} from "../families/microsoft-graph-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc } from "../rules-dsl/model.js";
import { pseudonymize, redact, tokenize } from "../rules-dsl/transforms.js";

const MESSAGE_CONTENT = [
  "$..user.displayName",
  "$..body.content",
  "$..attachments",
  "$..mentions[*].mentionText",
  "$..eventDetail.teamDescription",
  "$..eventDetail.chatDisplayName",
];

const CALL_RECORD_DETAILS = [
  "$..user.displayName",
  "$..reflexiveIPAddress",
  "$..relayIPAddress",
  "$..ipAddress",
  "$..subnet",
  "$..macAddress",
  "$..caller.name",
  "$..callee.name",
  "$..captureDeviceName",
  "$..renderDeviceName",
  "$..organizer_v2.id",
  "$..participants_v2[*].id",
  "$..phone",
  "$..['organizer_v2@odata.context']",
];

const PHONE_CALL_PARTIES = [
  "$..value[*].userPrincipalName",
  "$..value[*].userDisplayName",
  "$..value[*].callerNumber",
  "$..value[*].calleeNumber",
];

const MEETING_DETAILS = [
  "$..displayName",
  "$..subject",
  "$..joinInformation",
  "$..joinMeetingIdSettings.isPasscodeRequired",
  "$..joinMeetingIdSettings.passcode",
  "$..upn",
];

const ODATA = {
  context: "$..['@odata.context']",
  id: "$..['@odata.id']",
  type: "$..['@odata.type']",
  count: "$..['@odata.count']",
};

const CALL_RECORDS =
  "^/v1.0/communications/callRecords(/(?<callChainId>[({]?[a-fA-F0-9]{8}[-]?([a-fA-F0-9]{4}[-]?){3}[a-fA-F0-9]{12}[})]?))?(?<queryParameters>[a-zA-z0-9\\s\\$\\=\\?\\(\\)]*)";
const DIRECT_ROUTING_CALLS =
  "/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime={startDate},toDateTime={endDate})";
const PSTN_CALLS =
  "/v1.0/communications/callRecords/getPstnCalls(fromDateTime={startDate},toDateTime={endDate})";

const TEAMS_QUERY = ["$select", "$top", "$skiptoken", "$filter", "$count"];
const CHANNEL_MESSAGES_QUERY = ["$select", "$top", "$skiptoken", "$expand"];
const LIST_QUERY = [
  "$select",
  "$top",
  "$skiptoken",
  "$filter",
  "$orderby",
  "$count",
  "$expand",
  "$format",
  "$search",
  "$skip",
];

const emails = () => pseudonymize("$..emailAddress");
const userIds = () => pseudonymize(["$..user.id", "$..userId"]);

function withAppIds(): EndpointDoc[] {
  const meeting = (pathTemplate: string): EndpointDoc => ({
    pathTemplate,
    allowedQueryParams: LIST_QUERY,
    transforms: [redact(ODATA.context), emails(), redact(...MEETING_DETAILS)],
  });
  return [
    {
      pathTemplate: "/v1.0/teams",
      allowedQueryParams: TEAMS_QUERY,
      transforms: [emails(), redact("$..displayName", "$..description")],
    },
    {
      pathTemplate: "/v1.0/teams/{teamId}/allChannels",
      allowedQueryParams: ["$select", "$filter"],
      transforms: [emails(), redact("$..displayName", "$..description")],
    },
    {
      pathTemplate: "/v1.0/users/{userId}/chats",
      allowedQueryParams: ["$select", "$top", "$skiptoken", "$filter", "$orderby", "$expand"],
      allowedRequestHeaders: CONSISTENCY_LEVEL,
      transforms: [
        emails(),
        redact("$..displayName", "$..description"),
        redact("$..topic", "$..['lastMessagePreview@odata.context']"),
        redact(...MESSAGE_CONTENT),
      ],
    },
    {
      pathTemplate: "/v1.0/teams/{teamId}/channels/{channelId}/messages",
      allowedQueryParams: CHANNEL_MESSAGES_QUERY,
      transforms: [emails(), redact(...MESSAGE_CONTENT)],
    },
    {
      pathTemplate: "/v1.0/teams/{teamId}/channels/{channelId}/messages/delta",
      allowedQueryParams: [...CHANNEL_MESSAGES_QUERY, "$deltatoken", "$filter"],
      transforms: [emails(), redact(...MESSAGE_CONTENT)],
    },
    {
      pathTemplate: "/v1.0/chats/{chatId}/messages",
      allowedQueryParams: LIST_QUERY,
      transforms: [emails(), redact(...MESSAGE_CONTENT)],
    },
    {
      pathTemplate: "/v1.0/communications/calls/{callId}",
      allowedQueryParams: ["$select", "$top", "$expand"],
      transforms: [emails(), redact("$..displayName")],
    },
    {
      pathRegex: CALL_RECORDS,
      allowedQueryParams: ["$select", "$expand", "$filter"],
      transforms: [emails(), redact(...CALL_RECORD_DETAILS)],
    },
    {
      pathTemplate: DIRECT_ROUTING_CALLS,
      allowedQueryParams: ["$skip"],
      transforms: [emails(), redact(...PHONE_CALL_PARTIES)],
    },
    {
      pathTemplate: PSTN_CALLS,
      allowedQueryParams: ["$skip"],
      transforms: [emails(), tokenize("$..callId"), redact(...PHONE_CALL_PARTIES)],
    },
    meeting("/v1.0/users/{userId}/onlineMeetings"),
    meeting("/v1.0/users/{userId}/onlineMeetings/{meetingId}/attendanceReports"),
    meeting("/v1.0/users/{userId}/onlineMeetings/{meetingId}/attendanceReports/{reportId}"),
    usersEndpoint(false),
  ];
}

function withoutAppIds(): EndpointDoc[] {
  const MEETINGS = `${USER_PATH_WITH_PSEUDONYM}/onlineMeetings`;
  const attendance = (pathRegex: string): EndpointDoc => ({
    pathRegex,
    transforms: [
      emails(),
      pseudonymize("$..identity.id"),
      userIds(),
      redact(...MEETING_DETAILS),
      redact(ODATA.context),
      redact(ODATA.type),
      tokenizeUserPagingLinks(),
    ],
  });
  return [
    {
      pathTemplate: "/v1.0/teams",
      allowedQueryParams: TEAMS_QUERY,
      transforms: [
        userIds(),
        redact("$..displayName", "$..description", ODATA.context, ODATA.id, ODATA.type, ODATA.count),
      ],
    },
    {
      pathTemplate: "/v1.0/teams/{teamId}/allChannels",
      allowedQueryParams: ["$select", "$filter"],
      transforms: [
        userIds(),
        redact("$..displayName", "$..description", ODATA.context, ODATA.id, ODATA.type, ODATA.count),
      ],
    },
    {
      pathRegex: `${USER_PATH_WITH_PSEUDONYM}/chats(\\?.*)?`,
      allowedRequestHeaders: CONSISTENCY_LEVEL,
      transforms: [
        emails(),
        tokenize("$..id"),
        redact(
          "$..topic",
          "$..['lastMessagePreview@odata.context']",
          ODATA.context,
          ODATA.count,
          "$..user.id",
          "$..userId",
        ),
        tokenizeUserPagingLinks(),
        redact(...MESSAGE_CONTENT),
      ],
    },
    {
      pathTemplate: "/v1.0/teams/{teamId}/channels/{channelId}/messages",
      allowedQueryParams: CHANNEL_MESSAGES_QUERY,
      transforms: [userIds(), redact(...MESSAGE_CONTENT, ODATA.context, ODATA.count)],
    },
    {
      pathTemplate: "/v1.0/teams/{teamId}/channels/{channelId}/messages/delta",
      allowedQueryParams: [...CHANNEL_MESSAGES_QUERY, "$deltatoken", "$filter"],
      transforms: [userIds(), redact(...MESSAGE_CONTENT, ODATA.context, ODATA.count)],
    },
    {
      pathRegex: "^/v1.0/chats/(/p~[a-zA-Z0-9_-]+?)?[^/]*/messages(\\?.*)?",
      transforms: [
        emails(),
        redact("$..displayName", "$..description"),
        redact(...MESSAGE_CONTENT),
        userIds(),
        tokenize("$..chatId"),
        tokenize(
          "$.['@odata.nextLink', '@odata.prevLink', 'sessions@odata.nextLink']",
          "^https://graph.microsoft.com/v1.0/chats/(.*)/messages(\\?.*).*$",
        ),
        redact(ODATA.context),
        redact(ODATA.count),
      ],
    },
    {
      pathTemplate: "/v1.0/communications/calls/{callId}",
      allowedQueryParams: ["$select", "$top", "$expand"],
      transforms: [userIds(), redact("$..displayName", ODATA.context, ODATA.count, ODATA.type)],
    },
    {
      pathRegex: CALL_RECORDS,
      allowedQueryParams: ["$select", "$expand", "$filter"],
      transforms: [userIds(), redact(...CALL_RECORD_DETAILS, ODATA.context, ODATA.type)],
    },
    {
      pathTemplate: DIRECT_ROUTING_CALLS,
      allowedQueryParams: ["$skip"],
      transforms: [userIds(), redact(...PHONE_CALL_PARTIES, ODATA.context, ODATA.type, ODATA.count)],
    },
    {
      pathTemplate: PSTN_CALLS,
      allowedQueryParams: ["$skip"],
      transforms: [
        userIds(),
        tokenize("$..callId"),
        redact(...PHONE_CALL_PARTIES, ODATA.context, ODATA.type, ODATA.count),
      ],
    },
    attendance(`${MEETINGS}/[a-zA-Z0-9_-]+/attendanceReports/[a-zA-Z0-9_-]+(\\?.*)?`),
    attendance(`${MEETINGS}/[a-zA-Z0-9_-]+/attendanceReports(\\?.*)?`),
    {
      pathRegex: `${MEETINGS}(\\?.*)?`,
      transforms: [
        userIds(),
        emails(),
        pseudonymize("$..identity.id"),
        tokenizeUserPagingLinks(),
        redact(...MEETING_DETAILS, ODATA.context, ODATA.type),
      ],
    },
    usersEndpoint(true),
  ];
}

export function teamsRules(opts: { noAppIds: boolean }): ApiRulesDoc {
  return apiRules(opts.noAppIds ? withoutAppIds() : withAppIds());
}
