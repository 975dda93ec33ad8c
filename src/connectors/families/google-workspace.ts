/**
 * Google Workspace connectors (connectors spec 6.1): a GCP service account per connector, granted
 * domain-wide delegation of read-only scopes by a Workspace admin; the proxy signs as that account and
 * impersonates the user named in `X-Psoxy-User-To-Impersonate`. Also the pieces their rules share.
 */
import type { ConnectorSpec, ExampleRequest, RulesVariant } from "../model.js";
import type { ParamSchemaDoc, SchemaDoc } from "../rules-dsl/model.js";
import { definitions, obj } from "../rules-dsl/schema.js";
import { secret } from "../secured-variables.js";

export const GOOGLE_SCOPE_PREFIX = "https://www.googleapis.com/auth/";

export interface GoogleWorkspaceOptions {
  id: string;
  displayName: string;
  availability: ConnectorSpec["availability"];
  enableByDefault?: boolean;
  worklyticsConnectorId: string;
  targetHost: string;
  apisConsumed: string[];
  /** scope names after `https://www.googleapis.com/auth/` */
  scopes: string[];
  impersonate: "example user" | "example admin";
  exampleCalls: string[];
  rules: RulesVariant[];
}

export function googleWorkspaceConnector(o: GoogleWorkspaceOptions): ConnectorSpec {
  const scopes = o.scopes.map((s) => GOOGLE_SCOPE_PREFIX + s);
  const exampleApiRequests: ExampleRequest[] = o.exampleCalls.map((path) => ({ method: "GET", path }));
  return {
    id: o.id,
    mode: "api",
    displayName: o.displayName,
    availability: o.availability,
    enableByDefault: o.enableByDefault ?? false,
    sourceKind: o.id,
    worklyticsConnectorId: o.worklyticsConnectorId,
    targetHost: o.targetHost,
    sourceAuthStrategy: "gcp_service_account_key",
    oauthScopes: scopes,
    apisConsumed: o.apisConsumed,
    securedVariables: [
      secret(
        "SERVICE_ACCOUNT_KEY",
        "JSON key of the connector's GCP service account (base64 or plain JSON). Set by the deployment when " +
          "google_workspace_provision_keys is true; otherwise create a key and fill it in.",
        { valueManagedByTf: true },
      ),
    ],
    exampleApiRequests,
    exampleApiCallsUserToImpersonate: o.impersonate,
    settings: ["google_workspace_example_user", "google_workspace_example_admin"],
    instructions: {
      text: [
        `1. In the GCP project that holds the OAuth clients, enable ${o.apisConsumed.map((a) => `\`${a}\``).join(", ")}.`,
        `2. Create a service account for \`${o.id}\` (the deployment does this) and note its OAuth 2 client id`,
        "   (the service account's unique id).",
        "3. As a Google Workspace super-admin, open Admin console → Security → Access and data control → API",
        "   controls → Manage Domain Wide Delegation, add that client id and grant exactly these scopes:",
        `   \`${scopes.join(",")}\``,
        "4. Unless the deployment provisions keys, create a JSON key for the service account and store it",
        "   (plain or base64) in the SERVICE_ACCOUNT_KEY secret below.",
        `5. Test with the example calls, impersonating the ${o.impersonate} (header X-Psoxy-User-To-Impersonate).`,
      ].join("\n"),
    },
    rules: o.rules,
  };
}

/**
 * Admin SDK Reports API activity feeds (`/admin/reports/v1/activity/users/{userKey}/applications/<app>`):
 * the schema Gemini's rules filter responses to.
 */
export function reportsActivityDefinitions(): Record<string, SchemaDoc> {
  return definitions({
    Activity: obj({
      actor: "#Actor",
      events: ["#Event"],
      id: "#Id",
      ipAddress: "string",
      resourceDetails: ["#ResourceDetail"],
    }),
    Actor: obj({ callerType: "string", email: "string", profileId: "string" }),
    Event: obj({ name: "string", parameters: ["#Parameter"], type: "string" }),
    Id: obj({
      applicationName: "string",
      customerId: "string",
      time: "date-time",
      uniqueQualifier: "string",
    }),
    Parameter: obj({ boolValue: "boolean", intValue: "integer", name: "string", value: "string" }),
    ResourceDetail: obj({ id: "string", relation: "string", type: "string" }),
  });
}

/** `userKey` of a Reports API activity path: "all", or a profile id (a pseudonym of one when app ids are hidden) */
export function reportsUserKeySchema(pseudonymizeAppIds: boolean): ParamSchemaDoc {
  return {
    anyOf: [
      { type: "string", enum: ["all"] },
      pseudonymizeAppIds ? { type: "string", format: "pseudonym" } : { type: "integer", pattern: "^[0-9]+$" },
    ],
  };
}
