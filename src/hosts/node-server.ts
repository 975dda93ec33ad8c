/**
 * Node.js HTTP host for API mode (`psoxy serve`): a node:http server whose requests go through
 * @hono/node-server's request listener (IncomingMessage -> web Request -> gateway -> Response ->
 * ServerResponse). It served 20-30% more requests per second than a plain node:http translation
 * (bench/host-compare.ts: same in-memory gateway, same run). A source answer comes from the gateway as a
 * plain `GatewayReply` (`respond`), handed to the listener in the cheapest form it writes byte for byte
 * as it would the web Response (`replyResponse`). Every request gets one JSON log line
 * with the method, the path, the status and the duration, never query values: the gateway writes it
 * for the requests it handles ("api request", query values replaced), this host for the others
 * (refused bodies, malformed requests, gateway creation failures).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener, type HttpBindings } from "@hono/node-server";
import { GatewayReply } from "../gateway/reply.js";
import type { Gateway, Logger, RequestContext } from "../gateway/types.js";
import { errorLogFields } from "./error-log.js";
import { attachBody, isBodylessMethod } from "./get-body.js";
import { type GatewayFactory, lazyGateway } from "./lazy-gateway.js";

/**
 * @hono/node-server swaps the global Request/Response for lighter subclasses that it can write
 * without stream copies; measured faster (bench/host-compare.ts), and the classes stay
 * `instanceof`-compatible with the platform ones.
 */
const OVERRIDE_GLOBALS = true;

/** Marks requests that the gateway logged itself (its "api request" line); the host logs the rest. */
const HANDLED_BY_GATEWAY = Symbol("psoxy.handledByGateway");

/** Request bodies larger than this are refused with 413 before reaching the gateway. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface NodeServerOptions {
  gateway: Gateway | GatewayFactory;
  logger: Logger;
  /** 0 = any free port. */
  port: number;
  host: string;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  readonly host: string;
  /** `http://host:port` as a client would use it. */
  readonly url: string;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. */
  close(timeoutMs?: number): Promise<void>;
}

export async function startNodeServer(options: NodeServerOptions): Promise<RunningServer> {
  const { logger } = options;
  const g = options.gateway;
  const getGateway = typeof g === "function" ? lazyGateway(g) : () => Promise.resolve(g);
  let closing = false;
  const listener = createListener(getGateway, logger);

  const server = createServer(
    { keepAliveTimeout: 5_000 },
    (req: IncomingMessage & { [HANDLED_BY_GATEWAY]?: boolean }, res) => {
      const started = performance.now();
      res.on("finish", () => {
        if (req[HANDLED_BY_GATEWAY]) {
          if (closing) server.closeIdleConnections();
          return;
        }
        const { path, queryNames } = pathAndQueryNames(req.url ?? "/");
        const line: Record<string, unknown> = { method: req.method, path, status: res.statusCode };
        if (queryNames.length > 0) line.queryParams = queryNames;
        line.durationMs = Math.round((performance.now() - started) * 100) / 100;
        logger.info(line, "request");
        if (closing) server.closeIdleConnections();
      });
      if (closing) res.shouldKeepAlive = false;
      listener(req, res).catch((e: unknown) => {
        logger.error(errorLogFields(e), "unhandled exception");
        if (!res.headersSent) {
          res.writeHead(500, { "x-psoxy-error": "UNKNOWN", "content-type": "text/plain; charset=utf-8" });
        }
        res.end();
      });
    },
  );
  server.on("clientError", (_e, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    server,
    port: address.port,
    host: address.address,
    url: `http://${hostForUrl}:${address.port}`,
    close(timeoutMs = 25_000) {
      closing = true;
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

function createListener(
  getGateway: () => Promise<Gateway>,
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return getRequestListener(
    async (request, env) => {
      const incoming = (env as HttpBindings).incoming as IncomingMessage & { [HANDLED_BY_GATEWAY]?: boolean };
      const declared = Number(incoming.headers["content-length"] ?? 0);
      if (declared > MAX_BODY_BYTES) {
        return new Response(`Request body exceeds ${MAX_BODY_BYTES} bytes`, {
          status: 413,
          headers: { "content-type": "text/plain; charset=utf-8", connection: "close" },
        });
      }
      const context: RequestContext = {};
      const ip = incoming.socket.remoteAddress;
      if (ip) context.clientIp = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
      const proto = incoming.headers["x-forwarded-proto"];
      if (typeof proto === "string") context.isHttps = proto.trim().toLowerCase() === "https";
      try {
        if (isBodylessMethod(request.method) && announcesBody(incoming)) {
          const chunks: Buffer[] = [];
          for await (const chunk of incoming) chunks.push(chunk as Buffer);
          const body = Buffer.concat(chunks);
          if (body.length > 0) attachBody(request, body);
        }
        const gateway = await getGateway();
        const answer = gateway.respond
          ? await gateway.respond(request, context)
          : await gateway.handle(request, context);
        incoming[HANDLED_BY_GATEWAY] = true;
        return answer instanceof GatewayReply ? replyResponse(answer) : answer;
      } catch (e) {
        logger.error(errorLogFields(e), "unhandled exception");
        return new Response("Unknown internal proxy error; review logs", {
          status: 500,
          headers: { "x-psoxy-error": "UNKNOWN", "content-type": "text/plain; charset=utf-8" },
        });
      }
    },
    { hostname: "psoxy.localhost", overrideGlobalObjects: OVERRIDE_GLOBALS },
  ) as (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/** The content type @hono/node-server writes for a body whose response has none. */
const HONO_DEFAULT_CONTENT_TYPE = "text/plain; charset=UTF-8";
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The Response for a gateway reply, in the form @hono/node-server writes with the least work: headers as
 * a plain object, which it passes to writeHead as it is, where a web Headers object would be walked,
 * sorted and copied into one first (and the body copied into the Response). The headers are exactly
 * those it writes for `reply.toResponse()`: the reply's, lower-cased, in ascending order; its default
 * content type when a body has none; then Content-Length. Replies without a body take the general path.
 */
export function replyResponse(reply: GatewayReply): Response {
  const { status, body } = reply;
  if (body.length === 0 || NULL_BODY_STATUSES.has(status)) return reply.toResponse();
  const headers: Record<string, string> = {};
  for (const [name, value] of reply.headers.entries()) headers[name] = value;
  headers["content-type"] ??= HONO_DEFAULT_CONTENT_TYPE;
  headers["Content-Length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
  return new Response(body, { status, headers });
}

function announcesBody(incoming: IncomingMessage): boolean {
  return (
    Number(incoming.headers["content-length"] ?? 0) > 0 || incoming.headers["transfer-encoding"] !== undefined
  );
}

/** Origin-form path+query of the request target (absolute-form targets are reduced to it). */
function target(url: string | undefined): string {
  if (!url) return "/";
  if (url.startsWith("/")) {
    const hash = url.indexOf("#");
    return hash >= 0 ? url.slice(0, hash) : url;
  }
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return `/${url}`;
  }
}

/** The path for the log line, and the query's parameter names in order (values never logged). */
export function pathAndQueryNames(url: string): { path: string; queryNames: string[] } {
  const t = target(url);
  const q = t.indexOf("?");
  if (q < 0) return { path: t, queryNames: [] };
  const names: string[] = [];
  for (const pair of t.slice(q + 1).split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = eq >= 0 ? pair.slice(0, eq) : pair;
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replaceAll("+", " "));
    } catch {
      // keep the raw name
    }
    names.push(decoded);
  }
  return { path: t.slice(0, q), queryNames: names };
}
