import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Gateway, Logger, RequestContext } from "../gateway/types.js";
import { MAX_BODY_BYTES, pathAndQueryNames, type RunningServer, startNodeServer } from "./node-server.js";

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
});
