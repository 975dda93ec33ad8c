/**
 * The API-mode scenarios through the AWS Lambda handler with the real gateway and a loopback HTTPS
 * source, for each event shape AWS delivers: function URL, API Gateway v2 (stage + `{proxy+}` route)
 * and API Gateway v1 (stage + resource).
 */
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GatewayInstance } from "../../src/gateway/index.js";
import { createLambdaHandler, type LambdaHandler, type LambdaResult } from "../../src/hosts/aws-lambda.js";
import { defaultReply, eventsSanitized, type Fixture, manyEvents, startFixture } from "./gateway-fixture.js";
import { type EventInput, eventShapes } from "./lambda-events.js";

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

function lambda(): LambdaHandler {
  return createLambdaHandler({
    gateway: () => {
      const g = fixture.gateway("aws");
      gateways.push(g);
      return g;
    },
  });
}

function bodyOf(r: LambdaResult): string {
  return r.isBase64Encoded ? gunzipSync(Buffer.from(r.body, "base64")).toString("utf8") : r.body;
}

const eventsPath = "/calendar/v3/calendars/primary/events";

describe.each(Object.entries(eventShapes))("Lambda %s event", (shape, make) => {
  const event = (input: EventInput) => make(input);
  const warns = shape !== "API Gateway v1";

  it("allowed call: source called with the stripped path and credentials; response sanitized", async () => {
    const handler = lambda();
    const r = await handler(event({ path: eventsPath, query: "maxResults=10" }));
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(bodyOf(r))).toEqual(eventsSanitized);
    expect(r.headers["x-psoxy-rules-sha"]).toMatch(/^[0-9a-f]{40}$/);
    expect(r.headers["x-psoxy-pii-salt-sha256"]).toBeTruthy();
    expect(fixture.requests).toHaveLength(1);
    expect(fixture.requests[0]!.url).toBe(`${eventsPath}?maxResults=10`);
    expect(fixture.requests[0]!.headers.authorization).toBe("Bearer source-token");
  });

  it("blocked by rules: 403 BLOCKED_BY_RULES, source never called", async () => {
    const r = await lambda()(event({ path: "/calendar/v3/users/me/settings" }));
    expect(r.statusCode).toBe(403);
    expect(r.headers["x-psoxy-error"]).toBe("BLOCKED_BY_RULES");
    expect(r.body).toBe("");
    expect(fixture.requests).toHaveLength(0);
  });

  it("source error: status and raw body passed through with X-Psoxy-Error: API_ERROR", async () => {
    fixture.reply = (_req, res) => {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "30", "set-cookie": "a=b" });
      res.end('{"error":{"message":"Rate limit for alice@acme.com"}}');
    };
    const r = await lambda()(event({ path: eventsPath }));
    expect(r.statusCode).toBe(429);
    expect(r.headers["x-psoxy-error"]).toBe("API_ERROR");
    expect(r.headers["retry-after"]).toBe("30");
    expect(r.headers["set-cookie"]).toBeUndefined();
    expect(r.body).toBe('{"error":{"message":"Rate limit for alice@acme.com"}}');
  });

  it("compression requested and body >= 2048 chars: gzip + base64 + Content-Encoding", async () => {
    const { original, expectedItem } = manyEvents(30);
    fixture.reply = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(original);
    };
    const r = await lambda()(event({ path: eventsPath, headers: { "Accept-Encoding": "gzip, deflate" } }));
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(true);
    expect(r.headers["content-encoding"]).toBe("gzip");
    expect(r.headers["x-psoxy-warning"]).toBeUndefined();
    const body = JSON.parse(bodyOf(r));
    expect(body.items).toHaveLength(30);
    expect(body.items[29]).toEqual(expectedItem);
  });

  it(`compression not requested: plain body${warns ? " and X-Psoxy-Warning" : ", no warning (v1)"}`, async () => {
    const { original } = manyEvents(30);
    fixture.reply = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(original);
    };
    const r = await lambda()(event({ path: eventsPath }));
    expect(r.isBase64Encoded).toBe(false);
    expect(r.headers["content-encoding"]).toBeUndefined();
    expect(r.headers["x-psoxy-warning"]).toBe(warns ? "compression-not-requested" : undefined);
    expect(JSON.parse(r.body).items).toHaveLength(30);
  });

  it("the warning also goes on errors and health checks", async () => {
    const handler = lambda();
    const blocked = await handler(event({ path: "/nope" }));
    const health = await handler(event({ path: "/", headers: { "X-Psoxy-Health-Check": "" } }));
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body).nonDefaultSalt).toBe(true);
    for (const r of [blocked, health]) {
      expect(r.headers["x-psoxy-warning"]).toBe(warns ? "compression-not-requested" : undefined);
    }
  });

  it("base64 request body is decoded before it reaches the source", async () => {
    fixture.reply = (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(req.body);
    };
    const json = '{"query":{"email":"alice@acme.com"}}';
    const r = await lambda()(
      event({
        method: "POST",
        path: "/search",
        headers: { "Content-Type": "application/json" },
        body: Buffer.from(json).toString("base64"),
        base64: true,
      }),
    );
    expect(r.statusCode).toBe(200);
    expect(fixture.requests[0]!.method).toBe("POST");
    expect(JSON.parse(fixture.requests[0]!.body)).toEqual(JSON.parse(json));
    expect(JSON.parse(r.body).query.email).toBe(eventsSanitized.items[0].organizer.email);
  });

  it("GET with a body: 400 without X-Psoxy-Error, source not called", async () => {
    const r = await lambda()(event({ path: eventsPath, body: '{"q":1}' }));
    expect(r.statusCode).toBe(400);
    expect(r.body).toBe("Request body is not allowed for GET or HEAD requests");
    expect(r.headers["x-psoxy-error"]).toBeUndefined();
    expect(fixture.requests).toHaveLength(0);
  });

  it("plain-HTTP caller (X-Forwarded-Proto: http) gets 400 HTTPS_REQUIRED", async () => {
    const r = await lambda()(event({ path: eventsPath, headers: { "X-Forwarded-Proto": "http" } }));
    expect(r.statusCode).toBe(400);
    expect(r.headers["x-psoxy-error"]).toBe("HTTPS_REQUIRED");
  });
});

