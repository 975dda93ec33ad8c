/** Jira Data Center / Server REST API v2: search, issues, comments, worklogs, projects and users. */
import { issueSchema, searchSchema } from "../families/jira-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { s } from "../rules-dsl/schema.js";
import { pseudonymize, redact } from "../rules-dsl/transforms.js";

const API = "/rest/api/{apiVersion}";
const PAGING = ["startAt", "maxResults"];
const ATTACHMENT_FILES = ["$..attachment[*]..filename", "$..attachment[*]..content"];

/** `<who>..key` and `<who>..emailAddress` for each kind of person */
const people = (...who: string[]) => who.flatMap((w) => [`$..${w}..key`, `$..${w}..emailAddress`]);

export function jiraServerRules(): ApiRulesDoc {
  return apiRules([
    {
      pathTemplate: `${API}/search`,
      allowedQueryParams: [...PAGING, "jql", "fields"],
      transforms: [
        redact(
          "$.issues[*]..description",
          "$.issues[*]..iconUrl",
          "$.issues[*]..name",
          "$.issues[*]..avatarUrls",
          "$.issues[*]..displayName",
          "$.issues[*]..name",
          "$.issues[*]..body",
          "$.issues[*]..comment",
          "$..displayName",
        ),
        pseudonymize(["$.issues[*]..key", "$.issues[*]..emailAddress"]),
      ],
      responseSchema: searchSchema("server"),
    },
    {
      pathTemplate: `${API}/issue/{issueId}/comment`,
      allowedQueryParams: PAGING,
      transforms: [
        redact(
          "$.comments[*]..avatarUrls",
          "$.comments[*].author..self",
          "$.comments[*].updateAuthor..self",
          "$.comments[*]..displayName",
          "$.comments[*]..name",
          "$.comments[*]..text",
          "$.comments[*]..body",
          "$.comments[*]..renderedBody",
        ),
        pseudonymize(["$.comments[*]..key", "$.comments[*]..emailAddress"]),
      ],
    },
    {
      pathTemplate: `${API}/issue/{issueId}/worklog`,
      allowedQueryParams: PAGING,
      transforms: [
        redact(
          "$.worklogs[*]..avatarUrls",
          "$.worklogs[*].author..self",
          "$.worklogs[*].updateAuthor..self",
          "$.worklogs[*]..displayName",
          "$.worklogs[*]..name",
          "$.worklogs[*]..comment",
          "$.worklogs[*]..summary",
        ),
        pseudonymize(["$.worklogs[*]..key", "$.worklogs[*]..emailAddress"]),
      ],
    },
    {
      pathTemplate: `${API}/issue/{issueId}`,
      allowedQueryParams: [...PAGING, "expand", "fields"],
      transforms: [
        redact(
          "$..self",
          "$..description",
          "$..iconUrl",
          "$..name",
          "$..avatarUrls",
          "$..displayName",
          "$..name",
          "$..body",
          "$..comment",
          "$..displayName",
          "$..from",
          "$..to",
          "$..fromString",
          "$..toString",
          ...ATTACHMENT_FILES,
          "$..summary",
        ),
        pseudonymize(people("author", "creator", "reporter", "updateAuthor")),
      ],
      responseSchema: s(issueSchema("server")),
    },
    {
      pathTemplate: `${API}/project`,
      allowedQueryParams: [...PAGING, "expand", "includeArchived"],
      transforms: [
        redact("$..avatarUrls", "$..self", "$..displayName", "$..leadUserName", "$..description"),
        pseudonymize(people("lead", "assignee", "realAssignee", "user")),
      ],
    },
    {
      pathTemplate: `${API}/user/search`,
      allowedQueryParams: [...PAGING, "username", "includeActive", "includeInactive"],
      transforms: [
        redact("$..self", "$..avatarUrls", "$..displayName", "$..name", ...ATTACHMENT_FILES),
        pseudonymize(["$..key", "$..emailAddress"]),
      ],
    },
  ]);
}
