/** Slack admin analytics: member and channel analytics files, message metadata and activity. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { pseudonymize, redact } from "../rules-dsl/transforms.js";

const MESSAGE_QUERY = ["channel", "oldest_ts", "latest_ts", "cursor", "limit"];

export function slackAnalyticsRules(): ApiRulesDoc {
  return apiRules([
    {
      pathTemplate: "/api/admin.analytics.getFile",
      allowedQueryParams: ["type", "date", "metadata_only"],
      transforms: [
        pseudonymize(["$.user_id", "$.email_address"]),
        redact("$.topic", "$.name", "$.description"),
      ],
    },
    {
      pathTemplate: "/api/admin.analytics.messages.metadata",
      allowedQueryParams: MESSAGE_QUERY,
      transforms: [pseudonymize("$.messages[?(@.user_id!='USLACKBOT')].user_id")],
    },
    { pathTemplate: "/api/admin.analytics.messages.activity", allowedQueryParams: MESSAGE_QUERY },
  ]);
}
