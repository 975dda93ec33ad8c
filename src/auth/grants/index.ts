export { accountCredentialsGrant } from "./account-credentials.js";
export { certificateCredentialsGrant } from "./certificate-credentials.js";
export {
  CREDENTIALS_FLOWS,
  type CredentialsFlow,
  clientCredentialsGrant,
  DEFAULT_CREDENTIALS_FLOW,
  parseCredentialsFlow,
} from "./client-credentials.js";
export type { GrantContext, GrantType, TokenRequest } from "./grant.js";
export { refreshTokenGrant, refreshTokenViaQueryParameterGrant } from "./refresh-token.js";
export { GRANT_TYPES, grantTypeFor } from "./registry.js";
export {
  createWorkloadIdentityFederationGrant,
  DEFAULT_GCP_METADATA_BASE_URL,
} from "./workload-identity-federation.js";
