/**
 * The slice of `java.math.BigDecimal` Jayway filters rely on: numbers in filters are compared as
 * BigDecimals built from their Java text (`Double.toString` for doubles), and turned back into text with
 * `BigDecimal.toString` when a regex or a string comparison needs them (`1.0E10` becomes `1.0E+10`).
 */
import { javaDigitValue } from "./char-index.js";

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function digitCount(v: bigint): number {
  return (v < 0n ? -v : v).toString().length;
}

export class BigDec {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  static fromInteger(v: number | bigint): BigDec {
    return new BigDec(BigInt(v), 0);
  }

  /** `new BigDecimal(s)`, or null where Java throws NumberFormatException. */
  static parse(s: string): BigDec | null {
    const n = s.length;
    let i = 0;
    let neg = false;
    if (n === 0) return null;
    if (s[0] === "-" || s[0] === "+") {
      neg = s[0] === "-";
      i++;
    }
    let digits = "";
    let frac = 0;
    let dot = false;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      const d = javaDigitValue(c);
      if (d >= 0) {
        digits += d;
        if (dot) frac++;
      } else if (c === 0x2e) {
        if (dot) return null;
        dot = true;
      } else if (c === 0x65 || c === 0x45) {
        break;
      } else {
        return null;
      }
    }
    if (digits.length === 0) return null;
    let exp = 0;
    if (i < n) {
      i++;
      let eneg = false;
      if (i < n && (s[i] === "-" || s[i] === "+")) {
        eneg = s[i] === "-";
        i++;
      }
      if (i >= n) return null;
      for (; i < n; i++) {
        const d = javaDigitValue(s.charCodeAt(i));
        if (d < 0) return null;
        exp = exp * 10 + d;
        if (exp > 2147483648) return null;
      }
      if (eneg) exp = -exp;
      if (exp > INT_MAX || exp < INT_MIN) return null;
    }
    const scale = frac - exp;
    if (scale > INT_MAX || scale < INT_MIN) return null;
    const u = BigInt(digits);
    return new BigDec(neg ? -u : u, scale);
  }

  /** `BigDecimal.compareTo`: numeric comparison ignoring scale. */
  compareTo(o: BigDec): number {
    const sa = this.unscaled > 0n ? 1 : this.unscaled < 0n ? -1 : 0;
    const sb = o.unscaled > 0n ? 1 : o.unscaled < 0n ? -1 : 0;
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (sa === 0) return 0;
    const adjA = digitCount(this.unscaled) - this.scale;
    const adjB = digitCount(o.unscaled) - o.scale;
    if (adjA !== adjB) return (adjA > adjB ? 1 : -1) * sa;
    let a = this.unscaled;
    let b = o.unscaled;
    if (this.scale < o.scale) a *= pow10(o.scale - this.scale);
    else if (o.scale < this.scale) b *= pow10(this.scale - o.scale);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  /** `BigDecimal.toString()` (scientific notation with an explicit `+` when the exponent is large). */
  toString(): string {
    if (this.scale === 0) return this.unscaled.toString();
    const neg = this.unscaled < 0n;
    const coeff = (neg ? -this.unscaled : this.unscaled).toString();
    const adjusted = -this.scale + (coeff.length - 1);
    let out: string;
    if (this.scale > 0 && adjusted >= -6) {
      const pad = this.scale - coeff.length;
      if (pad >= 0) out = `0.${"0".repeat(pad)}${coeff}`;
      else out = `${coeff.slice(0, coeff.length - this.scale)}.${coeff.slice(coeff.length - this.scale)}`;
    } else {
      out = coeff.length > 1 ? `${coeff[0]}.${coeff.slice(1)}` : coeff;
      if (adjusted !== 0) out += `E${adjusted > 0 ? "+" : ""}${adjusted}`;
    }
    return neg ? `-${out}` : out;
  }

  /** `BigDecimal.intValue()`: truncate toward zero, keep the low 32 bits. */
  intValue(): number {
    let q: bigint;
    if (this.scale <= 0) {
      if (-this.scale >= 32) return 0;
      q = this.unscaled * pow10(-this.scale);
    } else {
      if (this.scale > digitCount(this.unscaled)) return 0;
      q = this.unscaled / pow10(this.scale);
    }
    return Number(BigInt.asIntN(32, q));
  }
}
