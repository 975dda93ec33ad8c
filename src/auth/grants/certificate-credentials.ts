/**
 * GRANT_TYPE `certificate_credentials` (spec 5.7): a GitHub App installation token, requested with the
 * App's RS256 JWT (iss = sub = CLIENT_ID, the App id) as bearer and an empty form.
 */
import { clientAssertion, loadPrivateKey } from "../jwt-assertion.js";
import type { GrantContext, GrantType, TokenRequest } from "./grant.js";

export const certificateCredentialsGrant: GrantType = {
  id: "certificate_credentials",
  async build({ endpoint, props, runtime }: GrantContext): Promise<TokenRequest> {
    const [clientId, pem] = await Promise.all([
      props.require("CLIENT_ID", "config+secret"),
      props.require("PRIVATE_KEY", "secret"),
    ]);
    const jwt = await clientAssertion(loadPrivateKey(pem, "PRIVATE_KEY"), clientId, endpoint, runtime.now());
    return { url: endpoint, headers: { Authorization: `Bearer ${jwt}` }, form: [] };
  },
};
