/** Windsurf (Codeium) team analytics: one POST endpoint, per-user stats keyed by e-mail and API key. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { pseudonymize } from "../rules-dsl/transforms.js";

export function windsurfRules(): ApiRulesDoc {
  return apiRules(
    [
      {
        pathTemplate: "/api/v1/UserPageAnalytics",
        allowedQueryParams: [],
        transforms: [pseudonymize(["$.userTableStats[*].email", "$.userTableStats[*].apiKey"])],
        responseSchema: s({ userTableStats: ["#UserPageStat"] }),
      },
    ],
    {
      definitions: definitions({
        UserPageStat: obj({
          activeDays: "integer",
          apiKey: "string",
          email: "string",
          lastUpdateTime: "string",
        }),
      }),
    },
  );
}
