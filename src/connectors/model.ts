/**
 * The connector catalogue's record type (connectors spec section 2): everything an administrator, the
 * Terraform-equivalent tooling and the runtime need to know about one catalogue id, plus its built-in
 * rules. Field names follow the Terraform `worklytics-connector-specs` module, camel-cased.
 */
import type { RulesDoc } from "./rules-dsl/model.js";

export type ConnectorMode = "api" | "bulk";

export type Availability = "ga" | "beta" | "alpha" | "deprecated";

/** `SOURCE_AUTH_STRATEGY_IDENTIFIER` values (connectors spec 4, api-mode spec 5). */
export type AuthStrategyId =
  | "gcp_service_account_key"
  | "oauth2_refresh_token"
  | "oauth2_access_token"
  | "basic_auth"
  | "claude_admin_api_key"
  | "windsurf_service_key";

/** `GRANT_TYPE` values of `oauth2_refresh_token`. */
export type GrantType =
  | "refresh_token"
  | "refresh_token_via_query_parameter"
  | "certificate_credentials"
  | "client_credentials"
  | "account_credentials"
  | "workload_identity_federation";

/** One `secured_variables[]` entry: a per-instance secret or parameter Terraform creates. */
export interface SecuredVariable {
  /** name without any prefix, e.g. `CLIENT_SECRET` */
  name: string;
  /** the proxy writes it (a refreshed `ACCESS_TOKEN`, a rotated `REFRESH_TOKEN`) */
  writable: boolean;
  /** the value is a secret (SecureString / Secrets Manager) */
  sensitive: boolean;
  /** used as a lock (`OAUTH_REFRESH_TOKEN`) */
  lockable: boolean;
  /** Terraform supplies the value; otherwise the customer fills it in */
  valueManagedByTf: boolean;
  /** nobody fills it: the proxy writes it (a shared-token cache) or uses it as a lock */
  leaveEmpty?: boolean;
  description: string;
}

/**
 * A value that depends on deployment settings: `template` holds `<name>` placeholders for the keys of
 * `connector_settings` (or the legacy per-connector Terraform variables) listed in `settings`.
 */
export interface Templated {
  template: string;
  settings: string[];
}

export interface ExampleRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  /** path (with query) relative to the proxy URL; `<setting>` placeholders as in `Templated` */
  path: string;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
}

/**
 * A reference rules file (relative to the reference's `docs/sources/`) that a built-in rules set
 * reproduces, with the settings that select it.
 */
export interface ReferenceRulesFile {
  file: string;
  /** e.g. "SOURCE=gdirectory, PSEUDONYMIZE_APP_IDS=true (Terraform default)" */
  selectedBy: string;
}

/** One built-in rules set of a connector. */
export interface RulesVariant {
  /**
   * The reference's prebuilt-rules key, the value of SOURCE (or `SOURCE_no-app-ids`) that selects it.
   * Absent for rules the reference only ships as a file (docs-only variants, legacy files).
   */
  key?: string;
  /** short label: "default", "no-app-ids", "no-groups" … */
  variant: string;
  /** what this variant changes, for `connectors show` */
  description: string;
  /** the rules this deployment gets with the Terraform defaults */
  isDefault: boolean;
  /** reference rules files this variant reproduces */
  reference: ReferenceRulesFile[];
  build: () => RulesDoc;
}

/** The "TODO" an administrator follows to create credentials or grant access. */
export interface SetupInstructions {
  /** markdown */
  text: string;
}

export interface ConnectorSpec {
  id: string;
  mode: ConnectorMode;
  /** API connectors run async (async output bucket and queue) */
  async?: boolean;
  displayName: string;
  availability: Availability;
  /** what replaces a deprecated connector */
  deprecationNote?: string;
  enableByDefault: boolean;
  /** becomes `SOURCE` */
  sourceKind: string;
  worklyticsConnectorId: string;
  worklyticsConnectorName?: string;
  /** `TARGET_HOST`; API connectors only */
  targetHost?: string | Templated;
  /** `SOURCE_AUTH_STRATEGY_IDENTIFIER`; API connectors only */
  sourceAuthStrategy?: AuthStrategyId;
  /** `OAUTH_SCOPES` (Google) or the scopes the source's app / key must be granted */
  oauthScopes?: string[];
  /** Microsoft Graph application permissions (`required_app_roles`) */
  requiredAppRoles?: string[];
  /** Microsoft Graph delegated permissions (`required_oauth2_permission_scopes`) */
  requiredOauth2PermissionScopes?: string[];
  /** Google Cloud APIs to enable in the OAuth-client project */
  apisConsumed?: string[];
  /** extra env vars of the instance (`GRANT_TYPE`, `REFRESH_ENDPOINT` …); values may hold `<setting>` */
  environmentVariables?: Record<string, string>;
  securedVariables: SecuredVariable[];
  /** values the customer enters in Worklytics when connecting, name → explanation */
  settingsToProvide?: Record<string, string>;
  exampleApiRequests?: ExampleRequest[];
  /** Google only: whom the test calls impersonate */
  exampleApiCallsUserToImpersonate?: "example user" | "example admin";
  /** setup steps (the reference's `external_token_todo` / `instructions_template`) */
  instructions?: SetupInstructions;
  /** Terraform settings (`connector_settings` keys or legacy variables) the spec reads */
  settings?: string[];
  /** values of settings when the deployment gives none */
  settingDefaults?: Record<string, string>;
  /** the reference spec's `rules_file`, relative to the reference repository root */
  rulesFile?: string;
  /** bulk: sample inputs, relative to the reference repository root */
  exampleFiles?: string[];
  /** bulk: the Worklytics "Parser" setting */
  parser?: string;
  /** built-in rules; API connectors: one per prebuilt key; bulk: the default rules (exactly one) */
  rules: RulesVariant[];
}