describe("Lambda stage stripping against the real gateway", () => {
  it("v2 rawPath without path parameters: /<stage> and the route token removed", async () => {
    const e = eventShapes["API Gateway v2"]({ path: eventsPath });
    e.pathParameters = undefined;
    e.routeKey = "ANY /psoxy-gcal";
    const r = await lambda()(e);
    expect(r.statusCode).toBe(200);
    expect(fixture.requests[0]!.url).toBe(eventsPath);
  });

  it("v1: /<stage>/<resource prefix> removed from the path", async () => {
    const e = eventShapes["API Gateway v1"]({ path: eventsPath, query: "maxResults=5&pageToken=a b" });
    expect(e.path).toBe(`/live/psoxy-gcal${eventsPath}`);
    const r = await lambda()(e);
    expect(r.statusCode).toBe(200);
    // API Gateway had decoded the values; they are not re-encoded by the adapter (spec 6.1.2).
    expect(fixture.requests[0]!.url).toBe(`${eventsPath}?maxResults=5&pageToken=a%20b`);
  });

  it("function URL: the function name segment is stripped by the gateway (AWS_LAMBDA_FUNCTION_NAME)", async () => {
    const handler = createLambdaHandler({
      gateway: () => {
        const g = fixture.gateway("aws", "psoxy-gcal");
        gateways.push(g);
        return g;
      },
    });
    const e = eventShapes["function URL"]({ path: `/psoxy-gcal${eventsPath}` });
    const r = await handler(e);
    expect(r.statusCode).toBe(200);
    expect(fixture.requests[0]!.url).toBe(eventsPath);
  });
});
