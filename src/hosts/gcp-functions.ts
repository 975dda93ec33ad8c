/**
 * GCP Cloud Functions gen2 / Cloud Run host for API mode (api-mode spec 6.3). The function receives
 * the Express-style (req, res) pair that `@google-cloud/functions-framework` passes (the framework is
 * not needed at run time: a plain node:http request/response pair works too). It translates the
 * request to a web Request, calls the gateway and writes the Response back. The gateway is created
 * on the first request and reused. Response compression is left to the platform (1.18 REC).
 * The same function is the async leg (6.3.3, 6.4): Pub/Sub push deliveries of requests queued with
 * `Prefer: respond-async` (gcp-pubsub-leg.ts). On the sync leg the request DTO is what gets published.
 */
import { isPubSubUserAgent, PubSubPushAuth } from "../gateway/async-pubsub-push.js";
import type { Gateway, Logger, RequestContext } from "../gateway/types.js";
import { errorLogFields } from "./error-log.js";
import { pubSubPushResponse, requestDto } from "./gcp-pubsub-leg.js";
import { attachBody, isBodylessMethod } from "./get-body.js";
import { type GatewayFactory, lazyGateway } from "./lazy-gateway.js";
import { lazyOnce } from "./lazy-once.js";

/** The parts of an Express / functions-framework request that are read. */
export interface GcpRequest {
  method?: string;
  /** Path and raw query as received. */
  url?: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Alternating names and values as received (node:http), used to keep repeated headers apart. */
  rawHeaders?: string[];
  /** The unparsed body, which the functions framework keeps beside its parsed `body`. */
  rawBody?: Buffer;
  body?: unknown;
  readable?: boolean;
  readableEnded?: boolean;
  [Symbol.asyncIterator]?: () => AsyncIterator<unknown>;
}

/** The parts of an Express / node:http response that are written. */
export interface GcpResponse {
  statusCode: number;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array | string): unknown;
  headersSent?: boolean;
}

export type GcpHttpFunction = (req: GcpRequest, res: GcpResponse) => Promise<void>;

export interface GcpHandlerOptions {
  gateway: GatewayFactory;
  logger?: Logger | (() => Logger | undefined);
  /** Recognizes and authenticates Pub/Sub push deliveries (the async leg); none = no async leg. */
  pubSubPush?: () => PubSubPushAuth | Promise<PubSubPushAuth>;
}

export function createGcpHandler(options: GcpHandlerOptions): GcpHttpFunction {
  const getGateway = lazyGateway(options.gateway);
  const getPush = options.pubSubPush ? lazyOnce(options.pubSubPush) : undefined;
  return async (req, res) => {
    try {
      const { request, context } = await toWebRequest(req);
      if (getPush && isPubSubUserAgent(request.headers.get("user-agent"))) {
        const push = await getPush();
        if (await push.applies(request.headers)) {
          await writeResponse(await pubSubPushResponse(request, push, await getGateway()), res);
          return;
        }
      }
      const gateway: Gateway = await getGateway();
      const response = await gateway.handle(request, context);
      await writeResponse(response, res);
    } catch (e) {
      const logger = typeof options.logger === "function" ? options.logger() : options.logger;
      logger?.error(errorLogFields(e), "unhandled exception");
      // 6.3.4 catch-all.
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("X-Psoxy-Error", "UNKNOWN");
        res.setHeader("Content-Type", "text/plain; charset=utf-8");
        res.end("Unknown internal proxy error; review logs");
      } else {
        res.end();
      }
    }
  };
}

