/**
 * `oauth2_refresh_token`, one GRANT_TYPE at a time, end to end: `gateway.handle(Request)` -> a loopback
 * token endpoint (the exact request asserted; JWTs verified with the public half of a key made here)
 * -> the HTTPS fake source (the Authorization it receives asserted).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AwsJsonServer, startAwsJsonServer } from "../../src/config/test-servers/aws-json.js";
import { startLoopbackServer } from "../../src/config/test-servers/loopback.js";
import type { GatewayInstance } from "../../src/gateway/index.js";
import { type FakeSource, startFakeSource } from "../gateway/fake-source.js";
import {
  BASE_SECRETS,
  baseEnv,
  CountingConfig,
  formFields,
  gatewayFor,
  proxyRequest,
  startTokenEndpoint,
  TestClock,
  type TokenEndpoint,
  testKey,
  verifyJwt,
} from "./helpers.js";

let source: FakeSource;
let token: TokenEndpoint;
const gateways: GatewayInstance[] = [];

beforeAll(async () => {
  source = await startFakeSource();
  token = await startTokenEndpoint();
});
afterAll(async () => {
  await source.close();
  await token.close();
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  source.requests.length = 0;
  token.requests.length = 0;
});

function setup(env: Record<string, string>, secrets: Record<string, string> = {}, clock = new TestClock()) {
  const config = new CountingConfig({
    env: { ...baseEnv(source, "oauth2_refresh_token"), ...env },
    secrets: { ...BASE_SECRETS, ...secrets },
  });
  const { gateway, logger } = gatewayFor({ source, config, auth: { clock: clock.now } });
  gateways.push(gateway);
  return { gateway, logger, config, clock };
}

const USERS = "/api/v1/users?limit=10";
const userAgent = /^Psoxy\/v0\.6\.9 \(API Data Sanitization; Node\/.+\)$/;

describe("GRANT_TYPE=refresh_token (Atlassian, GitHub Enterprise Server, Dropbox)", () => {
  it("posts the refresh token form, sends the bearer token and writes back the rotated refresh token", async () => {
    token.handle(() => ({
      body: {
        access_token: "atl-access-1",
        refresh_token: "atl-refresh-2",
        token_type: "bearer",
        expires_in: 3600,
      },
    }));
    const { gateway, config } = setup(
      { GRANT_TYPE: "refresh_token", REFRESH_ENDPOINT: `${token.url}/oauth/token`, CLIENT_ID: "atl-client" },
      { CLIENT_SECRET: "atl-secret", REFRESH_TOKEN: "atl-refresh-1" },
    );

    const res = await gateway.handle(proxyRequest(USERS));
    expect(res.status).toBe(200);

    expect(token.requests).toHaveLength(1);
    const req = token.requests[0];
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/oauth/token");
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.headers.accept).toBe("application/json");
    expect(req.headers["user-agent"]).toMatch(userAgent);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toBe(
      "client_id=atl-client&client_secret=atl-secret&grant_type=refresh_token&refresh_token=atl-refresh-1",
    );

    expect(source.requests).toHaveLength(1);
    expect(source.requests[0].headers.authorization).toBe("Bearer atl-access-1");

    // rotated: written back once; not shared, so ACCESS_TOKEN is not written
    expect(config.secrets.get("REFRESH_TOKEN")).toBe("atl-refresh-2");
    expect(config.puts).toEqual(["REFRESH_TOKEN"]);

    // cached: the next request does not call the token endpoint
    expect((await gateway.handle(proxyRequest(USERS))).status).toBe(200);
    expect(token.requests).toHaveLength(1);
    expect(source.requests[1].headers.authorization).toBe("Bearer atl-access-1");
  });

  it("takes CLIENT_ID from the secret store when config lacks it, and does not rewrite an unchanged refresh token", async () => {
    token.handle(() => ({ body: { access_token: "dbx-access", refresh_token: "dbx-refresh" } }));
    const { gateway, config } = setup(
      { GRANT_TYPE: "refresh_token", REFRESH_ENDPOINT: `${token.url}/oauth2/token` },
      { CLIENT_ID: "dbx-client", CLIENT_SECRET: "dbx-secret", REFRESH_TOKEN: "dbx-refresh" },
    );
    expect((await gateway.handle(proxyRequest(USERS))).status).toBe(200);
    expect(formFields(token.requests[0].body)).toContainEqual(["client_id", "dbx-client"]);
    expect(config.puts).toEqual([]);
  });
});

describe("GRANT_TYPE=refresh_token_via_query_parameter (Gong)", () => {
  it("puts the (twice-encoded) refresh token in the query, Basic client auth, an empty form", async () => {
    token.handle(() => ({ body: { access_token: "gong-access", expires_in: 86400 } }));
    const { gateway } = setup(
      {
        GRANT_TYPE: "refresh_token_via_query_parameter",
        REFRESH_ENDPOINT: `${token.url}/oauth2/generate-customer-token`,
        CLIENT_ID: " gong-client ",
      },
      { CLIENT_SECRET: "gong-secret\n", REFRESH_TOKEN: "gong/refresh+token=1" },
    );
    expect((await gateway.handle(proxyRequest(USERS))).status).toBe(200);
    const req = token.requests[0];
    expect(req.method).toBe("POST");
    expect(req.url).toBe(
      "/oauth2/generate-customer-token?grant_type=refresh_token&refresh_token=gong%252Frefresh%252Btoken%253D1",
    );
    expect(req.headers.authorization).toBe(
      `Basic ${Buffer.from("gong-client:gong-secret").toString("base64")}`,
    );
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.body).toBe("");
    expect(source.requests[0].headers.authorization).toBe("Bearer gong-access");
  });
});

describe("GRANT_TYPE=account_credentials (Zoom)", () => {
  it("posts account_id with Basic client auth and shares the token through ACCESS_TOKEN by default", async () => {
    token.handle(() => ({ body: { access_token: "zoom-access", token_type: "bearer", expires_in: 3599 } }));
    const clock = new TestClock();
    const { gateway, config } = setup(
      { GRANT_TYPE: "account_credentials", REFRESH_ENDPOINT: `${token.url}/oauth/token` },
      { ACCOUNT_ID: " zoom-account\t", CLIENT_ID: "zoom-client", CLIENT_SECRET: "zoom-secret" },
      clock,
    );
    expect((await gateway.handle(proxyRequest(USERS))).status).toBe(200);
    const req = token.requests[0];
    expect(req.url).toBe("/oauth/token");
    expect(req.body).toBe("account_id=zoom-account&grant_type=account_credentials");
    expect(req.headers.authorization).toBe(
      `Basic ${Buffer.from("zoom-client:zoom-secret").toString("base64")}`,
    );
    expect(source.requests[0].headers.authorization).toBe("Bearer zoom-access");
    expect(config.secrets.get("ACCESS_TOKEN")).toBe(
      JSON.stringify({ token: "zoom-access", expirationDate: clock.ms + 3599_000 }),
    );

    // a second, cold instance over the same store reuses the stored token (behaviour 50)
    const second = gatewayFor({ source, config, auth: { clock: clock.now } });
    gateways.push(second.gateway);
    expect((await second.gateway.handle(proxyRequest(USERS))).status).toBe(200);
    expect(token.requests).toHaveLength(1);
    expect(source.requests[1].headers.authorization).toBe("Bearer zoom-access");
  });

  it("USE_SHARED_TOKEN=false keeps the token to this instance", async () => {
    token.handle(() => ({ body: { access_token: "zoom-private" } }));
    const { gateway, config } = setup(
      { GRANT_TYPE: "account_credentials", REFRESH_ENDPOINT: `${token.url}/t`, USE_SHARED_TOKEN: "false" },
      { ACCOUNT_ID: "a", CLIENT_ID: "c", CLIENT_SECRET: "s" },
    );
    expect((await gateway.handle(proxyRequest(USERS))).status).toBe(200);
    expect(config.puts).toEqual([]);
  });
});

describe("GRANT_TYPE=client_credentials (Salesforce; Microsoft certificate)", () => {
  it("CREDENTIALS_FLOW=client_secret posts the client secret", async () => {
    token.handle(() => ({ body: { access_token: "sf-access", token_type: "Bearer" } }));
    const { gateway } = setup(
      {
        GRANT_TYPE: "client_credentials",
        CREDENTIALS_FLOW: "CLIENT_SECRET",
        REFRESH_ENDPOINT: `${token.url}/services/oauth2/token`,
        CLIENT_ID: "sf-client",
      },
      { CLIENT_SECRET: "sf-secret" },
    );
    expect((await gateway.handle(proxyRequest(USERS))).status).toBe(200);
    const req = token.requests[0];
    expect(req.url).toBe("/services/oauth2/token");
    expect(req.body).toBe("client_id=sf-client&client_secret=sf-secret&grant_type=client_credentials");
    expect(source.requests[0].headers.authorization).toBe("Bearer sf-access");
  });

  it.each([
    ["PKCS#1 PEM", () => testKey().pkcs1Pem],
    ["base64 of a PKCS#8 PEM", () => Buffer.from(testKey().pkcs8Pem).toString("base64")],
  ])("CREDENTIALS_FLOW=jwt_assertion (default) signs a client assertion with x5t (%s)", async (_, key) => {
    token.handle(() => ({ body: { access_token: "msft-access", expires_in: 3599 } }));
    const clock = new TestClock();
    const endpoint = `${token.url}/tenant-1/oauth2/v2.0/token`;
    const { gateway } = setup(
      {
        GRANT_TYPE: "client_credentials",
        REFRESH_ENDPOINT: endpoint,
        CLIENT_ID: "msft-client",
        TOKEN_SCOPE: "https://graph.microsoft.com/.default",
      },
      { PRIVATE_KEY_ID: " sha1 Fingerprint=FB:FF:00:3E:0A \n", PRIVATE_KEY: key() },
      clock,
    );
    expect((await gateway.handle(proxyRequest(USERS))).status).toBe(200);
    const req = token.requests[0];
    expect(req.url).toBe("/tenant-1/oauth2/v2.0/token");
    const fields = formFields(req.body);
    expect(fields.map(([k]) => k)).toEqual([
      "client_assertion",
      "client_assertion_type",
      "client_id",
      "grant_type",
      "scope",
    ]);
    const form = Object.fromEntries(fields);
    expect(form.client_assertion_type).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    expect(form.client_id).toBe("msft-client");
    expect(form.grant_type).toBe("client_credentials");
    expect(form.scope).toBe("https://graph.microsoft.com/.default");

    const { rawHeader, claims } = await verifyJwt(form.client_assertion, testKey().publicKey, clock.ms);
    // fb ff 00 3e 0a -> base64 "+/8APgo=" -> base64url with its padding kept
    expect(rawHeader).toEqual({ alg: "RS256", typ: "JWT", x5t: "-_8APgo=" });
    const iat = clock.ms / 1000;
    expect(claims).toEqual({
      aud: endpoint,
      iss: "msft-client",
      sub: "msft-client",
      jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      iat,
      exp: iat + 300,
    });
    expect(source.requests[0].headers.authorization).toBe("Bearer msft-access");
  });
});

describe("GRANT_TYPE=certificate_credentials (GitHub App)", () => {
  it("posts with the App JWT as bearer, parses {token, expires_at} and shares it", async () => {
    const clock = new TestClock();
    token.handle(() => ({
      status: 201,
      body: {
        token: "ghs_installation",
        expires_at: new Date(clock.ms + 3600_000).toISOString(),
        permissions: { members: "read" },
      },
    }));
    const endpoint = `${token.url}/app/installations/42/access_tokens`;
    const { gateway, config } = setup(
      {
        GRANT_TYPE: "certificate_credentials",
        TOKEN_RESPONSE_TYPE: "GITHUB_ACCESS_TOKEN",
        USE_SHARED_TOKEN: "TRUE",
        REFRESH_ENDPOINT: endpoint,
        CLIENT_ID: "123456",
      },
      { PRIVATE_KEY: testKey().pkcs1Pem },
      clock,
    );
    expect((await gateway.handle(proxyRequest(USERS))).status).toBe(200);
    const req = token.requests[0];
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/app/installations/42/access_tokens");
    expect(req.body).toBe("");
    const jwt = String(req.headers.authorization).replace(/^Bearer /, "");
    const { rawHeader, claims } = await verifyJwt(jwt, testKey().publicKey, clock.ms);
    expect(rawHeader).toEqual({ alg: "RS256", typ: "JWT" });
    expect(claims).toMatchObject({ aud: endpoint, iss: "123456", sub: "123456", iat: clock.ms / 1000 });
    expect(claims.exp).toBe(clock.ms / 1000 + 300);
    expect(source.requests[0].headers.authorization).toBe("Bearer ghs_installation");
    expect(JSON.parse(config.secrets.get("ACCESS_TOKEN")!)).toEqual({
      token: "ghs_installation",
      expirationDate: clock.ms + 3600_000,
    });
  });
});

describe("GRANT_TYPE=workload_identity_federation (Microsoft 365)", () => {
  let cognito: AwsJsonServer;
  const cognitoInputs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    cognito = await startAwsJsonServer("AWSCognitoIdentityService", {
      GetOpenIdTokenForDeveloperIdentity: (input) => {
        cognitoInputs.push(input);
        return { IdentityId: String(input.IdentityId), Token: "cognito-open-id-token" };
      },
    });
  });
  afterAll(async () => {
    await cognito.close();
  });

  const msftEnv = () => ({
    GRANT_TYPE: "workload_identity_federation",
    REFRESH_ENDPOINT: `${token.url}/tenant-9/oauth2/v2.0/token`,
    CLIENT_ID: "entra-app-id",
    TOKEN_SCOPE: "https://graph.microsoft.com/.default",
  });
  const expectedForm = (assertion: string) =>
    `client_assertion=${assertion}&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_id=entra-app-id&grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default`;

  it("on AWS, uses Cognito GetOpenIdTokenForDeveloperIdentity as the client assertion", async () => {
    token.handle(() => ({ body: { access_token: "graph-access", expires_in: 3599 } }));
    const config = new CountingConfig({
      env: {
        ...baseEnv(source, "oauth2_refresh_token"),
        ...msftEnv(),
        IDENTITY_POOL_ID: "us-east-1:pool-1",
        IDENTITY_ID: "us-east-1:identity-1",
        DEVELOPER_NAME_ID: "azure-access",
        AWS_REGION: "us-east-1",
      },
      secrets: BASE_SECRETS,
    });
    const { gateway } = gatewayFor({
      source,
      config,
      platform: "aws",
      auth: {
        cognito: { endpoint: cognito.url, credentials: { accessKeyId: "test", secretAccessKey: "test" } },
      },
    });
    gateways.push(gateway);
    expect((await gateway.handle(proxyRequest(USERS))).status).toBe(200);
    expect(cognito.operations).toEqual(["GetOpenIdTokenForDeveloperIdentity"]);
    expect(cognitoInputs[0]).toEqual({
      IdentityPoolId: "us-east-1:pool-1",
      IdentityId: "us-east-1:identity-1",
      Logins: { "azure-access": "entra-app-id" },
    });
    expect(token.requests[0].url).toBe("/tenant-9/oauth2/v2.0/token");
    expect(token.requests[0].body).toBe(expectedForm("cognito-open-id-token"));
    expect(source.requests[0].headers.authorization).toBe("Bearer graph-access");
  });

  it("on GCP, uses the metadata server's identity token for AUDIENCE", async () => {
    const metadata = await startLoopbackServer(() => ({
      headers: { "content-type": "application/text" },
      body: "gcp-identity-token\n",
    }));
    try {
      token.handle(() => ({ body: { access_token: "graph-access-gcp" } }));
      const config = new CountingConfig({
        env: {
          ...baseEnv(source, "oauth2_refresh_token"),
          ...msftEnv(),
          AUDIENCE: "api://AzureADTokenExchange",
        },
        secrets: BASE_SECRETS,
      });
      const { gateway } = gatewayFor({
        source,
        config,
        platform: "gcp",
        auth: { gcpMetadataBaseUrl: metadata.url },
      });
      gateways.push(gateway);
      expect((await gateway.handle(proxyRequest(USERS))).status).toBe(200);
      expect(metadata.requests).toHaveLength(1);
      expect(metadata.requests[0].method).toBe("GET");
      expect(metadata.requests[0].url).toBe(
        "/computeMetadata/v1/instance/service-accounts/default/identity?audience=api%3A%2F%2FAzureADTokenExchange",
      );
      expect(metadata.requests[0].headers["metadata-flavor"]).toBe("Google");
      expect(token.requests[0].body).toBe(expectedForm("gcp-identity-token"));
      expect(source.requests[0].headers.authorization).toBe("Bearer graph-access-gcp");
    } finally {
      await metadata.close();
    }
  });
});

describe("health check", () => {
  it.each([
    ["refresh_token", {}, ["CLIENT_ID", "CLIENT_SECRET", "REFRESH_ENDPOINT", "REFRESH_TOKEN"]],
    ["account_credentials", {}, ["ACCOUNT_ID", "CLIENT_ID", "CLIENT_SECRET", "REFRESH_ENDPOINT"]],
    ["client_credentials", {}, ["CLIENT_ID", "PRIVATE_KEY", "PRIVATE_KEY_ID", "REFRESH_ENDPOINT"]],
    [
      "client_credentials",
      { CREDENTIALS_FLOW: "client_secret" },
      ["CLIENT_ID", "CLIENT_SECRET", "REFRESH_ENDPOINT"],
    ],
    ["certificate_credentials", {}, ["CLIENT_ID", "PRIVATE_KEY", "REFRESH_ENDPOINT"]],
    ["workload_identity_federation", {}, ["CLIENT_ID", "REFRESH_ENDPOINT", "TOKEN_SCOPE"]],
  ])("GRANT_TYPE=%s %j lists its missing properties", async (grantType, extra, missing) => {
    const { gateway } = setup({ GRANT_TYPE: grantType, ...extra });
    const res = await gateway.handle(proxyRequest("/", { headers: { "X-Psoxy-Health-Check": "1" } }));
    expect(res.status).toBe(412);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.missingConfigProperties).toEqual(missing);
    expect(body.sourceAuthGrantType).toBe(grantType);
    expect(token.requests).toHaveLength(0);
  });

  it("lists GRANT_TYPE when it is unset, and reports an unknown one as a startup problem", async () => {
    const unset = setup({ REFRESH_ENDPOINT: "https://example.com/token" });
    const body = (await (
      await unset.gateway.handle(proxyRequest("/", { headers: { "X-Psoxy-Health-Check": "1" } }))
    ).json()) as Record<string, unknown>;
    expect(body.missingConfigProperties).toEqual(["GRANT_TYPE"]);

    const unknown = setup({ GRANT_TYPE: "password", REFRESH_ENDPOINT: "https://example.com/token" });
    const res = await unknown.gateway.handle(proxyRequest("/", { headers: { "X-Psoxy-Health-Check": "1" } }));
    expect(res.status).toBe(412);
    expect(((await res.json()) as { warningMessages: string[] }).warningMessages.join("\n")).toMatch(
      /GRANT_TYPE="password" is not a known grant type/,
    );
    const data = await unknown.gateway.handle(proxyRequest(USERS));
    expect(data.status).toBe(500);
    expect(data.headers.get("X-Psoxy-Error")).toBe("CONFIGURATION_FAILURE");
  });
});
