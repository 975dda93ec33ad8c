/**
 * What each source auth strategy reads (api-mode spec 5), as data: the connector catalog and the
 * Terraform contract tests cross-check their property lists against it, and the strategies take their
 * health-check `requiredProperties` from it, so the three cannot drift apart.
 */

/** E = environment only; E/R = environment, then remote config; S = secret store (spec 4.4). */
export type PropertySource = "E" | "E/R" | "S";

export interface AuthPropertySpec {
  name: string;
  source: PropertySource;
  /** E/R properties the builders also look up in the secret store when config lacks them */
  secretFallback?: true;
  /**
   * The health check lists it in `missingConfigProperties` when absent (the reference's
   * `getRequiredConfigProperties`). Optional properties may still be needed in some setups (`note`).
   */
  required: boolean;
  /** the proxy writes it (refreshed shared token, rotated refresh token) */
  writable?: true;
  /** a lock object rather than a value (spec 5.13) */
  lock?: true;
  note?: string;
}

export interface GrantVariantSpec {
  /** what chooses the variant: a property value, or the platform the proxy runs on */
  selector: "CREDENTIALS_FLOW" | "platform";
  /** the variant used when the selector is unset */
  default?: string;
  options: Readonly<Record<string, readonly AuthPropertySpec[]>>;
}

export interface GrantTypeSpec {
  /** the GRANT_TYPE value */
  id: string;
  properties: readonly AuthPropertySpec[];
  variants?: GrantVariantSpec;
  /** USE_SHARED_TOKEN when unset */
  sharedTokenByDefault: boolean;
  /** the token request, briefly */
  request: string;
  usedBy: readonly string[];
}

export interface AuthStrategySpec {
  /** the SOURCE_AUTH_STRATEGY_IDENTIFIER value */
  id: string;
  properties: readonly AuthPropertySpec[];
  /** oauth2_refresh_token only */
  grantTypes: readonly GrantTypeSpec[];
  /** what is added to the source request */
  credentials: string;
  /** X-Psoxy-User-To-Impersonate is used (others ignore it, with a warning) */
  impersonation: boolean;
}

const CLIENT_ID: AuthPropertySpec = {
  name: "CLIENT_ID",
  source: "E/R",
  secretFallback: true,
  required: true,
};
const CLIENT_SECRET: AuthPropertySpec = { name: "CLIENT_SECRET", source: "S", required: true };
const REFRESH_TOKEN: AuthPropertySpec = {
  name: "REFRESH_TOKEN",
  source: "S",
  required: true,
  writable: true,
  note: "rewritten when the token endpoint rotates it",
};
const PRIVATE_KEY: AuthPropertySpec = {
  name: "PRIVATE_KEY",
  source: "S",
  required: true,
  note: "PEM (PKCS#1 or PKCS#8), raw or base64",
};
const RUNTIME_ONLY =
  "not checked by the health check; a missing value fails token requests (500 CONNECTION_SETUP)";

export const GRANT_TYPE_SPECS: readonly GrantTypeSpec[] = [
  {
    id: "refresh_token",
    properties: [CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN],
    sharedTokenByDefault: false,
    request: "POST REFRESH_ENDPOINT, form client_id, client_secret, grant_type=refresh_token, refresh_token",
    usedBy: ["confluence-cloud", "jira-cloud", "github-enterprise-server", "dropbox-business"],
  },
  {
    id: "refresh_token_via_query_parameter",
    properties: [CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN],
    sharedTokenByDefault: false,
    request:
      "POST REFRESH_ENDPOINT?grant_type=refresh_token&refresh_token=<twice URL-encoded>, empty form, Basic client_id:client_secret",
    usedBy: ["gong-metrics"],
  },
  {
    id: "account_credentials",
    properties: [
      { name: "ACCOUNT_ID", source: "E/R", secretFallback: true, required: true },
      CLIENT_ID,
      CLIENT_SECRET,
    ],
    sharedTokenByDefault: true,
    request:
      "POST REFRESH_ENDPOINT, form account_id, grant_type=account_credentials, Basic client_id:client_secret",
    usedBy: ["zoom"],
  },
  {
    id: "client_credentials",
    properties: [
      {
        name: "CREDENTIALS_FLOW",
        source: "E/R",
        required: false,
        note: "client_secret | jwt_assertion (default), case-insensitive",
      },
    ],
    variants: {
      selector: "CREDENTIALS_FLOW",
      default: "jwt_assertion",
      options: {
        client_secret: [CLIENT_ID, CLIENT_SECRET],
        jwt_assertion: [
          CLIENT_ID,
          {
            name: "PRIVATE_KEY_ID",
            source: "S",
            required: true,
            note: "certificate SHA-1 thumbprint (hex), sent as the x5t header",
          },
          PRIVATE_KEY,
          { name: "TOKEN_SCOPE", source: "E/R", required: false },
        ],
      },
    },
    sharedTokenByDefault: false,
    request:
      "POST REFRESH_ENDPOINT, form grant_type=client_credentials with client_id+client_secret, or client_assertion (RS256 JWT, x5t) + client_assertion_type [+ scope]",
    usedBy: ["salesforce"],
  },
  {
    id: "certificate_credentials",
    properties: [CLIENT_ID, PRIVATE_KEY],
    sharedTokenByDefault: false,
    request: "POST REFRESH_ENDPOINT, empty form, Authorization: Bearer <RS256 JWT iss=sub=CLIENT_ID>",
    usedBy: ["github", "github-copilot", "github-non-enterprise"],
  },
  {
    id: "workload_identity_federation",
    properties: [
      { name: "CLIENT_ID", source: "E/R", required: true },
      { name: "TOKEN_SCOPE", source: "E", required: true },
    ],
    variants: {
      selector: "platform",
      options: {
        aws: [
          { name: "IDENTITY_POOL_ID", source: "E", required: false, note: RUNTIME_ONLY },
          { name: "IDENTITY_ID", source: "E", required: false, note: RUNTIME_ONLY },
          { name: "DEVELOPER_NAME_ID", source: "E", required: false, note: RUNTIME_ONLY },
        ],
        gcp: [{ name: "AUDIENCE", source: "E", required: false, note: RUNTIME_ONLY }],
      },
    },
    sharedTokenByDefault: false,
    request:
      "POST REFRESH_ENDPOINT, form client_assertion=<Cognito or GCP identity token>, client_assertion_type, client_id, grant_type=client_credentials, scope",
    usedBy: [
      "msft-entra-id",
      "azure-ad",
      "outlook-cal",
      "outlook-mail",
      "msft-teams",
      "msft-copilot",
      "msft-onedrive",
    ],
  },
];

