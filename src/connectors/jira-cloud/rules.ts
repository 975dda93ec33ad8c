/** Jira Cloud REST API (through api.atlassian.com): groups, users, projects, issues and their activity. */
import { issueSchema, searchSchema } from "../families/jira-rules.js";
import { apiRules } from "../rules-dsl/api.js";
import type { ApiRulesDoc } from "../rules-dsl/model.js";
import { s } from "../rules-dsl/schema.js";
import { pseudonymize, redact } from "../rules-dsl/transforms.js";

const API = "/ex/jira/{cloudId}/rest/api";
const PAGING = ["startAt", "maxResults"];

export function jiraCloudRules(): ApiRulesDoc {
  return apiRules([
    {
      pathTemplate: `${API}/{apiVersion}/group/bulk`,
      allowedQueryParams: PAGING,
      transforms: [redact("$..name")],
    },
    {
      pathTemplate: `${API}/{apiVersion}/group/member`,
      allowedQueryParams: [...PAGING, "groupId", "groupName", "includeInactiveUsers"],
      transforms: [
        redact("$.values[*].self", "$.values[*].avatarUrls", "$.values[*].displayName", "$.values[*].name"),
        pseudonymize(["$.values[*].accountId", "$.values[*].emailAddress"]),
      ],
    },
    {
      pathTemplate: `${API}/3/search/jql`,
      allowedQueryParams: ["jql", "fields", "nextPageToken", "maxResults"],
      transforms: [
        redact(
          "$.issues[*]..description",
          "$.issues[*]..iconUrl",
          "$.issues[*]..name",
          "$.issues[*]..avatarUrls",
          "$.issues[*].fields..self",
          "$.issues[*]..displayName",
          "$.issues[*]..comment",
          "$..displayName",
        ),
        pseudonymize(["$.issues[*]..accountId", "$.issues[*]..emailAddress", "$.issues[*]..body..id"]),
      ],
      responseSchema: searchSchema("cloud"),
    },
    {
      pathTemplate: `${API}/{apiVersion}/issue/{issueId}/changelog`,
      allowedQueryParams: PAGING,
      transforms: [
        redact(
          "$.values[*]..avatarUrls",
          "$.values[*]..self",
          "$.values[*]..displayName",
          "$.values[*].items[*].from",
          "$.values[*].items[*].to",
          "$.values[*].items[*].fromString",
          "$.values[*].items[*].toString",
        ),
        pseudonymize([
          "$.values[*]..accountId",
          "$.values[*]..emailAddress",
          "$.values[*]..tmpFromAccountId",
          "$.values[*]..tmpToAccountId",
        ]),
      ],
    },
    {
      pathTemplate: `${API}/3/issue/{issueId}/comment`,
      allowedQueryParams: PAGING,
      transforms: [
        redact(
          "$.comments[*]..avatarUrls",
          "$.comments[*].author..self",
          "$.comments[*].updateAuthor..self",
          "$.comments[*]..displayName",
          "$.comments[*]..text",
          "$.comments[*]..renderedBody",
        ),
        pseudonymize(["$.comments[*]..accountId", "$.comments[*].body..id", "$.comments[*]..emailAddress"]),
      ],
    },
    {
      pathTemplate: `${API}/3/issue/{issueId}/worklog`,
      allowedQueryParams: PAGING,
      transforms: [
        redact(
          "$.worklogs[*]..avatarUrls",
          "$.worklogs[*].author..self",
          "$.worklogs[*].updateAuthor..self",
          "$.worklogs[*]..displayName",
          "$.worklogs[*]..text",
          "$.worklogs[*]..summary",
        ),
        pseudonymize([
          "$.worklogs[*]..accountId",
          "$.worklogs[*]..emailAddress",
          "$.worklogs[*]..comment..id",
        ]),
      ],
    },
    {
      pathTemplate: `${API}/3/issue/{issueId}`,
      allowedQueryParams: ["fields"],
      transforms: [
        redact(
          "$..description",
          "$..iconUrl",
          "$..name",
          "$..avatarUrls",
          "$.fields..self",
          "$..displayName",
          "$..comment",
          "$..attachment[*]..filename",
          "$..attachment[*]..content",
          "$..summary",
        ),
        pseudonymize(["$..accountId", "$..emailAddress", "$..body..id"]),
      ],
      responseSchema: s(issueSchema("cloud")),
    },
    {
      pathTemplate: `${API}/{apiVersion}/users`,
      allowedQueryParams: PAGING,
      transforms: [
        redact("$..self", "$..avatarUrls", "$..displayName"),
        pseudonymize(["$..accountId", "$..emailAddress"]),
      ],
    },
    {
      pathTemplate: `${API}/{apiVersion}/project/search`,
      allowedQueryParams: PAGING,
      transforms: [
        redact(
          "$.values[*]..avatarUrls",
          "$.values[*]..self",
          "$.values[*]..displayName",
          "$.values[*]..leadUserName",
          "$.values[*]..description",
        ),
        pseudonymize([
          "$.values[*]..accountId",
          "$.values[*]..emailAddress",
          "$.values[*]..email",
          "$.values[*]..leadAccountId",
        ]),
      ],
    },
    {
      pathTemplate: "/oauth/token/accessible-resources",
      transforms: [redact("$..name", "$..scopes", "$..avatarUrl")],
    },
  ]);
}
