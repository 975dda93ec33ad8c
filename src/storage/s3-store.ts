/**
 * S3 as an object store (AWS SDK v3). Input is streamed from GetObject; output is staged in a temp
 * file and sent with one PutObject carrying its length, so an object appears only when complete
 * (the reference does the same through `/tmp`). PutObject's 5 GB limit applies.
 */
import { createReadStream } from "node:fs";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { stageToTempFile } from "./staging.js";
import { type ObjectInfo, type ObjectStore, type PutOptions, StorageError } from "./types.js";

export interface S3StoreOptions {
  client: S3Client;
  /** staging directory (default: the OS temp dir, /tmp on Lambda) */
  tmpDir?: string;
}

function describe(e: unknown): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  return `${err.name ?? "Error"}${status ? ` (HTTP ${status})` : ""}: ${err.message ?? String(e)}`;
}

export class S3Store implements ObjectStore {
  readonly kind = "s3";
  private readonly client: S3Client;
  private readonly tmpDir?: string;

  constructor(options: S3StoreOptions) {
    this.client = options.client;
    this.tmpDir = options.tmpDir;
  }

  async head(bucket: string, key: string): Promise<ObjectInfo> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        contentType: r.ContentType,
        contentEncoding: r.ContentEncoding,
        metadata: r.Metadata ?? {},
        size: r.ContentLength,
      };
    } catch (e) {
      throw new StorageError(`cannot read metadata of s3://${bucket}/${key}: ${describe(e)}`, { cause: e });
    }
  }

  async read(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!r.Body) throw new Error("empty response body");
      return r.Body as AsyncIterable<Uint8Array>;
    } catch (e) {
      throw new StorageError(`cannot read s3://${bucket}/${key}: ${describe(e)}`, { cause: e });
    }
  }

  async put(
    bucket: string,
    key: string,
    body: AsyncIterable<Uint8Array>,
    options: PutOptions = {},
  ): Promise<void> {
    const staged = await stageToTempFile(body, this.tmpDir);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: createReadStream(staged.path),
          ContentLength: staged.size,
          ContentType: options.contentType ?? undefined,
          ContentEncoding: options.contentEncoding ?? undefined,
          Metadata: options.metadata,
        }),
      );
    } catch (e) {
      throw new StorageError(`cannot write s3://${bucket}/${key}: ${describe(e)}`, { cause: e });
    } finally {
      await staged.remove();
    }
  }
}

/** An S3Store with the platform's default client (loaded only when first needed). */
export async function defaultS3Store(): Promise<S3Store> {
  const { S3Client } = await import("@aws-sdk/client-s3");
  return new S3Store({ client: new S3Client({}) });
}
