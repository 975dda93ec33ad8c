/**
 * The API-mode pipeline end to end: `gateway.handle(new Request(...))` against a real HTTPS source on
 * loopback (self-signed certificate trusted through the `ca` option).
 */
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { piiSaltSha256 } from "../../src/core/pseudonyms/index.js";
import type { ApiRules } from "../../src/core/rules/index.js";
import { loadRules } from "../../src/core/rules/index.js";
import { RestSanitizer } from "../../src/core/sanitize/index.js";
import { createGateway, type GatewayInstance, type GatewayOptions } from "../../src/gateway/index.js";
import { GatewayReply } from "../../src/gateway/reply.js";
import { MemoryConfigService } from "../../src/gateway/testing/memory-config.js";
import { CaptureLogger } from "./capture-logger.js";
import { type FakeSource, refusedPort, startFakeSource } from "./fake-source.js";
import {
  ACCESS_TOKEN,
  ENCRYPTION_KEY,
  pseudonymizer,
  RULES_YAML,
  reversibleToken,
  SALT,
} from "./rules-fixture.js";

let source: FakeSource;
const gateways: GatewayInstance[] = [];

beforeAll(async () => {
  source = await startFakeSource();
});
afterAll(async () => {
  await source.close();
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
  source.requests.length = 0;
  source.handle((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end("{}");
  });
});

interface Setup {
  env?: Record<string, string | undefined>;
  secrets?: Record<string, string>;
  options?: Partial<GatewayOptions>;
}

function setup({ env, secrets, options }: Setup = {}) {
  const config = new MemoryConfigService({
    env: {
      SOURCE: "test-source",
      TARGET_HOST: source.host,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: RULES_YAML,
      ...env,
    },
    secrets: { PSOXY_SALT: SALT, PSOXY_ENCRYPTION_KEY: ENCRYPTION_KEY, ACCESS_TOKEN, ...secrets },
  });
  const logger = new CaptureLogger();
  const gateway = createGateway({ config, logger, platform: "node", ca: source.ca, ...options });
  gateways.push(gateway);
  return { gateway, logger, config };
}

const proxy = (pathAndQuery: string, init?: RequestInit) =>
  new Request(`https://proxy.example.com${pathAndQuery}`, init);

function expectedSanitized(method: string, url: string, body: string): string {
  const rules = loadRules(RULES_YAML) as ApiRules;
  return new RestSanitizer(rules, pseudonymizer, { targetHost: source.host }).sanitize(method, url, body);
}

const USERS = JSON.stringify({
  users: [
    { email: "alice@acme.com", name: "Alice Example", id: 1 },
    { email: "bob@acme.com", name: "Bob Example", id: 2 },
  ],
});

function json(body: string, status = 200, headers: Record<string, string> = {}) {
  return (_req: unknown, res: import("node:http").ServerResponse) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(body);
  };
}

