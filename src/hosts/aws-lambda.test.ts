import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { apiGatewayV1Event, apiGatewayV2Event, functionUrlEvent } from "../../test/hosts/lambda-events.js";
import type { Gateway, RequestContext } from "../gateway/types.js";
import { createLambdaHandler, type LambdaEventV2 } from "./aws-lambda.js";
import { eventKind } from "./aws-lambda-events.js";

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  context: RequestContext | undefined;
}

/** A gateway that records what it was given and answers with `respond`. */
function recordingGateway(respond: (seen: Seen) => Response = () => new Response("{}")) {
  const seen: Seen[] = [];
  const gateway: Gateway = {
    async handle(request, context) {
      const s: Seen = {
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: await request.text(),
        context,
      };
      seen.push(s);
      return respond(s);
    },
  };
  return { gateway, seen };
}

const big = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `n${i}` })) });

describe("Lambda request translation", () => {
  it("function URL: raw path, raw query, headers, client IP, https flag", async () => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    await handler(
      functionUrlEvent({
        path: "/calendar/v3/calendars/primary/events",
        query: "maxResults=10&pageToken=a%2Fb%3D%3D&q=x+y",
        headers: { "X-Custom": "1,2", Accept: "application/json" },
      }),
    );
    const s = seen[0]!;
    expect(s.method).toBe("GET");
    expect(s.url.pathname).toBe("/calendar/v3/calendars/primary/events");
    expect(s.url.search).toBe("?maxResults=10&pageToken=a%2Fb%3D%3D&q=x+y");
    expect(s.headers.get("x-custom")).toBe("1,2");
    expect(s.context).toMatchObject({ clientIp: "203.0.113.7", isHttps: true });
    // 6.1.6: the processing context's id and time come from the event
    expect(s.context?.requestId).toBe("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
    expect(s.context?.receivedAt?.toISOString()).toBe("2026-03-12T19:03:58.390Z");
  });

  it("keeps percent-encoded path bytes as sent", async () => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    await handler(functionUrlEvent({ path: "/some/base64%2Fid%3D%3D/path", query: "value=%2526amp" }));
    expect(seen[0]!.url.pathname).toBe("/some/base64%2Fid%3D%3D/path");
    expect(seen[0]!.url.search).toBe("?value=%2526amp");
  });

  it("API Gateway v2: stage and route prefix removed via {proxy+}", async () => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    await handler(apiGatewayV2Event({ path: "/calendar/v3/x", query: "a=1" }));
    expect(seen[0]!.url.pathname).toBe("/calendar/v3/x");
    expect(seen[0]!.url.search).toBe("?a=1");
  });

  it("API Gateway v2 without path parameters: every /<stage> and the route token are removed", async () => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    const e = apiGatewayV2Event({ path: "/calendar/v3/x" });
    e.pathParameters = undefined;
    e.routeKey = "ANY /psoxy-gcal";
    await handler(e);
    expect(seen[0]!.url.pathname).toBe("/calendar/v3/x");
  });

  it("function URL with a $default stage leaves the path alone", async () => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    await handler(functionUrlEvent({ path: "/psoxy-gcal/calendar/v3/x" }));
    expect(seen[0]!.url.pathname).toBe("/psoxy-gcal/calendar/v3/x");
  });

  it("API Gateway v1: /<stage><resource> removed, query rebuilt from multi-value parameters", async () => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    await handler(
      apiGatewayV1Event({ path: "/calendar/v3/x", query: "a=1&a=2&b=3", headers: { "X-Multi": "v" } }),
    );
    const s = seen[0]!;
    expect(s.url.pathname).toBe("/calendar/v3/x");
    expect(s.url.search).toBe("?a=1&a=2&b=3");
    expect(s.headers.get("x-multi")).toBe("v");
    expect(s.context?.clientIp).toBe("203.0.113.9");
  });

  it("API Gateway v1: path without the stage is left for the gateway's function-name strip", async () => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    const e = apiGatewayV1Event({ path: "/calendar/v3/x" });
    e.path = "/psoxy-gcal/calendar/v3/x";
    e.multiValueQueryStringParameters = null;
    e.queryStringParameters = { single: "1" };
    await handler(e);
    expect(seen[0]!.url.pathname).toBe("/psoxy-gcal/calendar/v3/x");
    expect(seen[0]!.url.search).toBe("?single=1");
  });

  it("API Gateway v1 multi-value headers are forwarded value by value", async () => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    const e = apiGatewayV1Event({ path: "/x" });
    e.multiValueHeaders = { ...e.multiValueHeaders, "X-Rep": ["a", "b"] };
    await handler(e);
    expect(seen[0]!.headers.get("x-rep")).toBe("a, b");
  });

  it.each([
    ["function URL", functionUrlEvent],
    ["API Gateway v2", apiGatewayV2Event],
    ["API Gateway v1", apiGatewayV1Event],
  ])("%s: base64 request bodies are decoded; plain bodies kept", async (_name, make) => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    const json = '{"query":"é ✓"}';
    await handler(
      make({ method: "POST", path: "/x", body: Buffer.from(json).toString("base64"), base64: true }),
    );
    await handler(make({ method: "POST", path: "/x", body: json }));
    await handler(make({ method: "POST", path: "/x", body: "   " }));
    expect(seen.map((s) => s.body)).toEqual([json, json, ""]);
  });

  it.each([
    ["function URL", functionUrlEvent],
    ["API Gateway v1", apiGatewayV1Event],
  ])("%s: a GET body still reaches the gateway (which refuses it)", async (_name, make) => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    await handler(make({ method: "GET", path: "/x", body: '{"a":1}' }));
    await handler(
      make({ method: "HEAD", path: "/x", body: Buffer.from("b").toString("base64"), base64: true }),
    );
    expect(seen.map((s) => [s.method, s.body])).toEqual([
      ["GET", '{"a":1}'],
      ["HEAD", "b"],
    ]);
  });

  it("client IP falls back to the first X-Forwarded-For hop", async () => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    const e = functionUrlEvent({ path: "/x", headers: { "X-Forwarded-For": "198.51.100.1, 10.0.0.1" } });
    e.requestContext.http.sourceIp = undefined;
    await handler(e);
    expect(seen[0]!.context?.clientIp).toBe("198.51.100.1");
  });

  it("X-Forwarded-Proto http is reported as not https", async () => {
    const { gateway, seen } = recordingGateway();
    const handler = createLambdaHandler({ gateway: () => gateway });
    await handler(functionUrlEvent({ path: "/x", headers: { "X-Forwarded-Proto": "http" } }));
    expect(seen[0]!.context?.isHttps).toBe(false);
  });

  it("rejects non-HTTP events by throwing", async () => {
    const handler = createLambdaHandler({ gateway: () => recordingGateway().gateway });
    await expect(handler({ Records: [{ eventSource: "aws:s3" }] } as never)).rejects.toThrow(
      /HTTP events only/,
    );
    // SQS batches are the async leg: a record without a processing context fails the invocation
    await expect(handler({ Records: [{ eventSource: "aws:sqs", body: "{}" }] } as never)).rejects.toThrow(
      /Failed to process 1 of 1 async API data requests/,
    );
    expect(() => eventKind({})).toThrow(/payload 2.0/);
  });
});

