import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ATOMIC_WRITE_BYTES, BATCH_MS, BatchedStdout, createHostLogger, isoTimeAt } from "./logger.js";

describe("isoTimeAt", () => {
  it("is pino's isoTime for any instant, reused second or not", () => {
    const instants = [
      0, 1, 999, 1000, 1001, 59_999, 946_684_799_999, 1_764_072_000_123, -1, -1001, 253_402_300_799_999,
    ];
    for (let t = 1_764_072_000_000; t < 1_764_072_003_000; t += 7) instants.push(t);
    for (const ms of instants) {
      vi.spyOn(Date, "now").mockReturnValue(ms);
      try {
        expect(isoTimeAt(ms)).toBe(pino.stdTimeFunctions.isoTime());
      } finally {
        vi.restoreAllMocks();
      }
    }
  });
});

function fakeSink() {
  const writes: string[] = [];
  return {
    writes,
    write(data: string) {
      writes.push(data);
      return true;
    },
    flush(cb?: (err?: Error) => void) {
      cb?.();
    },
    flushSync() {},
  };
}

describe("BatchedStdout", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes the lines of a burst together, in order, after BATCH_MS", () => {
    const sink = fakeSink();
    const out = new BatchedStdout(1, sink);
    out.write("a\n");
    out.write("b\n");
    expect(sink.writes).toEqual([]);
    vi.advanceTimersByTime(BATCH_MS);
    expect(sink.writes).toEqual(["a\nb\n"]);
    out.write("c\n");
    vi.advanceTimersByTime(BATCH_MS);
    expect(sink.writes).toEqual(["a\nb\n", "c\n"]);
  });

  it("never writes more than ATOMIC_WRITE_BYTES at once, nor splits a line", () => {
    const sink = fakeSink();
    const out = new BatchedStdout(1, sink);
    const lines = Array.from({ length: 100 }, (_, i) => `${JSON.stringify({ i, text: "é".repeat(i) })}\n`);
    for (const l of lines) out.write(l);
    const long = `${"x".repeat(ATOMIC_WRITE_BYTES + 10)}\n`;
    out.write(long);
    out.write("last\n");
    vi.advanceTimersByTime(BATCH_MS);
    expect(sink.writes.join("")).toBe([...lines, long, "last\n"].join(""));
    for (const w of sink.writes) {
      expect(w.endsWith("\n")).toBe(true);
      if (w !== long) expect(Buffer.byteLength(w)).toBeLessThanOrEqual(ATOMIC_WRITE_BYTES);
    }
    expect(sink.writes.length).toBeGreaterThan(2);
  });

  it("flush() writes at once; flushSync() writes the pending lines to the file descriptor", () => {
    const sink = fakeSink();
    const dir = mkdtempSync(join(tmpdir(), "psoxy-log-"));
    try {
      const file = join(dir, "out.log");
      const fd = openSync(file, "w");
      const out = new BatchedStdout(fd, sink);
      out.write("one\n");
      const done = vi.fn();
      out.flush(done);
      expect(sink.writes).toEqual(["one\n"]);
      expect(done).toHaveBeenCalled();
      out.write("two\n");
      out.write("three\n");
      out.flushSync();
      expect(readFileSync(file, "utf8")).toBe("two\nthree\n");
      vi.advanceTimersByTime(BATCH_MS);
      expect(sink.writes).toEqual(["one\n"]);
      closeSync(fd);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("carries pino's lines unchanged", () => {
    const sink = fakeSink();
    const logger = createHostLogger({ env: {}, destination: new BatchedStdout(1, sink) });
    logger.info({ method: "GET", path: "/x?y=<redacted>", status: 200, durationMs: 3 }, "api request");
    vi.advanceTimersByTime(BATCH_MS);
    const line = JSON.parse(sink.writes[0]!);
    expect(line).toEqual({
      level: 30,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      method: "GET",
      path: "/x?y=<redacted>",
      status: 200,
      durationMs: 3,
      msg: "api request",
    });
    expect(Object.keys(line)).toEqual(["level", "time", "method", "path", "status", "durationMs", "msg"]);
  });
});
