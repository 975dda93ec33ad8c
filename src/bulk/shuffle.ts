/**
 * The chunked row shuffle of the columnar sanitizer (bulk-and-cli spec 8.6): rows are buffered in
 * chunks (500 by default) and each chunk is reordered before it is written. Shuffling is deliberate
 * de-identification (row order often leaks who is who, e.g. a file sorted by hire date), so the
 * random mode draws from the crypto RNG.
 */
import { randomFillSync } from "node:crypto";
import { DEFAULT_SHUFFLE_CHUNK_SIZE, type ShuffleMode, type ShuffleOptions } from "./types.js";

export interface ResolvedShuffle {
  chunkSize: number;
  mode: ShuffleMode;
}

export function resolveShuffle(o: ShuffleOptions | undefined): ResolvedShuffle {
  const mode = o?.mode ?? "random";
  // "none" in the corpus means chunks of one row, i.e. input order
  const chunkSize = mode === "none" ? 1 : Math.max(1, Math.floor(o?.chunkSize ?? DEFAULT_SHUFFLE_CHUNK_SIZE));
  return { chunkSize, mode };
}

let pool = new Uint32Array(0);

/** Reorders `rows` in place as the mode says. */
export function reorderChunk<T>(rows: T[], mode: ShuffleMode): void {
  const n = rows.length;
  if (n < 2 || mode === "none") return;
  if (mode === "reverse-each-chunk") {
    rows.reverse();
    return;
  }
  if (pool.length < n) pool = new Uint32Array(Math.max(n, 512));
  randomFillSync(pool, 0, n);
  // Fisher-Yates; the modulo bias of a 32-bit draw over <= a few thousand slots is negligible
  for (let i = n - 1; i > 0; i--) {
    const j = pool[i] % (i + 1);
    const t = rows[i];
    rows[i] = rows[j];
    rows[j] = t;
  }
}
