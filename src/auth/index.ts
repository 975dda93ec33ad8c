export { BASIC_AUTH, basicAuthStrategy } from "./basic-auth.js";
export {
  AuthError,
  MissingAuthConfigError,
  TokenEndpointTimeoutError,
  TokenRequestError,
  UnknownAuthStrategyError,
} from "./errors.js";
export { OAUTH2_ACCESS_TOKEN, oauth2AccessTokenStrategy } from "./oauth2-access-token.js";
export { createAuthStrategy, SUPPORTED_AUTH_STRATEGIES } from "./registry.js";
export type { AuthRequestContext, AuthStrategy, AuthStrategyDeps } from "./strategy.js";
