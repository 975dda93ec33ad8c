/**
 * Staging a body in a local temp file before it is uploaded: the upload starts only after the body
 * was produced completely, which is what makes S3 / GCS writes all-or-nothing (and gives S3 the
 * content length it needs). Lambda's /tmp holds up to 10 GB (Terraform sets it), as in the reference.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export interface StagedFile {
  path: string;
  size: number;
  /** removes the file (never throws) */
  remove(): Promise<void>;
}

export async function stageToTempFile(body: AsyncIterable<Uint8Array>, dir?: string): Promise<StagedFile> {
  const path = join(dir ?? tmpdir(), `psoxy-out-${randomUUID()}`);
  const remove = async () => {
    await rm(path, { force: true }).catch(() => {});
  };
  try {
    await pipeline(Readable.from(body, { objectMode: false }), createWriteStream(path, { mode: 0o600 }));
    const { size } = await stat(path);
    return { path, size, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}
