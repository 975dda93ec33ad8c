/** Asana API 1.0: workspaces, users, teams, projects, tasks and stories; names and text dropped. */
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc, EndpointDoc } from "../rules-dsl/model.js";
import { pseudonymize, pseudonymizeReversible, redact } from "../rules-dsl/transforms.js";

const PAGING = ["limit", "offset", "opt_fields"];
const TASK_QUERY = [...PAGING, "project", "completed_since", "modified_since"];

/** task transforms relative to `base` (`$.data[*]` for lists, `$.data` for one task) */
const taskTransforms = (base: string) => [
  redact(
    `${base}.external`,
    `${base}.html_notes`,
    `${base}.notes`,
    `${base}..name`,
    `${base}.custom_fields[*].description`,
  ),
  pseudonymize(
    [
      "created_by.gid",
      "completed_by.gid",
      "hearts[*].user.gid",
      "likes[*].user.gid",
      "assignee.gid",
      "custom_fields[*].created_by.gid",
      "custom_fields[*].people_value[*].gid",
      "followers[*].gid",
    ]
      .map((p) => `${base}.${p}`)
      .concat(`${base}..email`),
  ),
];

const taskList = (pathTemplate: string, allowedQueryParams: string[]): EndpointDoc => ({
  pathTemplate,
  allowedQueryParams,
  transforms: taskTransforms("$.data[*]"),
});

export function asanaRules(): ApiRulesDoc {
  return apiRules([
    { pathTemplate: "/api/1.0/workspaces", allowedQueryParams: PAGING },
    {
      pathTemplate: "/api/1.0/users",
      allowedQueryParams: [...PAGING, "workspace", "team"],
      transforms: [
        redact("$.data[*].name", "$.data[*].photo"),
        pseudonymize("$.data[*].email"),
        pseudonymizeReversible("$.data[*].gid"),
      ],
    },
    {
      pathTemplate: "/api/1.0/workspaces/{workspaceId}/teams",
      allowedQueryParams: PAGING,
      transforms: [redact("$.data[*]..name", "$.data[*].description", "$.data[*].html_description")],
    },
    {
      pathTemplate: "/api/1.0/teams/{teamId}/projects",
      allowedQueryParams: [...PAGING, "archived"],
      transforms: [
        redact(
          "$.data[*].current_status",
          "$.data[*].current_status_update",
          "$.data[*].custom_field_settings[*].custom_field.created_by",
          "$.data[*].custom_field_settings[*].custom_field.description",
          "$.data[*].name",
          "$.data[*].notes",
          "$.data[*].html_notes",
          "$.data[*].created_by",
          "$.data[*].completed_by",
          "$..name",
        ),
      ],
    },
    taskList("/api/1.0/tasks", TASK_QUERY),
    {
      pathTemplate: "/api/1.0/tasks/{taskId}",
      allowedQueryParams: TASK_QUERY,
      transforms: taskTransforms("$.data"),
    },
    {
      pathTemplate: "/api/1.0/tasks/{taskId}/stories",
      allowedQueryParams: PAGING,
      transforms: [
        redact(
          "$.data[*]..name",
          "$.data[*].html_text",
          "$.data[*].text",
          "$.data[*].new_text_value",
          "$.data[*].old_text_value",
          "$.data[*].new_name",
          "$.data[*].old_name",
          "$.data[*].previews",
        ),
        pseudonymize([
          "$.data[*].assignee.gid",
          "$.data[*].created_by.gid",
          "$.data[*].follower.gid",
          "$.data[*].hearts[*].user.gid",
          "$.data[*].likes[*].user.gid",
          "$.data[*].story.created_by.gid",
          "$.data[*]..email",
        ]),
      ],
    },
    taskList("/api/1.0/tasks/{taskId}/subtasks", TASK_QUERY),
    taskList("/api/1.0/workspaces/{workspaceId}/tasks/search", [
      "limit",
      "modified_at.after",
      "modified_at.before",
      "is_subtask",
      "sort_ascending",
      "opt_fields",
    ]),
  ]);
}
