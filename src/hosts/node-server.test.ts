import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { GatewayReply, ReplyHeaders } from "../gateway/reply.js";
import type { Gateway, Logger, RequestContext } from "../gateway/types.js";
import {
  MAX_BODY_BYTES,
  pathAndQueryNames,
  type RunningServer,
  replyResponse,
  startNodeServer,
} from "./node-server.js";

function memoryLogger() {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  const logger: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { logger, lines };
}

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close(1000);
  running = undefined;
});

describe("node server host", () => {
  it("translates request and response; logs one line per request without query values", async () => {
    const seen: { request: Request; body: string; context?: RequestContext }[] = [];
    const gateway: Gateway = {
      async handle(request, context) {
        seen.push({ request, body: await request.text(), context });
        return new Response('{"ok":true}', {
          status: 201,
          headers: { "content-type": "application/json", "X-Psoxy-Rules-SHA": "abc" },
        });
      },
    };
    const { logger, lines } = memoryLogger();
    running = await startNodeServer({ gateway, logger, port: 0, host: "127.0.0.1" });
    const res = await fetch(`${running.url}/calendar/v3/x%2Fy?pageToken=secret-token&max=5`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-proto": "https" },
      body: '{"a":1}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-psoxy-rules-sha")).toBe("abc");
    expect(await res.text()).toBe('{"ok":true}');
    const s = seen[0]!;
    const url = new URL(s.request.url);
    expect(url.pathname).toBe("/calendar/v3/x%2Fy");
    expect(url.search).toBe("?pageToken=secret-token&max=5");
    expect(s.body).toBe('{"a":1}');
    expect(s.context).toEqual({ clientIp: "127.0.0.1", isHttps: true });
    // The gateway writes the request's log line itself; the host adds none.
    expect(lines.filter((l) => l.msg === "request")).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain("secret-token");
  });

  it("a GET body still reaches the gateway (which refuses it)", async () => {
    const seen: string[] = [];
    const gateway: Gateway = {
      async handle(request) {
        seen.push(`${request.method} ${await request.text()}`);
        return new Response(null, { status: 400 });
      },
    };
    running = await startNodeServer({ gateway, logger: memoryLogger().logger, port: 0, host: "127.0.0.1" });
    const server = running;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/x`, {
        method: "GET",
        headers: { "content-type": "application/json", "content-length": "7" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end('{"q":1}');
    });
    expect(status).toBe(400);
    expect(seen).toEqual(['GET {"q":1}']);
  });

  it("no X-Forwarded-Proto -> https unknown (allowed by the gateway)", async () => {
    let ctx: RequestContext | undefined;
    const gateway: Gateway = {
      async handle(_r, c) {
        ctx = c;
        return new Response(null, { status: 204 });
      },
    };
    running = await startNodeServer({ gateway, logger: memoryLogger().logger, port: 0, host: "127.0.0.1" });
    const res = await fetch(`${running.url}/x`);
    expect(res.status).toBe(204);
    expect(ctx?.isHttps).toBeUndefined();
  });

  it("an exception in the gateway -> 500 X-Psoxy-Error, server keeps serving", async () => {
    let n = 0;
    const gateway: Gateway = {
      async handle() {
        if (n++ === 0) throw new Error("boom");
        return new Response("{}");
      },
    };
    running = await startNodeServer({ gateway, logger: memoryLogger().logger, port: 0, host: "127.0.0.1" });
    const first = await fetch(`${running.url}/x`);
    expect(first.status).toBe(500);
    expect(first.headers.get("x-psoxy-error")).toBe("UNKNOWN");
    expect((await fetch(`${running.url}/x`)).status).toBe(200);
  });

  it("close() lets in-flight requests finish and refuses new connections", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gateway: Gateway = {
      async handle() {
        await gate;
        return new Response('{"slow":true}');
      },
    };
    running = await startNodeServer({ gateway, logger: memoryLogger().logger, port: 0, host: "127.0.0.1" });
    const server = running;
    const inflight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/slow`, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    const closed = server.close(5000);
    await new Promise((r) => setTimeout(r, 20));
    await expect(fetch(`${server.url}/x`)).rejects.toThrow();
    release();
    expect(await inflight).toEqual({ status: 200, body: '{"slow":true}' });
    await closed;
    running = undefined;
  });

  it("requests that never reach the gateway get the host's log line, without query values", async () => {
    const { logger, lines } = memoryLogger();
    running = await startNodeServer({
      gateway: () => {
        throw new Error("config store down");
      },
      logger,
      port: 0,
      host: "127.0.0.1",
    });
    const res = await fetch(`${running.url}/calendar/v3/x?pageToken=secret-token&max=5`);
    expect(res.status).toBe(500);
    expect(res.headers.get("x-psoxy-error")).toBe("UNKNOWN");
    const line = lines.find((l) => l.msg === "request")!;
    expect(line.obj).toMatchObject({
      method: "GET",
      path: "/calendar/v3/x",
      queryParams: ["pageToken", "max"],
      status: 500,
    });
    expect(typeof line.obj.durationMs).toBe("number");
    expect(JSON.stringify(lines)).not.toContain("secret-token");
  });

  it("refuses a declared body over the limit with 413", async () => {
    const gateway: Gateway = { handle: async () => new Response("{}") };
    running = await startNodeServer({ gateway, logger: memoryLogger().logger, port: 0, host: "127.0.0.1" });
    const server = running;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/x`, {
        method: "POST",
        headers: { "content-length": String(MAX_BODY_BYTES + 1) },
      });
      req.on("response", (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", reject);
      req.write("{");
    });
    expect(status).toBe(413);
  });

  it("log path keeps names, drops values", () => {
    expect(pathAndQueryNames("/a/b?x=1&y&z=%40&a%20b=2")).toEqual({
      path: "/a/b",
      queryNames: ["x", "y", "z", "a b"],
    });
    expect(pathAndQueryNames("http://h/p?q=1")).toEqual({ path: "/p", queryNames: ["q"] });
  });

  describe("gateway replies (written without a web Response)", () => {
    const reply = (status: number, headers: [string, string][], body: string | Uint8Array) => () => {
      const h = new ReplyHeaders();
      for (const [name, value] of headers) h.append(name, value);
      return new GatewayReply(status, h, body);
    };
    const sanitized: [string, string][] = [
      ["Content-Type", "application/json; charset=UTF-8"],
      ["etag", '"v1"'],
      ["X-Psoxy-Rules-SHA", "a".repeat(40)],
      ["X-Psoxy-Psoxy-Version", "v0.6.9"],
      ["X-Psoxy-PII-Salt-Sha256", "salt-hash"],
      ["x-ratelimit-remaining", "7"],
    ];
    const cases: [string, () => GatewayReply, string?][] = [
      [
        "sanitized JSON, non-ASCII and a lone surrogate",
        reply(200, sanitized, '{"a":"é € 😀 \ud800","n":1}'),
      ],
      ["HEAD", reply(200, sanitized, '{"a":1}'), "HEAD"],
      ["no content type", reply(200, [["cache-control", "no-store"]], "plain")],
      [
        "source error passed through as bytes",
        reply(502, [["X-Psoxy-Error", "API_ERROR"]], Buffer.from('{"error":"upstream"}')),
      ],
      [
        "repeated warnings, a value ending in a separator",
        reply(
          200,
          [
            ["content-type", "application/json"],
            ["X-Psoxy-Warning", "SIDE_OUTPUT_FAILURE_SANITIZED"],
            ["x-psoxy-warning", "SIDE_OUTPUT_FAILURE_SANITIZED"],
            ["Link", " <a>; rel=next "],
            ["link", ""],
          ],
          "[]",
        ),
      ],
      ["empty body", reply(200, sanitized, "")],
      ["empty bytes", reply(404, [["X-Psoxy-Error", "API_ERROR"]], new Uint8Array())],
      ["no-content status", reply(204, [["etag", '"x"']], "")],
    ];

    /** The whole response as the client receives it, minus the Date header. */
    function raw(url: string, method: string): Promise<string> {
      const { port } = new URL(url);
      return new Promise((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1", () => {
          socket.end(`${method} /calendar/v3/x?q=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
        });
        const chunks: Buffer[] = [];
        socket.on("data", (c) => chunks.push(c));
        socket.on("error", reject);
        socket.on("close", () =>
          resolve(
            Buffer.concat(chunks)
              .toString("latin1")
              .replace(/\r\nDate: [^\r]*/, ""),
          ),
        );
      });
    }

    it.each(cases)(
      "%s: the same bytes on the wire as the general path",
      async (_name, make, method = "GET") => {
        const { logger, lines } = memoryLogger();
        const direct: Gateway = {
          handle: () => Promise.reject(new Error("respond() is the host's path")),
          respond: async () => make(),
        };
        const general: Gateway = { handle: async () => make().toResponse() };
        const viaReply = await startNodeServer({ gateway: direct, logger, port: 0, host: "127.0.0.1" });
        const viaResponse = await startNodeServer({ gateway: general, logger, port: 0, host: "127.0.0.1" });
        try {
          const got = await raw(viaReply.url, method);
          const want = await raw(viaResponse.url, method);
          expect(got).toBe(want);
          expect(got).toMatch(/^HTTP\/1\.1 \d{3} /);
          // the gateway logged these requests; the host adds no line of its own
          expect(lines.filter((l) => l.msg === "request")).toEqual([]);
        } finally {
          await viaReply.close(1000);
          await viaResponse.close(1000);
        }
      },
    );

    it("a reply with a body is handed to @hono/node-server with its length, not as web Headers", () => {
      const r = reply(200, sanitized, '{"a":"é"}')();
      const response = replyResponse(r);
      expect(response.headers.get("content-length")).toBe("10");
      expect(response.headers.get("content-type")).toBe("application/json; charset=UTF-8");
      // without a body it is the general Response
      expect(replyResponse(reply(200, sanitized, "")()).headers.get("content-length")).toBeNull();
    });
  });
});
