/**
 * Reading a bulk object (bulk-and-cli spec 6.2): optional gunzip, decided by the request but only
 * applied when the data starts with the gzip magic bytes (GCS may serve a `Content-Encoding: gzip`
 * object already decoded); then UTF-8 decoding with any BOM removed. Everything is streamed.
 */
import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { BulkError } from "./errors.js";

export type ByteSource = AsyncIterable<Uint8Array>;

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

export interface ReadOptions {
  /** the request says the object is gzip-compressed */
  decompress: boolean;
  /** for messages */
  file?: string;
  onWarning?: (message: string) => void;
}

/** True when `bytes` starts with the gzip magic number. */
export function hasGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
}

async function* prepend(head: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for (const h of head) yield h;
    for (;;) {
      const r = await rest.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await rest.return?.();
  }
}

/** The decompressed bytes of `source` (or the bytes themselves when not gzip-compressed). */
export async function* readBytes(source: ByteSource, options: ReadOptions): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  if (!options.decompress) {
    yield* prepend([], it);
    return;
  }
  // peek at the first two bytes
  const head: Uint8Array[] = [];
  let have = 0;
  let ended = false;
  while (have < 2) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    if (r.value.length === 0) continue;
    head.push(r.value);
    have += r.value.length;
  }
  const first = head.length === 1 ? head[0] : Buffer.concat(head);
  if (!hasGzipMagic(first)) {
    options.onWarning?.(
      "object is marked as gzip-compressed but does not start with the gzip magic bytes; reading it as is",
    );
    if (ended) {
      if (first.length > 0) yield first;
      return;
    }
    yield* prepend([first], it);
    return;
  }
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const compressed = Readable.from(ended ? prepend([first], emptyIterator()) : prepend([first], it), {
    objectMode: false,
  });
  // errors of either side surface through the iteration of `gunzip`
  pipeline(compressed, gunzip, () => {});
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (e) {
    if (e instanceof BulkError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code === "string" && err.code.startsWith("Z_")) {
      throw new BulkError(
        "GZIP",
        err.code === "Z_BUF_ERROR"
          ? "the gzip data is truncated (unexpected end of file); upload the complete file again"
          : `the gzip data is corrupt (${err.message})`,
        { file: options.file },
        { cause: e },
      );
    }
    throw e;
  } finally {
    compressed.destroy();
    gunzip.destroy();
  }
}

function emptyIterator(): AsyncIterator<Uint8Array> {
  return { next: async () => ({ done: true, value: undefined }) };
}

/**
 * Text chunks stay below V8's large-object size: a large string is allocated in old space and freed
 * only by a full GC, so megabyte chunks make the heap (and RSS) grow with the file; small ones die young.
 */
const TEXT_CHUNK_BYTES = 64 * 1024;

/** UTF-8 text of the bytes, BOM removed, malformed sequences replaced (as Java's InputStreamReader). */
export async function* decodeUtf8(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });
  for await (const b of bytes) {
    for (let i = 0; i < b.length; i += TEXT_CHUNK_BYTES) {
      const s = decoder.decode(b.length <= TEXT_CHUNK_BYTES ? b : b.subarray(i, i + TEXT_CHUNK_BYTES), {
        stream: true,
      });
      if (s.length > 0) yield s;
    }
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/** `readBytes` then `decodeUtf8`. */
export function readText(source: ByteSource, options: ReadOptions): AsyncGenerator<string> {
  return decodeUtf8(readBytes(source, options));
}
