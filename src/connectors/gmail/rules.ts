/** Gmail API: message metadata only; address headers pseudonymized, every other header dropped. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc } from "../rules-dsl/model.js";
import { pseudonymize, pseudonymizeEmailHeader, redact } from "../rules-dsl/transforms.js";

const KEPT_HEADERS =
  "From|To|Cc|Bcc|X-Original-Sender|Delivered-To|Sender|Message-ID|Date|In-Reply-To|Original-Message-ID|References";

const headerRules = (headers: string): EndpointDoc["transforms"] => [
  pseudonymizeEmailHeader(`${headers}[?(@.name =~ /^(From|To|Cc|Bcc)$/i)].value`),
  pseudonymize(`${headers}[?(@.name =~ /^(X-Original-Sender|Delivered-To|Sender)$/i)].value`),
  // as in the reference, the alternation is not grouped, so ^ and $ bind to the first and last name only
  redact(`${headers}[?(!(@.name =~ /^${KEPT_HEADERS}$/i))]`),
];

export function gmailRules(): ApiRulesDoc {
  return apiRules([
    {
      pathTemplate: "/gmail/v1/users/{mailboxId}/messages",
      transforms: headerRules("$.messages.payload.headers"),
    },
    {
      pathTemplate: "/gmail/v1/users/{mailboxId}/messages/{messageId}",
      transforms: headerRules("$.payload.headers"),
    },
  ]);
}
