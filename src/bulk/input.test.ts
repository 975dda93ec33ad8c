import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BulkError } from "./errors.js";
import { readText } from "./input.js";

async function* chunks(...parts: Uint8Array[]) {
  for (const p of parts) yield p;
}

async function text(source: AsyncIterable<Uint8Array>, decompress: boolean, warnings: string[] = []) {
  let out = "";
  for await (const s of readText(source, {
    decompress,
    file: "f.csv.gz",
    onWarning: (m) => warnings.push(m),
  }))
    out += s;
  return out;
}

describe("reading bulk input (spec 6.2)", () => {
  it("gunzips only data with the gzip magic bytes, even split over chunks", async () => {
    const gz = gzipSync(Buffer.from("a,b\n1,2\n"));
    expect(await text(chunks(gz.subarray(0, 1), gz.subarray(1)), true)).toBe("a,b\n1,2\n");
    const warnings: string[] = [];
    expect(await text(chunks(Buffer.from("plain")), true, warnings)).toBe("plain");
    expect(warnings[0]).toMatch(/magic bytes/);
    expect(await text(chunks(gz), false)).not.toBe("a,b\n1,2\n");
  });

  it("strips a BOM and decodes UTF-8 split inside a character", async () => {
    const bytes = Buffer.from("\uFEFFé,ü\n");
    expect(await text(chunks(bytes.subarray(0, 4), bytes.subarray(4)), false)).toBe("é,ü\n");
  });

  it("reports truncated gzip data as a GZIP error naming the file", async () => {
    const gz = gzipSync(Buffer.from("x".repeat(10000)));
    try {
      await text(chunks(gz.subarray(0, gz.length - 10)), true);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BulkError);
      expect((e as BulkError).code).toBe("GZIP");
      expect((e as Error).message).toMatch(/^f\.csv\.gz: .*truncated/);
    }
  });
});
