/**
 * GCP async requests (api-mode spec 6.3.3, 6.4). Sync leg: what gets published for a request queued with
 * `Prefer: respond-async` is the request DTO `{path, query, httpMethod, body (base64), clientIp,
 * headers {name: [values]}, https}`, without `Authorization`. Async leg: the push subscription delivers
 * `{"message": {"data": <base64 DTO>, "attributes": {"processingContext": …}, …}, "subscription": …}` to
 * the function URL; after the delivery-attempt cap and the push token check (PubSubPushAuth), the DTO is
 * turned back into a request and run through the whole pipeline as the async leg. Pub/Sub gets the
 * pipeline's status: 2xx acknowledges, anything else means redelivery (spec 6.4).
 */
import { parseProcessingContext } from "../gateway/async-context.js";
import type { PubSubPushAuth } from "../gateway/async-pubsub-push.js";
import type { Gateway, RequestContext } from "../gateway/types.js";
import { attachBody, isBodylessMethod } from "./get-body.js";

/** The reference's HttpEventRequestDto, as JSON. */
export interface RequestDto {
  path: string;
  query?: string | null;
  httpMethod: string;
  /** base64 */
  body?: string | null;
  clientIp?: string | null;
  headers: Record<string, string[]>;
  https?: boolean | null;
}

/** Deliveries past this attempt are acknowledged with 204 and dropped (spec 6.3.3). */
export const MAX_DELIVERY_ATTEMPTS = 3;

export function requestDto(input: {
  method: string;
  /** path and raw query as received */
  target: string;
  /** name / value pairs as received (repeated names repeated) */
  headers: Iterable<[string, string]>;
  body?: Uint8Array;
  clientIp?: string;
  https?: boolean;
}): RequestDto {
  const q = input.target.indexOf("?");
  const headers: Record<string, string[]> = {};
  for (const [name, value] of input.headers) {
    const n = name.toLowerCase();
    if (n === "authorization") continue;
    (headers[n] ??= []).push(value);
  }
  return {
    path: q < 0 ? input.target : input.target.slice(0, q),
    query: q < 0 ? null : input.target.slice(q + 1),
    httpMethod: input.method,
    body: input.body && input.body.length > 0 ? Buffer.from(input.body).toString("base64") : null,
    clientIp: input.clientIp ?? null,
    headers,
    https: input.https ?? null,
  };
}

/** The DTO as the request the gateway sees (header names matched case-insensitively, spec 6.4 REC). */
export function dtoToRequest(value: unknown): { request: Request; context: RequestContext } {
  const dto = value as Partial<RequestDto> | null;
  if (!dto || typeof dto !== "object" || typeof dto.path !== "string" || typeof dto.httpMethod !== "string") {
    throw new Error("the Pub/Sub message data is not a request DTO");
  }
  const method = dto.httpMethod.toUpperCase();
  const headers = new Headers();
  for (const [name, values] of Object.entries(dto.headers ?? {})) {
    for (const v of Array.isArray(values) ? values : []) {
      try {
        headers.append(name, String(v));
      } catch {
        // skip what the Fetch API rejects, as the live request did
      }
    }
  }
  const path = dto.path.startsWith("/") ? dto.path : `/${dto.path}`;
  const query = typeof dto.query === "string" && dto.query !== "" ? `?${dto.query}` : "";
  const body = typeof dto.body === "string" && dto.body !== "" ? Buffer.from(dto.body, "base64") : undefined;
  const bodyless = isBodylessMethod(method);
  const init: RequestInit = { method, headers };
  if (body && !bodyless) init.body = body;
  const request = new Request(`https://cloudfunction.localhost${path.replaceAll("#", "%23")}${query}`, init);
  if (body && bodyless) attachBody(request, body);
  const context: RequestContext = {};
  if (typeof dto.clientIp === "string" && dto.clientIp !== "") context.clientIp = dto.clientIp;
  if (typeof dto.https === "boolean") context.isHttps = dto.https;
  return { request, context };
}

/**
 * Handles one push delivery (already recognized by `push.applies`): throws when the token or the
 * message is unusable, which the host answers with 500 (so Pub/Sub redelivers, up to the cap).
 */
export async function pubSubPushResponse(
  request: Request,
  push: PubSubPushAuth,
  gateway: Gateway,
): Promise<Response> {
  const attempt = Number(request.headers.get("x-goog-delivery-attempt") ?? "");
  if (Number.isFinite(attempt) && attempt > MAX_DELIVERY_ATTEMPTS) return new Response(null, { status: 204 });
  await push.verify(request.headers);
  let envelope: { message?: { data?: unknown; attributes?: Record<string, unknown> } };
  try {
    envelope = JSON.parse(await request.text());
  } catch {
    throw new Error("the Pub/Sub push body is not JSON");
  }
  const message = envelope?.message;
  const attribute = message?.attributes?.processingContext;
  const processing = parseProcessingContext(typeof attribute === "string" ? attribute : undefined);
  if (typeof message?.data !== "string") throw new Error("the Pub/Sub message has no data");
  let dto: unknown;
  try {
    dto = JSON.parse(Buffer.from(message.data, "base64").toString("utf8"));
  } catch {
    throw new Error("the Pub/Sub message data is not JSON");
  }
  const { request: inner, context } = dtoToRequest(dto);
  const response = await gateway.handle(inner, { ...context, processing });
  await response.body?.cancel();
  return new Response(null, { status: response.status });
}
