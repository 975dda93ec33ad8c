/**
 * AWS Lambda HTTP event shapes (function URL / API Gateway HTTP API payload 2.0, API Gateway payload
 * 1.0) and their translation into a web-standard Request (api-mode spec 6.1.1 - 6.1.5).
 * Only the fields the proxy reads are typed.
 */
import type { RequestContext } from "../gateway/types.js";
import { attachBody, isBodylessMethod } from "./get-body.js";

type StringMap = Record<string, string | undefined> | null | undefined;
type MultiStringMap = Record<string, string[] | undefined> | null | undefined;

/** Payload format 2.0: Lambda function URLs and API Gateway HTTP APIs. */
export interface LambdaEventV2 {
  version?: string;
  routeKey?: string;
  rawPath?: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: StringMap;
  pathParameters?: StringMap;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: {
    domainName?: string;
    stage?: string;
    requestId?: string;
    timeEpoch?: number;
    http: { method?: string; path?: string; sourceIp?: string };
  };
}

/** Payload format 1.0: API Gateway REST APIs, and HTTP APIs configured for payload 1.0. */
export interface LambdaEventV1 {
  version?: string;
  resource?: string;
  path?: string;
  httpMethod?: string;
  headers?: StringMap;
  multiValueHeaders?: MultiStringMap;
  queryStringParameters?: StringMap;
  multiValueQueryStringParameters?: MultiStringMap;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: {
    domainName?: string;
    stage?: string;
    requestId?: string;
    requestTimeEpoch?: number;
    httpMethod?: string;
    identity?: { sourceIp?: string };
  };
}

export type LambdaHttpEvent = LambdaEventV1 | LambdaEventV2;

export type LambdaEventKind = "v1" | "v2";

/** Thrown for an event that is not an HTTP event this handler understands. */
export class UnsupportedEventError extends Error {
  readonly code = "UNSUPPORTED_EVENT";
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedEventError";
  }
}

export function eventKind(event: unknown): LambdaEventKind {
  const e = event as {
    version?: unknown;
    httpMethod?: unknown;
    requestContext?: Record<string, unknown>;
  } | null;
  const rc = e?.requestContext;
  if (rc && typeof rc === "object") {
    if (rc.http && typeof rc.http === "object") return "v2";
    if (typeof rc.httpMethod === "string" || typeof e?.httpMethod === "string") return "v1";
  }
  const records = (event as { Records?: { eventSource?: string }[] } | null)?.Records;
  if (Array.isArray(records)) {
    throw new UnsupportedEventError(
      `this handler serves HTTP events only; got a ${records[0]?.eventSource ?? "Records"} event`,
    );
  }
  throw new UnsupportedEventError(
    "event is neither a Lambda function URL / API Gateway payload 2.0 event (requestContext.http) " +
      "nor an API Gateway payload 1.0 event (requestContext.httpMethod)",
  );
}

export interface TranslatedRequest {
  request: Request;
  context: RequestContext;
}

export function eventToRequest(event: LambdaHttpEvent, kind: LambdaEventKind): TranslatedRequest {
  const headers = new Headers();
  let method: string | undefined;
  let path: string;
  let query: string | undefined;
  let clientIp: string | undefined;
  if (kind === "v2") {
    const e = event as LambdaEventV2;
    method = e.requestContext.http.method;
    if (!method) {
      throw new UnsupportedEventError(
        "payload 2.0 event without requestContext.http.method; an API Gateway payload 1.0 event?",
      );
    }
    path = pathV2(e);
    query = e.rawQueryString;
    copyHeaders(headers, e.headers);
    if (e.cookies?.length && !headers.has("cookie")) headers.set("cookie", e.cookies.join("; "));
    clientIp = e.requestContext.http.sourceIp;
  } else {
    const e = event as LambdaEventV1;
    method = e.requestContext.httpMethod ?? e.httpMethod;
    path = pathV1(e);
    query = queryV1(e);
    if (e.multiValueHeaders && Object.keys(e.multiValueHeaders).length > 0) {
      for (const [name, values] of Object.entries(e.multiValueHeaders)) {
        for (const v of values ?? []) appendHeader(headers, name, v);
      }
    } else {
      copyHeaders(headers, e.headers);
    }
    clientIp = e.requestContext.identity?.sourceIp;
  }
  method = (method ?? "GET").toUpperCase();
  clientIp ||= firstForwardedFor(headers.get("x-forwarded-for"));

  const host = event.requestContext.domainName || "lambda.localhost";
  const url = buildUrl(host, path, query);
  const body = decodeBody(event.body, event.isBase64Encoded === true);
  const init: RequestInit = { method, headers };
  const bodyless = isBodylessMethod(method);
  if (body && !bodyless) init.body = body;

  const context: RequestContext = {};
  if (clientIp) context.clientIp = clientIp;
  // 6.1.6: the processing context's id and arrival time come from the event
  const requestId = event.requestContext.requestId;
  if (requestId) context.requestId = requestId;
  const epoch =
    kind === "v2"
      ? (event as LambdaEventV2).requestContext.timeEpoch
      : (event as LambdaEventV1).requestContext.requestTimeEpoch;
  if (typeof epoch === "number" && Number.isFinite(epoch) && epoch > 0) context.receivedAt = new Date(epoch);
  const proto = headers.get("x-forwarded-proto");
  if (proto !== null) context.isHttps = proto.trim().toLowerCase() === "https";
  const request = new Request(url, init);
  if (body && bodyless) attachBody(request, typeof body === "string" ? new TextEncoder().encode(body) : body);
  return { request, context };
}

