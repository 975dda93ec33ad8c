/**
 * Google Cloud Storage as an object store (@google-cloud/storage). Reads ask for the raw stored
 * bytes (no decompressive transcoding of `Content-Encoding: gzip` objects); writes are staged in a
 * temp file and sent as one non-resumable upload with gzip transcoding off, so an object appears only
 * when complete; a failed upload is deleted as well, should GCS have kept anything.
 */
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Storage } from "@google-cloud/storage";
import { stageToTempFile } from "./staging.js";
import { type ObjectInfo, type ObjectStore, type PutOptions, StorageError } from "./types.js";

export interface GcsStoreOptions {
  storage: Storage;
  tmpDir?: string;
}

function describe(e: unknown): string {
  const err = e as { code?: number | string; message?: string };
  return `${err.code !== undefined ? `${err.code} ` : ""}${err.message ?? String(e)}`;
}

export class GcsStore implements ObjectStore {
  readonly kind = "gcs";
  private readonly storage: Storage;
  private readonly tmpDir?: string;

  constructor(options: GcsStoreOptions) {
    this.storage = options.storage;
    this.tmpDir = options.tmpDir;
  }

  async head(bucket: string, key: string): Promise<ObjectInfo> {
    try {
      const [m] = await this.storage.bucket(bucket).file(key).getMetadata();
      const meta = m.metadata as Record<string, string | number | boolean | null> | undefined;
      let metadata: Record<string, string> | null = null;
      if (meta) {
        metadata = {};
        for (const [k, v] of Object.entries(meta)) if (v !== null && v !== undefined) metadata[k] = String(v);
      }
      return {
        contentType: m.contentType,
        contentEncoding: m.contentEncoding,
        metadata,
        size: m.size === undefined ? undefined : Number(m.size),
      };
    } catch (e) {
      throw new StorageError(`cannot read metadata of gs://${bucket}/${key}: ${describe(e)}`, { cause: e });
    }
  }

  async read(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
    return this.storage.bucket(bucket).file(key).createReadStream({ decompress: false, validation: false });
  }

  async put(
    bucket: string,
    key: string,
    body: AsyncIterable<Uint8Array>,
    options: PutOptions = {},
  ): Promise<void> {
    const staged = await stageToTempFile(body, this.tmpDir);
    const file = this.storage.bucket(bucket).file(key);
    try {
      await pipeline(
        createReadStream(staged.path),
        file.createWriteStream({
          resumable: false,
          gzip: false,
          validation: false,
          metadata: {
            contentType: options.contentType ?? undefined,
            contentEncoding: options.contentEncoding ?? undefined,
            metadata: options.metadata,
          },
        }),
      );
    } catch (e) {
      await file.delete({ ignoreNotFound: true }).catch(() => {});
      throw new StorageError(`cannot write gs://${bucket}/${key}: ${describe(e)}`, { cause: e });
    } finally {
      await staged.remove();
    }
  }
}

/** A GcsStore with the platform's default client (loaded only when first needed). */
export async function defaultGcsStore(): Promise<GcsStore> {
  const { Storage } = await import("@google-cloud/storage");
  return new GcsStore({ storage: new Storage() });
}
