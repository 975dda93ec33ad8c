/**
 * A directory tree as an object store: a bucket is a directory, a key a relative path inside it.
 * Writes go to a temp file in the destination directory and are renamed into place, so readers never
 * see a partial file. Optional sidecar files (`<name>.psoxy-meta.json`) keep the metadata an object
 * store would, so the loop guard works on a local "bucket" too.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type ObjectInfo, type ObjectStore, type PutOptions, StorageError } from "./types.js";

export interface LocalFsStoreOptions {
  /** directory that bucket names are relative to (default: the working directory) */
  root?: string;
  /** keep content type / encoding / metadata in `<file>.psoxy-meta.json` beside each object */
  sidecarMetadata?: boolean;
}

const SIDECAR = ".psoxy-meta.json";

export class LocalFsStore implements ObjectStore {
  readonly kind = "local";
  private readonly root: string;
  private readonly sidecar: boolean;

  constructor(options: LocalFsStoreOptions = {}) {
    this.root = resolve(options.root ?? ".");
    this.sidecar = options.sidecarMetadata === true;
  }

  /** Absolute path of an object; refuses keys that leave the bucket directory. */
  pathOf(bucket: string, key: string): string {
    const dir = resolve(this.root, bucket);
    const p = resolve(dir, key);
    if (p !== dir && !p.startsWith(dir + sep)) {
      throw new StorageError(`object key ${JSON.stringify(key)} points outside bucket ${bucket}`);
    }
    return p;
  }

  async head(bucket: string, key: string): Promise<ObjectInfo> {
    const path = this.pathOf(bucket, key);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (e) {
      throw new StorageError(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
    }
    if (!this.sidecar) return { metadata: null, size };
    try {
      const meta = JSON.parse(await readFile(path + SIDECAR, "utf8")) as Omit<ObjectInfo, "size">;
      return { ...meta, size };
    } catch {
      return { metadata: null, size };
    }
  }

  async read(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
    const path = this.pathOf(bucket, key);
    await this.head(bucket, key);
    return createReadStream(path, { highWaterMark: 256 * 1024 });
  }

  async put(
    bucket: string,
    key: string,
    body: AsyncIterable<Uint8Array>,
    options: PutOptions = {},
  ): Promise<void> {
    const path = this.pathOf(bucket, key);
    await writeFileAtomically(path, body);
    if (this.sidecar) {
      const meta: Omit<ObjectInfo, "size"> = { metadata: options.metadata ?? {} };
      if (options.contentType) meta.contentType = options.contentType;
      if (options.contentEncoding) meta.contentEncoding = options.contentEncoding;
      await writeFile(path + SIDECAR, JSON.stringify(meta, null, 2));
    }
  }
}

/**
 * Writes `body` to `path` through a temp file in the same directory and a rename; on any error the
 * temp file is removed and `path` is left as it was.
 */
export async function writeFileAtomically(path: string, body: AsyncIterable<Uint8Array>): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await pipeline(Readable.from(body, { objectMode: false }), createWriteStream(tmp, { mode: 0o644 }));
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
}
