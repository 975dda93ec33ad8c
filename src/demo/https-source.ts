/**
 * A loopback HTTPS server standing in for a source API (the demo, tests, benchmarks). The proxy only
 * calls https:// targets, so the server gets a fresh self-signed certificate for localhost and
 * 127.0.0.1; callers trust it by passing `cert` as the gateway's `ca` (or NODE_EXTRA_CA_CERTS).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";

export interface SelfSignedCertificate {
  /** PEM certificate: what a client must trust. */
  cert: string;
  /** PEM private key. */
  key: string;
}

export async function createSelfSignedCertificate(): Promise<SelfSignedCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 2 * 24 * 3600_000);
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

export type SourceHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpsSource {
  readonly server: Server;
  readonly port: number;
  /** `127.0.0.1:<port>`: the value for TARGET_HOST. */
  readonly hostPort: string;
  readonly url: string;
  readonly cert: string;
  close(): Promise<void>;
}

export async function startHttpsSource(
  handler: SourceHandler,
  options: { certificate?: SelfSignedCertificate; port?: number } = {},
): Promise<HttpsSource> {
  const certificate = options.certificate ?? (await createSelfSignedCertificate());
  const server = createServer(
    { cert: certificate.cert, key: certificate.key, keepAliveTimeout: 5_000 },
    (req, res) => {
      Promise.resolve(handler(req, res)).catch(() => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end('{"error":"demo source failure"}');
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    hostPort: `127.0.0.1:${port}`,
    url: `https://127.0.0.1:${port}`,
    cert: certificate.cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=UTF-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