/** 6.1.1: proxy path parameter, else rawPath minus the stage, minus the route key's path token. */
function pathV2(e: LambdaEventV2): string {
  let path: string;
  const proxy = e.pathParameters?.proxy;
  if (proxy !== undefined && proxy !== null) {
    path = `/${proxy}`;
  } else {
    path = e.rawPath ?? e.requestContext.http.path ?? "/";
    const stage = e.requestContext.stage;
    if (stage) path = path.replaceAll(`/${stage}`, "");
    const routeKey = e.routeKey ?? "";
    const space = routeKey.indexOf(" ");
    if (space >= 0) {
      const token = routeKey.slice(space + 1).split(" ")[0];
      if (token) path = path.replaceAll(token, "");
    }
  }
  return path.startsWith("/") ? path : `/${path}`;
}

/** 6.1.2: remove `/<stage><resource without {proxy+}>` from the start of `path`. */
function pathV1(e: LambdaEventV1): string {
  let path = e.path ?? "/";
  const stage = e.requestContext.stage ?? "";
  const resource = (e.resource ?? "").replace("{proxy+}", "");
  const prefix = `/${stage}${resource}`;
  if (stage && path.startsWith(prefix)) path = path.slice(prefix.length);
  return path.startsWith("/") ? path : `/${path}`;
}

/** 6.1.2: rebuilt from the (already decoded) parameters, not re-encoded; empty means absent. */
function queryV1(e: LambdaEventV1): string | undefined {
  const parts: string[] = [];
  if (e.multiValueQueryStringParameters) {
    for (const [k, values] of Object.entries(e.multiValueQueryStringParameters)) {
      for (const v of values ?? []) parts.push(`${k}=${v}`);
    }
  } else if (e.queryStringParameters) {
    for (const [k, v] of Object.entries(e.queryStringParameters)) {
      if (v !== undefined && v !== null) parts.push(`${k}=${v}`);
    }
  }
  return parts.length > 0 ? parts.join("&") : undefined;
}

function copyHeaders(target: Headers, source: StringMap): void {
  if (!source) return;
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && value !== null) appendHeader(target, name, value);
  }
}

function appendHeader(target: Headers, name: string, value: string): void {
  try {
    target.append(name, value);
  } catch {
    // A name or value the Fetch API rejects cannot be forwarded or matched; skip it.
  }
}

function firstForwardedFor(value: string | null): string | undefined {
  if (!value) return undefined;
  const first = value.split(",")[0]?.trim();
  return first || undefined;
}

/**
 * `?` and `#` inside a path segment (possible after API Gateway decoded `{proxy+}`) would change the
 * URL's structure, so only those two are escaped; everything else is passed as received.
 */
function buildUrl(host: string, path: string, query: string | undefined): string {
  const safePath = path.replaceAll("?", "%3F").replaceAll("#", "%23");
  const q = query ? `?${query.replaceAll("#", "%23")}` : "";
  return `https://${host}${safePath}${q}`;
}

function decodeBody(body: string | null | undefined, base64: boolean): Uint8Array | string | undefined {
  if (body === undefined || body === null || body.trim() === "") return undefined;
  // 6.1.4 REC: decode base64 bodies (the reference forwards them still encoded).
  if (base64) return Buffer.from(body, "base64");
  return body;
}
