/** dropbox-business: Dropbox Business team log, files and members. Deprecated. */
import type { ConnectorSpec } from "../model.js";
import { clientId, clientSecret, secret, writableAccessToken } from "../secured-variables.js";
import { dropboxBusinessRules } from "./rules.js";

export const connector: ConnectorSpec = {
  id: "dropbox-business",
  mode: "api",
  displayName: "Dropbox Business",
  availability: "deprecated",
  deprecationNote: "Deprecated by the reference; no replacement connector.",
  enableByDefault: false,
  sourceKind: "dropbox-business",
  worklyticsConnectorId: "dropbox-business-log-psoxy",
  worklyticsConnectorName: "Dropbox Business via Psoxy",
  targetHost: "api.dropboxapi.com",
  sourceAuthStrategy: "oauth2_refresh_token",
  oauthScopes: ["members.read", "events.read", "groups.read"],
  environmentVariables: {
    GRANT_TYPE: "refresh_token",
    REFRESH_ENDPOINT: "https://api.dropboxapi.com/oauth2/token",
  },
  securedVariables: [
    secret("REFRESH_TOKEN", "The refresh token of the Dropbox app's offline authorization."),
    clientId("The Dropbox app key."),
    clientSecret("The Dropbox app secret."),
    writableAccessToken(),
  ],
  exampleApiRequests: ["/2/team/members/list_v2", "/2/team/groups/list", "/2/team_log/get_events"].map(
    (path) => ({
      method: "POST" as const,
      path,
      contentType: "application/json",
      body: "{}",
    }),
  ),
  instructions: {
    text: [
      "1. In the Dropbox App Console, create a *Scoped access* app with team access and the scopes",
      "   `members.read`, `events.read`, `groups.read`.",
      "2. Authorize it as a team admin with `token_access_type=offline` and exchange the code for a refresh",
      "   token at https://api.dropboxapi.com/oauth2/token.",
      "3. Fill CLIENT_ID (app key), CLIENT_SECRET (app secret) and REFRESH_TOKEN (see the secret names below).",
      "   Dropbox's API takes POSTs.",
    ].join("\n"),
  },
  rules: [
    {
      key: "dropbox-business",
      variant: "default",
      description:
        "Team event log, file listings and revisions, members; people pseudonymized, names redacted.",
      isDefault: true,
      reference: [{ file: "dropbox-business/dropbox-business.yaml", selectedBy: "SOURCE=dropbox-business" }],
      build: dropboxBusinessRules,
    },
  ],
};