describe("allowed request", () => {
  it("returns the sanitized body with the X-Psoxy metadata headers", async () => {
    source.handle(json(USERS, 200, { ETag: '"v1"', "Set-Cookie": "s=1", "X-Custom": "no" }));
    const { gateway } = setup();
    const res = await gateway.handle(
      proxy("/api/v1/users?limit=10", {
        headers: { Authorization: "Bearer client-sigv4", "X-Psoxy-Health": "x", Cookie: "c=1" },
      }),
    );
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toBe(expectedSanitized("GET", `https://${source.host}/api/v1/users?limit=10`, USERS));
    expect(text).not.toContain("alice@acme.com");
    expect(text).not.toContain("Alice Example");
    expect(res.headers.get("X-Psoxy-Rules-SHA")).toMatch(/^[0-9a-f]{40}$/);
    expect(res.headers.get("X-Psoxy-Psoxy-Version")).toBe("v0.6.9");
    expect(res.headers.get("X-Psoxy-PII-Salt-Sha256")).toBe(piiSaltSha256(SALT));
    expect(res.headers.get("X-Psoxy-Error")).toBeNull();
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("etag")).toBe('"v1"');
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("x-custom")).toBeNull();

    expect(source.requests).toHaveLength(1);
    const seen = source.requests[0];
    expect(seen.method).toBe("GET");
    expect(seen.url).toBe("/api/v1/users?limit=10");
    expect(seen.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(seen.headers.accept).toBe("application/json");
    expect(seen.headers["accept-encoding"]).toBe("gzip");
    expect(seen.headers["user-agent"]).toMatch(/^Psoxy\/v0\.6\.9 \(API Data Sanitization; .+\) \(gzip\)$/);
    expect(seen.headers.cookie).toBeUndefined();
    expect(Object.keys(seen.headers).filter((h) => h.startsWith("x-psoxy"))).toEqual([]);
  });

  it("gives the same rules SHA on every response and instance", async () => {
    source.handle(json(USERS));
    const a = await setup().gateway.handle(proxy("/api/v1/users"));
    const b = await setup().gateway.handle(proxy("/api/v1/users"));
    expect(a.headers.get("X-Psoxy-Rules-SHA")).toBe(b.headers.get("X-Psoxy-Rules-SHA"));
    const other = await setup({ env: { RULES: `${RULES_YAML}\n  - pathTemplate: /other\n` } }).gateway.handle(
      proxy("/api/v1/users"),
    );
    expect(other.headers.get("X-Psoxy-Rules-SHA")).not.toBe(a.headers.get("X-Psoxy-Rules-SHA"));
  });

  it("loads RULES given as base64 and as base64 gzip identically", async () => {
    source.handle(json(USERS));
    const plain = await setup().gateway.handle(proxy("/api/v1/users"));
    const b64 = await setup({ env: { RULES: Buffer.from(RULES_YAML).toString("base64") } }).gateway.handle(
      proxy("/api/v1/users"),
    );
    const gz = await setup({ env: { RULES: gzipSync(RULES_YAML).toString("base64") } }).gateway.handle(
      proxy("/api/v1/users"),
    );
    const body = await plain.text();
    expect(await b64.text()).toBe(body);
    expect(await gz.text()).toBe(body);
    expect(b64.headers.get("X-Psoxy-Rules-SHA")).toBe(plain.headers.get("X-Psoxy-Rules-SHA"));
    expect(gz.headers.get("X-Psoxy-Rules-SHA")).toBe(plain.headers.get("X-Psoxy-Rules-SHA"));
  });

  it("uses the connector catalog's rules when RULES is not set, preferring the no-app-ids variant", async () => {
    source.handle(json(USERS));
    const asked: string[] = [];
    const builtinRules = (key: string) => {
      asked.push(key);
      return key === "test-source" ? RULES_YAML : undefined;
    };
    const { gateway } = setup({
      env: { RULES: undefined, PSEUDONYMIZE_APP_IDS: "true" },
      options: { builtinRules },
    });
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(200);
    expect(asked).toEqual(["test-source_no-app-ids", "test-source"]);
  });
});

describe("blocked request", () => {
  it.each([
    ["an unknown path", "/api/v1/groups", "GET"],
    ["a method the endpoint does not allow", "/api/v1/users", "DELETE"],
    ["a query parameter the endpoint does not allow", "/api/v1/users?email=alice@acme.com", "GET"],
  ])("403 BLOCKED_BY_RULES for %s; the source never sees it", async (_what, path, method) => {
    const { gateway } = setup();
    const res = await gateway.handle(proxy(path, { method }));
    expect(res.status).toBe(403);
    expect(res.headers.get("X-Psoxy-Error")).toBe("BLOCKED_BY_RULES");
    expect(await res.text()).toBe("");
    expect(source.requests).toHaveLength(0);
  });

  it("accepts query parameter names in any case", async () => {
    const { gateway } = setup();
    const res = await gateway.handle(proxy("/api/v1/users?LIMIT=5"));
    expect(res.status).toBe(200);
  });
});

