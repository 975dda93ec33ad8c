/**
 * What each source auth strategy reads (api-mode spec 5, connectors spec 4), as data: the catalogue's
 * specs are checked against it, and it is the contract the auth module (`src/auth/`) implements. The
 * names are the reference's, because Terraform and the runtime meet on them.
 *
 * `config`: env vars / config values (E or E/R); `secrets`: values read through the secret store (S) or
 * written back by the proxy. A strategy's `required` names must all be provided by a connector (as a
 * secured variable or an environment variable) for the connector to work.
 */
import type { AuthStrategyId, GrantType } from "./model.js";

export interface AuthNames {
  config: readonly string[];
  secrets: readonly string[];
  required: readonly string[];
}

export interface RefreshTokenNames extends AuthNames {
  grantTypes: Readonly<Record<GrantType, AuthNames>>;
}

const NONE: readonly string[] = [];

export const OAUTH2_REFRESH_TOKEN_NAMES: RefreshTokenNames = {
  config: [
    "GRANT_TYPE",
    "REFRESH_ENDPOINT",
    "CLIENT_ID",
    "USE_SHARED_TOKEN",
    "TOKEN_RESPONSE_TYPE",
    "TOKEN_SCOPE",
    "CREDENTIALS_FLOW",
    "ACCESS_TOKEN_CACHEABLE",
    "ACCOUNT_ID",
  ],
  secrets: [
    "ACCESS_TOKEN",
    "REFRESH_TOKEN",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "PRIVATE_KEY",
    "PRIVATE_KEY_ID",
    "ACCOUNT_ID",
    "OAUTH_REFRESH_TOKEN",
  ],
  required: ["GRANT_TYPE", "REFRESH_ENDPOINT"],
  grantTypes: {
    refresh_token: {
      config: ["CLIENT_ID"],
      secrets: ["CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN"],
      required: ["CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN"],
    },
    refresh_token_via_query_parameter: {
      config: ["CLIENT_ID"],
      secrets: ["CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN"],
      required: ["CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN"],
    },
    account_credentials: {
      config: ["ACCOUNT_ID", "CLIENT_ID"],
      secrets: ["ACCOUNT_ID", "CLIENT_ID", "CLIENT_SECRET"],
      required: ["ACCOUNT_ID", "CLIENT_ID", "CLIENT_SECRET"],
    },
    client_credentials: {
      config: ["CLIENT_ID", "CREDENTIALS_FLOW", "TOKEN_SCOPE"],
      secrets: ["CLIENT_ID", "CLIENT_SECRET", "PRIVATE_KEY_ID", "PRIVATE_KEY"],
      // client_secret flow; the default jwt_assertion flow needs PRIVATE_KEY_ID and PRIVATE_KEY instead
      required: ["CLIENT_ID"],
    },
    certificate_credentials: {
      config: ["CLIENT_ID"],
      secrets: ["CLIENT_ID", "PRIVATE_KEY"],
      required: ["CLIENT_ID", "PRIVATE_KEY"],
    },
    workload_identity_federation: {
      config: [
        "CLIENT_ID",
        "TOKEN_SCOPE",
        "IDENTITY_POOL_ID",
        "IDENTITY_ID",
        "DEVELOPER_NAME_ID",
        "AUDIENCE",
      ],
      secrets: NONE,
      required: ["CLIENT_ID", "TOKEN_SCOPE"],
    },
  },
};

export const AUTH_STRATEGY_NAMES: Readonly<Record<AuthStrategyId, AuthNames>> = {
  oauth2_access_token: { config: NONE, secrets: ["ACCESS_TOKEN"], required: ["ACCESS_TOKEN"] },
  oauth2_refresh_token: OAUTH2_REFRESH_TOKEN_NAMES,
  gcp_service_account_key: {
    config: ["OAUTH_SCOPES"],
    secrets: ["SERVICE_ACCOUNT_KEY"],
    required: ["OAUTH_SCOPES"],
  },
  basic_auth: { config: NONE, secrets: ["BASIC_AUTH_USER_ID", "BASIC_AUTH_PASSWORD"], required: NONE },
  claude_admin_api_key: { config: NONE, secrets: ["ADMIN_API_KEY"], required: ["ADMIN_API_KEY"] },
  windsurf_service_key: { config: NONE, secrets: ["SERVICE_KEY"], required: ["SERVICE_KEY"] },
};

/** `TOKEN_RESPONSE_TYPE` values the refresh-token strategy knows */
export const TOKEN_RESPONSE_TYPES: readonly string[] = ["DEFAULT", "GITHUB_ACCESS_TOKEN"];

/** `CREDENTIALS_FLOW` values of GRANT_TYPE=client_credentials (case-insensitive) */
export const CREDENTIALS_FLOWS: readonly string[] = ["client_secret", "jwt_assertion"];

/**
 * Env vars a connector spec may set that are not auth properties: API-mode settings
 * (api-mode spec 4.4) the catalogue uses.
 */
export const GENERAL_ENV_VARS: readonly string[] = ["FOLLOW_REDIRECTS"];

/** Every name an auth strategy (with its grant type) may read from the secret store. */
export function secretNamesRead(strategy: AuthStrategyId, grantType?: string): Set<string> {
  const names = new Set(AUTH_STRATEGY_NAMES[strategy].secrets);
  if (
    strategy === "oauth2_refresh_token" &&
    grantType &&
    grantType in OAUTH2_REFRESH_TOKEN_NAMES.grantTypes
  ) {
    for (const n of OAUTH2_REFRESH_TOKEN_NAMES.grantTypes[grantType as GrantType].secrets) names.add(n);
  }
  return names;
}

/** Every name an auth strategy (with its grant type) may read as configuration (env or remote). */
export function configNamesRead(strategy: AuthStrategyId, grantType?: string): Set<string> {
  const names = new Set(AUTH_STRATEGY_NAMES[strategy].config);
  if (
    strategy === "oauth2_refresh_token" &&
    grantType &&
    grantType in OAUTH2_REFRESH_TOKEN_NAMES.grantTypes
  ) {
    for (const n of OAUTH2_REFRESH_TOKEN_NAMES.grantTypes[grantType as GrantType].config) names.add(n);
  }
  return names;
}

/** Names the strategy cannot work without. */
export function requiredNames(strategy: AuthStrategyId, grantType?: string): string[] {
  const names = [...AUTH_STRATEGY_NAMES[strategy].required];
  if (
    strategy === "oauth2_refresh_token" &&
    grantType &&
    grantType in OAUTH2_REFRESH_TOKEN_NAMES.grantTypes
  ) {
    names.push(...OAUTH2_REFRESH_TOKEN_NAMES.grantTypes[grantType as GrantType].required);
  }
  return names;
}
