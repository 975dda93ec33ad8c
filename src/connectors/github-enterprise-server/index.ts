/** github-enterprise-server: a self-hosted GitHub Enterprise Server, through an OAuth app's refresh token. */
import { GITHUB_COMMON, githubExampleCalls } from "../families/github.js";
import { GITHUB_APP_PERMISSIONS } from "../github/index.js";
import type { ConnectorSpec } from "../model.js";
import {
  clientId,
  clientSecret,
  refreshLock,
  writableAccessToken,
  writableRefreshToken,
} from "../secured-variables.js";
import { githubEnterpriseServerRules } from "./rules.js";

const HOST = "<github_enterprise_server_host>";

export const connector: ConnectorSpec = {
  ...GITHUB_COMMON,
  id: "github-enterprise-server",
  displayName: "GitHub Enterprise Server",
  availability: "ga",
  sourceKind: "github-enterprise-server",
  worklyticsConnectorId: "github-enterprise-server-psoxy",
  worklyticsConnectorName: "GitHub Enterprise Server via Psoxy",
  targetHost: { template: HOST, settings: ["github_enterprise_server_host"] },
  oauthScopes: GITHUB_APP_PERMISSIONS,
  environmentVariables: {
    GRANT_TYPE: "refresh_token",
    REFRESH_ENDPOINT: `https://${HOST}/login/oauth/access_token`,
    USE_SHARED_TOKEN: "TRUE",
  },
  securedVariables: [
    writableAccessToken(),
    writableRefreshToken(
      "The GitHub App's user refresh token; the proxy replaces it when GitHub rotates it.",
    ),
    refreshLock(),
    clientId("The GitHub App's client id."),
    clientSecret("The GitHub App's client secret."),
  ],
  settings: [
    "github_enterprise_server_host",
    "github_enterprise_server_version",
    "github_organization",
    "github_example_repository",
  ],
  settingDefaults: { github_enterprise_server_version: "v3" },
  exampleApiRequests: githubExampleCalls("/api/<github_enterprise_server_version>", { auditLog: true }),
  instructions: {
    text: [
      `1. On the server (https://${HOST}), create a GitHub App with user-to-server tokens that expire, and these`,
      "   read-only permissions:",
      ...GITHUB_APP_PERMISSIONS.map((p) => `   - ${p}`),
      "2. Install it on the organization, then authorize it once as an organization owner through the",
      "   OAuth web flow to obtain a refresh token (`/login/oauth/authorize`, then `/login/oauth/access_token`).",
      "3. Fill CLIENT_ID, CLIENT_SECRET and REFRESH_TOKEN (see the secret names below). The proxy refreshes",
      "   the access token itself and writes rotated refresh tokens back.",
      "4. The API version path segment is `github_enterprise_server_version` (usually `v3`).",
    ].join("\n"),
  },
  rules: [
    {
      key: "github-enterprise-server",
      variant: "default",
      description: "The Enterprise Cloud rules under /api/{version} (GraphQL at /api/graphql).",
      isDefault: true,
      reference: [
        {
          file: "github/enterprise-server/github-enterprise-server.yaml",
          selectedBy: "SOURCE=github-enterprise-server",
        },
      ],
      build: githubEnterpriseServerRules,
    },
  ],
};
