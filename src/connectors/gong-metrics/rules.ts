/** Gong API v2: users and aggregated per-user activity statistics. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { pseudonymize, pseudonymizeReversible } from "../rules-dsl/transforms.js";

const n = "integer";

export function gongMetricsRules(): ApiRulesDoc {
  return apiRules(
    [
      {
        pathTemplate: "/v2/stats/activity/aggregate",
        allowedQueryParams: [],
        transforms: [pseudonymize(["$..userId", "$..userEmailAddress"])],
        responseSchema: s({
          errors: ["string"],
          fromDateTime: "date-time",
          records: "#RecordsMetadata",
          requestId: "string",
          timeZone: "string",
          toDateTime: "date-time",
          usersAggregateActivityStats: ["#ActivityAggregate"],
        }),
      },
      {
        pathTemplate: "/v2/users",
        allowedQueryParams: ["cursor", "includeAvatars"],
        transforms: [
          pseudonymize(["$..emailAddress", "$..emailAliases[*]", "$..trustedEmailAddress", "$..managerId"]),
          pseudonymizeReversible("$..id"),
        ],
        responseSchema: s({
          errors: ["string"],
          records: "#RecordsMetadata",
          requestId: "string",
          users: ["#GongUser"],
        }),
      },
    ],
    {
      definitions: definitions({
        ActivityAggregate: obj({
          userAggregateActivityStats: "#UserAggregateActivityStats",
          userEmailAddress: "string",
          userId: "string",
        }),
        GongUser: obj({
          active: "boolean",
          emailAddress: "string",
          emailAliases: ["string"],
          id: "string",
          trustedEmailAddress: "string",
        }),
        RecordsMetadata: obj({ currentPageNumber: n, currentPageSize: n, cursor: "string", totalRecords: n }),
        UserAggregateActivityStats: obj({
          callsAsHost: n,
          callsAttended: n,
          callsCommentsGiven: n,
          callsCommentsReceived: n,
          callsGaveFeedback: n,
          callsMarkedAsFeedbackGiven: n,
          callsMarkedAsFeedbackReceived: n,
          callsReceivedFeedback: n,
          callsRequestedFeedback: n,
          callsScorecardsFilled: n,
          callsScorecardsReceived: n,
          callsSharedExternally: n,
          callsSharedInternally: n,
          othersCallsListenedTo: n,
          ownCallsListenedTo: n,
        }),
      }),
    },
  );
}
