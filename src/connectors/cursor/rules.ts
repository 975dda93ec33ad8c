/** Cursor Admin API: team members, daily usage and usage events. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { pseudonymize, pseudonymizeReversible } from "../rules-dsl/transforms.js";

const n = "integer";

export function cursorRules(): ApiRulesDoc {
  return apiRules(
    [
      {
        pathTemplate: "/teams/daily-usage-data",
        allowedMethods: ["POST"],
        allowedQueryParams: [],
        transforms: [pseudonymize(["$.data[*].email", "$.data[*].userId"])],
        responseSchema: s({
          data: ["#AccountUsageData"],
          pagination: "#DailyUsagePagination",
          period: "#DataPeriod",
        }),
      },
      {
        pathTemplate: "/teams/filtered-usage-events",
        allowedMethods: ["POST"],
        allowedQueryParams: [],
        transforms: [pseudonymize("$.usageEvents[*].userEmail")],
        responseSchema: s({
          pagination: "#Pagination",
          period: "#DataPeriod",
          totalUsageEventsCount: n,
          usageEvents: ["#UsageEvent"],
        }),
      },
      {
        pathTemplate: "/teams/members",
        allowedMethods: ["GET"],
        allowedQueryParams: [],
        transforms: [pseudonymizeReversible(["$.teamMembers[*].email", "$.teamMembers[*].id"])],
        responseSchema: s({ teamMembers: ["#TeamMember"] }),
      },
    ],
    {
      definitions: definitions({
        AccountUsageData: obj({
          acceptedLinesAdded: n,
          acceptedLinesDeleted: n,
          agentRequests: n,
          apiKeyReqs: n,
          applyMostUsedExtension: "string",
          bugbotUsages: n,
          chatRequests: n,
          clientVersion: "string",
          cmdkUsages: n,
          composerRequests: n,
          date: n,
          day: "date",
          email: "string",
          isActive: "boolean",
          mostUsedModel: "string",
          subscriptionIncludedReqs: n,
          tabMostUsedExtension: "string",
          totalAccepts: n,
          totalApplies: n,
          totalLinesAdded: n,
          totalLinesDeleted: n,
          totalRejects: n,
          totalTabsAccepted: n,
          totalTabsShown: n,
          usageBasedReqs: n,
          userId: n,
        }),
        DailyUsagePagination: obj({
          hasNextPage: "boolean",
          hasPreviousPage: "boolean",
          page: n,
          pageSize: n,
          totalPages: n,
          totalUsers: n,
        }),
        DataPeriod: obj({ endDate: n, startDate: n }),
        Pagination: obj({
          currentPage: n,
          hasNextPage: "boolean",
          hasPreviousPage: "boolean",
          numPages: n,
          pageSize: n,
        }),
        TeamMember: obj({ email: "string", id: n, isRemoved: "boolean", role: "string" }),
        TokenUsage: obj({
          cacheReadTokens: n,
          cacheWriteTokens: n,
          inputTokens: n,
          outputTokens: n,
          totalCents: n,
        }),
        UsageEvent: obj({
          chargedCents: n,
          isFreeBugbot: "boolean",
          isTokenBasedCall: "boolean",
          kindLabel: "string",
          maxMode: "boolean",
          model: "string",
          requestsCosts: "number",
          timestamp: "string",
          tokenUsage: "#TokenUsage",
          userEmail: "string",
        }),
      }),
    },
  );
}
