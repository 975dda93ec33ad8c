/**
 * `psoxy test call --async` (infra spec 11.1, 11.4): after a 202, the proxy's `Location` names the object
 * where the async leg will write the sanitized result; this polls it until it appears, then returns its
 * content, decompressed. Locations: `s3://bucket/key`, `gs://bucket/object`, `file:///path` (an
 * addition, for local tests), and HTTPS URLs of S3 (path-style, virtual-hosted, dual-stack, VPC
 * endpoint, `*.s3.on.aws`, or any host given as the custom endpoint) and Cloud Storage
 * (`storage.googleapis.com`). A missing object means "not yet". S3 is read with the role given by `-r`.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync, inflateSync } from "node:zlib";
import { resolveCredentials, s3ClientConfig } from "./aws.js";
import { TestToolError } from "./http.js";
import type { Io } from "./io.js";

export const DEFAULT_POLL_INTERVAL_MS = 10_000;
export const DEFAULT_POLL_ATTEMPTS = 12;

export interface AsyncLocation {
  kind: "s3" | "gcs" | "file";
  bucket: string;
  key: string;
  /** S3 region named by the host, if any */
  region?: string;
}

export interface AsyncPollOptions {
  role?: string;
  region?: string;
  stsEndpoint?: string;
  /** S3 / Cloud Storage endpoint (S3-compatible stores, emulators); S3 is then addressed path-style */
  endpoint?: string;
  pollIntervalMs?: number;
  attempts?: number;
  verbose?: boolean;
}

export interface StoredObject {
  body: Buffer;
  contentEncoding?: string;
}

/** Reads one object; resolves undefined while it does not exist. */
export type ObjectGetter = (location: AsyncLocation) => Promise<StoredObject | undefined>;

const decodeKey = (path: string) =>
  path
    .split("/")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join("/");

function splitPath(url: URL): [string, string] {
  const path = url.pathname.replace(/^\/+/, "");
  const i = path.indexOf("/");
  if (i <= 0) return [decodeKey(path), ""];
  return [decodeKey(path.slice(0, i)), decodeKey(path.slice(i + 1))];
}

/** Parses a `Location`; throws TestToolError for a form it cannot read. */
export function parseAsyncLocation(location: string, customEndpoint?: string): AsyncLocation {
  let url: URL;
  try {
    url = new URL(location.trim());
  } catch {
    throw new TestToolError(`the async Location "${location}" is not a URL`);
  }
  const done = (l: AsyncLocation): AsyncLocation => {
    if (!l.bucket || !l.key) throw new TestToolError(`the async Location "${location}" names no object`);
    return l;
  };
  if (url.protocol === "s3:" || url.protocol === "gs:") {
    // the key is everything after the bucket, verbatim
    const rest = location.trim().slice(url.protocol.length + 2);
    const i = rest.indexOf("/");
    return done({
      kind: url.protocol === "s3:" ? "s3" : "gcs",
      bucket: i < 0 ? rest : rest.slice(0, i),
      key: i < 0 ? "" : rest.slice(i + 1),
    });
  }
  if (url.protocol === "file:") return done({ kind: "file", bucket: "/", key: decodeKey(url.pathname) });
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new TestToolError(`the async Location "${location}" is not an S3, Cloud Storage or file location`);

  const host = url.hostname.toLowerCase();
  if (customEndpoint) {
    let custom: URL | undefined;
    try {
      custom = new URL(customEndpoint);
    } catch {
      custom = undefined;
    }
    if (custom && custom.host.toLowerCase() === url.host.toLowerCase()) {
      const [bucket, key] = splitPath(url);
      return done({ kind: host.includes("storage") && !host.includes("s3") ? "gcs" : "s3", bucket, key });
    }
  }
  if (host === "storage.googleapis.com" || host === "storage.cloud.google.com") {
    const [bucket, key] = splitPath(url);
    return done({ kind: "gcs", bucket, key });
  }
  if (host.endsWith(".storage.googleapis.com")) {
    return done({
      kind: "gcs",
      bucket: host.slice(0, -".storage.googleapis.com".length),
      key: decodeKey(url.pathname.slice(1)),
    });
  }
  // VPC interface endpoint: bucket.vpce-<id>.s3.<region>.vpce.amazonaws.com[/bucket]/key
  const vpce = /^(?:(.+)\.)?bucket\.vpce-[a-z0-9-]+\.s3\.([a-z0-9-]+)\.vpce\.amazonaws\.com$/.exec(host);
  if (vpce) {
    if (vpce[1])
      return done({ kind: "s3", bucket: vpce[1], key: decodeKey(url.pathname.slice(1)), region: vpce[2] });
    const [bucket, key] = splitPath(url);
    return done({ kind: "s3", bucket, key, region: vpce[2] });
  }
  // path-style: s3.amazonaws.com, s3.<region>.amazonaws.com, s3-<region>.amazonaws.com, s3.dualstack.<region>...
  const pathStyle = /^s3(?:[.-]dualstack)?(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/.exec(host);
  if (pathStyle) {
    const [bucket, key] = splitPath(url);
    const region = pathStyle[1] && pathStyle[1] !== "external-1" ? pathStyle[1] : undefined;
    return done({ kind: "s3", bucket, key, region });
  }
  // virtual-hosted: <bucket>.s3[.dualstack][.-<region>].amazonaws.com
  const virtual = /^(.+?)\.s3(?:[.-]dualstack)?(?:[.-]([a-z0-9-]+))?\.amazonaws\.com$/.exec(host);
  if (virtual) {
    return done({
      kind: "s3",
      bucket: virtual[1]!,
      key: decodeKey(url.pathname.slice(1)),
      region: virtual[2],
    });
  }
  // *.s3.on.aws (e.g. <bucket>.s3.<region>.on.aws): the bucket is in front of ".s3."
  if (host.endsWith(".on.aws") && host.includes(".s3.")) {
    const i = host.indexOf(".s3.");
    const region = host.slice(i + 4, -".on.aws".length) || undefined;
    return done({ kind: "s3", bucket: host.slice(0, i), key: decodeKey(url.pathname.slice(1)), region });
  }
  throw new TestToolError(
    `cannot read the async Location ${location}: not an S3 or Cloud Storage URL (for another S3-compatible host, pass it as --output-endpoint)`,
  );
}

async function s3Getter(options: AsyncPollOptions): Promise<ObjectGetter> {
  const { S3Client, GetObjectCommand } = await import("@aws-sdk/client-s3");
  const clients = new Map<string, InstanceType<typeof S3Client>>();
  const credentials = options.role
    ? await resolveCredentials({
        role: options.role,
        region: options.region ?? "us-east-1",
        stsEndpoint: options.stsEndpoint,
      })
    : undefined;
  return async (l) => {
    const region = l.region ?? options.region ?? "us-east-1";
    let client = clients.get(region);
    if (!client) {
      client = new S3Client({
        ...s3ClientConfig(region, credentials, options.endpoint),
        followRegionRedirects: true,
      });
      clients.set(region, client);
    }
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: l.bucket, Key: l.key }));
      return {
        body: Buffer.from(await out.Body!.transformToByteArray()),
        contentEncoding: out.ContentEncoding,
      };
    } catch (e) {
      const name = (e as { name?: string }).name;
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (name === "NoSuchKey" || name === "NotFound" || status === 404) return undefined;
      throw e;
    }
  };
}

