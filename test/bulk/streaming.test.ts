/**
 * Memory stays flat whatever the file size: a generated CSV of more than 50 MB (gzipped on the way
 * in, as bulk inputs usually are) goes through the full pass while the heap is sampled; the peak
 * growth must stay far below the input size.
 */
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sanitizedStream } from "../../src/bulk/process-object.js";
import { createPseudonymizer } from "../../src/core/pseudonyms/index.js";
import { loadRules } from "../../src/core/rules/index.js";
import type { ColumnarRules } from "../../src/core/rules/model.js";

const TARGET_BYTES = 56 * 1024 * 1024;

function* csv(): Generator<Buffer> {
  yield Buffer.from("EMPLOYEE_ID,EMPLOYEE_EMAIL,DEPARTMENT,NOTES\n");
  let produced = 0;
  let i = 0;
  const pad = "x".repeat(60);
  while (produced < TARGET_BYTES) {
    let s = "";
    for (let k = 0; k < 1000; k++, i++) s += `E${i},user${i}@acme.example,Dept ${i % 17},"${pad}, ${i}"\n`;
    produced += s.length;
    yield Buffer.from(s);
  }
}

describe("streaming", () => {
  it(`sanitizes a ${TARGET_BYTES / 1024 / 1024} MB input with flat memory`, async () => {
    const rules = loadRules(
      "pseudonymFormat: URL_SAFE_TOKEN\ncolumnsToPseudonymize: [EMPLOYEE_ID]\n",
    ) as ColumnarRules;
    let inputBytes = 0;
    const counted = Readable.from(csv()).on("data", (b: Buffer) => {
      inputBytes += b.length;
    });
    const gz = counted.pipe(createGzip({ level: 1 }));
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    let outBytes = 0;
    let rows = 0;
    const out = sanitizedStream(
      rules,
      { key: "big.csv.gz", decompressInput: true, compressOutput: false },
      gz,
      { pseudonymizer: createPseudonymizer({ salt: "salt" }), onProgress: (n) => (rows = n) },
    );
    for await (const chunk of out) {
      outBytes += (chunk as Buffer).length;
      const h = process.memoryUsage().heapUsed;
      if (h > peak) peak = h;
    }
    const growthMb = (peak - base) / (1024 * 1024);
    expect(inputBytes).toBeGreaterThan(50 * 1024 * 1024);
    expect(rows).toBeGreaterThan(500_000);
    expect(outBytes).toBeGreaterThan(inputBytes);
    // holding the input (or the output) would need more than 50 MB of heap
    expect(growthMb, `heap grew by ${growthMb.toFixed(1)} MB`).toBeLessThan(40);
  }, 120_000);
});
