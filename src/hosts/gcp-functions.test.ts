import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { fakeRequest, fakeResponse } from "../../test/hosts/fake-express.js";
import type { Gateway, RequestContext } from "../gateway/types.js";
import { clientIp, createGcpHandler, type GcpRequest } from "./gcp-functions.js";

function recordingGateway(respond: () => Response = () => new Response("{}")) {
  const seen: { request: Request; body: string; context?: RequestContext }[] = [];
  const gateway: Gateway = {
    async handle(request, context) {
      seen.push({ request, body: await request.text(), context });
      return respond();
    },
  };
  return { gateway, seen };
}

describe("GCP Cloud Functions handler", () => {
  it("passes path, raw query, headers, client IP (n-2 hop) and https flag", async () => {
    const { gateway, seen } = recordingGateway();
    const fn = createGcpHandler({ gateway: () => gateway });
    const res = fakeResponse();
    await fn(
      fakeRequest({
        url: "/calendar/v3/x?pageToken=a%2Fb&max=1",
        headers: {
          "X-Forwarded-For": "198.51.100.4, 35.191.0.1",
          "X-Forwarded-Proto": "HTTPS",
          Accept: "*/*",
        },
      }),
      res,
    );
    const s = seen[0]!;
    const url = new URL(s.request.url);
    expect(url.pathname).toBe("/calendar/v3/x");
    expect(url.search).toBe("?pageToken=a%2Fb&max=1");
    expect(s.request.headers.get("accept")).toBe("*/*");
    expect(s.context).toMatchObject({ clientIp: "198.51.100.4", isHttps: true });
    expect(res.statusCode).toBe(200);
    expect(res.text()).toBe("{}");
  });

  it("client IP: one hop -> that hop; none -> unknown", () => {
    expect(clientIp("198.51.100.4")).toBe("198.51.100.4");
    expect(clientIp("a, b, c")).toBe("b");
    expect(clientIp(null)).toBeUndefined();
    expect(clientIp(" , ")).toBeUndefined();
  });

  it("forwards the raw body the framework kept, not the parsed one", async () => {
    const { gateway, seen } = recordingGateway();
    const fn = createGcpHandler({ gateway: () => gateway });
    const body = '{ "b": 1, "a": "é" }';
    await fn(
      fakeRequest({ method: "POST", url: "/x", headers: { "Content-Type": "application/json" }, body }),
      fakeResponse(),
    );
    expect(seen[0]!.body).toBe(body);
  });

  it("reads an unconsumed node:http request stream", async () => {
    const { gateway, seen } = recordingGateway();
    const fn = createGcpHandler({ gateway: () => gateway });
    const stream = new PassThrough();
    const req = Object.assign(stream, {
      method: "POST",
      url: "/x",
      headers: { "content-type": "application/json" },
    }) as unknown as GcpRequest;
    stream.end('{"q":1}');
    await fn(req, fakeResponse());
    expect(seen[0]!.body).toBe('{"q":1}');
  });

  it("writes status, every header and the body", async () => {
    const headers = new Headers({ "content-type": "application/json", "X-Psoxy-Error": "API_ERROR" });
    headers.append("x-psoxy-warning", "A");
    headers.append("x-psoxy-warning", "B");
    const fn = createGcpHandler({
      gateway: () =>
        recordingGateway(() => new Response('{"error":"nope"}', { status: 404, headers })).gateway,
    });
    const res = fakeResponse();
    await fn(fakeRequest({ url: "/x" }), res);
    expect(res.statusCode).toBe(404);
    expect(res.headers["x-psoxy-error"]).toBe("API_ERROR");
    expect(res.headers["x-psoxy-warning"]).toBe("A, B");
    expect(res.text()).toBe('{"error":"nope"}');
  });

  it("an empty body ends the response without content", async () => {
    const fn = createGcpHandler({
      gateway: () => recordingGateway(() => new Response(null, { status: 403 })).gateway,
    });
    const res = fakeResponse();
    await fn(fakeRequest({ url: "/x" }), res);
    expect(res.statusCode).toBe(403);
    expect(res.chunks).toEqual([]);
    expect(res.ended).toBe(true);
  });

  it("unhandled exception -> 500 X-Psoxy-Error: UNKNOWN", async () => {
    const fn = createGcpHandler({
      gateway: () => ({
        handle: async () => {
          throw new Error("boom");
        },
      }),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const res = fakeResponse();
    await fn(fakeRequest({ url: "/x" }), res);
    expect(res.statusCode).toBe(500);
    expect(res.headers["x-psoxy-error"]).toBe("UNKNOWN");
    expect(res.text()).toBe("Unknown internal proxy error; review logs");
  });

  it("creates the gateway lazily, once", async () => {
    let created = 0;
    const fn = createGcpHandler({
      gateway: () => {
        created++;
        return recordingGateway().gateway;
      },
    });
    expect(created).toBe(0);
    await Promise.all([1, 2, 3].map(() => fn(fakeRequest({ url: "/x" }), fakeResponse())));
    expect(created).toBe(1);
  });
});
