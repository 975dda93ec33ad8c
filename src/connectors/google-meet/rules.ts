/** Admin SDK Reports API, Meet activity: organizers and participants pseudonymized, call stats kept. */
import { keepOnlyParameters, REPORTS_IP_ADDRESSES } from "../google-chat/rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { hashIp, pseudonymize } from "../rules-dsl/transforms.js";

const KEPT_PARAMETERS = [
  "organizer_email",
  "identifier",
  "identifier_type",
  "location_country",
  "location_region",
  "ip_address",
  "is_external",
  "product_type",
  "device_type",
  "duration_seconds",
  "video_send_seconds",
  "video_recv_seconds",
  "screencast_send_seconds",
  "screencast_recv_seconds",
  "audio_send_seconds",
  "audio_recv_seconds",
  "calendar_event_id",
  "endpoint_id",
  "meeting_code",
  "conference_id",
];

export function googleMeetRules(): ApiRulesDoc {
  return apiRules([
    {
      pathTemplate: "/admin/reports/v1/activity/users/all/applications/meet",
      transforms: [
        pseudonymize([
          "$..email",
          "$.items[*].events[*].parameters[?(@.name in ['organizer_email','identifier'])].value",
        ]),
        hashIp(REPORTS_IP_ADDRESSES),
        keepOnlyParameters(KEPT_PARAMETERS),
      ],
    },
  ]);
}
