/** OpenAI Codex enterprise analytics: per-user Codex usage and code attribution for a workspace. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { pseudonymize } from "../rules-dsl/transforms.js";

const tokens = {
  cached_text_input_tokens: "integer",
  credits: "number",
  text_output_tokens: "integer",
  text_total_tokens: "integer",
  uncached_text_input_tokens: "integer",
};

export function codexEnterpriseAnalyticsRules(): ApiRulesDoc {
  return apiRules(
    [
      {
        pathTemplate: "/v1/analytics/codex/workspaces/{workspaceId}/usage",
        allowedQueryParams: ["start_time", "end_time", "limit", "page"],
        transforms: [pseudonymize(["$.data[*].user_id", "$.data[*].actor['user_id','email']"])],
        responseSchema: s({
          object: "string",
          data: ["#UsageRow"],
          has_more: "boolean",
          next_page: "string",
        }),
      },
    ],
    {
      definitions: definitions({
        AccountUserActor: obj({ email: "string", type: "string", user_id: "string" }),
        ClientUsage: obj({ ...tokens, client_id: "string", threads: "integer", turns: "integer" }),
        CodeAttributionMetrics: obj({
          commits: "#CommitAttribution",
          lines_of_code: "#LinesOfCodeAttribution",
        }),
        CommitAttribution: obj({
          with_codex_contribution: "integer",
          with_codex_contribution_percentage: "number",
        }),
        LinesOfCodeAttribution: obj({
          added: "integer",
          committed: "integer",
          committed_percentage: "number",
          removed: "integer",
        }),
        ModelUsage: obj({ ...tokens, model: "string", speed: "string" }),
        Usage: obj({ ...tokens, threads: "integer", turns: "integer" }),
        UsageRow: obj({
          actor: "#AccountUserActor",
          clients: ["#ClientUsage"],
          code_attribution: "#CodeAttributionMetrics",
          end_time: "integer",
          models: ["#ModelUsage"],
          object: "string",
          start_time: "integer",
          totals: "#Usage",
          user_id: "string",
        }),
      }),
    },
  );
}
