/** jira-cloud: Jira Cloud issues and activity, through an Atlassian OAuth 2.0 (3LO) app. */
import { ATLASSIAN_CLOUD_AUTH, atlassianCloudInstructions } from "../families/atlassian.js";
import type { ConnectorSpec } from "../model.js";
import { jiraCloudRules } from "./rules.js";

const SCOPES = [
  "read:jira-user",
  "read:jira-work",
  "read:user:jira",
  "read:group:jira",
  "read:avatar:jira",
  "offline_access",
];

const API = "/ex/jira/<jira_cloud_id>/rest/api/3";
const ISSUE = "<example_jira_issue_id>";

export const connector: ConnectorSpec = {
  ...ATLASSIAN_CLOUD_AUTH,
  id: "jira-cloud",
  mode: "api",
  displayName: "Jira REST API",
  availability: "ga",
  enableByDefault: false,
  sourceKind: "jira-cloud",
  worklyticsConnectorId: "jira-cloud-psoxy",
  worklyticsConnectorName: "Jira REST API via Psoxy",
  oauthScopes: SCOPES,
  settings: ["jira_cloud_id", "example_jira_issue_id"],
  exampleApiRequests: [
    "/oauth/token/accessible-resources",
    `${API}/users`,
    `${API}/group/bulk`,
    `${API}/issue/${ISSUE}/changelog?maxResults=25`,
    `${API}/issue/${ISSUE}/comment?maxResults=25`,
    `${API}/issue/${ISSUE}/worklog?maxResults=25`,
    `${API}/project/search?maxResults=25`,
  ].map((path) => ({ method: "GET" as const, path })),
  instructions: { text: atlassianCloudInstructions("Jira", SCOPES) },
  rules: [
    {
      key: "jira-cloud",
      variant: "default",
      description:
        "Groups, users, projects, issues, changelogs, comments and worklogs; people pseudonymized.",
      isDefault: true,
      reference: [{ file: "atlassian/jira/jira-cloud.yaml", selectedBy: "SOURCE=jira-cloud" }],
      build: jiraCloudRules,
    },
  ],
};
