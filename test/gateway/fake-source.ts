/**
 * A real HTTPS server on loopback playing the source API, with a self-signed certificate made on the fly
 * (trusted by the gateway through its `ca` option). Records every request it receives.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";

export interface RecordedRequest {
  method: string;
  /** path and query exactly as received */
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** negotiated TLS version */
  tlsProtocol: string | null;
}

export type SourceHandler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface FakeSource {
  /** `127.0.0.1:<port>` */
  host: string;
  ca: string;
  requests: RecordedRequest[];
  /** replaces the handler for the next requests */
  handle(handler: SourceHandler): void;
  close(): Promise<void>;
}

let certificate: Promise<{ cert: string; key: string }> | undefined;

function testCertificate() {
  certificate ??= generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return certificate;
}

export async function startFakeSource(initial?: SourceHandler): Promise<FakeSource> {
  const { cert, key } = await testCertificate();
  const requests: RecordedRequest[] = [];
  let handler: SourceHandler =
    initial ??
    ((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end("{}");
    });
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        tlsProtocol: (req.socket as import("node:tls").TLSSocket).getProtocol?.() ?? null,
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((e) => {
        res.writeHead(599);
        res.end(String(e));
      });
    });
  });
  server.on("secureConnection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    ca: cert,
    requests,
    handle(h) {
      handler = h;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening (connections are refused). */
export async function refusedPort(): Promise<number> {
  const { createServer: createTcp } = await import("node:net");
  const srv = createTcp();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
