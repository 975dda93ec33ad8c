/** Claude Enterprise Analytics API: per-user activity, usage and cost reports, projects and spend limits. */
import { ANTHROPIC_REQUEST_HEADERS } from "../families/anthropic.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc, SchemaDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { pseudonymize } from "../rules-dsl/transforms.js";

const REPORT_QUERY = [
  "starting_at",
  "ending_at",
  "page",
  "limit",
  "products[]",
  "models[]",
  "user_ids[]",
  "context_windows[]",
  "inference_geos[]",
  "speeds[]",
  "group_by[]",
  "order",
  "order_by",
];

const endpoint = (
  pathTemplate: string,
  allowedQueryParams: string[],
  pseudonymized: string[],
  responseSchema: SchemaDoc,
): EndpointDoc => ({
  pathTemplate,
  allowedQueryParams,
  allowedRequestHeaders: ANTHROPIC_REQUEST_HEADERS,
  transforms: [pseudonymize(pseudonymized)],
  responseSchema,
});

const report = (item: string) =>
  s({
    data: [item],
    data_refreshed_at: "date-time",
    has_more: "boolean",
    next_page: "string",
    organization_id: "string",
  });

const pageOf = (item: string) => s({ data: [item], next_page: "string" });

const SPEND_LIMIT_PEOPLE = ["$..user_id", "$..email_address"];
const REPORT_ACTOR = ["$.data[*].actor['user_id','email']"];

const count = "integer";

