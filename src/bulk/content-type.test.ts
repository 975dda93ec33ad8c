import { describe, expect, it } from "vitest";
import {
  effectiveContentType,
  inferContentType,
  isParquetObject,
  isSourceCompressed,
  parseBulkOutputFormat,
  resolveAutoFormat,
} from "./content-type.js";

describe("content types (bulk-and-cli spec 6)", () => {
  it("decides source compression from Content-Encoding or a .gz key", () => {
    expect(isSourceCompressed("gzip", "file.csv")).toBe(true);
    expect(isSourceCompressed("gzip", "file.csv.gz")).toBe(true);
    expect(isSourceCompressed(undefined, "file.json.gz")).toBe(true);
    expect(isSourceCompressed(undefined, "file.json")).toBe(false);
    expect(isSourceCompressed("deflate", "x.json")).toBe(false);
    expect(isSourceCompressed(undefined, "file.json.GZ")).toBe(false);
  });

  it("infers types from the extension after .gz, case-insensitively", () => {
    expect(inferContentType("a/b.NDJSON.gz")).toBe("application/x-ndjson");
    expect(inferContentType("x.jsonl")).toBe("application/x-ndjson");
    expect(inferContentType("x.csv")).toBe("text/csv; charset=utf-8");
    expect(inferContentType("x.json")).toBe("application/json");
    expect(inferContentType("x.parquet")).toBe("application/vnd.apache.parquet");
    expect(inferContentType("x.txt")).toBeNull();
    expect(inferContentType("dir.csv/file")).toBeNull();
  });

  it("keeps the source type unless it is blank or a generic upload type", () => {
    expect(effectiveContentType("application/x-www-form-urlencoded", "a.ndjson")).toBe(
      "application/x-ndjson",
    );
    expect(effectiveContentType("application/x-www-form-urlencoded; charset=x", "a.bin")).toBe(
      "application/x-www-form-urlencoded; charset=x",
    );
    expect(effectiveContentType("", "a.csv")).toBe("text/csv; charset=utf-8");
    expect(effectiveContentType(null, "a.bin")).toBeNull();
    expect(effectiveContentType("text/plain; charset=utf-8", "a.csv")).toBe("text/plain; charset=utf-8");
  });

  it("resolves AUTO: content type first, then extension, then application/json, else NDJSON", () => {
    expect(resolveAutoFormat("application/vnd.apache.parquet", "x.csv")).toBe("PARQUET");
    expect(resolveAutoFormat("text/csv", "x.json")).toBe("CSV");
    expect(resolveAutoFormat("application/jsonlines", "x.json")).toBe("NDJSON");
    expect(resolveAutoFormat(null, "x.json.gz")).toBe("JSON_ARRAY");
    expect(resolveAutoFormat("application/json", "x.bin")).toBe("JSON_ARRAY");
    const warnings: string[] = [];
    expect(resolveAutoFormat(null, "x.bin", (m) => warnings.push(m))).toBe("NDJSON");
    expect(warnings).toHaveLength(1);
  });

  it("recognises parquet objects and parses BULK_OUTPUT_FORMAT", () => {
    expect(isParquetObject("a/B.PARQUET", null)).toBe(true);
    expect(isParquetObject("a/b", "application/vnd.apache.parquet")).toBe(true);
    expect(parseBulkOutputFormat(" csv ")).toBe("CSV");
    expect(parseBulkOutputFormat("")).toBeUndefined();
    expect(() => parseBulkOutputFormat("xml")).toThrow(/BULK_OUTPUT_FORMAT/);
  });
});
