/**
 * `gcp_service_account_key` end to end: the service-account JWT-bearer grant against a loopback token
 * endpoint named by the key's `token_uri`, `sub` from X-Psoxy-User-To-Impersonate after `p~` reversal,
 * per-user token caching; Application Default Credentials when no key is stored.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAuthStrategy, IMPERSONATION_CACHE_SIZE } from "../../src/auth/index.js";
import type { GatewayInstance } from "../../src/gateway/index.js";
import { MemoryConfigService } from "../../src/gateway/testing/memory-config.js";
import { type FakeSource, startFakeSource } from "../gateway/fake-source.js";
import { reversibleToken } from "../gateway/rules-fixture.js";
import {
  BASE_SECRETS,
  baseEnv,
  everythingVisible,
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
let issued = 0;

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
  issued = 0;
});

const SCOPES =
  "https://www.googleapis.com/auth/admin.directory.user.readonly https://www.googleapis.com/auth/calendar.readonly";

function saKey(tokenUri = `${token.url}/token`) {
  return JSON.stringify({
    type: "service_account",
    project_id: "psoxy-test",
    private_key_id: "key-id-0123",
    private_key: testKey().pkcs8Pem,
    client_email: "psoxy-gcal@psoxy-test.iam.gserviceaccount.com",
    client_id: "1234567890",
    token_uri: tokenUri,
  });
}

function setup(key: string | undefined, clock = new TestClock()) {
  token.handle(() => ({
    body: { access_token: `ya29.google-access-${++issued}`, expires_in: 3599, token_type: "Bearer" },
  }));
  const config = new MemoryConfigService({
    env: { ...baseEnv(source, "gcp_service_account_key"), OAUTH_SCOPES: SCOPES },
    secrets: { ...BASE_SECRETS, ...(key === undefined ? {} : { SERVICE_ACCOUNT_KEY: key }) },
  });
  const { gateway, logger } = gatewayFor({ source, config, auth: { clock: clock.now } });
  gateways.push(gateway);
  return { gateway, logger, clock, config };
}

const USERS = "/api/v1/users?limit=10";
const as = (user?: string) =>
  proxyRequest(USERS, user === undefined ? {} : { headers: { "X-Psoxy-User-To-Impersonate": user } });

describe("with a service-account key", () => {
  it("impersonates the (reversed) user: JWT sub, kid, scope, aud = token_uri", async () => {
    const { gateway, clock } = setup(saKey());
    const res = await gateway.handle(as(reversibleToken("alice@acme.com")));
    expect(res.status).toBe(200);

    expect(token.requests).toHaveLength(1);
    const req = token.requests[0];
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/token");
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const fields = formFields(req.body);
    expect(fields.map(([k]) => k)).toEqual(["grant_type", "assertion"]);
    expect(fields[0][1]).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const { rawHeader, claims } = await verifyJwt(fields[1][1], testKey().publicKey, clock.ms);
    expect(rawHeader).toEqual({ alg: "RS256", typ: "JWT", kid: "key-id-0123" });
    const iat = clock.ms / 1000;
    expect(claims).toEqual({
      iss: "psoxy-gcal@psoxy-test.iam.gserviceaccount.com",
      scope: SCOPES,
      aud: `${token.url}/token`,
      sub: "alice@acme.com",
      iat,
      exp: iat + 3600,
    });
    expect(source.requests[0].headers.authorization).toBe("Bearer ya29.google-access-1");
  });

  it("caches a token per user; no header = the service account itself (no sub)", async () => {
    const { gateway, clock } = setup(Buffer.from(saKey()).toString("base64"));
    expect((await gateway.handle(as("alice@acme.com"))).status).toBe(200);
    expect((await gateway.handle(as("alice@acme.com"))).status).toBe(200);
    expect((await gateway.handle(as("bob@acme.com"))).status).toBe(200);
    expect((await gateway.handle(as())).status).toBe(200);
    expect(token.requests).toHaveLength(3);
    const subs = await Promise.all(
      token.requests.map(async (r) => {
        const { claims } = await verifyJwt(formFields(r.body)[1][1], testKey().publicKey, clock.ms);
        return claims.sub;
      }),
    );
    expect(subs).toEqual(["alice@acme.com", "bob@acme.com", undefined]);
    expect(source.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer ya29.google-access-1",
      "Bearer ya29.google-access-1",
      "Bearer ya29.google-access-2",
      "Bearer ya29.google-access-3",
    ]);

    // refreshed shortly (3 min 45 s) before expiry, not earlier
    clock.advanceSeconds(3599 - 226);
    expect((await gateway.handle(as("alice@acme.com"))).status).toBe(200);
    expect(token.requests).toHaveLength(3);
    clock.advanceSeconds(2);
    expect((await gateway.handle(as("alice@acme.com"))).status).toBe(200);
    expect(token.requests).toHaveLength(4);
  });

  it("concurrent requests for one user make one token request", async () => {
    const { gateway } = setup(saKey());
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => gateway.handle(as("carol@acme.com"))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(token.requests).toHaveLength(1);
  });

  it("a 401 from the source drops that user's token and retries once with a new one", async () => {
    const { gateway } = setup(saKey());
    source.handle((req, res) => {
      res.writeHead(req.headers.authorization === "Bearer ya29.google-access-1" ? 401 : 200, {
        "Content-Type": "application/json",
      });
      res.end("{}");
    });
    try {
      const res = await gateway.handle(as("dave@acme.com"));
      expect(res.status).toBe(200);
      expect(token.requests).toHaveLength(2);
      expect(source.requests.map((r) => r.headers.authorization)).toEqual([
        "Bearer ya29.google-access-1",
        "Bearer ya29.google-access-2",
      ]);
    } finally {
      source.handle((_req, res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end("{}");
      });
    }
  });

  it("a p~ token that cannot be decrypted is 409 TOKENIZED_REQUEST_PARAMETER_INVALID, before any token request", async () => {
    const { gateway } = setup(saKey());
    const bad = `p~${"B".repeat(50)}`;
    const res = await gateway.handle(as(bad));
    expect(res.status).toBe(409);
    expect(res.headers.get("X-Psoxy-Error")).toBe("TOKENIZED_REQUEST_PARAMETER_INVALID");
    expect(await res.text()).toBe("");
    expect(token.requests).toHaveLength(0);
    expect(source.requests).toHaveLength(0);
  });

  it("a token failure (delegation not granted) is 500 CONNECTION_SETUP; nothing secret is shown or logged", async () => {
    const { gateway, logger } = setup(saKey());
    token.handle(() => ({
      status: 401,
      body: {
        error: "unauthorized_client",
        error_description: "Client is unauthorized to retrieve access tokens",
      },
    }));
    const res = await gateway.handle(as("erin@acme.com"));
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_SETUP");
    expect(await res.clone().text()).toBe("Failed to parse request; review logs");
    expect(logger.text()).toContain("unauthorized_client");
    const visible = await everythingVisible(logger, res);
    const assertion = formFields(token.requests[0].body)[1][1];
    for (const secret of [assertion, testKey().pkcs8Pem.split("\n")[1], "key-id-0123", saKey()]) {
      expect(visible).not.toContain(secret);
    }
  });

  it("a malformed key is the platform's generic 500, without quoting it", async () => {
    const { gateway, logger } = setup("{not json but secret-ish-material");
    const res = await gateway.handle(as("alice@acme.com"));
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("UNKNOWN");
    expect(await everythingVisible(logger, res)).not.toContain("secret-ish-material");
    expect(token.requests).toHaveLength(0);
  });

  it("missing OAUTH_SCOPES is 500 CONNECTION_SETUP", async () => {
    const config = new MemoryConfigService({
      env: baseEnv(source, "gcp_service_account_key"),
      secrets: { ...BASE_SECRETS, SERVICE_ACCOUNT_KEY: saKey() },
    });
    const { gateway } = gatewayFor({ source, config });
    gateways.push(gateway);
    const res = await gateway.handle(as());
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_SETUP");
    expect(await res.text()).toBe("");
  });
});

describe("impersonated credentials LRU", () => {
  it(`keeps ${IMPERSONATION_CACHE_SIZE} users; the least recently used is fetched again`, async () => {
    token.handle(() => ({ body: { access_token: `t-${++issued}`, expires_in: 3600 } }));
    const config = new MemoryConfigService({
      env: { OAUTH_SCOPES: "s" },
      secrets: { SERVICE_ACCOUNT_KEY: saKey() },
    });
    const s = createAuthStrategy("gcp_service_account_key", { config });
    try {
      for (let i = 0; i <= IMPERSONATION_CACHE_SIZE; i++)
        await s.headers({ userToImpersonate: `u${i}@acme.com` });
      expect(token.requests).toHaveLength(51);
      await s.headers({ userToImpersonate: "u50@acme.com" }); // cached
      await s.headers({ userToImpersonate: "u1@acme.com" }); // cached (u0 was evicted)
      expect(token.requests).toHaveLength(51);
      expect(await s.headers({ userToImpersonate: "u0@acme.com" })).toEqual({ Authorization: "Bearer t-52" });
      expect(token.requests).toHaveLength(52);
    } finally {
      await s.close?.();
    }
  });
});

describe("without a key: Application Default Credentials (google-auth-library)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "psoxy-adc-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("uses the runtime's credentials (an external account pointed at loopback) and ignores impersonation", async () => {
    const subjectTokenFile = join(dir, "subject-token");
    await writeFile(subjectTokenFile, "external-subject-token");
    token.handle(() => ({
      body: {
        access_token: "adc-access-token",
        issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
        token_type: "Bearer",
        expires_in: 3600,
      },
    }));
    const config = new MemoryConfigService({
      env: { ...baseEnv(source, "gcp_service_account_key"), OAUTH_SCOPES: SCOPES },
      secrets: BASE_SECRETS,
    });
    const { gateway, logger } = gatewayFor({
      source,
      config,
      auth: {
        googleAuth: {
          credentials: {
            type: "external_account",
            audience: "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x",
            subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
            token_url: `${token.url}/v1/token`,
            credential_source: { file: subjectTokenFile },
          } as never,
        },
      },
    });
    gateways.push(gateway);
    const res = await gateway.handle(as("alice@acme.com"));
    expect(res.status).toBe(200);
    expect(source.requests[0].headers.authorization).toBe("Bearer adc-access-token");
    expect(token.requests).toHaveLength(1);
    const form = Object.fromEntries(formFields(token.requests[0].body));
    expect(token.requests[0].url).toBe("/v1/token");
    expect(form.grant_type).toBe("urn:ietf:params:oauth:grant-type:token-exchange");
    expect(form.subject_token).toBe("external-subject-token");
    expect(form.scope).toBe(SCOPES);
    expect(logger.text()).toContain("Application Default Credentials cannot impersonate");
    expect(logger.text()).not.toContain("adc-access-token");
  });
});
