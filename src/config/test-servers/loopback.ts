/**
 * A tiny HTTP server on 127.0.0.1 for protocol-level tests: each fake backend (SSM, Secrets
 * Manager, GCP Secret Manager, Vault) is a handler over it. Records every request, and can be told
 * to fail every request with a status (a backend outage) until `fail` is cleared.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LoopbackReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
}

export type LoopbackHandler = (request: RecordedRequest) => LoopbackReply | Promise<LoopbackReply>;

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** When set, every request gets this reply instead of the handler's. */
  fail: LoopbackReply | undefined;
  close(): Promise<void>;
}

export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const state: { fail: LoopbackReply | undefined } = { fail: undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      Promise.resolve()
        .then(() => state.fail ?? handler(recorded))
        .catch((error: unknown): LoopbackReply => ({ status: 500, body: { error: String(error) } }))
        .then((reply: LoopbackReply) => {
          const body =
            reply.body === undefined
              ? ""
              : typeof reply.body === "string"
                ? reply.body
                : JSON.stringify(reply.body);
          res.writeHead(reply.status ?? 200, {
            "content-type": "application/json",
            "content-length": String(Buffer.byteLength(body)),
            ...reply.headers,
          });
          res.end(body);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get fail() {
      return state.fail;
    },
    set fail(reply) {
      state.fail = reply;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A loopback port with nothing listening (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
