export {
  type AccessToken,
  DEFAULT_EXPIRES_IN_SECONDS,
  parseSharedToken,
  parseTokenResponse,
  serializeSharedToken,
  TOKEN_RESPONSE_TYPES,
  type TokenResponse,
  type TokenResponseType,
} from "./access-token.js";
export { BASIC_AUTH, basicAuthStrategy } from "./basic-auth.js";
export { CLAUDE_ADMIN_API_KEY, claudeAdminApiKeyStrategy } from "./claude-admin-api-key.js";
export {
  AuthError,
  InvalidAuthConfigError,
  MissingAuthConfigError,
  RefreshLockUnavailableError,
  TokenEndpointTimeoutError,
  TokenRequestError,
  UnknownAuthStrategyError,
  UnsupportedRequestBodyError,
} from "./errors.js";
export {
  GCP_SERVICE_ACCOUNT_KEY,
  GOOGLE_TOKEN_URI,
  gcpServiceAccountKeyStrategy,
  IMPERSONATION_CACHE_SIZE,
  parseServiceAccountKey,
} from "./gcp-service-account-key.js";
export { GRANT_TYPES } from "./grants/index.js";
export { OAUTH2_ACCESS_TOKEN, oauth2AccessTokenStrategy } from "./oauth2-access-token.js";
export {
  EVENTUAL_CONSISTENCY_MS,
  LOCK_RETRY_BASE_MS,
  MAX_REFRESH_ATTEMPTS,
  OAUTH2_REFRESH_TOKEN,
  oauth2RefreshTokenStrategy,
  REFRESH_LOCK_EXPIRY_MS,
  REFRESH_LOCK_ID,
} from "./oauth2-refresh-token.js";
export { createAuthStrategy, SUPPORTED_AUTH_STRATEGIES } from "./registry.js";
export type {
  AuthLogger,
  AuthOptions,
  AuthRequestContext,
  AuthStrategy,
  AuthStrategyDeps,
  OutboundBody,
  TokenHttpSettings,
  UnauthorizedContext,
} from "./strategy.js";
export {
  AUTH_STRATEGIES,
  type AuthPropertySpec,
  type AuthStrategySpec,
  authStrategySpec,
  GRANT_TYPE_SPECS,
  type GrantTypeSpec,
  type GrantVariantSpec,
  grantTypeSpec,
  type PropertySource,
  requiredPropertyNames,
} from "./strategy-table.js";
export { DEFAULT_TOKEN_TIMEOUT_MS } from "./token-http.js";
export { WINDSURF_SERVICE_KEY, windsurfServiceKeyStrategy } from "./windsurf-service-key.js";