describe("reversible pseudonyms in the request", () => {
  it("decrypts a p~ token in the URL for the source; rules and logs see the token", async () => {
    source.handle(json(JSON.stringify({ events: [{ organizer: "carol@acme.com" }] })));
    const token = reversibleToken("alice@acme.com");
    const { gateway, logger } = setup();
    const res = await gateway.handle(proxy(`/api/v1/users/${token}/events`));
    expect(res.status).toBe(200);
    expect(source.requests[0].url).toBe("/api/v1/users/alice@acme.com/events");
    expect(await res.text()).not.toContain("carol@acme.com");
    expect(logger.text()).not.toContain("alice@acme.com");
    expect(logger.requests()[0]).toMatchObject({
      tokenInUrlDecrypted: true,
      path: `/api/v1/users/${token}/events`,
    });
  });

  it("500 FAILED_TO_BUILD_URL for a token in the URL that does not decrypt", async () => {
    const bad = `p~${"A".repeat(60)}`;
    const { gateway } = setup();
    const res = await gateway.handle(proxy(`/api/v1/users/${bad}/events`));
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("FAILED_TO_BUILD_URL");
    expect(await res.text()).toBe("Error parsing request URL");
    expect(source.requests).toHaveLength(0);
  });

  it("reverses tokens in JSON bodies and allowed headers; 409 for a bad token in a header", async () => {
    source.handle(json('{"hits":1,"secret":"x"}'));
    const token = reversibleToken("alice@acme.com");
    const { gateway } = setup();
    const res = await gateway.handle(
      proxy("/api/v1/search", {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Custom-Allowed": `user ${token}`,
          "X-Endpoint-Header": "e",
          "X-Not-Allowed": "n",
        },
        body: `{"email":"${token}", "n":1.0,"tags":["${token}",7],"ok":true}`,
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"hits":1}');
    const seen = source.requests[0];
    expect(seen.body).toBe('{"email":"alice@acme.com","n":1.0,"tags":["alice@acme.com",7],"ok":true}');
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(seen.headers["x-custom-allowed"]).toBe("user alice@acme.com");
    expect(seen.headers["x-endpoint-header"]).toBe("e");
    expect(seen.headers["x-not-allowed"]).toBeUndefined();

    const bad = await gateway.handle(
      proxy("/api/v1/search", { method: "POST", headers: { "X-Custom-Allowed": `p~${"B".repeat(50)}` } }),
    );
    expect(bad.status).toBe(409);
    expect(bad.headers.get("X-Psoxy-Error")).toBe("TOKENIZED_REQUEST_PARAMETER_INVALID");
    expect(await bad.text()).toBe("");
    expect(source.requests).toHaveLength(1);
  });

  it("reverses tokens in form bodies", async () => {
    const token = reversibleToken("alice@acme.com");
    const { gateway } = setup();
    const res = await gateway.handle(
      proxy("/api/v1/search", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: `q=${encodeURIComponent(token)}&page=2`,
      }),
    );
    expect(res.status).toBe(200);
    expect(source.requests[0].body).toBe("q=alice%40acme.com&page=2");
  });
});

