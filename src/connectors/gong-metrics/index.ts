/** gong-metrics: Gong users and activity statistics, through a Gong OAuth app's refresh token. */
import type { ConnectorSpec } from "../model.js";
import {
  clientId,
  clientSecret,
  refreshLock,
  writableAccessToken,
  writableRefreshToken,
} from "../secured-variables.js";
import { gongMetricsRules } from "./rules.js";

export const connector: ConnectorSpec = {
  id: "gong-metrics",
  mode: "api",
  displayName: "Gong",
  availability: "beta",
  enableByDefault: false,
  sourceKind: "gong-metrics",
  worklyticsConnectorId: "gong-metrics-psoxy",
  worklyticsConnectorName: "Gong Metrics via Psoxy",
  targetHost: { template: "<gong_instance_subdomain>.api.gong.io", settings: ["gong_instance_subdomain"] },
  settings: ["gong_instance_subdomain", "example_api_calls_sample_date"],
  sourceAuthStrategy: "oauth2_refresh_token",
  oauthScopes: ["api:stats:user-actions", "api:users:read"],
  environmentVariables: {
    GRANT_TYPE: "refresh_token_via_query_parameter",
    REFRESH_ENDPOINT: "https://app.gong.io/oauth2/generate-customer-token",
    USE_SHARED_TOKEN: "TRUE",
  },
  securedVariables: [
    writableAccessToken(),
    writableRefreshToken("The refresh token of the Gong OAuth app's authorization; rotated by the proxy."),
    refreshLock(),
    clientId("The Gong OAuth app's client id."),
    clientSecret("The Gong OAuth app's client secret."),
  ],
  exampleApiRequests: [
    { method: "GET", path: "/v2/users" },
    {
      method: "POST",
      path: "/v2/stats/activity/aggregate",
      contentType: "application/json",
      body: '{"filter":{"fromDateTime":"<example_api_calls_sample_time_minus_30d>","toDateTime":"<example_api_calls_sample_time>"}}',
    },
  ],
  instructions: {
    text: [
      "1. In Gong, create an OAuth app (Company settings → Ecosystem → API → Integrations) with the scopes",
      "   `api:stats:user-actions` and `api:users:read`.",
      "2. Authorize it as a Gong technical administrator and exchange the authorization code for a refresh",
      "   token; note your instance's API subdomain (`{subdomain}.api.gong.io`) as gong_instance_subdomain.",
      "3. Fill CLIENT_ID, CLIENT_SECRET and REFRESH_TOKEN (see the secret names below).",
    ].join("\n"),
  },
  rules: [
    {
      key: "gong-metrics",
      variant: "default",
      description: "Users (reversible ids) and aggregated activity statistics; e-mails pseudonymized.",
      isDefault: true,
      reference: [{ file: "gong/gong-metrics/gong-metrics.yaml", selectedBy: "SOURCE=gong-metrics" }],
      build: gongMetricsRules,
    },
  ],
};
