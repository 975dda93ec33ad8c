/** windsurf: Windsurf (Codeium) user analytics through its service-key API. Deprecated. */
import type { ConnectorSpec } from "../model.js";
import { secret } from "../secured-variables.js";
import { windsurfRules } from "./rules.js";

export const connector: ConnectorSpec = {
  id: "windsurf",
  mode: "api",
  displayName: "Windsurf",
  availability: "deprecated",
  deprecationNote: "Deprecated by the reference; no replacement connector.",
  enableByDefault: false,
  sourceKind: "windsurf",
  worklyticsConnectorId: "windsurf-psoxy",
  worklyticsConnectorName: "Windsurf via Psoxy",
  targetHost: "server.codeium.com",
  sourceAuthStrategy: "windsurf_service_key",
  oauthScopes: ["Teams Read-only"],
  securedVariables: [
    secret(
      "SERVICE_KEY",
      "Windsurf service key with the 'Teams Read-only' permission; sent in the request body.",
    ),
  ],
  exampleApiRequests: [
    {
      method: "POST",
      path: "/api/v1/UserPageAnalytics",
      contentType: "application/json",
      body: "{}",
    },
  ],
  instructions: {
    text: [
      "1. In Windsurf, as a team admin, open *Team Settings → Service Keys* and create a service key with the",
      "   **Teams Read-only** permission.",
      "2. Put the key into the `SERVICE_KEY` secret of this connector (see the secret names below).",
      "   The proxy adds it to each request body as `service_key`; callers never see it.",
    ].join("\n"),
  },
  rules: [
    {
      key: "windsurf",
      variant: "default",
      description: "Per-user analytics with e-mail and API key pseudonymized.",
      isDefault: true,
      reference: [{ file: "windsurf/windsurf.yaml", selectedBy: "SOURCE=windsurf" }],
      build: windsurfRules,
    },
  ],
};
