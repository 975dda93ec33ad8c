import { describe, expect, it } from "vitest";
import { createPseudonymizer } from "../../core/pseudonyms/index.js";
import { loadRules } from "../../core/rules/index.js";
import type { RecordRules } from "../../core/rules/model.js";
import type { RecordFormat } from "../content-type.js";
import { BulkError } from "../errors.js";
import { RecordSanitizer, streamRecords } from "./record-sanitizer.js";
import { JsonArrayReader, NdjsonReader } from "./text-readers.js";

const p = createPseudonymizer({ salt: "salt", encryptionKey: "secret" });
const T2 = "t~-hN_i1M1DeMAicDVp6LhFgW9lH7r3_LbOpTlXYWpXVI";

function sanitize(
  yaml: string,
  input: string,
  inputFormat: RecordFormat,
  outputFormat?: RecordFormat,
  pieces = 1,
) {
  const s = new RecordSanitizer(loadRules(yaml) as RecordRules, {
    pseudonymizer: p,
    inputFormat,
    outputFormat,
  });
  let out = "";
  const size = Math.ceil(input.length / pieces) || 1;
  for (let i = 0; i < input.length; i += size) out += s.write(input.slice(i, i + size));
  return out + s.end();
}

async function* bytes(...parts: Uint8Array[]) {
  for (const x of parts) yield x;
}

async function collect(gen: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of gen) parts.push(typeof c === "string" ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(parts);
}

const RULES = "format: NDJSON\ntransforms:\n  - redact: foo\n  - pseudonymize: bar";

