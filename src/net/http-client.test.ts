import type { AddressInfo } from "node:net";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSelfSignedCertificate, type HttpsSource, startHttpsSource } from "../demo/https-source.js";
import { HttpClient, HttpTimeoutError } from "./http-client.js";

let source: HttpsSource;
let connections = 0;
let silent: TcpServer;

beforeAll(async () => {
  const certificate = await createSelfSignedCertificate();
  source = await startHttpsSource(
    (req, res) => {
      if (req.url === "/slow-headers") return; // never answers
      if (req.url === "/stall-body") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("first part, ");
        return; // never ends
      }
      if (req.url === "/cookie") {
        res.setHeader("Set-Cookie", "a=1");
        res.setHeader("Content-Type", "text/plain");
        res.end("c");
        return;
      }
      if (req.url === "/repeated-unique") {
        // content-type is one of the names node:http keeps only once in `headers`
        res.setHeader("Content-Type", ["text/plain", "text/html"]);
        res.setHeader("Cookie-Like", ["x", "y"]);
        res.end("r");
        return;
      }
      if (req.url === "/trickle") {
        res.writeHead(200, { "content-type": "text/plain" });
        let n = 0;
        const next = () => {
          res.write(`${n} `);
          if (++n === 5) res.end("end");
          else setTimeout(next, 60);
        };
        next();
        return;
      }
      if (req.url === "/echo") {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          res.writeHead(201, { "x-len": req.headers["content-length"] ?? "none" });
          res.end(`${req.method} ${body}`);
        });
        return;
      }
      res.setHeader("x-repeated", ["a", "b"]);
      res.setHeader("x-single", "one");
      res.end("hello");
    },
    { certificate },
  );
  source.server.on("secureConnection", () => connections++);
  // accepts TCP connections and never speaks TLS: the handshake cannot complete
  silent = createTcpServer(() => {});
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
});

afterAll(async () => {
  await source.close();
  silent.close();
});

const client = (over: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({
    tlsMaxVersion: "TLSv1.3",
    ca: source.cert,
    connectTimeoutMs: 2000,
    headersTimeoutMs: 2000,
    bodyTimeoutMs: 2000,
    ...over,
  });

describe("HttpClient", () => {
  it("returns status, body and headers (repeated ones as arrays) over pooled connections", async () => {
    const c = client();
    const before = connections;
    for (let i = 0; i < 5; i++) {
      const r = await c.send({ method: "GET", url: `${source.url}/x` });
      expect(r.statusCode).toBe(200);
      expect(r.body.toString()).toBe("hello");
      expect(r.headers["x-repeated"]).toEqual(["a", "b"]);
      expect(r.headers["x-single"]).toBe("one");
    }
    expect(connections - before).toBe(1);
    c.close();
  });

  it("a header received once is a string (Set-Cookie too), one received more than once the array of its values", async () => {
    const c = client();
    const cookie = await c.send({ method: "GET", url: `${source.url}/cookie` });
    expect(cookie.headers["set-cookie"]).toBe("a=1");
    expect(cookie.headers["content-type"]).toBe("text/plain");
    const repeated = await c.send({ method: "GET", url: `${source.url}/repeated-unique` });
    expect(repeated.headers["content-type"]).toEqual(["text/plain", "text/html"]);
    expect(repeated.headers["cookie-like"]).toEqual(["x", "y"]);
    expect(repeated.headers["content-length"]).toBe("1");
    c.close();
  });

  it("the body timeout is the longest silence, not the whole body's time", async () => {
    const c = client({ bodyTimeoutMs: 150 });
    const r = await c.send({ method: "GET", url: `${source.url}/trickle` });
    expect(r.body.toString()).toBe("0 1 2 3 4 end");
    c.close();
  });

  it("sends a request again, on a new connection, when a pooled connection turns out closed", async () => {
    // a server that resets a kept-alive connection at its second request, before answering: what a
    // request meets on a connection the peer dropped while it sat in the pool
    const certificate = await createSelfSignedCertificate();
    const perSocket = new WeakMap<object, number>();
    let connectionsMade = 0;
    const flaky = await startHttpsSource(
      (req, res) => {
        const n = (perSocket.get(req.socket) ?? 0) + 1;
        perSocket.set(req.socket, n);
        if (n >= 2) {
          req.socket.destroy();
          return;
        }
        res.end(`answer ${n}`);
      },
      { certificate },
    );
    flaky.server.on("secureConnection", () => connectionsMade++);
    const c = new HttpClient({
      tlsMaxVersion: "TLSv1.3",
      ca: certificate.cert,
      connectTimeoutMs: 2000,
      headersTimeoutMs: 2000,
      bodyTimeoutMs: 2000,
    });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await c.send({ method: "GET", url: `${flaky.url}/x` });
        expect(r.body.toString()).toBe("answer 1");
      }
      expect(connectionsMade).toBe(3);
    } finally {
      c.close();
      await flaky.close();
    }
  });

  it("sends a body with its length", async () => {
    const c = client();
    const r = await c.send({ method: "POST", url: `${source.url}/echo`, body: "héllo" });
    expect(r.statusCode).toBe(201);
    expect(r.headers["x-len"]).toBe("6");
    expect(r.body.toString()).toBe("POST héllo");
    c.close();
  });

  it("refuses a server certificate it does not trust", async () => {
    const c = client({ ca: undefined });
    await expect(c.send({ method: "GET", url: `${source.url}/x` })).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/),
    });
    c.close();
  });

  it.each([
    ["CONNECT_TIMEOUT", () => `https://127.0.0.1:${(silent.address() as AddressInfo).port}/`],
    ["HEADERS_TIMEOUT", () => `${source.url}/slow-headers`],
    ["BODY_TIMEOUT", () => `${source.url}/stall-body`],
  ])("times out with %s", async (code, url) => {
    const c = client({ connectTimeoutMs: 150, headersTimeoutMs: 150, bodyTimeoutMs: 150 });
    const err = await c.send({ method: "GET", url: url() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpTimeoutError);
    expect((err as HttpTimeoutError).code).toBe(code);
    c.close();
  });

  it("keeps Node's code for a refused connection", async () => {
    const port = (silent.address() as AddressInfo).port;
    const closed = createTcpServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(closedPort).not.toBe(port);
    const c = client();
    await expect(c.send({ method: "GET", url: `https://127.0.0.1:${closedPort}/` })).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
    c.close();
  });
});
