/**
 * Atlassian Cloud connectors (Jira Cloud, Confluence Cloud): an OAuth 2.0 (3LO) app whose refresh token
 * the proxy exchanges at auth.atlassian.com, sharing the access token between instances.
 */
import type { ConnectorSpec } from "../model.js";
import {
  clientId,
  clientSecret,
  refreshLock,
  writableAccessToken,
  writableRefreshToken,
} from "../secured-variables.js";

export const ATLASSIAN_CLOUD_AUTH: Pick<
  ConnectorSpec,
  "sourceAuthStrategy" | "environmentVariables" | "securedVariables" | "targetHost"
> = {
  targetHost: "api.atlassian.com",
  sourceAuthStrategy: "oauth2_refresh_token",
  environmentVariables: {
    GRANT_TYPE: "refresh_token",
    REFRESH_ENDPOINT: "https://auth.atlassian.com/oauth/token",
    USE_SHARED_TOKEN: "TRUE",
  },
  securedVariables: [
    writableAccessToken(),
    writableRefreshToken(
      "The OAuth 2.0 (3LO) refresh token; Atlassian rotates it and the proxy writes it back.",
    ),
    refreshLock(),
    clientId("The Atlassian OAuth 2.0 (3LO) app's client id."),
    clientSecret("The Atlassian OAuth 2.0 (3LO) app's client secret."),
  ],
};

export function atlassianCloudInstructions(product: string, scopes: string[]): string {
  return [
    "1. In the Atlassian developer console (developer.atlassian.com → My apps), create an OAuth 2.0 (3LO)",
    `   integration and add the ${product} API with these scopes:`,
    `   ${scopes.map((s) => `\`${s}\``).join(", ")}.`,
    "2. Set a callback URL (e.g. http://localhost), authorize the app once as an admin with",
    "   `https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=…&scope=…offline_access…`,",
    "   and exchange the code at https://auth.atlassian.com/oauth/token for a refresh token.",
    "3. Call /oauth/token/accessible-resources with the access token to find the cloud id of your site.",
    "4. Fill CLIENT_ID, CLIENT_SECRET and REFRESH_TOKEN (see the secret names below).",
  ].join("\n");
}
