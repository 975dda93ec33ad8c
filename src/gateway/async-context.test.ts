import { describe, expect, it } from "vitest";
import {
  AsyncMessageError,
  asyncOutputLocation,
  createProcessingContext,
  isAsyncRequested,
  javaInstant,
  parseProcessingContext,
  processingContextJson,
} from "./async-context.js";

describe("processing context (spec 1.12)", () => {
  it("recognizes exactly `Prefer: respond-async`, any case", () => {
    const h = (v?: string) => new Headers(v === undefined ? {} : { Prefer: v });
    expect(isAsyncRequested(h("respond-async"))).toBe(true);
    expect(isAsyncRequested(h("Respond-Async"))).toBe(true);
    for (const v of ["respond-async, wait=5", "respond-async;wait=5", "wait=5", "", undefined]) {
      expect(isAsyncRequested(h(v))).toBe(false);
    }
  });

  it("formats timestamps as Java's Instant.toString()", () => {
    expect(javaInstant(new Date(Date.UTC(2026, 2, 12, 19, 3, 58, 390)))).toBe("2026-03-12T19:03:58.390Z");
    expect(javaInstant(new Date(Date.UTC(2026, 2, 12, 19, 3, 58, 120)))).toBe("2026-03-12T19:03:58.120Z");
    expect(javaInstant(new Date(Date.UTC(2026, 2, 12, 19, 3, 58)))).toBe("2026-03-12T19:03:58Z");
  });

  it("builds the location from the UTC day, without doubling a trailing /", () => {
    const at = new Date(Date.UTC(2025, 11, 31, 23, 59, 59, 999));
    expect(asyncOutputLocation("s3://b/out/", at, "r1")).toBe("s3://b/out/20251231/r1");
    expect(asyncOutputLocation("gs://b", at, "r1")).toBe("gs://b/20251231/r1");
  });

  it("serializes in field order with null fields left out, and reads it back", () => {
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    const full = createProcessingContext({
      requestId: "r-1",
      receivedAt: at,
      asyncOutputDestination: "s3://b/p",
      rawSideOutput: true,
    });
    const json = processingContextJson(full);
    expect(json).toBe(
      '{"requestId":"r-1","requestReceivedAt":"2026-01-02T03:04:05.006Z","async":true,' +
        '"asyncOutputLocation":"s3://b/p/20260102/r-1","rawOutputKey":"20260102/r-1"}',
    );
    expect(parseProcessingContext(json)).toEqual(full);
    const bare = createProcessingContext({ requestId: "r-2", receivedAt: at, rawSideOutput: false });
    expect(processingContextJson(bare)).toBe(
      '{"requestId":"r-2","requestReceivedAt":"2026-01-02T03:04:05.006Z","async":true}',
    );
  });

  it("accepts Jackson's other forms: microsecond ISO strings and epoch seconds", () => {
    const iso = parseProcessingContext(
      '{"requestId":"a","requestReceivedAt":"2026-01-02T03:04:05.123456Z","async":true}',
    );
    expect(iso.requestReceivedAt.toISOString()).toBe("2026-01-02T03:04:05.123Z");
    const epoch = parseProcessingContext('{"requestId":"a","requestReceivedAt":1767323045.5,"async":true}');
    expect(epoch.requestReceivedAt.toISOString()).toBe("2026-01-02T03:04:05.500Z");
  });

  it("refuses messages that are not usable async contexts", () => {
    for (const bad of [
      undefined,
      "",
      "not json",
      "[]",
      '{"requestReceivedAt":"2026-01-02T03:04:05Z","async":true}',
      '{"requestId":"../../x","requestReceivedAt":"2026-01-02T03:04:05Z","async":true}',
      '{"requestId":"a/b","requestReceivedAt":"2026-01-02T03:04:05Z","async":true}',
      '{"requestId":"a","requestReceivedAt":"yesterday","async":true}',
      '{"requestId":"a","requestReceivedAt":"2026-01-02T03:04:05Z","async":false}',
    ]) {
      expect(() => parseProcessingContext(bad)).toThrow(AsyncMessageError);
    }
  });
});
