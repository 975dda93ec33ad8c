/**
 * A small Cloud Storage JSON API server on loopback, enough for @google-cloud/storage with
 * `apiEndpoint` pointed at it: object metadata (GET), media download (`alt=media`), simple
 * multipart upload (`uploadType=multipart`) and delete. Objects live in memory.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeObject {
  data: Buffer;
  contentType?: string;
  contentEncoding?: string;
  metadata?: Record<string, string>;
  generation: number;
}

export interface FakeGcs {
  endpoint: string;
  objects: Map<string, FakeObject>;
  /** request lines seen, e.g. "POST /upload/storage/v1/b/out/o" */
  requests: string[];
  /** makes the next upload to this bucket fail with HTTP 503 */
  failUploadsTo: Set<string>;
  close(): Promise<void>;
}

const id = (bucket: string, name: string) => `${bucket}/${name}`;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function resource(bucket: string, name: string, o: FakeObject): Record<string, unknown> {
  const r: Record<string, unknown> = {
    kind: "storage#object",
    id: `${bucket}/${name}/${o.generation}`,
    name,
    bucket,
    generation: String(o.generation),
    size: String(o.data.length),
    contentType: o.contentType ?? "application/octet-stream",
  };
  if (o.contentEncoding) r.contentEncoding = o.contentEncoding;
  if (o.metadata) r.metadata = o.metadata;
  return r;
}

/** Splits a multipart/related body into its parts' bodies. */
function multipartParts(body: Buffer, boundary: string): Buffer[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delim);
  while (at >= 0) {
    const start = at + delim.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delim, start);
    if (next < 0) break;
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    let content = part.subarray(headerEnd + 4);
    if (content.subarray(content.length - 2).toString() === "\r\n")
      content = content.subarray(0, content.length - 2);
    parts.push(content);
    at = next;
  }
  return parts;
}

export async function startFakeGcs(): Promise<FakeGcs> {
  const objects = new Map<string, FakeObject>();
  const requests: string[] = [];
  const failUploadsTo = new Set<string>();
  let generation = 1;

  const json = (res: ServerResponse, status: number, v: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(v));
  };
  const notFound = (res: ServerResponse) =>
    json(res, 404, { error: { code: 404, message: "No such object" } });

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(`${req.method} ${url.pathname}`);
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    const object = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
    try {
      if (upload && req.method === "POST") {
        const bucket = decodeURIComponent(upload[1]);
        const body = await readBody(req);
        if (failUploadsTo.has(bucket)) {
          json(res, 503, { error: { code: 503, message: "backend unavailable" } });
          return;
        }
        const type = req.headers["content-type"] ?? "";
        const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
        if (url.searchParams.get("uploadType") !== "multipart" || !boundary) {
          json(res, 400, { error: { code: 400, message: "only multipart uploads are supported" } });
          return;
        }
        const [meta, media] = multipartParts(body, boundary);
        const m = JSON.parse(meta.toString()) as {
          name?: string;
          contentType?: string;
          contentEncoding?: string;
          metadata?: Record<string, string>;
        };
        const name = url.searchParams.get("name") ?? m.name ?? "";
        const o: FakeObject = {
          data: media,
          contentType: m.contentType,
          contentEncoding: m.contentEncoding,
          metadata: m.metadata,
          generation: generation++,
        };
        objects.set(id(bucket, name), o);
        json(res, 200, resource(bucket, name, o));
        return;
      }
      if (object) {
        const bucket = decodeURIComponent(object[1]);
        const name = decodeURIComponent(object[2]);
        const o = objects.get(id(bucket, name));
        if (req.method === "DELETE") {
          if (!o) return notFound(res);
          objects.delete(id(bucket, name));
          res.writeHead(204);
          res.end();
          return;
        }
        if (req.method === "GET") {
          if (!o) return notFound(res);
          if (url.searchParams.get("alt") === "media") {
            // the stored bytes as stored (no decompressive transcoding)
            const headers: Record<string, string> = {
              "content-type": o.contentType ?? "application/octet-stream",
              "content-length": String(o.data.length),
            };
            if (o.contentEncoding) headers["x-goog-stored-content-encoding"] = o.contentEncoding;
            res.writeHead(200, headers);
            res.end(o.data);
            return;
          }
          return json(res, 200, resource(bucket, name, o));
        }
      }
      json(res, 404, { error: { code: 404, message: `not implemented: ${req.method} ${url.pathname}` } });
    } catch (e) {
      json(res, 500, { error: { code: 500, message: (e as Error).message } });
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    failUploadsTo,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
