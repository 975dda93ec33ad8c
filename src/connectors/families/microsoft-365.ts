/**
 * Microsoft 365 connectors' specs (connectors spec 6.2): one Entra app per connector, granted Graph
 * application permissions by an admin; the proxy authenticates with workload identity federation (a
 * Cognito or GCP identity token as client assertion), so no secret is stored.
 */
import type { ConnectorSpec, RulesVariant } from "../model.js";
import { placeholdersIn, settingOf } from "../placeholders.js";

export interface Microsoft365Options {
  id: string;
  displayName: string;
  availability: ConnectorSpec["availability"];
  deprecationNote?: string;
  enableByDefault?: boolean;
  sourceKind?: string;
  worklyticsConnectorId: string;
  appRoles: string[];
  exampleCalls: string[];
  extraInstructions?: string[];
  rules: RulesVariant[];
}

export const MSFT_TENANT = "<msft_tenant_id>";
export const EXAMPLE_USER = "<example_msft_user_guid>";

export function microsoft365Connector(o: Microsoft365Options): ConnectorSpec {
  return {
    id: o.id,
    mode: "api",
    displayName: o.displayName,
    availability: o.availability,
    ...(o.deprecationNote ? { deprecationNote: o.deprecationNote } : {}),
    enableByDefault: o.enableByDefault ?? false,
    sourceKind: o.sourceKind ?? o.id,
    worklyticsConnectorId: o.worklyticsConnectorId,
    targetHost: "graph.microsoft.com",
    sourceAuthStrategy: "oauth2_refresh_token",
    requiredAppRoles: o.appRoles,
    requiredOauth2PermissionScopes: [],
    environmentVariables: {
      GRANT_TYPE: "workload_identity_federation",
      TOKEN_SCOPE: "https://graph.microsoft.com/.default",
      REFRESH_ENDPOINT: `https://login.microsoftonline.com/${MSFT_TENANT}/oauth2/v2.0/token`,
      CLIENT_ID: "<msft_connector_app_client_id>",
    },
    securedVariables: [],
    settings: [
      ...new Set([
        "msft_tenant_id",
        "msft_connector_app_client_id",
        ...o.exampleCalls.flatMap((p) => placeholdersIn(p).map(settingOf)),
      ]),
    ],
    exampleApiRequests: o.exampleCalls.map((path) => ({ method: "GET", path })),
    instructions: {
      text: [
        `1. The deployment creates an Entra ID app registration for \`${o.id}\` in tenant ${MSFT_TENANT} and a`,
        "   federated credential trusting the proxy's cloud identity (AWS: Cognito developer identity via",
        "   IDENTITY_POOL_ID / IDENTITY_ID / DEVELOPER_NAME_ID; GCP: AUDIENCE=api://AzureADTokenExchange).",
        "2. An Entra admin grants admin consent for these Microsoft Graph **application** permissions:",
        `   ${o.appRoles.join(", ")}.`,
        ...(o.extraInstructions ?? []),
        "No secret is stored: CLIENT_ID is the app's client id, set by the deployment.",
      ].join("\n"),
    },
    rules: o.rules,
  };
}
