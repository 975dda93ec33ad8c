/**
 * The API-mode scenarios through the GCP Cloud Functions handler with the real gateway and a loopback
 * HTTPS source, fed with request/response objects shaped like the functions framework's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GatewayInstance } from "../../src/gateway/index.js";
import { createGcpHandler, type GcpHttpFunction } from "../../src/hosts/gcp-functions.js";
import { type FakeRequestInput, type FakeResponse, fakeRequest, fakeResponse } from "./fake-express.js";
import { defaultReply, eventsSanitized, type Fixture, manyEvents, startFixture } from "./gateway-fixture.js";

let fixture: Fixture;
const gateways: GatewayInstance[] = [];

beforeAll(async () => {
  fixture = await startFixture();
});
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await fixture.close();
});
beforeEach(() => {
  fixture.requests.length = 0;
  fixture.reply = defaultReply;
});

function fn(instanceId?: string): GcpHttpFunction {
  return createGcpHandler({
    gateway: () => {
      const g = fixture.gateway("gcp", instanceId);
      gateways.push(g);
      return g;
    },
  });
}

async function call(f: GcpHttpFunction, input: FakeRequestInput): Promise<FakeResponse> {
  const res = fakeResponse();
  await f(fakeRequest({ ...input, headers: { "X-Forwarded-Proto": "https", ...input.headers } }), res);
  expect(res.ended).toBe(true);
  return res;
}

const eventsPath = "/calendar/v3/calendars/primary/events";

describe("GCP Cloud Functions handler with the gateway", () => {
  it("allowed call: sanitized response, function name stripped, credentials added", async () => {
    const res = await call(fn("psoxy-gcal"), { url: `/psoxy-gcal${eventsPath}?maxResults=10` });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.text())).toEqual(eventsSanitized);
    expect(res.headers["x-psoxy-rules-sha"]).toMatch(/^[0-9a-f]{40}$/);
    expect(fixture.requests[0]!.url).toBe(`${eventsPath}?maxResults=10`);
    expect(fixture.requests[0]!.headers.authorization).toBe("Bearer source-token");
  });

  it("blocked by rules: 403 BLOCKED_BY_RULES, empty body, source not called", async () => {
    const res = await call(fn(), { url: "/calendar/v3/users/me/settings" });
    expect(res.statusCode).toBe(403);
    expect(res.headers["x-psoxy-error"]).toBe("BLOCKED_BY_RULES");
    expect(res.text()).toBe("");
    expect(fixture.requests).toHaveLength(0);
  });

  it("source error passes through raw with X-Psoxy-Error: API_ERROR", async () => {
    fixture.reply = (_req, res) => {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("upstream down");
    };
    const res = await call(fn(), { url: eventsPath });
    expect(res.statusCode).toBe(503);
    expect(res.headers["x-psoxy-error"]).toBe("API_ERROR");
    expect(res.text()).toBe("upstream down");
  });

  it("no application-level compression on GCP (the platform compresses)", async () => {
    const { original } = manyEvents(30);
    fixture.reply = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(original);
    };
    const res = await call(fn(), { url: eventsPath, headers: { "Accept-Encoding": "gzip" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(res.text()).items).toHaveLength(30);
  });

  it("JSON request body forwarded from the framework's rawBody", async () => {
    fixture.reply = (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(req.body);
    };
    const res = await call(fn(), {
      method: "POST",
      url: "/search",
      headers: { "Content-Type": "application/json" },
      body: '{"query":{"email":"alice@acme.com"}}',
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(fixture.requests[0]!.body)).toEqual({ query: { email: "alice@acme.com" } });
    expect(JSON.parse(res.text()).query.email).toBe(eventsSanitized.items[0].organizer.email);
  });

  it("GET with a body: 400 without X-Psoxy-Error, source not called", async () => {
    const res = await call(fn(), {
      url: eventsPath,
      headers: { "Content-Type": "application/json", "Content-Length": "7" },
      body: '{"q":1}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.text()).toBe("Request body is not allowed for GET or HEAD requests");
    expect(res.headers["x-psoxy-error"]).toBeUndefined();
    expect(fixture.requests).toHaveLength(0);
  });

  it("health check reports the caller IP taken from X-Forwarded-For (n-2 hop)", async () => {
    const res = await call(fn(), {
      url: "/",
      headers: { "X-Psoxy-Health-Check": "", "X-Forwarded-For": "198.51.100.4, 35.191.0.1" },
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.text()).callerIp).toBe("198.51.100.4");
  });

  it("plain HTTP (X-Forwarded-Proto: HTTP, any case) gets 400 HTTPS_REQUIRED", async () => {
    const res = await call(fn(), { url: eventsPath, headers: { "X-Forwarded-Proto": "HTTP" } });
    expect(res.statusCode).toBe(400);
    expect(res.headers["x-psoxy-error"]).toBe("HTTPS_REQUIRED");
  });
});