describe("source errors", () => {
  it("passes a 404 through raw, unsanitized, with API_ERROR", async () => {
    const body = '{"error":"no user alice@acme.com"}';
    source.handle(json(body, 404));
    const { gateway } = setup();
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(404);
    expect(res.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
    expect(await res.text()).toBe(body);
    expect(res.headers.get("X-Psoxy-Rules-SHA")).toBeNull();
  });

  it("passes a 429 through with its retry and rate-limit headers, lower-cased", async () => {
    source.handle(json("slow down", 429, { "Retry-After": "15", "X-RateLimit-Remaining": "0" }));
    const { gateway } = setup();
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(429);
    expect(res.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
    expect(res.headers.get("retry-after")).toBe("15");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    expect([...res.headers.keys()]).toContain("x-ratelimit-remaining");
  });

  it("passes a 500 through raw", async () => {
    source.handle(json("<html>oops</html>", 503, { "Content-Type": "text/html" }));
    const { gateway } = setup();
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(503);
    expect(res.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
    expect(await res.text()).toBe("<html>oops</html>");
  });

  it("504 SOURCE_API_READ_TIMEOUT when the source does not answer within the read timeout", async () => {
    source.handle((_req, res) => {
      setTimeout(() => {
        if (!res.destroyed) res.end("{}");
      }, 4000).unref();
    });
    const { gateway } = setup({ options: { timeouts: { readMs: 1000 } } });
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(504);
    expect(res.headers.get("X-Psoxy-Error")).toBe("SOURCE_API_READ_TIMEOUT");
    expect(await res.text()).toBe(
      "Source API read timeout: no response received within 1 seconds. The upstream API may be slow or unresponsive. Consider using async processing for long-running requests, or increasing REQUEST_TIMEOUT_SECONDS for this connector (or timeout_seconds in Terraform-based deployments).",
    );
  });

  it("504 when the body stalls after the headers", async () => {
    source.handle((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"users":[');
    });
    const { gateway } = setup({ options: { timeouts: { readMs: 1000 } } });
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(504);
    expect(res.headers.get("X-Psoxy-Error")).toBe("SOURCE_API_READ_TIMEOUT");
  });

  it("503 CONNECTION_TO_SOURCE when the connection is refused", async () => {
    const port = await refusedPort();
    const { gateway } = setup({ env: { TARGET_HOST: `127.0.0.1:${port}` } });
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(503);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_TO_SOURCE");
    expect(await res.text()).toMatch(/^Error connecting to source API: .*ECONNREFUSED/);
  });

  it("500 CONNECTION_TO_SOURCE when the source's certificate is not trusted", async () => {
    const { gateway } = setup({ options: { ca: undefined } });
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_TO_SOURCE");
    expect(await res.text()).toMatch(/^Error communicating with source API: /);
    expect(source.requests).toHaveLength(0);
  });
});

describe("response bodies", () => {
  it("decodes a gzip content-encoding and sanitizes the result", async () => {
    source.handle((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
      res.end(gzipSync(USERS));
    });
    const { gateway } = setup();
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.text()).toBe(expectedSanitized("GET", `https://${source.host}/api/v1/users`, USERS));
  });

  it("treats an application/gzip body as gzipped NDJSON", async () => {
    const ndjson = '{"email":"alice@acme.com"}\n{"email":"bob@acme.com"}\n';
    source.handle((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/gzip" });
      res.end(gzipSync(ndjson));
    });
    const { gateway } = setup();
    const res = await gateway.handle(proxy("/api/v1/export"));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(text.split("\n")).toHaveLength(2);
    expect(text).toBe(expectedSanitized("GET", `https://${source.host}/api/v1/export`, ndjson));
    expect(text).not.toContain("alice@");
  });

  it("never returns the raw body when a 2xx response cannot be sanitized", async () => {
    source.handle(json("not json: alice@acme.com"));
    const { gateway, logger } = setup({ options: { platform: "aws" } });
    const res = await gateway.handle(proxy("/api/v1/users"));
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("Unknown error");
    expect(text).toBe("Unknown error: JsonParseError");
    expect(logger.text()).not.toContain("alice@acme.com");
  });

  it("answers HEAD and 204 with empty bodies", async () => {
    source.handle((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const { gateway } = setup();
    const res = await gateway.handle(proxy("/api/v1/users", { method: "HEAD" }));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });

  it("sanitizes with the LEGACY pseudonymizer for X-Psoxy-Pseudonym-Implementation: v0.3", async () => {
    source.handle(json(USERS));
    const { gateway } = setup();
    const normal = await (await gateway.handle(proxy("/api/v1/users"))).text();
    const v04 = await (
      await gateway.handle(
        proxy("/api/v1/users", { headers: { "X-Psoxy-Pseudonym-Implementation": "v0.4" } }),
      )
    ).text();
    const legacy = await gateway.handle(
      proxy("/api/v1/users", { headers: { "X-Psoxy-Pseudonym-Implementation": "v0.3" } }),
    );
    expect(v04).toBe(normal);
    expect(legacy.status).toBe(200);
    expect(await legacy.text()).not.toContain("alice@acme.com");

    const unknown = await gateway.handle(
      proxy("/api/v1/users", { headers: { "X-Psoxy-Pseudonym-Implementation": "v9" } }),
    );
    expect(unknown.status).toBe(500);
    expect(unknown.headers.get("X-Psoxy-Error")).toBe("UNKNOWN");
    expect(await unknown.text()).toBe("Unknown internal proxy error; review logs");
    expect(source.requests).toHaveLength(4); // the source was called before the header was looked at
  });
});

describe("development mode", () => {
  it("skips rules and sanitization only when IS_DEVELOPMENT_MODE and X-Psoxy-Skip-Sanitizer are both true", async () => {
    source.handle(json(USERS));
    const skip = { headers: { "X-Psoxy-Skip-Sanitizer": "TRUE" } };
    const prod = setup().gateway;
    expect((await prod.handle(proxy("/api/v1/groups", skip))).status).toBe(403);
    const sanitized = await prod.handle(proxy("/api/v1/users", skip));
    expect(await sanitized.text()).not.toContain("alice@acme.com");

    const dev = setup({ env: { IS_DEVELOPMENT_MODE: "true" } }).gateway;
    const raw = await dev.handle(proxy("/api/v1/groups", skip));
    expect(raw.status).toBe(200);
    expect(await raw.text()).toBe(USERS);
    expect(raw.headers.get("X-Psoxy-Rules-SHA")).toBeNull();
    expect((await dev.handle(proxy("/api/v1/groups"))).status).toBe(403);
  });
});

describe("target overrides and path normalization", () => {
  it("calls TARGET_HOST with the overriding path and query", async () => {
    const { gateway } = setup();
    const res = await gateway.handle(
      proxy("/ignored?x=1", {
        headers: { "X-Psoxy-TargetPath": "/api/v1/users", "X-Psoxy-TargetQuery": "?limit=3" },
      }),
    );
    expect(res.status).toBe(200);
    expect(source.requests[0].url).toBe("/api/v1/users?limit=3");
    const noQuery = await gateway.handle(
      proxy("/api/v1/users?page=2", { headers: { "X-Psoxy-TargetQuery": "" } }),
    );
    expect(noQuery.status).toBe(200);
    expect(source.requests[1].url).toBe("/api/v1/users");
  });

  it("strips the prefix and instance name and keeps the TARGET_HOST base path and encoded bytes", async () => {
    const { gateway } = setup({
      env: {
        TARGET_HOST: `https://${source.host}/base/`,
        REQUEST_PATH_PREFIX_TO_TRIM: "/v1/",
        AWS_LAMBDA_FUNCTION_NAME: "psoxy-test",
      },
      options: { platform: "aws" },
    });
    const res = await gateway.handle(proxy("/v1/psoxy-test/api/v1/users?limit=%2526x"));
    expect(res.status).toBe(200);
    expect(source.requests[0].url).toBe("/base/api/v1/users?limit=%2526x");
    // an overriding path is normalized too (reference behaviour, contrary to its docs)
    const overridden = await gateway.handle(
      proxy("/x", { headers: { "X-Psoxy-TargetPath": "/v1/api/v1/users" } }),
    );
    expect(overridden.status).toBe(200);
    expect(source.requests[1].url).toBe("/base/api/v1/users");
  });

  it("logs the inbound path beside the effective one when overridden", async () => {
    const { gateway, logger } = setup();
    await gateway.handle(proxy("/ignored?x=1", { headers: { "X-Psoxy-TargetPath": "/api/v1/users" } }));
    expect(logger.requests()[0]).toMatchObject({
      path: "/api/v1/users?x=<redacted>",
      inboundPath: "/ignored?x=<redacted>",
    });
  });
});

describe("redirects", () => {
  it("follows a redirect, keeping the source credentials", async () => {
    source.handle((req, res) => {
      if (req.url.startsWith("/api/v1/users")) {
        res.writeHead(302, { Location: "/moved/users" });
        res.end();
      } else json(USERS)(req, res);
    });
    const { gateway } = setup();
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(200);
    expect(source.requests.map((r) => r.url)).toEqual(["/api/v1/users", "/moved/users"]);
    expect(source.requests[1].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(await res.text()).not.toContain("alice@acme.com");
  });

  it("passes a 3xx through without Location when FOLLOW_REDIRECTS=false", async () => {
    source.handle((_req, res) => {
      res.writeHead(302, { Location: "/moved/users" });
      res.end();
    });
    const { gateway } = setup({ env: { FOLLOW_REDIRECTS: "FALSE" } });
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(302);
    expect(res.headers.get("X-Psoxy-Error")).toBe("API_ERROR");
    expect(res.headers.get("location")).toBeNull();
    expect(source.requests).toHaveLength(1);
  });
});

describe("TLS", () => {
  it("uses TLS 1.3 by default and at most TLS 1.2 with TLS_VERSION=TLSv1.2", async () => {
    const protocols: (string | null)[] = [];
    source.handle((req, res) => {
      protocols.push(req.tlsProtocol);
      json("{}")(req, res);
    });
    await setup().gateway.handle(proxy("/api/v1/users"));
    await setup({ env: { TLS_VERSION: "TLSv1.2" } }).gateway.handle(proxy("/api/v1/users"));
    expect(protocols).toEqual(["TLSv1.3", "TLSv1.2"]);
  });
});

describe("outbound request setup", () => {
  it("500 CONNECTION_SETUP with an empty body when ACCESS_TOKEN is missing", async () => {
    const { gateway, config } = setup();
    config.secrets.delete("ACCESS_TOKEN");
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONNECTION_SETUP");
    expect(await res.text()).toBe("");
    expect(source.requests).toHaveLength(0);
  });

  it("503 CONFIGURATION_FAILURE when the secret store is unreachable for the credentials", async () => {
    const { gateway, config } = setup();
    config.fail("ACCESS_TOKEN");
    const res = await gateway.handle(proxy("/api/v1/users"));
    expect(res.status).toBe(503);
    expect(res.headers.get("X-Psoxy-Error")).toBe("CONFIGURATION_FAILURE");
    expect(await res.text()).toBe("");
  });

  it("sends basic auth credentials", async () => {
    const { gateway } = setup({
      env: { SOURCE_AUTH_STRATEGY_IDENTIFIER: "basic_auth" },
      secrets: { BASIC_AUTH_USER_ID: "api-key-7f" },
    });
    await gateway.handle(proxy("/api/v1/users"));
    expect(source.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from("api-key-7f:").toString("base64")}`,
    );
  });

  it("500 ASYNC_HANDLER_DISPATCH for Prefer: respond-async, without calling the source", async () => {
    const { gateway } = setup({ options: { platform: "aws" } });
    const res = await gateway.handle(proxy("/api/v1/users", { headers: { Prefer: "respond-async" } }));
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Psoxy-Error")).toBe("ASYNC_HANDLER_DISPATCH");
    expect(await res.text()).toBe(
      "Error processing side output only request: Missing config. no value for ASYNC_API_REQUEST_QUEUE_URL",
    );
    expect(source.requests).toHaveLength(0);
  });
});

describe("logging", () => {
  it("never logs the salt, the encryption key, the access token, decrypted tokens, bodies or query values", async () => {
    const token = reversibleToken("alice@acme.com");
    const { gateway, logger } = setup({ env: { ALLOWED_DATA_ACCESS_IP_BLOCKS: "127.0.0.0/8,bogus" } });
    const ip = { clientIp: "127.0.0.1" };
    source.handle(json(USERS));
    await gateway.handle(proxy("/api/v1/users?limit=secret-limit-value"), ip);
    await gateway.handle(proxy(`/api/v1/users/${token}/events`), ip);
    await gateway.handle(proxy("/api/v1/groups?q=blocked-query-value"), ip);
    await gateway.handle(
      proxy("/api/v1/search", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Custom-Allowed": token },
        body: JSON.stringify({ email: token, note: "request-body-text" }),
      }),
      ip,
    );
    source.handle(json('{"error":"source-error-body"}', 400));
    await gateway.handle(proxy("/api/v1/users"), ip);
    source.handle(json("not-json-body-text"));
    await gateway.handle(proxy("/api/v1/users"), ip);
    await gateway.handle(proxy("/anything", { headers: { "X-Psoxy-Health-Check": "" } }), ip);
    await gateway.handle(proxy("/anything", { headers: { "X-Psoxy-Health-Check": "" } }), {
      clientIp: "10.0.0.1",
    });
    await gateway.handle(proxy(`/api/v1/users/p~${"C".repeat(50)}/events`), ip);

    const text = logger.text();
    for (const secret of [
      SALT,
      ENCRYPTION_KEY,
      ACCESS_TOKEN,
      "alice@acme.com",
      "secret-limit-value",
      "blocked-query-value",
      "request-body-text",
      "source-error-body",
      "not-json-body-text",
      Buffer.from(`${ACCESS_TOKEN}`).toString("base64"),
    ]) {
      expect(text).not.toContain(secret);
    }
    const lines = logger.requests();
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatchObject({
      method: "GET",
      path: "/api/v1/users?limit=<redacted>",
      status: 200,
      outcome: "allowed",
    });
    expect(typeof lines[0].durationMs).toBe("number");
    expect(lines[2]).toMatchObject({ status: 403, error: "BLOCKED_BY_RULES", outcome: "blocked" });
    expect(lines[4]).toMatchObject({ status: 400, error: "API_ERROR" });
    expect(lines[5]).toMatchObject({
      status: 500,
      error: "UNKNOWN",
      exception: "JsonParseError (INVALID_JSON)",
    });
  });
});

describe("respond(): the reply before it is a web Response (the Node server's path)", () => {
  const sources: [string, (req: unknown, res: import("node:http").ServerResponse) => void, string][] = [
    [
      "sanitized, with repeated and dropped headers",
      (_req, res) => {
        res.setHeader("Content-Type", "application/json; charset=utf-8");
        res.setHeader("Link", ["<a>; rel=next", "<b>; rel=prev"]);
        res.setHeader("Set-Cookie", ["s=1", "t=2"]);
        res.setHeader("X-RateLimit-Remaining", "5");
        res.end(USERS);
      },
      "/api/v1/users?limit=10",
    ],
    ["source error, raw", json('{"error":"nope"}', 404, { "Retry-After": "3" }), "/api/v1/users"],
    ["empty 2xx", (_req, res) => res.writeHead(204).end(), "/api/v1/users"],
    ["blocked by the rules", json(USERS), "/api/v1/not-allowed"],
    ["not sanitizable: 500, nothing of the body", json("not json"), "/api/v1/users"],
  ];

  it.each(sources)(
    "%s: the same status, headers, body and log line as handle()",
    async (_n, handler, path) => {
      source.handle(handler);
      const { gateway, logger } = setup();
      const viaHandle = await gateway.handle(proxy(path));
      const answer = await gateway.respond(proxy(path));
      const viaRespond = answer instanceof GatewayReply ? answer.toResponse() : answer;
      expect(viaRespond.status).toBe(viaHandle.status);
      expect([...viaRespond.headers]).toEqual([...viaHandle.headers]);
      expect(await viaRespond.text()).toBe(await viaHandle.text());
      const [first, second] = logger.requests().map(({ durationMs, ...rest }) => rest);
      expect(second).toEqual(first);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    },
  );

  it("is a GatewayReply for a source answer", async () => {
    source.handle(json(USERS));
    const { gateway } = setup();
    const answer = await gateway.respond(proxy("/api/v1/users"));
    expect(answer).toBeInstanceOf(GatewayReply);
    expect(answer.headers.get("x-psoxy-rules-sha")).toMatch(/^[0-9a-f]{40}$/);
  });
});