async function gcsGetter(options: AsyncPollOptions): Promise<ObjectGetter> {
  const { Storage } = await import("@google-cloud/storage");
  const storage = new Storage(options.endpoint ? { apiEndpoint: options.endpoint } : {});
  return async (l) => {
    try {
      const [body] = await storage
        .bucket(l.bucket)
        .file(l.key)
        .download({ decompress: false, validation: false });
      return { body };
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
  };
}

const fileGetter: ObjectGetter = async (l) => {
  try {
    return { body: await readFile(l.key) };
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") return undefined;
    throw e;
  }
};

export async function defaultGetter(
  kind: AsyncLocation["kind"],
  options: AsyncPollOptions,
): Promise<ObjectGetter> {
  if (kind === "s3") return s3Getter(options);
  if (kind === "gcs") return gcsGetter(options);
  return fileGetter;
}

/** gunzip when declared or when the gzip magic bytes are there; inflate as the fallback; else as stored. */
export function decompress(o: StoredObject): Buffer {
  const b = o.body;
  const gzip =
    (o.contentEncoding ?? "").toLowerCase().includes("gzip") ||
    (b.length > 2 && b[0] === 0x1f && b[1] === 0x8b);
  if (!gzip) return b;
  try {
    return gunzipSync(b);
  } catch {
    try {
      return inflateSync(b);
    } catch {
      return b;
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the Location until the object exists; throws TestToolError when it does not appear in time. */
export async function pollAsyncResponse(
  locationHeader: string,
  options: AsyncPollOptions,
  io: Io,
  getter?: ObjectGetter,
): Promise<Buffer> {
  const location = parseAsyncLocation(locationHeader, options.endpoint);
  const get = getter ?? (await defaultGetter(location.kind, options));
  const interval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const attempts = options.attempts ?? DEFAULT_POLL_ATTEMPTS;
  io.out(
    `Waiting for the async result at ${locationHeader} (every ${interval / 1000} s, up to ${attempts} times)`,
  );
  for (let i = 1; i <= attempts; i++) {
    const found = await get(location);
    if (found) return decompress(found);
    if (options.verbose) io.err(`not there yet (attempt ${i}/${attempts})`);
    if (i < attempts) await sleep(interval);
  }
  throw new TestToolError(
    `the async result did not appear at ${locationHeader} within ${(attempts * interval) / 1000} s: ` +
      "the source may have answered with an error (nothing is written then); check the proxy's logs (psoxy test logs)",
  );
}