describe("RecordSanitizer", () => {
  it("redacts to null, pseudonymizes to tokens, keeps key order, in every text format", () => {
    expect(sanitize(RULES, '{"foo":1,"bar":2,"other":"three"}\n', "NDJSON")).toBe(
      `{"foo":null,"bar":"${T2}","other":"three"}\n`,
    );
    expect(sanitize(RULES, '[{"foo":1,"bar":2}]', "JSON_ARRAY", "CSV")).toBe(`foo,bar\n,${T2}\n`);
    expect(sanitize(RULES, "foo,bar\r\n1,2\r\n", "CSV")).toBe(`foo,bar\n,${T2}\n`);
    expect(sanitize(RULES, "foo,bar\n1,2\n", "CSV", "JSON_ARRAY")).toBe(`[{"foo":null,"bar":"${T2}"}]`);
  });

  it("streams JSON arrays element by element, whatever the chunking and layout", () => {
    const input =
      '  [\n {"foo": 1, "bar": "2", "s": "a]b,\\"c"},\n {"foo": [1, {"x": "}"}], "bar": 2}\n]  trailing';
    const expected = `{"foo":null,"bar":"${T2}","s":"a]b,\\"c"}\n{"foo":null,"bar":"${T2}"}\n`;
    for (const pieces of [1, 3, 17, input.length])
      expect(sanitize(RULES, input, "JSON_ARRAY", "NDJSON", pieces)).toBe(expected);
    expect(sanitize(RULES, "[]", "JSON_ARRAY")).toBe("[]");
  });

  it("leaves null, blank and missing values alone; rejects values pseudonymize cannot take", () => {
    const r = "format: NDJSON\ntransforms:\n  - pseudonymize: [$.a, $.b.c, $.missing]";
    expect(sanitize(r, '{"a":"","b":{"c":null}}\n', "NDJSON")).toBe('{"a":"","b":{"c":null}}\n');
    expect(() => sanitize(r, '{"a":1.5}\n', "NDJSON")).toThrow(/only text and integer values/);
    expect(() => sanitize(r, '{"a":true}\n', "NDJSON")).toThrow(BulkError);
  });

  it("tokenizes, digests and filters by the output schema", () => {
    const r = `format: NDJSON
transforms:
  - tokenize: $.doc
  - textDigestKeywords: {jsonPaths: [$.q], keywords: [draft]}
  - textDigest: $.t
outputSchemaFilter:
  type: object
  properties:
    doc: {type: string}
    q: {type: string}
    t: {type: string}`;
    const out = JSON.parse(sanitize(r, '{"doc":"d1","q":"Draft a draft","t":"a b c","drop":1}\n', "NDJSON"));
    expect(out.doc).toMatch(/^p~/);
    expect(out.q).toBe('{"keywords":{"draft":2},"length":13,"word_count":3}');
    expect(out.t).toBe('{"length":5,"word_count":3}');
    expect(out.drop).toBeUndefined();
  });

  it("reports invalid NDJSON with its line and column, and non-object lines", () => {
    try {
      sanitize(RULES, '{"foo":1}\n\n{"foo": tru}\n', "NDJSON");
      expect.unreachable();
    } catch (e) {
      expect((e as BulkError).code).toBe("INVALID_JSON");
      expect((e as BulkError).line).toBe(3);
      expect((e as BulkError).column).toBe(9);
    }
    expect(() => sanitize(RULES, "[1]\n", "NDJSON")).toThrow(/must be a JSON object/);
    expect(() => sanitize(RULES, '{"a":1}', "JSON_ARRAY")).toThrow(/not a JSON array/);
    expect(() => sanitize(RULES, '[{"a":1},', "JSON_ARRAY")).toThrow(/missing '\]'/);
  });

  it("writes nested values into CSV cells the way Java's toString prints them", () => {
    expect(sanitize("format: NDJSON", '{"a":{"b":1,"c":[1,2.0]},"d":true}\n', "NDJSON", "CSV")).toBe(
      'a,d\n"{b=1, c=[1, 2.0]}",true\n',
    );
  });

  it("round-trips Parquet: schema from the first record, nulls left out", async () => {
    const rules = loadRules(RULES) as RecordRules;
    const input =
      '{"foo":1,"bar":"x@acme.com","n":7,"big":5000000000,"d":1.5,"ok":true}\n{"foo":2,"bar":2,"n":null}\n';
    const parquet = await collect(
      streamRecords(rules, bytes(Buffer.from(input)), {
        pseudonymizer: p,
        inputFormat: "NDJSON",
        outputFormat: "PARQUET",
      }),
    );
    expect(parquet.subarray(0, 4).toString()).toBe("PAR1");
    const back = await collect(
      streamRecords(loadRules("format: PARQUET") as RecordRules, bytes(parquet), {
        pseudonymizer: p,
        inputFormat: "PARQUET",
        outputFormat: "NDJSON",
      }),
    );
    const lines = back.toString().trim().split("\n");
    expect(lines[0]).toMatch(/^\{"bar":"t~[\w-]{43}@acme\.com","n":7,"big":5000000000,"d":1\.5,"ok":true\}$/);
    expect(lines[1]).toBe(`{"bar":"${T2}"}`);
  });

  it("needs at least one record for Parquet output", async () => {
    await expect(
      collect(
        streamRecords(loadRules(RULES) as RecordRules, bytes(Buffer.from("")), {
          pseudonymizer: p,
          inputFormat: "NDJSON",
          outputFormat: "PARQUET",
        }),
      ),
    ).rejects.toThrow(/at least one record/);
  });
});

describe("text readers", () => {
  it("NDJSON splits on CR, LF and CRLF across chunks", () => {
    const r = new NdjsonReader();
    const got: Array<[string, number]> = [];
    const on = (d: Map<string, unknown>, line: number) => got.push([String(d.get("a")), line]);
    for (const c of ['{"a":1}\r', '\n{"a":2}\r{"a"', ":3}\n\n  \n", '{"a":4}']) r.write(c, on);
    r.end(on);
    expect(got).toEqual([
      ["1", 1],
      ["2", 2],
      ["3", 3],
      ["4", 6],
    ]);
  });

  it("JSON array elements report the line they start on", () => {
    const r = new JsonArrayReader();
    const lines: number[] = [];
    r.write('[\n{"a":1},\n\n  {"a":\n2}]', (_d, l) => lines.push(l));
    r.end(() => {});
    expect(lines).toEqual([2, 4]);
  });
});
