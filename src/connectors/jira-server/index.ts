/** jira-server: Jira Data Center / Server, with a personal access token. */
import { accessTokenConnector, getCalls } from "../families/long-access-token.js";
import { jiraServerRules } from "./rules.js";

const ISSUE = "<example_jira_issue_id>";

export const connector = accessTokenConnector({
  id: "jira-server",
  displayName: "Jira Data Center",
  availability: "ga",
  sourceKind: "jira-server",
  worklyticsConnectorId: "jira-server-psoxy",
  worklyticsConnectorName: "Jira Server REST API via Psoxy",
  targetHost: { template: "<jira_server_url>", settings: ["jira_server_url"] },
  settings: ["jira_server_url", "example_jira_issue_id"],
  oauthScopes: [
    "a read-only service account's personal access token (classic scope read:jira-work if one is required)",
  ],
  tokenDescription: "A personal access token (PAT) of a read-only Jira service account.",
  exampleApiRequests: getCalls(
    ...["2", "latest"].flatMap((v) => [
      `/rest/api/${v}/search?maxResults=25`,
      `/rest/api/${v}/issue/${ISSUE}/comment?maxResults=25`,
      `/rest/api/${v}/issue/${ISSUE}/worklog?maxResults=25`,
    ]),
  ),
  instructions: {
    text: [
      "1. Create a Jira service account with read-only access to the projects to import.",
      "2. Logged in as that account, open Profile → Personal Access Tokens and create a token.",
      "3. Fill ACCESS_TOKEN with the token (see the secret names below); jira_server_url is the server's",
      "   host (and base path, if any).",
    ].join("\n"),
  },
  rules: [
    {
      key: "jira-server",
      variant: "default",
      description:
        "Search, issues, comments, worklogs, projects and users; people pseudonymized, text redacted.",
      isDefault: true,
      reference: [{ file: "atlassian/jira/jira-server.yaml", selectedBy: "SOURCE=jira-server" }],
      build: jiraServerRules,
    },
  ],
});
