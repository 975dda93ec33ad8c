/** Glean REST API: people directory (`listentities`) and usage insights; callers may send X-Glean-ActAs. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { pseudonymize, pseudonymizeReversible } from "../rules-dsl/transforms.js";

const n = "integer";

export function gleanRules(): ApiRulesDoc {
  return apiRules(
    [
      {
        pathTemplate: "/rest/api/v1/insights",
        allowedMethods: ["POST"],
        allowedQueryParams: [],
        allowedRequestHeaders: ["X-Glean-ActAs"],
        transforms: [pseudonymize(["$..obfuscatedId", "$..emailAddress"])],
        responseSchema: s({
          agentsResponse: "#AgentsResponse",
          assistantResponse: "#AssistantResponse",
          overviewResponse: "#OverviewResponse",
        }),
      },
      {
        pathTemplate: "/rest/api/v1/listentities",
        allowedMethods: ["POST"],
        allowedQueryParams: [],
        allowedRequestHeaders: ["X-Glean-ActAs"],
        transforms: [
          pseudonymize("$..aliasEmails[*]"),
          pseudonymizeReversible(["$..email", "$..obfuscatedId"]),
        ],
        responseSchema: s({
          cursor: "string",
          hasMoreResults: "boolean",
          results: ["#Person"],
          sortOptions: ["string"],
          teamResults: ["#Team"],
          totalCount: n,
        }),
      },
    ],
    {
      definitions: definitions({
        AgentUserInsight: obj({
          agentsCreatedCount: n,
          agentsUsedCount: n,
          averageRunsPerDayCount: "number",
          person: "#PersonInsight",
          runCount: n,
        }),
        AgentsResponse: obj({ agentUsersInsights: ["#AgentUserInsight"] }),
        AssistantResponse: obj({ perUserInsights: ["#PerUserInsight_1"] }),
        DatasourceProfile: obj({ datasource: "string", handle: "string", isUserGenerated: "boolean" }),
        OverviewResponse: obj({ perUserInsights: ["#PerUserInsight"] }),
        PerUserInsight: obj({
          numActiveSessions: n,
          numAgentRuns: n,
          numAiAnswers: n,
          numChats: n,
          numDaysActive: n,
          numGleanbotUsefulResponses: n,
          numSearches: n,
          numSummarizations: n,
          person: "#PersonInsight",
        }),
        PerUserInsight_1: obj({
          numAiAnswers: n,
          numChatMessages: n,
          numDaysActive: n,
          numGleanbotInteractions: n,
          numSummarizations: n,
          person: "#PersonInsight",
        }),
        Person: obj({ metadata: "#PersonMetadata", obfuscatedId: "string" }),
        PersonInsight: obj({ emailAddress: "string", obfuscatedId: "string" }),
        PersonMetadata: obj({
          aliasEmails: ["string"],
          email: "string",
          isSignedUp: "boolean",
          loggingId: "string",
          timezone: "string",
          timezoneIANA: "string",
          timezoneOffset: n,
        }),
        Team: obj({
          createdFrom: "string",
          datasource: "string",
          datasourceProfiles: ["#DatasourceProfile"],
          id: "string",
          lastUpdatedAt: "string",
          loggingId: "string",
          members: ["#TeamMember"],
          name: "string",
        }),
        TeamMember: obj({ joinDate: "string", person: "#Person", relationship: "string" }),
      }),
    },
  );
}
