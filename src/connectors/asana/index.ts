/** asana: Asana workspaces, projects and tasks, with a service-account or personal access token. */
import { accessTokenConnector, getCalls } from "../families/long-access-token.js";
import { asanaRules } from "./rules.js";

export const connector = accessTokenConnector({
  id: "asana",
  displayName: "Asana",
  availability: "ga",
  sourceKind: "asana",
  worklyticsConnectorId: "asana-psoxy",
  worklyticsConnectorName: "Asana via Psoxy",
  targetHost: "app.asana.com",
  oauthScopes: [
    "a service-account or personal access token that sees every workspace, team, project and task to import",
  ],
  tokenDescription: "An Asana service-account token or personal access token.",
  exampleApiRequests: getCalls(
    "/api/1.0/workspaces",
    "/api/1.0/users?workspace={ANY_WORKSPACE_GID}&limit=10",
    "/api/1.0/workspaces/{ANY_WORKSPACE_GID}/teams?limit=10",
    "/api/1.0/teams/{ANY_TEAM_GID}/projects?limit=20",
    "/api/1.0/tasks?project={ANY_PROJECT_GID}&limit=10",
    "/api/1.0/tasks/{ANY_TASK_GID}",
    "/api/1.0/tasks/{ANY_TASK_GID}/stories",
  ),
  instructions: {
    text: [
      "1. Create an Asana [service account](https://asana.com/guide/help/premium/service-accounts) and its token,",
      "   or a personal access token of a user who can see every workspace, team, project and task to import.",
      "2. Fill ACCESS_TOKEN with the token (see the secret names below).",
    ].join("\n"),
  },
  rules: [
    {
      key: "asana",
      variant: "default",
      description: "Workspaces, users, teams, projects, tasks and stories; names and text redacted.",
      isDefault: true,
      reference: [{ file: "asana/asana.yaml", selectedBy: "SOURCE=asana" }],
      build: asanaRules,
    },
  ],
});
