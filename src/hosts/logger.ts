/**
 * The hosts' structured logger: pino, one JSON object per line on stdout (what Lambda, Cloud Functions
 * and container platforms collect). `IS_DEVELOPMENT_MODE=true` enables debug lines (api-mode spec 7.4).
 */
import { writeSync } from "node:fs";
import pino from "pino";
import type { Logger } from "../gateway/types.js";

export interface HostLoggerOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides the level derived from the environment. */
  level?: string;
  /** Where to write (defaults to stdout). */
  destination?: pino.DestinationStream;
  /** Fields on every line (none by default), e.g. the process id when several processes share stdout. */
  base?: Record<string, unknown>;
}

export type HostLogger = Logger & pino.Logger;

let cachedSecond = Number.NaN;
let cachedPrefix = "";

/**
 * pino's `stdTimeFunctions.isoTime` (`,"time":"<Date.toISOString()>"`) for a given instant, without
 * formatting a Date for every line: the text up to the seconds is reused within the same second.
 */
export function isoTimeAt(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString();
    // "...:SS.000Z" -> "...:SS."
    cachedPrefix = `,"time":"${iso.slice(0, iso.length - 4)}`;
    cachedSecond = second;
  }
  const milli = ms - second * 1000;
  return `${cachedPrefix}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z"`;
}

export const isoTime = (): string => isoTimeAt(Date.now());

export function createHostLogger(options: HostLoggerOptions = {}): HostLogger {
  const env = options.env ?? process.env;
  const level =
    options.level ?? (env.IS_DEVELOPMENT_MODE?.trim().toLowerCase() === "true" ? "debug" : "info");
  const opts: pino.LoggerOptions = { level, base: options.base, timestamp: isoTime };
  return (options.destination ? pino(opts, options.destination) : pino(opts)) as HostLogger;
}

/** The part of SonicBoom (pino's stdout stream) used here. */
interface Sink {
  write(data: string): boolean;
  flush(cb?: (err?: Error) => void): void;
  flushSync(): void;
}

/** How long a line may wait for others to share its write. */
export const BATCH_MS = 10;
/**
 * Largest batch in one write: PIPE_BUF on Linux, the size up to which writes to a pipe are atomic, so
 * that the lines of processes sharing stdout (`psoxy serve --workers`) never interleave mid-line.
 */
export const ATOMIC_WRITE_BYTES = 4096;

/**
 * Stdout for a long-running server (`psoxy serve`). Each write to pino's asynchronous stdout stream is a
 * round trip through libuv's thread pool (wake a worker, write, wake the loop); one per line cost a busy
 * server about 20 µs of CPU per request. Here lines wait up to `BATCH_MS` to be written together, in
 * writes of whole lines of at most `ATOMIC_WRITE_BYTES` (a longer line goes alone), and whatever is
 * pending when the process exits is written synchronously. Not for Lambda or Cloud Functions, whose
 * processes are frozen between invocations.
 */
export class BatchedStdout implements pino.DestinationStream {
  /** full batches waiting for the timer */
  private batches: string[] = [];
  private pending = "";
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly sink: Sink;

  constructor(
    private readonly fd = 1,
    sink?: Sink,
  ) {
    // maxWrite keeps the stream from merging batches into one larger write
    this.sink =
      sink ?? (pino.destination({ dest: fd, sync: false, maxWrite: ATOMIC_WRITE_BYTES }) as unknown as Sink);
    process.on("exit", () => this.flushSync());
  }

  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.pendingBytes + bytes > ATOMIC_WRITE_BYTES && this.pending !== "") {
      this.batches.push(this.pending);
      this.pending = "";
      this.pendingBytes = 0;
    }
    this.pending += line;
    this.pendingBytes += bytes;
    // a referenced timer, so that the process does not reach beforeExit with lines pending
    this.timer ??= setTimeout(this.release, BATCH_MS);
    return true;
  }

  /** The batches in order, emptied. */
  private take(): string[] {
    const out = this.batches;
    if (this.pending !== "") out.push(this.pending);
    this.batches = [];
    this.pending = "";
    this.pendingBytes = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
    return out;
  }

  private readonly release = (): void => {
    for (const batch of this.take()) this.sink.write(batch);
  };

  /** Hands the pending lines to the stream and calls back once they are written. */
  flush(cb?: (err?: Error) => void): void {
    this.release();
    this.sink.flush(cb);
  }

  /** Writes everything now, blocking (process exit): the stream's older lines first, then the pending. */
  flushSync(): void {
    const batches = this.take();
    try {
      this.sink.flushSync();
      for (const batch of batches) writeAllSync(this.fd, batch);
    } catch {
      // stdout is gone (EPIPE) or stuck: nothing more can be logged
    }
  }
}

/** Writes all of `text`, waiting out a full non-blocking pipe (EAGAIN) for up to about a second. */
function writeAllSync(fd: number, text: string): void {
  let bytes = Buffer.from(text);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waits = 0; bytes.length > 0; ) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN" || ++waits > 1000) throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
