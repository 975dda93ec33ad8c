import { describe, expect, it } from "vitest";
import { csvField, csvLine, csvRecord } from "./csv-writer.js";

describe("csv writer (Commons CSV MINIMAL quoting)", () => {
  it("quotes only what MINIMAL quotes", () => {
    expect(csvField("plain", false)).toBe("plain");
    expect(csvField("a,b", false)).toBe('"a,b"');
    expect(csvField('say "hi"', false)).toBe('"say ""hi"""');
    expect(csvField("line\nbreak", false)).toBe('"line\nbreak"');
    expect(csvField("cr\r", false)).toBe('"cr\r"');
    expect(csvField(" lead", false)).toBe('" lead"');
    expect(csvField("#hash", false)).toBe('"#hash"');
    expect(csvField("!bang", false)).toBe('"!bang"');
    expect(csvField("trail ", false)).toBe('"trail "');
    expect(csvField("$ok", false)).toBe("$ok");
  });

  it("writes null as an empty field, and quotes an empty string only as the first field", () => {
    expect(csvRecord([null, "", "x", ""])).toBe(",,x,");
    expect(csvRecord(["", "x"])).toBe('"",x');
    expect(csvRecord([null, "x"])).toBe(",x");
  });

  it("appends the record separator unless it is null", () => {
    expect(csvLine(["a", "b"], "\r\n")).toBe("a,b\r\n");
    expect(csvLine(["a", "b"], null)).toBe("a,b");
  });
});
