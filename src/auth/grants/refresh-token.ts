/**
 * GRANT_TYPE `refresh_token` (spec 5.3: Atlassian, GitHub Enterprise Server, Dropbox) and
 * `refresh_token_via_query_parameter` (spec 5.4: Gong), which sends the refresh token in the query with
 * Basic client authentication instead of in the form.
 */
import { formEncode } from "../token-http.js";
import {
  basicAuthorization,
  type GrantContext,
  type GrantType,
  sortedForm,
  type TokenRequest,
} from "./grant.js";

export const refreshTokenGrant: GrantType = {
  id: "refresh_token",
  async build({ endpoint, props }: GrantContext): Promise<TokenRequest> {
    const [clientId, clientSecret, refreshToken] = await Promise.all([
      props.require("CLIENT_ID", "config+secret"),
      props.require("CLIENT_SECRET", "secret"),
      props.require("REFRESH_TOKEN", "secret"),
    ]);
    return {
      url: endpoint,
      headers: {},
      form: sortedForm({
        client_id: clientId,
        client_secret: clientSecret,
        grant_type: "refresh_token",
        refresh_token: refreshToken,
      }),
    };
  },
};

export const refreshTokenViaQueryParameterGrant: GrantType = {
  id: "refresh_token_via_query_parameter",
  async build({ endpoint, props }: GrantContext): Promise<TokenRequest> {
    const [clientId, clientSecret, refreshToken] = await Promise.all([
      props.require("CLIENT_ID", "config+secret"),
      props.require("CLIENT_SECRET", "secret"),
      props.require("REFRESH_TOKEN", "secret"),
    ]);
    // REF-QUIRK 13 kept: the reference URL-encodes the token, then its URI builder encodes it again.
    // Tokens of [A-Za-z0-9._-] (Gong's) are unaffected.
    const query = `grant_type=refresh_token&refresh_token=${formEncode(formEncode(refreshToken))}`;
    return {
      url: `${endpoint}${endpoint.includes("?") ? "&" : "?"}${query}`,
      headers: { Authorization: basicAuthorization(clientId, clientSecret) },
      form: [],
    };
  },
};
