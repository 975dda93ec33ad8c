/**
 * Claude Compliance API: activities, chats and their messages, organizations and users. Prompt text is
 * replaced by topic digests; people pseudonymized (user ids reversibly, so one user's chats can be asked
 * for).
 */
import { PROMPT_TOPIC_KEYWORDS } from "../families/ai-prompt-keywords.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { hashIp, pseudonymize, pseudonymizeReversible, textDigest } from "../rules-dsl/transforms.js";

const topics = (...paths: string[]) => textDigest(paths, { keywords: [...PROMPT_TOPIC_KEYWORDS] });

/** a paged list response of the Compliance API */
export const page = (item: string) => ({
  data: [item],
  error: "#ErrorResponse",
  first_id: "string",
  has_more: "boolean",
  last_id: "string",
  next_page: "string",
});

const CREATED_AT = ["created_at.gte", "created_at.gt", "created_at.lte", "created_at.lt"];
const UPDATED_AT = ["updated_at.gte", "updated_at.gt", "updated_at.lte", "updated_at.lt"];

const CHAT = {
  chat_messages: ["#Message"],
  created_at: "date-time",
  deleted_at: "date-time",
  first_id: "string",
  has_more: "boolean",
  id: "string",
  last_id: "string",
  model: "string",
  name: "string",
  organization_uuid: "string",
  project_id: "string",
  sourceId: "string",
  updated_at: "date-time",
  user: "#User",
};

export function claudeRules(): ApiRulesDoc {
  return apiRules(
    [
      {
        pathTemplate: "/v1/compliance/activities",
        allowedQueryParams: [
          "after_id",
          "before_id",
          "limit",
          "organization_ids[]",
          "actor_ids[]",
          "activity_types[]",
          ...CREATED_AT,
        ],
        transforms: [
          pseudonymize([
            "$.data[*].actor['email_address','user_id','unauthenticated_email_address','api_key_id','admin_api_key_id','service_account_id']",
            "$.data[*].invitee_email",
          ]),
          hashIp("$..ip_address"),
          topics("$.data[*].title"),
        ],
        responseSchema: s(page("#Activity")),
      },
      {
        pathTemplate: "/v1/compliance/apps/chats",
        allowedQueryParams: [
          "after_id",
          "limit",
          "organization_ids[]",
          "project_ids[]",
          "user_ids[]",
          ...CREATED_AT,
          ...UPDATED_AT,
          "before_id",
        ],
        transforms: [pseudonymize("$.data[*].user['email_address','id']"), topics("$.data[*].name")],
        responseSchema: s(page("#Chat")),
      },
      {
        pathTemplate: "/v1/compliance/apps/chats/{chatId}/messages",
        allowedQueryParams: [
          "after_id",
          "before_id",
          "limit",
          "order",
          "created_at.gt",
          "created_at.gte",
          "created_at.lt",
          "created_at.lte",
          "updated_at.gt",
          "updated_at.gte",
          "updated_at.lt",
          "updated_at.lte",
          "tool_result_max_chars",
          "tool_use_input_max_chars",
        ],
        transforms: [
          pseudonymize("$.user['email_address','id','unauthenticated_email_address']"),
          hashIp("$..ip_address"),
          topics(
            "$.name",
            "$.chat_messages[*].content[*].text",
            "$.chat_messages[*].content[*].input",
            "$.chat_messages[*].content[*].content[*].text",
            "$.chat_messages[*].artifacts[*].title",
          ),
        ],
        responseSchema: s(CHAT),
      },
      {
        pathTemplate: "/v1/compliance/organizations",
        allowedQueryParams: [],
        responseSchema: s(page("#Organization")),
      },
      {
        pathTemplate: "/v1/compliance/organizations/{organizationUuid}/users",
        allowedQueryParams: ["page", "limit"],
        transforms: [
          pseudonymize("$.data[*]['email_address','email']"),
          pseudonymizeReversible("$.data[*].id"),
        ],
        responseSchema: s(page("#User")),
      },
    ],
    {
      definitions: definitions({
        Activity: obj({
          action: "string",
          actor: "#Actor",
          api_key_id: "string",
          artifact_type: "string",
          cadence: "string",
          cc_email_count: "integer",
          claude_artifact_id: "string",
          claude_artifact_version_id: "string",
          claude_chat_id: "string",
          claude_chat_snapshot_id: "string",
          claude_file_id: "string",
          claude_project_id: "string",
          claude_published_artifact_id: "string",
          config_id: "string",
          created_at: "date-time",
          decision: "string",
          enabled: "boolean",
          environment_id: "string",
          from_date: "date-time",
          group_id: "string",
          id: "string",
          invitee_email: "string",
          mcp_server_id: "string",
          model: "string",
          organization_id: "string",
          organization_uuid: "string",
          per_review_limit_usd: "string",
          primary_email_set: "boolean",
          repo_name: "string",
          repo_owner: "string",
          request_body: "string",
          request_id: "string",
          request_method: "string",
          request_type: "string",
          resolved_count: "integer",
          scan_id: "string",
          scan_project_id: "string",
          scans_cancelled: "integer",
          status: "string",
          status_code: "integer",
          title: "string",
          to_date: "date-time",
          to_email_count: "integer",
          trigger_mode: "string",
          type: "string",
          url: "string",
        }),
        Actor: obj({
          email_address: "string",
          ip_address: "string",
          service_account_id: "string",
          type: "string",
          unauthenticated_email_address: "string",
          user_agent: "string",
          user_id: "string",
        }),
        Artifact: obj({ artifact_type: "string", id: "string", title: "string", version_id: "string" }),
        Chat: obj(CHAT),
        ContentBlock: obj({
          content: ["#ContentBlock"],
          id: "string",
          input: "string",
          integration_name: "string",
          is_error: "boolean",
          mcp_server_url: "string",
          name: "string",
          text: "string",
          tool_use_id: "string",
          truncated: "boolean",
          type: "string",
        }),
        ErrorResponse: obj({ type: "string" }),
        File: obj({ id: "string", mime_type: "string" }),
        Message: obj({
          artifacts: ["#Artifact"],
          content: ["#ContentBlock"],
          created_at: "date-time",
          files: ["#File"],
          generated_files: ["#File"],
          id: "string",
          role: "string",
        }),
        Organization: obj({ id: "string", type: "string", uuid: "string" }),
        User: obj({ email: "string", email_address: "string", id: "string" }),
      }),
    },
  );
}
