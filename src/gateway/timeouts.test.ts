import { describe, expect, it } from "vitest";
import { parseJavaInt, sourceTimeouts } from "./timeouts.js";

describe("source timeouts from REQUEST_TIMEOUT_SECONDS", () => {
  it.each([
    [180, 30_000, 150_000],
    [55, 30_000, 55_000],
    [30, 30_000, 30_000],
    [90, 30_000, 60_000],
    [10, 10_000, 10_000],
    [540, 30_000, 510_000],
  ])("T=%i gives connect %i ms and read %i ms", (t, connectMs, readMs) => {
    expect(sourceTimeouts(t)).toEqual({ connectMs, readMs });
  });

  it("parses ints as Java does", () => {
    expect(parseJavaInt("180")).toBe(180);
    expect(parseJavaInt("+5")).toBe(5);
    expect(parseJavaInt("1.5")).toBeNull();
    expect(parseJavaInt(" 5")).toBeNull();
    expect(parseJavaInt("99999999999")).toBeNull();
  });
});
