/**
 * GitHub connectors' specs (connectors spec 6.3): a GitHub App installed on the organization, whose
 * private key signs a JWT that the proxy exchanges for short-lived installation tokens, shared between
 * instances through the writable ACCESS_TOKEN (Enterprise Server uses an OAuth app's refresh token).
 */
import type { ConnectorSpec, ExampleRequest, SecuredVariable } from "../model.js";
import { clientId, refreshLock, secret, writableAccessToken } from "../secured-variables.js";

export const ORG = "<github_organization>";
export const REPO = "<github_example_repository>";

export const GITHUB_SETTINGS_TO_PROVIDE = {
  "GitHub Organization": `${ORG} (the organization login; when several are configured, the first is used in examples)`,
};

/** secrets of a GitHub App connector */
export function githubAppSecrets(): SecuredVariable[] {
  return [
    writableAccessToken(),
    secret("PRIVATE_KEY", "The GitHub App's private key (PEM, PKCS#8 or PKCS#1), used to sign the JWT."),
    clientId("The GitHub App's App ID (or client id), the JWT issuer."),
    refreshLock(),
  ];
}

export function githubAppEnvironment(installationIdSetting: string): Record<string, string> {
  return {
    GRANT_TYPE: "certificate_credentials",
    TOKEN_RESPONSE_TYPE: "GITHUB_ACCESS_TOKEN",
    REFRESH_ENDPOINT: `https://api.github.com/app/installations/<${installationIdSetting}>/access_tokens`,
    USE_SHARED_TOKEN: "TRUE",
  };
}

export function githubAppInstructions(permissions: string[], installationIdSetting: string): string {
  return [
    "1. In the organization's settings, create a GitHub App (Developer settings → GitHub Apps → New):",
    "   no webhook, and these **read-only** permissions:",
    ...permissions.map((p) => `   - ${p}`),
    "2. Install the App on the organization and note the installation id (the number at the end of the",
    `   installation's URL); set it as \`${installationIdSetting}\` in the deployment's connector settings.`,
    "3. Generate a private key for the App. GitHub gives PKCS#1 PEM; either works, or convert to PKCS#8 with",
    "   `openssl pkcs8 -topk8 -inform PEM -outform PEM -in key.pem -out key-pkcs8.pem -nocrypt`.",
    "4. Fill PRIVATE_KEY with the PEM and CLIENT_ID with the App's App ID (see the secret names below).",
  ].join("\n");
}

export const get = (path: string): ExampleRequest => ({ method: "GET", path });

export function githubExampleCalls(prefix: string, opts: { auditLog: boolean }): ExampleRequest[] {
  return [
    `/orgs/${ORG}/repos`,
    `/orgs/${ORG}/members`,
    `/orgs/${ORG}/teams`,
    ...(opts.auditLog ? [`/orgs/${ORG}/audit-log`] : []),
    `/repos/${ORG}/${REPO}/events`,
    `/repos/${ORG}/${REPO}/commits`,
    `/repos/${ORG}/${REPO}/issues`,
    `/repos/${ORG}/${REPO}/pulls`,
  ].map((p) => get(prefix + p));
}

type GithubCommon = Pick<
  ConnectorSpec,
  "mode" | "enableByDefault" | "settingsToProvide" | "sourceAuthStrategy"
>;

export const GITHUB_COMMON: GithubCommon = {
  mode: "api",
  enableByDefault: false,
  sourceAuthStrategy: "oauth2_refresh_token",
  settingsToProvide: GITHUB_SETTINGS_TO_PROVIDE,
};
