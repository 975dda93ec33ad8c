/** salesforce: Salesforce accounts, users and activities, through a Client Credentials Flow app. */
import type { ConnectorSpec } from "../model.js";
import { clientId, clientSecret, refreshLock, writableAccessToken } from "../secured-variables.js";
import { salesforceRules } from "./rules.js";

const DOMAIN = "<salesforce_domain>";
const V = "/services/data/v64.0";

export const connector: ConnectorSpec = {
  id: "salesforce",
  mode: "api",
  displayName: "Salesforce",
  availability: "ga",
  enableByDefault: false,
  sourceKind: "salesforce",
  worklyticsConnectorId: "salesforce-psoxy",
  worklyticsConnectorName: "Salesforce via Psoxy",
  targetHost: { template: DOMAIN, settings: ["salesforce_domain"] },
  settings: ["salesforce_domain"],
  sourceAuthStrategy: "oauth2_refresh_token",
  oauthScopes: ["api", "chatter_api", "refresh_token", "offline_access", "content", "cdp_query_api"],
  environmentVariables: {
    GRANT_TYPE: "client_credentials",
    CREDENTIALS_FLOW: "client_secret",
    REFRESH_ENDPOINT: `https://${DOMAIN}/services/oauth2/token`,
    ACCESS_TOKEN_CACHEABLE: "true",
    USE_SHARED_TOKEN: "TRUE",
  },
  securedVariables: [
    clientSecret("The connected app's Consumer Secret."),
    clientId("The connected app's Consumer Key."),
    refreshLock(),
    writableAccessToken(),
  ],
  exampleApiRequests: [
    `${V}/sobjects/Account/describe`,
    `${V}/sobjects/Task/describe`,
    `${V}/query?q=SELECT+Id,Email,IsActive+FROM+User+WHERE+LastModifiedDate+%3E%3D+2024-01-01T00%3A00%3A00Z`,
    `${V}/queryAll?q=SELECT+Id,AccountId,WhoId+FROM+Task+WHERE+LastModifiedDate+%3E%3D+2024-01-01T00%3A00%3A00Z`,
    `${V}/queryAll?q=SELECT+Id,AccountId,WhoId+FROM+Event+WHERE+LastModifiedDate+%3E%3D+2024-01-01T00%3A00%3A00Z`,
  ].map((path) => ({ method: "GET" as const, path })),
  instructions: {
    text: [
      "1. In Salesforce Setup, create a connected app with OAuth enabled and **Enable Client Credentials Flow**,",
      "   with the scopes `api`, `chatter_api`, `refresh_token offline_access`, `content`, `cdp_query_api`",
      "   (the callback URL is required by the form but unused).",
      '2. Assign it a "run as" API-only user whose profile has API Enabled, Apex REST Services, Access',
      "   Activities and View All Users, and allow that profile in the app's Connected App Access.",
      "3. From Manage Consumer Details, copy the Consumer Key into CLIENT_ID and the Consumer Secret into",
      "   CLIENT_SECRET (see the secret names below). salesforce_domain is your My Domain host.",
    ].join("\n"),
  },
  rules: [
    {
      key: "salesforce",
      variant: "default",
      description:
        "Accounts, users (reversible ids), tasks and events via SOQL; people pseudonymized, text redacted.",
      isDefault: true,
      reference: [{ file: "salesforce/salesforce.yaml", selectedBy: "SOURCE=salesforce" }],
      build: salesforceRules,
    },
  ],
};