export async function toWebRequest(req: GcpRequest): Promise<{ request: Request; context: RequestContext }> {
  const method = (req.method ?? "GET").toUpperCase();
  const headers = new Headers();
  if (req.rawHeaders && req.rawHeaders.length > 0) {
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
      appendHeader(headers, req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  } else {
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) appendHeader(headers, name, v);
      else if (value !== undefined) appendHeader(headers, name, value);
    }
  }
  let target = req.originalUrl ?? req.url ?? "/";
  if (!target.startsWith("/")) target = `/${target}`;
  const hash = target.indexOf("#");
  if (hash >= 0) target = target.slice(0, hash);

  const init: RequestInit = { method, headers };
  const bodyless = isBodylessMethod(method);
  // A GET/HEAD body is read only when the request announces one.
  const body = !bodyless || announcesBody(headers) ? await readBody(req) : undefined;
  if (body && body.length > 0 && !bodyless) init.body = body;
  const context: RequestContext = {};
  const ip = clientIp(headers.get("x-forwarded-for"));
  if (ip) context.clientIp = ip;
  const proto = headers.get("x-forwarded-proto");
  if (proto !== null) context.isHttps = proto.trim().toLowerCase() === "https";
  // 6.4: `Prefer: respond-async` publishes the request as a DTO
  context.asyncMessage = () =>
    requestDto({
      method,
      target,
      headers: rawHeaderPairs(req) ?? headers.entries(),
      body,
      clientIp: context.clientIp,
      https: context.isHttps,
    });
  const request = new Request(`https://cloudfunction.localhost${target}`, init);
  if (body && body.length > 0 && bodyless) attachBody(request, body);
  return { request, context };
}

/** The request's headers as received, repeated names kept apart (node:http's rawHeaders). */
function rawHeaderPairs(req: GcpRequest): [string, string][] | undefined {
  const raw = req.rawHeaders;
  if (!raw || raw.length === 0) return undefined;
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

/** 6.3.2: with two or more hops the Google front end appended client then load balancer: take n-2. */
export function clientIp(forwardedFor: string | null): string | undefined {
  if (!forwardedFor) return undefined;
  const hops = forwardedFor
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  const ip = hops.length >= 2 ? hops[hops.length - 2] : hops[0];
  return ip || undefined;
}

export function announcesBody(headers: Headers): boolean {
  return Number(headers.get("content-length") ?? 0) > 0 || headers.has("transfer-encoding");
}

async function readBody(req: GcpRequest): Promise<Uint8Array | undefined> {
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
  // Not parsed by a framework: the request stream is still unread.
  if (req.readable && !req.readableEnded && typeof req[Symbol.asyncIterator] === "function") {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer | string>) {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    }
    return Buffer.concat(chunks);
  }
  const body = req.body;
  if (body === undefined || body === null) return undefined;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (typeof body === "object" && Object.keys(body).length === 0) return undefined;
  return Buffer.from(JSON.stringify(body), "utf8");
}

async function writeResponse(response: Response, res: GcpResponse): Promise<void> {
  const body = response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie" && name !== "content-length") res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (body && body.length > 0) res.end(body);
  else res.end();
}

function appendHeader(target: Headers, name: string, value: string): void {
  try {
    target.append(name, value);
  } catch {
    // Skip what the Fetch API rejects.
  }
}

let platformLogger: Logger | undefined;

/**
 * The deployed function (exported by `dist/gcp/index.js`). Configuration comes from the environment
 * and Secret Manager; the instance id is the Cloud Run service name (`K_SERVICE`).
 */
const platform = lazyOnce(async () => {
  const { createPlatformGateway } = await import("./platform-gateway.js");
  const { createPubSubDispatcher } = await import("../gateway/async-pubsub.js");
  const created = await createPlatformGateway({
    platform: "gcp",
    env: process.env,
    instanceId: process.env.K_SERVICE,
    asyncDispatcher: createPubSubDispatcher(),
    sideOutputQueues: {
      pubsub: async () => (await import("../gateway/side-output-pubsub.js")).createPubSubSideOutputSender(),
    },
  });
  platformLogger = created.logger;
  return created;
});

export const psoxy: GcpHttpFunction = createGcpHandler({
  gateway: async () => (await platform()).gateway,
  pubSubPush: async () => new PubSubPushAuth({ config: (await platform()).config }),
  logger: () => platformLogger ?? console,
});
