/** Dropbox Business API v2: team event log, file listings and revisions, team and group members. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc } from "../rules-dsl/model.js";
import { pseudonymize, redact } from "../rules-dsl/transforms.js";

const SELECT_USER = ["Dropbox-API-Select-User"];

const files = (pathRegex: string): EndpointDoc => ({
  pathRegex,
  allowedRequestHeaders: SELECT_USER,
  transforms: [
    pseudonymize("$.entries[*].details.shared_content_owner.email"),
    pseudonymize([
      "$.entries[*].sharing_info.modified_by",
      "$.entries[*].file_lock_info.lockholder_account_id",
    ]),
    redact(
      "$.entries[*]['name', 'path_lower', 'path_display', 'preview_url', 'content_hash']",
      "$.entries[*].export_info['export_as']",
      "$.entries[*].file_lock_info['lockholder_name']",
    ),
  ],
});

const members = (pathRegex: string): EndpointDoc => ({
  pathRegex,
  allowedRequestHeaders: SELECT_USER,
  transforms: [
    pseudonymize(["$.members[*].profile.email", "$.members[*].profile.secondary_emails[*].email"]),
    pseudonymize(["$.members[*].profile.account_id", "$.members[*].profile.persistent_id"]),
    redact(
      "$.members[*].profile.name['abbreviated_name', 'display_name', 'familiar_name', 'given_name', 'surname']",
      "$.members[*].profile['profile_photo_url']",
      "$.members[*].roles[*]['description', 'name']",
    ),
  ],
});

/** event-log people: e-mails (and the origin IP), then account ids */
const EVENT_PEOPLE = [
  "$.events[*].details.shared_content_owner",
  "$.events[*].actor.user",
  "$.events[*].actor.admin",
];

export function dropboxBusinessRules(): ApiRulesDoc {
  return apiRules([
    {
      pathRegex: "^/2/team_log/get_events(/continue)?$",
      allowedRequestHeaders: SELECT_USER,
      transforms: [
        pseudonymize([
          ...EVENT_PEOPLE.map((p) => `${p}.email`),
          "$.events[*].actor.reseller.resellerEmail",
          "$.events[*].origin.geo_location.ip_address",
          "$.events[*].context.email",
          "$.events[*].participants[*].user.email",
        ]),
        pseudonymize([
          ...EVENT_PEOPLE.map((p) => `${p}.account_id`),
          "$.events[*].context.account_id",
          "$.events[*].participants[*].user.account_id",
        ]),
        redact(
          ...EVENT_PEOPLE.map((p) => `${p}['display_name']`),
          "$.events[*].actor.reseller.reseller_name",
          "$.events[*].context['display_name']",
          "$.events[*].participants[*].user['display_name']",
          "$.events[*].assets[*]['display_name', 'doc_title', 'folder_title', 'showcase_title']",
          "$.events[*].assets[*].path['contextual']",
          "$.events[*].assets[*].path.namespace_relative['relative_path']",
        ),
      ],
    },
    files("^/2/files/list_folder(/continue)?$"),
    files("^/2/files/list_revisions$"),
    members("^/2/team/groups/members/list(/continue)?$"),
    members("^/2/team/members/list(/continue)?_v2$"),
  ]);
}
