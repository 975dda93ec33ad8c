/** github-copilot: GitHub Copilot seats and Copilot audit events, through a GitHub App. Alpha. */
import {
  GITHUB_COMMON,
  get,
  githubAppEnvironment,
  githubAppInstructions,
  githubAppSecrets,
  ORG,
} from "../families/github.js";
import type { ConnectorSpec } from "../model.js";
import { githubCopilotRules } from "./rules.js";

const PERMISSIONS = ["Organization: Administration, Members, GitHub Copilot Business"];

export const connector: ConnectorSpec = {
  ...GITHUB_COMMON,
  id: "github-copilot",
  displayName: "Github Copilot",
  availability: "alpha",
  sourceKind: "github-copilot",
  worklyticsConnectorId: "github-copilot-psoxy",
  worklyticsConnectorName: "Github Copilot via Psoxy",
  targetHost: "api.github.com",
  oauthScopes: PERMISSIONS,
  environmentVariables: githubAppEnvironment("github_copilot_installation_id"),
  securedVariables: githubAppSecrets(),
  settings: ["github_organization", "github_copilot_installation_id"],
  exampleApiRequests: [
    get(`/orgs/${ORG}/members`),
    get(`/orgs/${ORG}/teams`),
    get(`/orgs/${ORG}/audit-log?phrase=action:copilot&include=web`),
    get(`/orgs/${ORG}/copilot/billing/seats`),
  ],
  instructions: { text: githubAppInstructions(PERMISSIONS, "github_copilot_installation_id") },
  rules: [
    {
      key: "github-copilot",
      variant: "default",
      description: "Members, teams, Copilot seats, and audit-log entries for `action:copilot` only.",
      isDefault: true,
      reference: [{ file: "github/copilot/github-copilot.yaml", selectedBy: "SOURCE=github-copilot" }],
      build: githubCopilotRules,
    },
  ],
};
