import { describe, expect, it } from "vitest";
import { BigDec } from "./big-decimal.js";
import { javaParseInt, javaUnescape } from "./char-index.js";

const bd = (s: string): BigDec => {
  const v = BigDec.parse(s);
  if (v === null) throw new Error(`not a BigDecimal: ${s}`);
  return v;
};

describe("BigDecimal subset", () => {
  it("toString matches java.math.BigDecimal", () => {
    const cases: [string, string][] = [
      ["1.0E10", "1.0E+10"],
      ["1E10", "1E+10"],
      ["1.0E7", "1.0E+7"],
      ["1.2345678E7", "12345678"],
      ["0.000001", "0.000001"],
      ["0.0000001", "1E-7"],
      ["1.0E-7", "1.0E-7"],
      ["123.456", "123.456"],
      ["-1.5", "-1.5"],
      ["100", "100"],
      ["1.00", "1.00"],
      ["0E+3", "0E+3"],
      ["-0.0", "0.0"],
      [".5", "0.5"],
      ["1.", "1"],
      ["+7", "7"],
      ["12345678901234567890", "12345678901234567890"],
    ];
    for (const [input, text] of cases) expect(bd(input).toString()).toBe(text);
  });

  it("rejects what BigDecimal(String) rejects", () => {
    for (const s of [
      "",
      "-",
      ".",
      "1e",
      "1e+",
      " 1",
      "1 ",
      "1_0",
      "0x10",
      "Infinity",
      "NaN",
      "1.2.3",
      "--1",
    ]) {
      expect(BigDec.parse(s)).toBeNull();
    }
  });

  it("compares numerically regardless of scale", () => {
    expect(bd("1").compareTo(bd("1.0"))).toBe(0);
    expect(bd("0.1").compareTo(bd("0.10"))).toBe(0);
    expect(bd("-1").compareTo(bd("1"))).toBe(-1);
    expect(bd("1E10").compareTo(bd("9999999999"))).toBe(1);
    expect(bd("-2").compareTo(bd("-10"))).toBe(1);
    expect(bd("1E999999999").compareTo(bd("1"))).toBe(1);
    expect(bd("0").compareTo(bd("0E+5"))).toBe(0);
  });

  it("intValue truncates and keeps the low 32 bits", () => {
    expect(bd("3.7").intValue()).toBe(3);
    expect(bd("-3.7").intValue()).toBe(-3);
    expect(bd("4294967297").intValue()).toBe(1);
    expect(bd("1E40").intValue()).toBe(0);
  });

  it("accepts Unicode decimal digits like Java", () => {
    expect(bd("\u0661\u0662").toString()).toBe("12");
    expect(javaParseInt("\u0663")).toBe(3);
  });
});

describe("Jayway Utils.unescape", () => {
  it("resolves Java escapes", () => {
    expect(javaUnescape("a\\'b\\\"c\\\\d\\n\\t\\r\\f\\b\\u0041\\x")).toBe("a'b\"c\\d\n\t\r\f\bAx");
    expect(javaUnescape("end\\")).toBe("end\\");
    expect(() => javaUnescape("\\uZZZZ")).toThrow();
  });
});
