/** zoom: Zoom users, meetings, reports and recordings, through a Server-to-Server OAuth app. */
import type { ConnectorSpec } from "../model.js";
import { clientId, clientSecret, refreshLock, secret, writableAccessToken } from "../secured-variables.js";
import { zoomLegacyRules, zoomRules } from "./rules.js";

const SCOPES = [
  ...[
    "past_meeting",
    "meeting",
    "list_past_participants",
    "list_past_instances",
    "list_meetings",
    "participant",
    "summary",
  ].map((x) => `meeting:read:${x}:admin`),
  "cloud_recording:read:list_user_recordings:admin",
  ...["list_meeting_participants", "meeting", "user"].map((x) => `report:read:${x}:admin`),
  ...["user", "list_users", "settings"].map((x) => `user:read:${x}:admin`),
];

export const connector: ConnectorSpec = {
  id: "zoom",
  mode: "api",
  displayName: "Zoom",
  availability: "ga",
  enableByDefault: false,
  sourceKind: "zoom",
  worklyticsConnectorId: "zoom-psoxy",
  worklyticsConnectorName: "Zoom via Psoxy",
  targetHost: "api.zoom.us",
  sourceAuthStrategy: "oauth2_refresh_token",
  oauthScopes: SCOPES,
  environmentVariables: {
    GRANT_TYPE: "account_credentials",
    REFRESH_ENDPOINT: "https://zoom.us/oauth/token",
    USE_SHARED_TOKEN: "TRUE",
  },
  securedVariables: [
    clientSecret("The Server-to-Server OAuth app's client secret."),
    clientId("The Server-to-Server OAuth app's client id.", false),
    secret("ACCOUNT_ID", "The Zoom account id shown on the app's credentials page.", { sensitive: false }),
    writableAccessToken(),
    refreshLock(),
  ],
  exampleApiRequests: [
    "/v2/users",
    "/v2/users/{USER_ID}/meetings",
    "/v2/users/{USER_ID}/recordings",
    "/v2/meetings/{MEETING_ID}",
    "/v2/meetings/{MEETING_ID}/meeting_summary",
    "/v2/past_meetings/{MEETING_ID}",
    "/v2/past_meetings/{MEETING_ID}/instances",
    "/v2/past_meetings/{MEETING_ID}/participants",
    "/v2/report/users/{USER_ID}/meetings",
    "/v2/report/meetings/{MEETING_ID}",
    "/v2/report/meetings/{MEETING_ID}/participants",
  ].map((path) => ({ method: "GET" as const, path })),
  instructions: {
    text: [
      "1. In the Zoom App Marketplace (Develop → Build App), create a **Server-to-Server OAuth** app and add",
      "   these scopes:",
      ...SCOPES.map((s) => `   - \`${s}\``),
      "2. Activate the app, then copy its Account ID, Client ID and Client Secret into ACCOUNT_ID, CLIENT_ID",
      "   and CLIENT_SECRET (see the secret names below). The proxy obtains and shares access tokens itself.",
    ].join("\n"),
  },
  rules: [
    {
      key: "zoom",
      variant: "default",
      description: "Users (reversible ids), meetings, participants, reports, recordings; summaries digested.",
      isDefault: true,
      reference: [{ file: "zoom/zoom.yaml", selectedBy: "SOURCE=zoom" }],
      build: zoomRules,
    },
    {
      variant: "legacy-0.5.3",
      description: "The Psoxy 0.5.3 rules (JSON pseudonyms, no response schemas); set as RULES to keep them.",
      isDefault: false,
      reference: [{ file: "zoom/zoom-0.5.3.yaml", selectedBy: "RULES only (no prebuilt key)" }],
      build: zoomLegacyRules,
    },
  ],
};