export function claudeEnterpriseAnalyticsRules(): ApiRulesDoc {
  return apiRules(
    [
      endpoint(
        "/v1/organizations/analytics/apps/chat/projects",
        ["date", "page", "limit"],
        ["$.data[*].created_by['id','email_address']"],
        pageOf("#ChatProjectUsage"),
      ),
      endpoint(
        "/v1/organizations/analytics/user_cost_report",
        REPORT_QUERY,
        REPORT_ACTOR,
        report("#UserCostEntry"),
      ),
      endpoint(
        "/v1/organizations/analytics/user_usage_report",
        REPORT_QUERY,
        REPORT_ACTOR,
        report("#UserUsageEntry"),
      ),
      endpoint(
        "/v1/organizations/analytics/users",
        ["date", "page", "limit"],
        ["$.data[*].user['id','email_address']"],
        pageOf("#UserActivity"),
      ),
      endpoint(
        "/v1/organizations/spend_limit_increase_requests",
        ["page", "limit", "status[]", "actor_ids[]"],
        SPEND_LIMIT_PEOPLE,
        pageOf("#SpendLimitIncreaseRequest"),
      ),
      endpoint(
        "/v1/organizations/spend_limit_increase_requests/{spendLimitIncreaseRequestId}",
        [],
        SPEND_LIMIT_PEOPLE,
        s("#SpendLimitIncreaseRequest"),
      ),
      endpoint(
        "/v1/organizations/spend_limits/effective",
        ["page", "limit", "period[]", "user_ids[]"],
        SPEND_LIMIT_PEOPLE,
        pageOf("#SpendLimitEffectiveEntry"),
      ),
      endpoint(
        "/v1/organizations/spend_limits/{spendLimitId}",
        [],
        SPEND_LIMIT_PEOPLE,
        s("#SpendLimitEffectiveEntry"),
      ),
    ],
    {
      definitions: definitions({
        AnalyticsActor: obj({ deleted: "boolean", email: "string", type: "string", user_id: "string" }),
        AnalyticsUser: obj({ email_address: "string", id: "string" }),
        CacheCreation: obj({ ephemeral_1h_input_tokens: count, ephemeral_5m_input_tokens: count }),
        ChatMetrics: obj({
          connectors_used_count: count,
          distinct_artifacts_created_count: count,
          distinct_connectors_used_count: count,
          distinct_conversation_count: count,
          distinct_files_uploaded_count: count,
          distinct_projects_created_count: count,
          distinct_projects_used_count: count,
          distinct_shared_artifacts_viewed_count: count,
          distinct_skills_used_count: count,
          message_count: count,
          shared_conversations_viewed_count: count,
          thinking_message_count: count,
        }),
        ChatProjectUsage: obj({
          created_at: "date-time",
          created_by: "#AnalyticsUser",
          distinct_conversation_count: count,
          distinct_user_count: count,
          message_count: count,
          project_id: "string",
          project_name: "string",
        }),
        ClaudeCodeMetrics: obj({ core_metrics: "#CoreMetrics", tool_actions: "#ToolActions" }),
        CoreMetrics: obj({
          commit_count: count,
          distinct_session_count: count,
          lines_of_code: "#LinesOfCode",
          pull_request_count: count,
        }),
        CoworkMetrics: obj({
          action_count: count,
          connectors_used_count: count,
          dispatch_turn_count: count,
          distinct_connectors_used_count: count,
          distinct_plugins_used_count: count,
          distinct_session_count: count,
          distinct_skills_used_count: count,
          edit_tool_count: count,
          file_edit_count: count,
          message_count: count,
          multi_edit_tool_count: count,
          notebook_edit_tool_count: count,
          plugins_used_count: count,
          sessions_with_file_edits_count: count,
          skills_used_count: count,
          write_tool_count: count,
        }),
        DesignMetrics: obj({
          distinct_projects_created_count: count,
          distinct_projects_used_count: count,
          distinct_session_count: count,
          message_count: count,
        }),
        LinesOfCode: obj({ added_count: count, removed_count: count }),
        OfficeAppMetrics: obj({
          connectors_used_count: count,
          distinct_connectors_used_count: count,
          distinct_session_count: count,
          distinct_skills_used_count: count,
          message_count: count,
          skills_used_count: count,
        }),
        OfficeMetrics: obj({
          excel: "#OfficeAppMetrics",
          outlook: "#OfficeAppMetrics",
          powerpoint: "#OfficeAppMetrics",
          word: "#OfficeAppMetrics",
        }),
        ScienceMetrics: obj({
          delegation_count: count,
          distinct_session_count: count,
          message_count: count,
          remote_compute_job_count: count,
          skills_used_count: count,
        }),
        Scope: obj({ type: "string", user_id: "string" }),
        ServerToolUse: obj({ web_search_requests: count }),
        Source: obj({ seat_tier: "string", service: "string", type: "string", user_id: "string" }),
        SpendLimitActor: obj({
          deleted: "boolean",
          email_address: "string",
          type: "string",
          user_id: "string",
        }),
        SpendLimitEffectiveEntry: obj({
          actor: "#SpendLimitActor",
          amount: "string",
          currency: "string",
          period: "string",
          period_to_date_spend: "string",
          scope: "#Scope",
          source: "#Source",
          spend_limit_id: "string",
        }),
        SpendLimitIncreaseRequest: obj({
          actor: "#SpendLimitActor",
          created_at: "date-time",
          id: "string",
          period: "string",
          resolved_at: "date-time",
          resolved_by: "#SpendLimitActor",
          spend_summary: "#SpendLimitEffectiveEntry",
          status: "string",
        }),
        ToolAction: obj({ accepted_count: count, rejected_count: count }),
        ToolActions: obj({
          edit_tool: "#ToolAction",
          multi_edit_tool: "#ToolAction",
          notebook_edit_tool: "#ToolAction",
          write_tool: "#ToolAction",
        }),
        UserActivity: obj({
          chat_metrics: "#ChatMetrics",
          claude_code_metrics: "#ClaudeCodeMetrics",
          cowork_metrics: "#CoworkMetrics",
          design_metrics: "#DesignMetrics",
          distinct_user_count: count,
          last_activity_date: "date",
          office_metrics: "#OfficeMetrics",
          rbac_group_id: "string",
          rbac_group_name: "string",
          science_metrics: "#ScienceMetrics",
          user: "#AnalyticsUser",
          web_search_count: count,
        }),
        UserCostEntry: obj({
          actor: "#AnalyticsActor",
          amount: "string",
          context_window: count,
          cost_type: "string",
          currency: "string",
          inference_geo: "string",
          list_amount: "string",
          model: "string",
          product: "string",
          requests: count,
          speed: "string",
          token_type: "string",
        }),
        UserUsageEntry: obj({
          actor: "#AnalyticsActor",
          cache_creation: "#CacheCreation",
          cache_read_input_tokens: count,
          context_window: count,
          inference_geo: "string",
          model: "string",
          output_tokens: count,
          product: "string",
          requests: count,
          server_tool_use: "#ServerToolUse",
          speed: "string",
          total_tokens: count,
          uncached_input_tokens: count,
        }),
      }),
    },
  );
}
