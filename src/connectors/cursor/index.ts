/** cursor: Cursor team usage through the Admin API (API key sent as the basic-auth user). */
import type { ConnectorSpec } from "../model.js";
import { secret } from "../secured-variables.js";
import { cursorRules } from "./rules.js";

const RANGE =
  '{"startDate":<example_api_calls_sample_unix_millis_minus_30d>,"endDate":<example_api_calls_sample_unix_millis>}';

export const connector: ConnectorSpec = {
  id: "cursor",
  mode: "api",
  displayName: "Cursor",
  availability: "beta",
  enableByDefault: false,
  sourceKind: "cursor",
  worklyticsConnectorId: "cursor-psoxy",
  worklyticsConnectorName: "Cursor via Psoxy",
  targetHost: "api.cursor.com",
  sourceAuthStrategy: "basic_auth",
  settings: ["example_api_calls_sample_date"],
  oauthScopes: ["Admin API key"],
  securedVariables: [
    secret(
      "BASIC_AUTH_USER_ID",
      "The Cursor Admin API key (sent as the basic-auth user, with an empty password).",
    ),
  ],
  exampleApiRequests: [
    { method: "GET", path: "/teams/members" },
    { method: "POST", path: "/teams/daily-usage-data", contentType: "application/json", body: RANGE },
    { method: "POST", path: "/teams/filtered-usage-events", contentType: "application/json", body: RANGE },
  ],
  instructions: {
    text: [
      "1. As a Cursor team admin, open the dashboard → Settings → Advanced → Admin API Keys and create a key.",
      "2. Fill BASIC_AUTH_USER_ID with the key (see the secret names below); no password is needed.",
      "3. Usage calls are POSTs whose JSON body gives startDate and endDate in epoch milliseconds.",
    ].join("\n"),
  },
  rules: [
    {
      key: "cursor",
      variant: "default",
      description: "Team members (reversible pseudonyms), daily usage and usage events; users pseudonymized.",
      isDefault: true,
      reference: [{ file: "cursor/cursor.yaml", selectedBy: "SOURCE=cursor" }],
      build: cursorRules,
    },
  ],
};
