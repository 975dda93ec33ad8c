/**
 * Lambda HTTP events as AWS delivers them, for tests: function URL (payload 2.0), API Gateway HTTP
 * API payload 2.0 with a stage and a `{proxy+}` route, and API Gateway payload 1.0 (REST API / HTTP
 * API configured for 1.0). Field sets follow the AWS documentation's examples.
 */
import type { LambdaEventV1, LambdaEventV2 } from "../../src/hosts/aws-lambda.js";

export interface EventInput {
  method?: string;
  /** Path as the client sent it, after the stage / function prefix (e.g. `/calendar/v3/x`). */
  path: string;
  /** Raw query string without `?`. */
  query?: string;
  headers?: Record<string, string>;
  body?: string;
  base64?: boolean;
  sourceIp?: string;
}

const baseHeaders = { "x-forwarded-proto": "https", host: "abcdefg.lambda-url.us-east-1.on.aws" };

export function functionUrlEvent(input: EventInput): LambdaEventV2 {
  const method = input.method ?? "GET";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: input.path,
    rawQueryString: input.query ?? "",
    headers: { ...baseHeaders, ...lower(input.headers) },
    queryStringParameters: undefined,
    requestContext: {
      accountId: "123456789012",
      apiId: "abcdefg",
      domainName: "abcdefg.lambda-url.us-east-1.on.aws",
      domainPrefix: "abcdefg",
      http: {
        method,
        path: input.path,
        protocol: "HTTP/1.1",
        sourceIp: input.sourceIp ?? "203.0.113.7",
        userAgent: "test",
      },
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      routeKey: "$default",
      stage: "$default",
      time: "12/Mar/2026:19:03:58 +0000",
      timeEpoch: 1773342238390,
    },
    body: input.body,
    isBase64Encoded: input.base64 ?? false,
  } as LambdaEventV2;
}

/** HTTP API payload 2.0 behind stage `live` and route `ANY /psoxy-gcal/{proxy+}`. */
export function apiGatewayV2Event(input: EventInput, stage = "live", prefix = "/psoxy-gcal"): LambdaEventV2 {
  const e = functionUrlEvent(input) as LambdaEventV2 & Record<string, unknown>;
  const rawPath = `/${stage}${prefix}${input.path}`;
  e.routeKey = `ANY ${prefix}/{proxy+}`;
  e.rawPath = rawPath;
  e.pathParameters = { proxy: input.path.replace(/^\//, "") };
  e.requestContext = {
    ...e.requestContext,
    domainName: "r3pmxmplak.execute-api.us-east-1.amazonaws.com",
    routeKey: e.routeKey,
    stage,
    http: { ...e.requestContext.http, path: rawPath },
  } as LambdaEventV2["requestContext"];
  return e;
}

/** Payload 1.0 with stage `live` and resource `/psoxy-gcal/{proxy+}`; path includes stage. */
export function apiGatewayV1Event(input: EventInput, stage = "live", prefix = "/psoxy-gcal"): LambdaEventV1 {
  const method = input.method ?? "GET";
  const mvq: Record<string, string[]> = {};
  const sq: Record<string, string> = {};
  for (const pair of (input.query ?? "").split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const k = decodeURIComponent(eq >= 0 ? pair.slice(0, eq) : pair);
    const v = eq >= 0 ? decodeURIComponent(pair.slice(eq + 1)) : "";
    (mvq[k] ??= []).push(v);
    sq[k] = v;
  }
  const headers: Record<string, string> = { ...baseHeaders, ...(input.headers ?? {}) };
  const multi: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) multi[k] = [v];
  const path = `/${stage}${prefix}${input.path}`;
  return {
    version: "1.0",
    resource: `${prefix}/{proxy+}`,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: multi,
    queryStringParameters: Object.keys(sq).length ? sq : null,
    multiValueQueryStringParameters: Object.keys(mvq).length ? mvq : null,
    requestContext: {
      accountId: "123456789012",
      apiId: "id",
      domainName: "id.execute-api.us-east-1.amazonaws.com",
      httpMethod: method,
      identity: { sourceIp: input.sourceIp ?? "203.0.113.9", userAgent: "test" },
      path,
      protocol: "HTTP/1.1",
      requestId: "id=",
      requestTimeEpoch: 1773342238390,
      resourcePath: `${prefix}/{proxy+}`,
      stage,
    },
    pathParameters: { proxy: input.path.replace(/^\//, "") },
    stageVariables: null,
    body: input.body ?? null,
    isBase64Encoded: input.base64 ?? false,
  } as LambdaEventV1;
}

function lower(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = v;
  return out;
}

export const eventShapes = {
  "function URL": (i: EventInput) => functionUrlEvent(i),
  "API Gateway v2": (i: EventInput) => apiGatewayV2Event(i),
  "API Gateway v1": (i: EventInput) => apiGatewayV1Event(i),
} as const;
