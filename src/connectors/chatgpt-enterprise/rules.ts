/**
 * OpenAI ChatGPT Enterprise Compliance API: users, conversations and messages, projects (GPTs),
 * automations and log files. Prompts become keyword digests, people are pseudonymized (user ids
 * reversibly), file names and download URLs are dropped.
 */
import { PROMPT_TOPIC_KEYWORDS, WORK_TASK_KEYWORDS } from "../families/ai-prompt-keywords.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { definitions, obj, s } from "../rules-dsl/schema.js";
import { pseudonymize, pseudonymizeReversible, redact, textDigest } from "../rules-dsl/transforms.js";

/** a paged list response of the Compliance API */
const list = (item: string) =>
  s({ data: [item], has_more: "boolean", last_end_time: "date-time", last_id: "string", object: "string" });

const BY_USER =
  "@.actor.type =~ /account_user/i || @.message.author.type == 'user' || @.message.author.role == 'user'";

const WS = "/v1/compliance/workspaces/{workspaceId}";

export function chatgptEnterpriseRules(): ApiRulesDoc {
  return apiRules(
    [
      {
        pathTemplate: `${WS}/automations`,
        allowedQueryParams: ["after", "limit"],
        transforms: [textDigest(["$.data[*].title", "$.data[*].prompt"])],
        responseSchema: list("#ExportAutomation"),
      },
      {
        pathTemplate: `${WS}/conversations`,
        allowedQueryParams: ["since_timestamp", "after", "limit", "users", "file_format"],
        transforms: [
          pseudonymize(["$.data[*].user_email", "$.data[*].user_id"]),
          redact("$.data[*]..files[*].name", "$.data[*]..files[*].download_url"),
          textDigest(
            ["$.data[*]..title", "$.data[*]..messages.data[?(@.author.role == 'user')]..content.value"],
            {
              keywords: [...WORK_TASK_KEYWORDS],
            },
          ),
          textDigest("$.data[*]..messages.data[?(@.author.role != 'user')]..content.value"),
        ],
        responseSchema: list("#Conversation"),
      },
      {
        pathTemplate: `${WS}/conversations/{conversationId}/messages`,
        allowedQueryParams: ["after", "limit"],
        transforms: [pseudonymize("$.data[*].user_email"), textDigest("$.data[*].content.value")],
        responseSchema: list("#Message"),
      },
      {
        pathTemplate: `${WS}/logs`,
        allowedQueryParams: ["event_type", "limit", "after", "before"],
        responseSchema: list("#LogFile"),
      },
      {
        pathTemplate: `${WS}/logs/{logFileId}`,
        allowedQueryParams: [],
        transforms: [
          pseudonymize([
            "$.principal.id",
            "$..email",
            "$..user_id",
            "$..user_email",
            "$.event_details.created_by_user_id",
            "$.event_details.plugin_creator_account_user_id",
          ]),
          textDigest(
            [
              "$.conversation.title",
              `$[?(${BY_USER})].message.content.value`,
              `$[?(${BY_USER})].message.annotations[*].quote_text`,
              "$.message.content.quote",
              "$.event_details.prompt_text",
            ],
            { keywords: [...PROMPT_TOPIC_KEYWORDS] },
          ),
          textDigest(
            "$[?(@.message.author.type != 'user' && @.message.author.role != 'user')].message.content.value",
          ),
        ],
        responseSchema: s({
          actor: "#Actor",
          client_id: "string",
          conversation: "#ConversationRef",
          event_details: "#CodexEventDetails",
          event_id: "string",
          event_type: "string",
          message: "#LogMessage",
          principal: "#Principal",
          timestamp: "date-time",
          type: "string",
          workspace_id: "string",
        }),
      },
      {
        pathTemplate: `${WS}/projects`,
        allowedQueryParams: ["after", "limit"],
        transforms: [
          pseudonymize([
            "$.data[*].owner_email",
            "$.data[*].owner_id",
            "$..email",
            "$.data[*].sharing.recipients[*].id",
          ]),
          redact("$.data[*].latest_config[*].name", "$.data[*].latest_config[*].description"),
          textDigest(["$..conversation_starters[*]", "$..instructions"]),
        ],
        responseSchema: list("#Project"),
      },
      {
        pathTemplate: `${WS}/users`,
        allowedQueryParams: ["after", "limit"],
        transforms: [
          pseudonymize("$.data[*].email"),
          pseudonymizeReversible("$.data[*].id"),
          redact("$.data[*].display_name"),
        ],
        responseSchema: list("#WorkspaceUser"),
      },
    ],
    {
      definitions: definitions({
        Actor: obj({ type: "string", user_email: "string", user_id: "string" }),
        Annotation: obj({ id: "string", quote_text: "string", type: "string" }),
        Author: obj({
          client_type: "string",
          role: "string",
          model: "string",
          skills_used: ["string"],
          tools_used: ["string"],
          type: "string",
        }),
        BaseFile: obj({ created_at: "number", id: "string", object: "string" }),
        CitedFile: obj({ id: "string" }),
        CodexEventDetails: obj({
          access_token_id: "string",
          access_token_name: "string",
          call_id: "string",
          created_by_user_id: "string",
          detail_type: "string",
          environment_id: "string",
          expires_at: "string",
          model: "string",
          plugin_creator_account_user_id: "string",
          plugin_display_name: "string",
          plugin_id: "string",
          plugin_name: "string",
          plugin_release_id: "string",
          plugin_scope: "string",
          plugin_version: "string",
          prompt_text: "string",
          reasoning_effort: "string",
          service_tier: "string",
          session_id: "string",
          status: "string",
          token_usage: "#TokenUsage",
          tool_name: "string",
          tool_type: "string",
          turn_id: "string",
        }),
        Content: obj({
          annotations: ["#ContentAnnotation"],
          file_id: "string",
          quote: "string",
          type: "string",
          value: "string",
        }),
        ContentAnnotation: obj({
          action_domain: "string",
          action_name: "string",
          files: ["#CitedFile"],
          type: "string",
        }),
        Conversation: obj({
          created_at: "number",
          id: "string",
          last_active_at: "number",
          messages: "#MessageList",
          object: "string",
          title: "string",
          user_email: "string",
          user_id: "string",
          workspace_id: "string",
        }),
        ConversationRef: obj({
          created_at: "date-time",
          gpt_id: "string",
          gpt_name: "string",
          id: "string",
          is_pinned: "boolean",
          is_temporary_chat: "boolean",
          project_id: "string",
          project_name: "string",
          title: "string",
        }),
        ExportAutomation: obj({ id: "string", is_enabled: "boolean", prompt: "string", schedule: "string" }),
        LogFile: obj({ id: "string" }),
        LogMessage: obj({
          annotations: ["#Annotation"],
          author: "#Author",
          content: "#Content",
          created_at: "date-time",
          files: ["#BaseFile"],
          id: "string",
          parent_id: "string",
        }),
        Message: obj({
          author: "#MessageAuthor",
          content: "#MessageContent",
          created_at: "number",
          files: ["#BaseFile"],
          gpt_id: "string",
          id: "string",
          object: "string",
          parent_id: "string",
          project_id: "string",
        }),
        MessageAuthor: obj({ object: "string", role: "string", tool_name: "string" }),
        MessageContent: obj({ object: "string", type: "string", value: "string" }),
        MessageList: obj({ data: ["#Message"], has_more: "boolean", last_id: "string", object: "string" }),
        Permissions: obj({
          can_read: "boolean",
          can_view_config: "boolean",
          can_write: "boolean",
          object: "string",
        }),
        Principal: obj({ id: "string", type: "string" }),
        Project: obj({
          builder_name: "string",
          created_at: "number",
          id: "string",
          latest_config: ["#ProjectConfig"],
          object: "string",
          owner_email: "string",
          owner_id: "string",
          sharing: "#Sharing",
        }),
        ProjectConfig: obj({
          categories: ["string"],
          conversation_starters: ["string"],
          created_at: "number",
          files: ["#BaseFile"],
          id: "string",
          instructions: "string",
          object: "string",
          tools: ["#ProjectTool"],
        }),
        ProjectTool: obj({ action_domain: "string", created_at: "number", type: "string" }),
        Recipient: obj({ email: "string", id: "string", object: "string", permissions: "#Permissions" }),
        Sharing: obj({
          object: "string",
          permissions: "#Permissions",
          recipients: ["#Recipient"],
          visibility: "string",
        }),
        TokenUsage: obj({
          cached_input_tokens: "integer",
          input_tokens: "integer",
          output_tokens: "integer",
          reasoning_output_tokens: "integer",
        }),
        WorkspaceUser: obj({
          created_at: "number",
          email: "string",
          id: "string",
          object: "string",
          role: "string",
          status: "string",
        }),
      }),
    },
  );
}
