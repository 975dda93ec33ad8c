/** Anthropic Admin API: organization users and the Claude Code usage report. */
import { ANTHROPIC_REQUEST_HEADERS } from "../families/anthropic.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { hashIp, pseudonymize } from "../rules-dsl/transforms.js";

const page = (item: string) =>
  s({
    data: [item],
    error: "#ErrorResponse",
    first_id: "string",
    has_more: "boolean",
    last_id: "string",
    next_page: "string",
  });

export function claudeCodeRules(): ApiRulesDoc {
  return apiRules(
    [
      {
        pathTemplate: "/v1/organizations/usage_report/claude_code",
        allowedQueryParams: ["starting_at", "page", "limit"],
        allowedRequestHeaders: ANTHROPIC_REQUEST_HEADERS,
        transforms: [
          pseudonymize("$..actor['email_address', 'user_id', 'unauthenticated_email_address', 'api_key_id']"),
          hashIp("$..ip_address"),
        ],
        responseSchema: page("#ClaudeCodeUsageEntry"),
      },
      {
        pathTemplate: "/v1/organizations/users",
        allowedQueryParams: ["after_id", "limit"],
        allowedRequestHeaders: ANTHROPIC_REQUEST_HEADERS,
        transforms: [pseudonymize("$..['id','email']")],
        responseSchema: page("#User"),
      },
    ],
    {
      definitions: definitions({
        Actor: obj({
          api_key_id: "string",
          email_address: "string",
          ip_address: "string",
          type: "string",
          unauthenticated_email_address: "string",
          user_agent: "string",
          user_id: "string",
        }),
        ClaudeCodeUsageEntry: obj({
          actor: "#Actor",
          core_metrics: "#CoreMetrics",
          customer_type: "string",
          date: "date-time",
          model_breakdown: ["#ModelBreakdown"],
          organization_id: "string",
          subscription_type: "string",
          terminal_type: "string",
          tool_actions: "#ToolActions",
        }),
        CoreMetrics: obj({
          commits_by_claude_code: "integer",
          lines_of_code: "#LinesOfCode",
          num_sessions: "integer",
          pull_requests_by_claude_code: "integer",
        }),
        ErrorResponse: obj({ type: "string" }),
        EstimatedCost: obj({ amount: "number", currency: "string" }),
        LinesOfCode: obj({ added: "integer", removed: "integer" }),
        ModelBreakdown: obj({ estimated_cost: "#EstimatedCost", model: "string", tokens: "#Tokens" }),
        Tokens: obj({
          cache_creation: "integer",
          cache_read: "integer",
          input: "integer",
          output: "integer",
        }),
        ToolAction: obj({ accepted: "integer", rejected: "integer" }),
        ToolActions: obj({
          edit_tool: "#ToolAction",
          multi_edit_tool: "#ToolAction",
          notebook_edit_tool: "#ToolAction",
          write_tool: "#ToolAction",
        }),
        User: obj({ added_at: "string", email: "string", id: "string", role: "string", type: "string" }),
      }),
    },
  );
}