describe("Lambda response translation", () => {
  const respond = () =>
    new Response(big, {
      status: 200,
      headers: { "content-type": "application/json", "x-psoxy-rules-sha": "ab" },
    });

  it("v2: gzip + base64 when Accept-Encoding contains gzip and the body is >= 2048 chars", async () => {
    const handler = createLambdaHandler({ gateway: () => recordingGateway(respond).gateway });
    const r = await handler(functionUrlEvent({ path: "/x", headers: { "Accept-Encoding": "gzip;q=0, br" } }));
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(true);
    expect(r.headers["content-encoding"]).toBe("gzip");
    expect(r.headers["x-psoxy-warning"]).toBeUndefined();
    expect(r.headers["x-psoxy-rules-sha"]).toBe("ab");
    expect(gunzipSync(Buffer.from(r.body, "base64")).toString("utf8")).toBe(big);
    expect(r.multiValueHeaders).toBeUndefined();
  });

  it("v2: small bodies stay plain even when gzip is requested", async () => {
    const handler = createLambdaHandler({
      gateway: () => recordingGateway(() => new Response("x".repeat(2047))).gateway,
    });
    const r = await handler(functionUrlEvent({ path: "/x", headers: { "Accept-Encoding": "gzip" } }));
    expect(r.isBase64Encoded).toBe(false);
    expect(r.body).toBe("x".repeat(2047));
    expect(r.headers["content-encoding"]).toBeUndefined();
  });

  it("threshold counts characters, not bytes", async () => {
    const text = "é".repeat(2048);
    const handler = createLambdaHandler({
      gateway: () => recordingGateway(() => new Response(text)).gateway,
    });
    const r = await handler(functionUrlEvent({ path: "/x", headers: { "Accept-Encoding": "gzip" } }));
    expect(r.isBase64Encoded).toBe(true);
    expect(gunzipSync(Buffer.from(r.body, "base64")).toString("utf8")).toBe(text);
  });

  it("v2: not requested -> plain body and X-Psoxy-Warning: compression-not-requested, on every response", async () => {
    const handler = createLambdaHandler({
      gateway: () =>
        recordingGateway(
          () => new Response(null, { status: 403, headers: { "X-Psoxy-Error": "BLOCKED_BY_RULES" } }),
        ).gateway,
    });
    const r = await handler(functionUrlEvent({ path: "/x", headers: { "Accept-Encoding": "GZIP" } }));
    expect(r).toEqual({
      statusCode: 403,
      headers: { "x-psoxy-error": "BLOCKED_BY_RULES", "x-psoxy-warning": "compression-not-requested" },
      body: "",
      isBase64Encoded: false,
    });
  });

  it("v2: an existing warning is kept, comma-joined", async () => {
    const handler = createLambdaHandler({
      gateway: () =>
        recordingGateway(
          () => new Response("{}", { headers: { "X-Psoxy-Warning": "SIDE_OUTPUT_FAILURE_SANITIZED" } }),
        ).gateway,
    });
    const r = await handler(functionUrlEvent({ path: "/x" }));
    expect(r.headers["x-psoxy-warning"]).toBe("SIDE_OUTPUT_FAILURE_SANITIZED, compression-not-requested");
  });

  it("v1: compression without the warning; headers also as multiValueHeaders", async () => {
    const handler = createLambdaHandler({ gateway: () => recordingGateway(respond).gateway });
    const plain = await handler(apiGatewayV1Event({ path: "/x" }));
    expect(plain.isBase64Encoded).toBe(false);
    expect(plain.body).toBe(big);
    expect(plain.headers["x-psoxy-warning"]).toBeUndefined();
    expect(plain.multiValueHeaders?.["content-type"]).toEqual(["application/json"]);
    const zipped = await handler(apiGatewayV1Event({ path: "/x", headers: { "Accept-Encoding": "gzip" } }));
    expect(zipped.isBase64Encoded).toBe(true);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.multiValueHeaders?.["content-encoding"]).toEqual(["gzip"]);
  });

  it("v1: repeated warnings go to multiValueHeaders only", async () => {
    const headers = new Headers();
    headers.append("X-Psoxy-Warning", "SIDE_OUTPUT_FAILURE_SANITIZED");
    headers.append("X-Psoxy-Warning", "OTHER");
    const handler = createLambdaHandler({
      gateway: () => recordingGateway(() => new Response("{}", { headers })).gateway,
    });
    const r = await handler(apiGatewayV1Event({ path: "/x" }));
    expect(r.headers["x-psoxy-warning"]).toBeUndefined();
    expect(r.multiValueHeaders?.["x-psoxy-warning"]).toEqual(["SIDE_OUTPUT_FAILURE_SANITIZED", "OTHER"]);
  });

  it("unhandled exception -> 500 X-Psoxy-Error: Unknown error naming the class; message not logged", async () => {
    const logged: object[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (o: object) => logged.push(o) };
    const handler = createLambdaHandler({
      gateway: () => ({
        handle: async () => {
          throw new TypeError("secret value alice@example.com");
        },
      }),
      logger,
    });
    const r = await handler(functionUrlEvent({ path: "/x" }));
    expect(r.statusCode).toBe(500);
    expect(r.headers["x-psoxy-error"]).toBe("Unknown error");
    expect(r.headers["x-psoxy-warning"]).toBe("compression-not-requested");
    expect(r.body).toBe("Unknown error: TypeError");
    expect(JSON.stringify(logged)).not.toContain("alice@example.com");
    expect(JSON.stringify(logged)).toContain("TypeError");
  });

  it("creates the gateway once per cold start, and again only after a failed creation", async () => {
    let created = 0;
    let fail = true;
    const handler = createLambdaHandler({
      gateway: () => {
        created++;
        if (fail) {
          fail = false;
          throw new Error("config store down");
        }
        return recordingGateway().gateway;
      },
    });
    const first = await handler(functionUrlEvent({ path: "/x" }));
    expect(first.statusCode).toBe(500);
    await Promise.all([1, 2, 3].map(() => handler(functionUrlEvent({ path: "/x" }))));
    await handler(functionUrlEvent({ path: "/x" }));
    expect(created).toBe(2);
  });

  it("payload 2.0 event without a method names the v1 handler", async () => {
    const handler = createLambdaHandler({ gateway: () => recordingGateway().gateway });
    const e = functionUrlEvent({ path: "/x" }) as LambdaEventV2;
    e.requestContext.http.method = undefined;
    const r = await handler(e);
    expect(r.statusCode).toBe(500);
    expect(r.body).toBe("Unknown error: UnsupportedEventError");
  });
});
