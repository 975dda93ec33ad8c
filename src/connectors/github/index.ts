/** github: GitHub Enterprise Cloud, through a GitHub App. */
import {
  GITHUB_COMMON,
  githubAppEnvironment,
  githubAppInstructions,
  githubAppSecrets,
  githubExampleCalls,
} from "../families/github.js";
import type { ConnectorSpec } from "../model.js";
import { githubEnterpriseCloudRules } from "./rules.js";

export const GITHUB_APP_PERMISSIONS = [
  "Repository: Contents, Issues, Metadata, Pull requests",
  "Organization: Administration, Members",
];

export const connector: ConnectorSpec = {
  ...GITHUB_COMMON,
  id: "github",
  displayName: "Github Enterprise",
  availability: "ga",
  sourceKind: "github",
  worklyticsConnectorId: "github-enterprise-psoxy",
  worklyticsConnectorName: "Github Enterprise via Psoxy",
  targetHost: "api.github.com",
  oauthScopes: GITHUB_APP_PERMISSIONS,
  environmentVariables: githubAppEnvironment("github_installation_id"),
  securedVariables: githubAppSecrets(),
  settings: ["github_organization", "github_installation_id", "github_example_repository"],
  exampleApiRequests: githubExampleCalls("", { auditLog: true }),
  instructions: { text: githubAppInstructions(GITHUB_APP_PERMISSIONS, "github_installation_id") },
  rules: [
    {
      key: "github",
      variant: "default",
      description: "Organization members (with SAML identities), audit log, repositories, issues and pulls.",
      isDefault: true,
      reference: [{ file: "github/github/github.yaml", selectedBy: "SOURCE=github" }],
      build: githubEnterpriseCloudRules,
    },
  ],
};
