/**
 * Java `Double.toString` (JDK 19+ algorithm), the text the reference writes for every double and the
 * text it hashes when a double is pseudonymized. JS and Java agree on the shortest round-tripping digits,
 * except that Java also considers 2-digit candidates when the shortest has one digit and keeps the one
 * nearest the exact binary value (visible only for subnormals: 4.9E-324, where JS prints 5e-324).
 */
export function javaDoubleToString(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const neg = x < 0;
  const a = neg ? -x : x;
  // shortest digits and exponent from toExponential(): "d.ddde±x"
  let exp = a.toExponential();
  let ePos = exp.indexOf("e");
  let digits = exp.slice(0, ePos).replace(".", "");
  if (digits.length === 1) {
    const two = a.toPrecision(2);
    if (Number(two) === a) {
      const t = a.toExponential(1);
      const td = t.slice(0, t.indexOf("e")).replace(".", "");
      if (td[1] !== "0") {
        exp = t;
        ePos = exp.indexOf("e");
        digits = td;
      }
    }
  }
  const e10 = Number.parseInt(exp.slice(ePos + 1), 10);
  let body: string;
  if (a >= 1e-3 && a < 1e7) {
    // plain notation with at least one fractional digit
    const pointPos = e10 + 1; // digits before the decimal point
    if (pointPos <= 0) {
      body = `0.${"0".repeat(-pointPos)}${digits}`;
    } else if (pointPos >= digits.length) {
      body = `${digits}${"0".repeat(pointPos - digits.length)}.0`;
    } else {
      body = `${digits.slice(0, pointPos)}.${digits.slice(pointPos)}`;
    }
  } else {
    const frac = digits.length > 1 ? digits.slice(1) : "0";
    body = `${digits[0]}.${frac}E${e10}`;
  }
  return neg ? `-${body}` : body;
}
