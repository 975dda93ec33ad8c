import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BulkError } from "../errors.js";
import { type CsvParseOptions, CsvParser } from "./csv-parser.js";

const COLUMNAR: CsvParseOptions = { trim: true, ignoreSurroundingSpaces: true };

function parse(text: string, options: CsvParseOptions = COLUMNAR, chunks?: number[]) {
  const p = new CsvParser(options);
  const records: string[][] = [];
  const lines: number[] = [];
  const on = (v: string[], line: number) => {
    records.push(v);
    lines.push(line);
  };
  if (chunks) {
    let at = 0;
    for (const n of chunks) {
      p.write(text.slice(at, at + n), on);
      at += n;
    }
    p.write(text.slice(at), on);
  } else p.write(text, on);
  p.end(on);
  return { records, lines, firstEol: p.firstEol };
}

describe("CsvParser (Commons CSV DEFAULT semantics)", () => {
  it("reads quoted values with doubled quotes, delimiters and line breaks inside", () => {
    const r = parse('a,b,c\n1,"x, ""y""",",,,"\n2,"multi\nline",z\n');
    expect(r.records).toEqual([
      ["a", "b", "c"],
      ["1", 'x, "y"', ",,,"],
      ["2", "multi\nline", "z"],
    ]);
    expect(r.lines).toEqual([1, 2, 3]);
  });

  it("skips empty lines, keeps the first line ending, accepts CR, LF and CRLF", () => {
    expect(parse("a,b\r\n\r\n1,2\n3,4\r5,6").records).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
    expect(parse("a,b\r\n1,2\n").firstEol).toBe("\r\n");
    expect(parse("a,b\n1,2\r\n").firstEol).toBe("\n");
    expect(parse("a,b\r1,2").firstEol).toBe("\r");
    expect(parse("a,b").firstEol).toBeNull();
  });

  it("trims values and surrounding spaces, also inside quotes", () => {
    expect(parse('  a , " b " ,c  \n 1 ,  2,3\n').records).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("without ignoreSurroundingSpaces a space before a quote makes the quote literal", () => {
    expect(parse(' "a",b\n', { trim: true }).records).toEqual([['"a"', "b"]]);
  });

  it("keeps trailing empty values and empty header names", () => {
    expect(parse("a,,b,\n1,,2,\n").records).toEqual([
      ["a", "", "b", ""],
      ["1", "", "2", ""],
    ]);
    expect(parse("a,b\n4,").records[1]).toEqual(["4", ""]);
  });

  it("reads a whitespace-only line as one empty value, as Commons CSV does", () => {
    expect(parse("a\n   \nb\n").records).toEqual([["a"], [""], ["b"]]);
  });

  it("supports tab and multi-character delimiters", () => {
    expect(parse("a\tb\n1\t 2\n", { ...COLUMNAR, delimiter: "\t" }).records).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(parse("a||b\n1|2||3\n", { ...COLUMNAR, delimiter: "||" }).records).toEqual([
      ["a", "b"],
      ["1|2", "3"],
    ]);
  });

  it("reports an unterminated quote with the line and column where the value starts", () => {
    try {
      parse('a,b\n1,2\n3,"abc\n\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BulkError);
      expect((e as BulkError).code).toBe("CSV_PARSE");
      expect((e as BulkError).line).toBe(3);
      expect((e as BulkError).column).toBe(3);
      expect((e as Error).message).toMatch(/unterminated quote/);
    }
  });

  it("reports text between a closing quote and the delimiter", () => {
    try {
      parse('a,b\n"x"y,2\n');
      expect.unreachable();
    } catch (e) {
      expect((e as BulkError).code).toBe("CSV_PARSE");
      expect((e as BulkError).line).toBe(2);
      expect((e as BulkError).column).toBe(4);
    }
    // white space there is fine
    expect(parse('a,b\n"x"  ,2\n').records[1]).toEqual(["x", "2"]);
  });

  it("rejects a record longer than the limit (runaway quote) while streaming", () => {
    const p = new CsvParser({ ...COLUMNAR, maxRecordChars: 100 });
    p.write('a\n"', () => {});
    expect(() => p.write("x".repeat(200), () => {})).toThrow(/longer than 100 characters/);
  });

  it("gives the same records for any chunking of the input", () => {
    const cell = fc.oneof(
      fc.constantFrom("", " ", "x", "a b", '"', ",", "\n", "\r\n", "é", "  pad  "),
      fc.string({ maxLength: 6 }),
    );
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 12 }),
        (rows, eol, cuts) => {
          const text = `h1,h2${eol}${rows.map((r) => r.map(quote).join(",")).join(eol)}${eol}`;
          const whole = parse(text);
          const chunked = parse(text, COLUMNAR, cuts);
          expect(chunked.records).toEqual(whole.records);
          expect(chunked.lines).toEqual(whole.lines);
          expect(whole.records.slice(1)).toEqual(rows.map((r) => r.map((c) => c.trim())));
        },
      ),
      { numRuns: 300 },
    );
  });
});
