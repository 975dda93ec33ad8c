/** Admin SDK Reports API, Chat activity: actors pseudonymized, IPs hashed, only known parameters kept. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { hashIp, pseudonymize, redact } from "../rules-dsl/transforms.js";

export const REPORTS_IP_ADDRESSES = [
  "$.items[*].ipAddress",
  "$.items[*].events[*].parameters[?(@.name == 'ip_address')].value",
];

/** drops every event parameter whose name is not one of `kept` (an unanchored-group alternation, as the reference writes it) */
export const keepOnlyParameters = (kept: string[]) =>
  redact(`$.items[*].events[*].parameters[?(!(@.name =~ /^${kept.join("|")}$/i))]`);

export function googleChatRules(): ApiRulesDoc {
  return apiRules([
    {
      pathTemplate: "/admin/reports/v1/activity/users/all/applications/chat",
      transforms: [
        pseudonymize([
          "$..email",
          "$..userEmail",
          "$.items[*].events[*].parameters[?(@.name in ['actor'])].value",
        ]),
        hashIp(REPORTS_IP_ADDRESSES),
        keepOnlyParameters(["actor", "room_id", "timestamp_ms", "message_id", "room_name", "ip_address"]),
      ],
    },
  ]);
}
