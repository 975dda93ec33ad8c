/**
 * Object stores for bulk mode: where input objects are read and sanitized objects written (local
 * directories, S3, GCS). Writes are atomic: an object appears only once its whole body was produced
 * without error, so a failed sanitization never leaves partial output behind.
 */

export interface ObjectInfo {
  contentType?: string;
  contentEncoding?: string;
  /** user metadata; null when the platform returns none (GCS) */
  metadata: Record<string, string> | null;
  size?: number;
}

export interface PutOptions {
  contentType?: string | null;
  contentEncoding?: string | null;
  /** user metadata (S3 shows it as `x-amz-meta-…`; GCS without prefix) */
  metadata?: Record<string, string>;
}

export interface ObjectStore {
  /** for logs: "local", "s3", "gcs" */
  readonly kind: string;
  head(bucket: string, key: string): Promise<ObjectInfo>;
  /** The stored bytes, as stored (no transcoding / decompression by the platform). */
  read(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>>;
  /**
   * Writes `body` as the object, atomically: if reading `body` fails, or the upload does, no object
   * (and no partial object) is left under `key`. Resolves once the object is stored.
   */
  put(bucket: string, key: string, body: AsyncIterable<Uint8Array>, options?: PutOptions): Promise<void>;
}

export class StorageError extends Error {
  readonly code = "STORAGE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StorageError";
  }
}
