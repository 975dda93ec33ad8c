/** glean: Glean people directory and usage insights, with a Glean global token. */
import { accessTokenConnector } from "../families/long-access-token.js";
import { gleanRules } from "./rules.js";

const HOST = "<glean_instance_subdomain>.glean.com";

export const connector = accessTokenConnector({
  id: "glean",
  displayName: "Glean",
  availability: "beta",
  sourceKind: "glean",
  worklyticsConnectorId: "glean-psoxy",
  worklyticsConnectorName: "Glean via Psoxy",
  targetHost: { template: HOST, settings: ["glean_instance_subdomain"] },
  settings: ["glean_instance_subdomain", "example_api_calls_sample_date"],
  oauthScopes: ["INSIGHTS", "ENTITIES"],
  tokenDescription:
    "A Glean global API token with the INSIGHTS and ENTITIES scopes (a.k.a. INSIGHTS_READ, PEOPLE_READ).",
  exampleApiRequests: [
    {
      method: "POST",
      path: "/rest/api/v1/listentities",
      contentType: "application/json",
      body: '{"entityType":"PERSON","pageSize":100}',
    },
    {
      method: "POST",
      path: "/rest/api/v1/insights",
      contentType: "application/json",
      body: '{"overviewRequest":{"dayRange":{"start":"<example_api_calls_sample_date_minus_30d>","end":"<example_api_calls_sample_date>"}}}',
    },
  ],
  instructions: {
    text: [
      "1. As a Glean admin, open Admin console → Platform → API tokens and create a **global** token with the",
      "   scopes INSIGHTS and ENTITIES (the docs also call them INSIGHTS_READ and PEOPLE_READ).",
      "2. Fill ACCESS_TOKEN with the token (see the secret names below).",
      `3. Calls go to https://${HOST}; send the X-Glean-ActAs header when Glean requires it (the rules allow it).`,
    ].join("\n"),
  },
  rules: [
    {
      key: "glean",
      variant: "default",
      description: "People directory (reversible pseudonyms) and per-user usage insights.",
      isDefault: true,
      reference: [{ file: "glean/glean.yaml", selectedBy: "SOURCE=glean" }],
      build: gleanRules,
    },
  ],
});
