/** atlassian-organization: Atlassian organization audit events and directory users (admin API key). */
import { accessTokenConnector, getCalls } from "../families/long-access-token.js";
import { atlassianOrganizationRules } from "./rules.js";

const ORG = "<atlassian_organization_id>";

export const connector = accessTokenConnector({
  id: "atlassian-organization",
  displayName: "Atlassian Organization",
  availability: "beta",
  sourceKind: "atlassian-organization",
  worklyticsConnectorId: "atlassian-organization-psoxy",
  worklyticsConnectorName: "Atlassian Organization Admin API via Psoxy",
  targetHost: "api.atlassian.com",
  oauthScopes: ["read:directories:admin", "read:events:admin"],
  tokenDescription:
    "An Atlassian organization admin API key with read:directories:admin and read:events:admin.",
  settingsToProvide: { "Atlassian Organization Id": ORG },
  settings: ["atlassian_organization_id"],
  exampleApiRequests: getCalls(
    `/admin/v1/orgs/${ORG}/events`,
    `/admin/v1/orgs/${ORG}/events-stream`,
    `/admin/v2/orgs/${ORG}/directories/-/users`,
  ),
  instructions: {
    text: [
      "1. As an organization admin, open admin.atlassian.com → Settings → API keys and create an API key with",
      "   the scopes `read:directories:admin` and `read:events:admin`; note the organization id shown there.",
      "2. Fill ACCESS_TOKEN with the key (see the secret names below) and enter the organization id in",
      "   Worklytics.",
    ].join("\n"),
  },
  rules: [
    {
      key: "atlassian-organization",
      variant: "default",
      description:
        "Audit events (messages reduced to topic phrases) and directory users; actors pseudonymized.",
      isDefault: true,
      reference: [
        { file: "atlassian/organization/organization.yaml", selectedBy: "SOURCE=atlassian-organization" },
      ],
      build: atlassianOrganizationRules,
    },
  ],
});
