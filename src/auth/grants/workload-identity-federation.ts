/**
 * GRANT_TYPE `workload_identity_federation` (spec 5.8): Microsoft Entra client credentials whose client
 * assertion is an identity token of the proxy's own cloud identity, so no secret is stored.
 * - AWS: Cognito `GetOpenIdTokenForDeveloperIdentity` (IDENTITY_POOL_ID, IDENTITY_ID, and
 *   Logins = {DEVELOPER_NAME_ID: CLIENT_ID}).
 * - GCP: the metadata server's identity endpoint for AUDIENCE (header `Metadata-Flavor: Google`, without
 *   the reference's trailing space, REF-QUIRK 14).
 * A `node` host (local runs) uses Cognito when IDENTITY_POOL_ID is set, else the metadata server.
 */
import type { CognitoIdentityClient } from "@aws-sdk/client-cognito-identity";
import { MissingAuthConfigError, TokenEndpointTimeoutError, TokenRequestError } from "../errors.js";
import type { AuthProperties } from "../runtime.js";
import type { AuthOptions } from "../strategy.js";
import { DEFAULT_TOKEN_TIMEOUT_MS, errorCode, type TokenHttpClient } from "../token-http.js";
import {
  type GrantContext,
  type GrantType,
  JWT_BEARER_ASSERTION_TYPE,
  sortedForm,
  type TokenRequest,
} from "./grant.js";

export const DEFAULT_GCP_METADATA_BASE_URL = "http://metadata.google.internal";

export function createWorkloadIdentityFederationGrant(): GrantType {
  let cognito: Promise<CognitoIdentityClient> | undefined;
  /** the client made here (an injected one belongs to the caller) */
  let created: CognitoIdentityClient | undefined;

  async function cognitoToken(props: AuthProperties, options: AuthOptions): Promise<string> {
    const [poolId, identityId, developerName, clientId] = await Promise.all([
      props.require("IDENTITY_POOL_ID", "env"),
      props.require("IDENTITY_ID", "env"),
      props.require("DEVELOPER_NAME_ID", "env"),
      props.require("CLIENT_ID", "config"),
    ]);
    const sdk = await import("@aws-sdk/client-cognito-identity");
    cognito ??= (async () => {
      const o = options.cognito ?? {};
      if (o.client) return o.client;
      const timeout = options.tokenTimeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
      const region = o.region ?? (await props.get("AWS_REGION", "env"));
      created = new sdk.CognitoIdentityClient({
        ...(o.endpoint ? { endpoint: o.endpoint } : {}),
        ...(region ? { region } : {}),
        ...(o.credentials ? { credentials: o.credentials } : {}),
        ...(o.maxAttempts ? { maxAttempts: o.maxAttempts } : {}),
        requestHandler: { connectionTimeout: timeout, requestTimeout: timeout, throwOnRequestTimeout: true },
      });
      return created;
    })();
    const client = await cognito;
    let token: string | undefined;
    try {
      const out = await client.send(
        new sdk.GetOpenIdTokenForDeveloperIdentityCommand({
          IdentityPoolId: poolId,
          IdentityId: identityId,
          Logins: { [developerName]: clientId },
        }),
      );
      token = out.Token;
    } catch (e) {
      const name = e instanceof Error ? e.name : typeof e;
      const code = errorCode(e);
      if (name === "TimeoutError" || code === "ETIMEDOUT" || code === "ECONNRESET_TIMEOUT") {
        throw new TokenEndpointTimeoutError(`Cognito GetOpenIdTokenForDeveloperIdentity timed out`, {
          cause: e,
        });
      }
      throw new TokenRequestError(`Cognito GetOpenIdTokenForDeveloperIdentity failed (${name})`, {
        cause: e,
      });
    }
    if (!token) throw new TokenRequestError("Cognito GetOpenIdTokenForDeveloperIdentity returned no Token");
    return token;
  }

  async function gcpIdentityToken(props: AuthProperties, options: AuthOptions, http: TokenHttpClient) {
    const audience = await props.require("AUDIENCE", "env");
    const metadataHost = await props.get("GCE_METADATA_HOST", "env");
    const base =
      options.gcpMetadataBaseUrl ??
      (metadataHost === undefined ? DEFAULT_GCP_METADATA_BASE_URL : `http://${metadataHost.trim()}`);
    const body = await http.send({
      method: "GET",
      url: `${base.replace(/\/+$/, "")}/computeMetadata/v1/instance/service-accounts/default/identity?audience=${encodeURIComponent(audience)}`,
      headers: { "Metadata-Flavor": "Google" },
      what: "GCP metadata server",
    });
    const token = body.trim();
    if (token === "") throw new TokenRequestError("GCP metadata server returned an empty identity token");
    return token;
  }

  return {
    id: "workload_identity_federation",
    async close() {
      created?.destroy();
      created = undefined;
      cognito = undefined;
    },
    async build({ endpoint, props, http, platform, options }: GrantContext): Promise<TokenRequest> {
      const [clientId, scope] = await Promise.all([
        props.require("CLIENT_ID", "config"),
        props.require("TOKEN_SCOPE", "config"),
      ]);
      let useCognito = platform === "aws";
      if (platform === "node") {
        useCognito = (await props.get("IDENTITY_POOL_ID", "env")) !== undefined;
        if (!useCognito && (await props.get("AUDIENCE", "env")) === undefined) {
          throw new MissingAuthConfigError("IDENTITY_POOL_ID (AWS) or AUDIENCE (GCP)");
        }
      }
      const external = useCognito
        ? await cognitoToken(props, options)
        : await gcpIdentityToken(props, options, http);
      return {
        url: endpoint,
        headers: {},
        form: sortedForm({
          client_assertion: external,
          client_assertion_type: JWT_BEARER_ASSERTION_TYPE,
          client_id: clientId,
          grant_type: "client_credentials",
          scope,
        }),
      };
    },
  };
}
