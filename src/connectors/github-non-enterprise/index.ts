/** github-non-enterprise: GitHub Free, Pro and Team organizations, through a GitHub App. */
import {
  GITHUB_COMMON,
  githubAppEnvironment,
  githubAppInstructions,
  githubAppSecrets,
  githubExampleCalls,
} from "../families/github.js";
import type { ConnectorSpec } from "../model.js";
import { githubNonEnterpriseRules } from "./rules.js";

const PERMISSIONS = ["Repository: Contents, Issues, Metadata, Pull requests", "Organization: Members"];

export const connector: ConnectorSpec = {
  ...GITHUB_COMMON,
  id: "github-non-enterprise",
  displayName: "GitHub",
  availability: "ga",
  sourceKind: "github-non-enterprise",
  worklyticsConnectorId: "github-free-team-psoxy",
  worklyticsConnectorName: "GitHub Free/Professional/Team via Psoxy",
  targetHost: "api.github.com",
  oauthScopes: PERMISSIONS,
  environmentVariables: githubAppEnvironment("github_installation_id"),
  securedVariables: githubAppSecrets(),
  settings: ["github_organization", "github_installation_id", "github_example_repository"],
  exampleApiRequests: githubExampleCalls("", { auditLog: false }),
  instructions: { text: githubAppInstructions(PERMISSIONS, "github_installation_id") },
  rules: [
    {
      key: "github-non-enterprise",
      variant: "default",
      description: "Organization members, repositories, issues and pulls (no audit log).",
      isDefault: true,
      reference: [
        {
          file: "github/github-non-enterprise/github-non-enterprise.yaml",
          selectedBy: "SOURCE=github-non-enterprise",
        },
      ],
      build: githubNonEnterpriseRules,
    },
  ],
};
