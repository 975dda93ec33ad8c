/**
 * GitLab connectors' specs: a read-only (`read_api`) access token of a service account. Both share
 * `source_kind: gitlab`, which has no prebuilt rules in the reference, so the catalogue ships each
 * connector's rules as its `rules_file` (connectors spec 3.3).
 */
import type { ConnectorSpec, ExampleRequest } from "../model.js";
import { accessToken } from "../secured-variables.js";

export const GITLAB_COMMON: Pick<
  ConnectorSpec,
  "mode" | "enableByDefault" | "sourceKind" | "sourceAuthStrategy" | "oauthScopes" | "securedVariables"
> = {
  mode: "api",
  enableByDefault: false,
  sourceKind: "gitlab",
  sourceAuthStrategy: "oauth2_access_token",
  oauthScopes: ["read_api"],
  securedVariables: [
    accessToken("A GitLab personal, group or service-account access token with the read_api scope only."),
  ],
};

export function gitlabInstructions(where: string): string {
  return [
    `1. On ${where}, as an administrator / group owner, create a service account (or use a dedicated user)`,
    "   that can see the groups and projects to import.",
    "2. Create an access token for it with the **read_api** scope only, and an expiry you will track.",
    "3. Fill ACCESS_TOKEN with the token (see the secret names below).",
  ].join("\n");
}

export const gitlabCalls = (paths: string[]): ExampleRequest[] =>
  paths.map((path) => ({ method: "GET", path }));
