/**
 * A GRANT_TYPE of `oauth2_refresh_token` (spec 5.3-5.8): how to build the token request from
 * configuration. The refresh framework (`../oauth2-refresh-token.ts`) sends it and parses the answer.
 */
import type { AuthProperties, AuthRuntime } from "../runtime.js";
import type { AuthOptions } from "../strategy.js";
import type { TokenHttpClient } from "../token-http.js";

export interface TokenRequest {
  url: string;
  headers: Record<string, string>;
  /** form fields in the order sent ([] = an empty form body) */
  form: [string, string][];
}

export interface GrantContext {
  /** REFRESH_ENDPOINT */
  endpoint: string;
  props: AuthProperties;
  runtime: AuthRuntime;
  /** for grants that first fetch an external token (workload identity federation) */
  http: TokenHttpClient;
  platform: "node" | "aws" | "gcp";
  options: AuthOptions;
}

export interface GrantType {
  /** the GRANT_TYPE value */
  readonly id: string;
  build(ctx: GrantContext): Promise<TokenRequest>;
  /** Releases clients the builder made (the Cognito client). */
  close?(): Promise<void>;
}

/** `Authorization: Basic base64(trim(id):trim(secret))` (the reference's AuthUtils). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId.trim()}:${clientSecret.trim()}`, "utf8").toString("base64")}`;
}

/** Form fields sorted by name, as the reference's TreeMap payloads are. */
export function sortedForm(fields: Record<string, string>): [string, string][] {
  return Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
