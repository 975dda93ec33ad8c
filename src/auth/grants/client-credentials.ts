/**
 * GRANT_TYPE `client_credentials` (spec 5.6). CREDENTIALS_FLOW `client_secret` sends the client secret
 * in the form (Salesforce); `jwt_assertion` (the default) authenticates with an RS256 client assertion
 * whose `x5t` header is the certificate thumbprint in PRIVATE_KEY_ID (Microsoft certificate credentials).
 */
import { InvalidAuthConfigError } from "../errors.js";
import { clientAssertion, loadPrivateKey, x5tThumbprint } from "../jwt-assertion.js";
import {
  type GrantContext,
  type GrantType,
  JWT_BEARER_ASSERTION_TYPE,
  sortedForm,
  type TokenRequest,
} from "./grant.js";

export const CREDENTIALS_FLOWS = ["client_secret", "jwt_assertion"] as const;
export type CredentialsFlow = (typeof CREDENTIALS_FLOWS)[number];
export const DEFAULT_CREDENTIALS_FLOW: CredentialsFlow = "jwt_assertion";

/** CREDENTIALS_FLOW, case-insensitive; undefined for an unknown value. */
export function parseCredentialsFlow(value: string | undefined): CredentialsFlow | undefined {
  if (value === undefined) return DEFAULT_CREDENTIALS_FLOW;
  const v = value.trim().toLowerCase();
  return (CREDENTIALS_FLOWS as readonly string[]).includes(v) ? (v as CredentialsFlow) : undefined;
}

export const clientCredentialsGrant: GrantType = {
  id: "client_credentials",
  async build(ctx: GrantContext): Promise<TokenRequest> {
    const { endpoint, props, runtime } = ctx;
    const raw = await props.get("CREDENTIALS_FLOW", "config");
    const flow = parseCredentialsFlow(raw);
    if (flow === undefined) {
      throw new InvalidAuthConfigError(
        `CREDENTIALS_FLOW must be one of ${CREDENTIALS_FLOWS.join(", ")} for GRANT_TYPE=client_credentials`,
      );
    }
    const clientId = await props.require("CLIENT_ID", "config+secret");
    if (flow === "client_secret") {
      const clientSecret = await props.require("CLIENT_SECRET", "secret");
      return {
        url: endpoint,
        headers: {},
        form: sortedForm({
          client_id: clientId,
          client_secret: clientSecret,
          grant_type: "client_credentials",
        }),
      };
    }
    const [keyId, pem, scope] = await Promise.all([
      props.require("PRIVATE_KEY_ID", "secret"),
      props.require("PRIVATE_KEY", "secret"),
      props.get("TOKEN_SCOPE", "config"),
    ]);
    const assertion = await clientAssertion(
      loadPrivateKey(pem, "PRIVATE_KEY"),
      clientId,
      endpoint,
      runtime.now(),
      {
        x5t: x5tThumbprint(keyId),
      },
    );
    return {
      url: endpoint,
      headers: {},
      form: sortedForm({
        client_assertion: assertion,
        client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
        client_id: clientId,
        grant_type: "client_credentials",
        ...(scope === undefined ? {} : { scope }),
      }),
    };
  },
};
