import { describe, expect, it } from "vitest";
import { createPseudonymizer } from "../../core/pseudonyms/index.js";
import { loadRules } from "../../core/rules/index.js";
import type { ColumnarRules } from "../../core/rules/model.js";
import { BulkError } from "../errors.js";
import type { BulkWarning, ShuffleOptions } from "../types.js";
import { ColumnarSanitizer } from "./columnar-sanitizer.js";

const p = createPseudonymizer({ salt: "salt" });
const H1 = "0zPKqEd-CtbCLB1ZSwX6Zo7uAWUvkpfHGzv9-cuYwZc";
const H2 = "-hN_i1M1DeMAicDVp6LhFgW9lH7r3_LbOpTlXYWpXVI";

function run(yaml: string, input: string, shuffle: ShuffleOptions = { mode: "none" }, chunked = false) {
  const warnings: BulkWarning[] = [];
  const s = new ColumnarSanitizer(loadRules(yaml) as ColumnarRules, {
    pseudonymizer: p,
    shuffle,
    onWarning: (w) => warnings.push(w),
    file: "in.csv",
  });
  let out = "";
  if (chunked) for (const ch of input) out += s.write(ch);
  else out += s.write(input);
  return { out: out + s.end(), warnings };
}

describe("ColumnarSanitizer", () => {
  it("writes comma-separated output whatever the input delimiter, with the first line ending", () => {
    const { out } = run(
      'delimiter: "\\t"\npseudonymFormat: URL_SAFE_TOKEN\ncolumnsToPseudonymize: [id]',
      "id\tb\r\n1\tx,y\n",
    );
    expect(out).toBe(`id,b\r\nt~${H1},"x,y"\r\n`);
  });

  it("renames before pseudonymizing and keeps the source's position; duplicates follow by name", () => {
    const { out } = run(
      "pseudonymFormat: URL_SAFE_HASH_ONLY\ncolumnsToPseudonymize: [NEW_ID, Z_COPY]\ncolumnsToRename: {id: NEW_ID}\ncolumnsToDuplicate: {id: Z_COPY, b: A_COPY}",
      "a,id,b\n0,1,2\n",
    );
    expect(out).toBe(`a,NEW_ID,b,A_COPY,Z_COPY\n0,${H1},2,2,${H1}\n`);
  });

  it("pseudonymizes a redacted column anyway and writes absent columns empty, with a warning", () => {
    const { out, warnings } = run(
      "pseudonymFormat: URL_SAFE_HASH_ONLY\ncolumnsToPseudonymize: [a, MISSING]\ncolumnsToRedact: [a, b]",
      "a,b,c\n1,2,3\n",
    );
    expect(out).toBe(`a,c,MISSING\n${H1},3,\n`);
    expect(warnings.map((w) => w.code)).toContain("MISSING_COLUMNS");
    expect(warnings.find((w) => w.code === "MISSING_COLUMNS")?.message).toContain('"MISSING"');
  });

  it("applies columnsToInclude to pass-through columns only", () => {
    const { out } = run(
      "pseudonymFormat: URL_SAFE_HASH_ONLY\ncolumnsToPseudonymize: [x]\ncolumnsToInclude: [c]",
      "x,b,c\n2,y,z\n",
    );
    expect(out).toBe(`x,c\n${H2},z\n`);
  });

  it("runs pipelines: filter, formatString, javaRegExpReplace, pseudonymize", () => {
    const yaml = `pseudonymFormat: URL_SAFE_HASH_ONLY
fieldsToTransform:
  email:
    newName: USER
    transforms:
      - filter: "(.*)@.*"
      - formatString: "%s"
      - javaRegExpReplace: {regExp: "^([a-z]+)\\\\.(.+)$", replace: "$2"}
  other:
    sourceColumn: email
    newName: HASHED
    transforms:
      - filter: "^([0-9])@.*"
      - pseudonymize: true`;
    const { out } = run(yaml, "email\nalice.allen@x.co\n1@x.co\nnot-an-email\n");
    expect(out).toBe(`email,HASHED,USER\nalice.allen@x.co,,allen\n1@x.co,${H1},1\nnot-an-email,,\n`);
  });

  it("rejects blank rule entries with the reference's messages", () => {
    const cases: Array<[string, RegExp]> = [
      ['columnsToRedact: [" "]', /columnsToRedact must not contain a blank entry/],
      ['columnsToPseudonymize: [""]', /columnsToPseudonymize must not contain a blank entry/],
      [
        'columnsToPseudonymizeIfPresent: [" "]',
        /columnsToPseudonymizeIfPresent must not contain a blank entry/,
      ],
      ['columnsToInclude: [" "]', /Columns to include must not contain a blank entry/],
      ['columnsToRename: {" ": x}', /Renaming columns from blank/],
      ['columnsToRename: {a: " "}', /Renaming columns to blank/],
      ["fieldsToTransform: {a: {transforms: []}}", /must have a newName/],
    ];
    for (const [yaml, message] of cases) expect(() => run(yaml, "a\n1\n")).toThrow(message);
  });

  it("fails on a row with fewer values than the header, naming line and record", () => {
    try {
      run("columnsToPseudonymize: [a]", "a,b,c\n1,2,3\n4,5\n");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BulkError);
      expect((e as BulkError).code).toBe("CSV_SHORT_ROW");
      expect((e as BulkError).line).toBe(3);
      expect((e as BulkError).record).toBe(2);
    }
  });

  it("reorders rows within chunks only", () => {
    const input = `n\n${Array.from({ length: 10 }, (_, i) => i).join("\n")}\n`;
    expect(run("columnsToRedact: [x]", input, { mode: "reverse-each-chunk", chunkSize: 4 }).out).toBe(
      "n\n3\n2\n1\n0\n7\n6\n5\n4\n9\n8\n",
    );
    const shuffled = run("columnsToRedact: [x]", input, { chunkSize: 5 }).out.split("\n").slice(1, -1);
    expect(shuffled.slice(0, 5).sort()).toEqual(["0", "1", "2", "3", "4"]);
    expect(shuffled.slice(5).sort()).toEqual(["5", "6", "7", "8", "9"]);
  });

  it("gives the same output when fed one character at a time", () => {
    const input = 'A,"B"\r\n1,"x\r\ny"\r\n2,z\r\n';
    const yaml = "pseudonymFormat: URL_SAFE_HASH_ONLY\ncolumnsToPseudonymize: [a]";
    expect(run(yaml, input, { mode: "none" }, true).out).toBe(run(yaml, input).out);
  });

  it("writes only the planned columns for an empty file", () => {
    expect(run("columnsToPseudonymize: [a]", "").out).toBe("a");
  });

  it("stops after the record limit (validation pass)", () => {
    const s = new ColumnarSanitizer(loadRules("columnsToRedact: [x]") as ColumnarRules, {
      pseudonymizer: p,
      shuffle: { mode: "none" },
      recordLimit: 2,
    });
    expect(s.write("a\n1\n2\n3\n") + s.end()).toBe("a\n1\n2\n");
    expect(s.full).toBe(true);
  });
});