export const AUTH_STRATEGIES: readonly AuthStrategySpec[] = [
  {
    id: "oauth2_access_token",
    properties: [{ name: "ACCESS_TOKEN", source: "S", required: true }],
    grantTypes: [],
    credentials: "Authorization: Bearer <ACCESS_TOKEN>",
    impersonation: false,
  },
  {
    id: "oauth2_refresh_token",
    properties: [
      {
        name: "GRANT_TYPE",
        source: "E",
        required: true,
        note: GRANT_TYPE_SPECS.map((g) => g.id).join(" | "),
      },
      { name: "REFRESH_ENDPOINT", source: "E/R", required: true },
      {
        name: "USE_SHARED_TOKEN",
        source: "E",
        required: false,
        note: "default true only for account_credentials",
      },
      {
        name: "TOKEN_RESPONSE_TYPE",
        source: "E",
        required: false,
        note: "DEFAULT | GITHUB_ACCESS_TOKEN",
      },
      {
        name: "ACCESS_TOKEN",
        source: "S",
        required: false,
        writable: true,
        note: 'shared token {"token","expirationDate"} when USE_SHARED_TOKEN; read uncached',
      },
      {
        name: "OAUTH_REFRESH_TOKEN",
        source: "S",
        required: false,
        lock: true,
        note: "refresh lock when USE_SHARED_TOKEN (2 min expiry)",
      },
      {
        name: "ACCESS_TOKEN_CACHEABLE",
        source: "E",
        required: false,
        note: "read by nothing (as in the reference)",
      },
    ],
    grantTypes: GRANT_TYPE_SPECS,
    credentials: "Authorization: Bearer <access_token>",
    impersonation: false,
  },
  {
    id: "gcp_service_account_key",
    properties: [
      {
        name: "SERVICE_ACCOUNT_KEY",
        source: "S",
        required: true,
        note: "JSON key, raw or base64; absent = Application Default Credentials (no impersonation)",
      },
      { name: "OAUTH_SCOPES", source: "E/R", required: true, note: "space-separated" },
    ],
    grantTypes: [],
    credentials: "Authorization: Bearer <Google access token, sub = X-Psoxy-User-To-Impersonate>",
    impersonation: true,
  },
  {
    id: "basic_auth",
    properties: [
      { name: "BASIC_AUTH_USER_ID", source: "S", required: false, note: "empty when absent" },
      { name: "BASIC_AUTH_PASSWORD", source: "S", required: false, note: "empty when absent" },
    ],
    grantTypes: [],
    credentials: "Authorization: Basic base64(user:password)",
    impersonation: false,
  },
  {
    id: "claude_admin_api_key",
    properties: [
      { name: "ADMIN_API_KEY", source: "S", required: true, note: "trimmed; read once per process" },
    ],
    grantTypes: [],
    credentials: "x-api-key: <ADMIN_API_KEY>",
    impersonation: false,
  },
  {
    id: "windsurf_service_key",
    properties: [{ name: "SERVICE_KEY", source: "S", required: true }],
    grantTypes: [],
    credentials: 'JSON body field "service_key" (no header)',
    impersonation: false,
  },
];

export function authStrategySpec(id: string): AuthStrategySpec | undefined {
  return AUTH_STRATEGIES.find((s) => s.id === id);
}

export function grantTypeSpec(id: string): GrantTypeSpec | undefined {
  return GRANT_TYPE_SPECS.find((g) => g.id === id);
}

/**
 * Names the health check requires for a strategy (and, for oauth2_refresh_token, its grant type and
 * variant), in table order without duplicates.
 */
export function requiredPropertyNames(strategyId: string, grantType?: string, variant?: string): string[] {
  const names: string[] = [];
  const add = (props: readonly AuthPropertySpec[]) => {
    for (const p of props) if (p.required && !names.includes(p.name)) names.push(p.name);
  };
  add(authStrategySpec(strategyId)?.properties ?? []);
  const grant = grantType === undefined ? undefined : grantTypeSpec(grantType);
  if (grant) {
    add(grant.properties);
    const key = variant ?? grant.variants?.default;
    if (grant.variants && key !== undefined) add(grant.variants.options[key] ?? []);
  }
  return names;
}
