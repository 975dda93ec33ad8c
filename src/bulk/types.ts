/**
 * What the bulk sanitizers need from outside: a pseudonymizer, the shuffle settings and somewhere to
 * report warnings and progress. Kept as plain interfaces so the sanitizers stay testable.
 */
import type { JsonDouble } from "../core/json/types.js";
import type { Identity } from "../core/transforms/context.js";

/** The pseudonymizer operations bulk mode uses (the real one, or the conformance corpus' stub). */
export interface BulkPseudonymizer {
  /** null for null / blank input */
  pseudonymize(value: string | number | bigint | JsonDouble | null): Identity | null;
  encodeJson(id: Identity): string;
  encodeUrlSafeToken(id: Identity): string;
  /** reversible `p~` token; throws when no encryption key is configured */
  tokenize(value: string): string;
}

/**
 * How rows are reordered before they are written (bulk-and-cli spec 8.6). `random` is the production
 * behaviour (de-identification); `none` and `reverse-each-chunk` are the test modes of the corpus.
 */
export type ShuffleMode = "random" | "none" | "reverse-each-chunk";

export interface ShuffleOptions {
  /** rows per chunk; default 500 */
  chunkSize?: number;
  mode?: ShuffleMode;
}

export interface BulkWarning {
  /** stable identifier, e.g. MISSING_COLUMNS */
  code: string;
  message: string;
  file?: string;
}

export interface SanitizeContext {
  pseudonymizer: BulkPseudonymizer;
  shuffle?: ShuffleOptions;
  /** receives non-fatal problems (never cell contents) */
  onWarning?: (w: BulkWarning) => void;
  /** called with the running count of data records, at most every few thousand records */
  onProgress?: (records: number) => void;
  /** stop after this many data records (the validation pass) */
  recordLimit?: number;
  /** object key or file name, for messages */
  file?: string;
}

export const DEFAULT_SHUFFLE_CHUNK_SIZE = 500;
