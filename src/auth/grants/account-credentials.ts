/** GRANT_TYPE `account_credentials` (spec 5.5): Zoom server-to-server OAuth. */
import {
  basicAuthorization,
  type GrantContext,
  type GrantType,
  sortedForm,
  type TokenRequest,
} from "./grant.js";

export const accountCredentialsGrant: GrantType = {
  id: "account_credentials",
  async build({ endpoint, props }: GrantContext): Promise<TokenRequest> {
    const [accountId, clientId, clientSecret] = await Promise.all([
      props.require("ACCOUNT_ID", "config+secret"),
      props.require("CLIENT_ID", "config+secret"),
      props.require("CLIENT_SECRET", "secret"),
    ]);
    return {
      url: endpoint,
      headers: { Authorization: basicAuthorization(clientId, clientSecret) },
      form: sortedForm({ account_id: accountId.trim(), grant_type: "account_credentials" }),
    };
  },
};
