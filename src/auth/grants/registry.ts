/** GRANT_TYPE value -> token request builder (spec 5.2). */
import { accountCredentialsGrant } from "./account-credentials.js";
import { certificateCredentialsGrant } from "./certificate-credentials.js";
import { clientCredentialsGrant } from "./client-credentials.js";
import type { GrantType } from "./grant.js";
import { refreshTokenGrant, refreshTokenViaQueryParameterGrant } from "./refresh-token.js";
import { createWorkloadIdentityFederationGrant } from "./workload-identity-federation.js";

const FACTORIES: Record<string, () => GrantType> = {
  refresh_token: () => refreshTokenGrant,
  refresh_token_via_query_parameter: () => refreshTokenViaQueryParameterGrant,
  account_credentials: () => accountCredentialsGrant,
  client_credentials: () => clientCredentialsGrant,
  certificate_credentials: () => certificateCredentialsGrant,
  workload_identity_federation: createWorkloadIdentityFederationGrant,
};

export const GRANT_TYPES: readonly string[] = Object.keys(FACTORIES);

/** A fresh builder for `id` (builders may hold clients), or undefined for an unknown GRANT_TYPE. */
export function grantTypeFor(id: string): GrantType | undefined {
  return Object.hasOwn(FACTORIES, id) ? FACTORIES[id]() : undefined;
}
