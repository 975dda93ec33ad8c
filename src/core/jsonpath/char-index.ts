/**
 * A cursor over path / filter text with Jayway's `CharacterIndex` semantics, including its quirks:
 * "blank" means the space character only, bounds checks use a movable end position while character
 * reads use the whole underlying text (reading past the text is an error, as Java's `charAt` is).
 */

/** Any compile-time failure; converted to `JsonPathSyntaxError` at the API boundary. */
export class CompileFailure extends Error {
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = "CompileFailure";
  }
}

/** A regular expression in a filter that Java would refuse. */
export class RegexCompileFailure extends CompileFailure {}

const SPACE = " ";

export class CharIndex {
  pos = 0;
  end: number;
  constructor(readonly s: string) {
    this.end = s.length - 1;
  }

  length(): number {
    return this.end + 1;
  }
  charAt(i: number): string {
    if (i < 0 || i >= this.s.length) throw new CompileFailure(`unexpected end of text (index ${i})`, i);
    return this.s[i];
  }
  current(): string {
    return this.charAt(this.pos);
  }
  currentIs(c: string): boolean {
    return this.charAt(this.pos) === c;
  }
  lastIs(c: string): boolean {
    return this.charAt(this.end) === c;
  }
  nextIs(c: string): boolean {
    return this.inBounds(this.pos + 1) && this.s[this.pos + 1] === c;
  }
  inBounds(i: number = this.pos): boolean {
    return i >= 0 && i <= this.end;
  }
  outOfBounds(i: number): boolean {
    return !this.inBounds(i);
  }
  currentIsTail(): boolean {
    return this.pos >= this.end;
  }
  hasMoreCharacters(): boolean {
    return this.inBounds(this.pos + 1);
  }
  sub(start: number, end: number): string {
    if (start < 0 || end > this.s.length || start > end) {
      throw new CompileFailure(`invalid range ${start}..${end}`, start);
    }
    return this.s.slice(start, end);
  }

  indexOfMatchingCloseChar(
    start: number,
    open: string,
    close: string,
    skipStrings: boolean,
    skipRegex: boolean,
  ): number {
    if (this.charAt(start) !== open) throw new CompileFailure(`expected ${open}`, start);
    let opened = 1;
    let read = start + 1;
    while (this.inBounds(read)) {
      if (skipStrings) {
        const q = this.charAt(read);
        if (q === "'" || q === '"') {
          read = this.nextIndexOfUnescaped(read, q);
          if (read === -1) throw new CompileFailure(`could not find matching close quote for ${q}`, start);
          read++;
        }
      }
      if (skipRegex && this.charAt(read) === "/") {
        read = this.nextIndexOfUnescaped(read, "/");
        if (read === -1) throw new CompileFailure("could not find matching close for / (regex)", start);
        read++;
      }
      const c = this.charAt(read);
      if (c === open) opened++;
      if (c === close) {
        opened--;
        if (opened === 0) return read;
      }
      read++;
    }
    return -1;
  }

  indexOfNextSignificantChar(start: number, c: string): number {
    let read = start + 1;
    while (!this.outOfBounds(read) && this.charAt(read) === SPACE) read++;
    return this.charAt(read) === c ? read : -1;
  }

  nextIndexOf(start: number, c: string): number {
    for (let read = start; !this.outOfBounds(read); read++) {
      if (this.s[read] === c) return read;
    }
    return -1;
  }

  /** First `c` after `start` that is not preceded by a backslash escape. */
  nextIndexOfUnescaped(start: number, c: string): number {
    let inEscape = false;
    for (let read = start + 1; !this.outOfBounds(read); read++) {
      const ch = this.s[read];
      if (inEscape) inEscape = false;
      else if (ch === "\\") inEscape = true;
      else if (ch === c) return read;
    }
    return -1;
  }

  nextSignificantCharIs(start: number, c: string): boolean {
    let read = start + 1;
    while (!this.outOfBounds(read) && this.s[read] === SPACE) read++;
    return !this.outOfBounds(read) && this.s[read] === c;
  }

  nextSignificantChar(start: number = this.pos): string {
    let read = start + 1;
    while (!this.outOfBounds(read) && this.s[read] === SPACE) read++;
    return this.outOfBounds(read) ? SPACE : this.s[read];
  }

  readSignificantChar(c: string): void {
    if (this.skipBlanks().current() !== c) throw new CompileFailure(`expected character: ${c}`, this.pos);
    this.pos++;
  }

  hasSignificantSubSequence(seq: string): boolean {
    this.skipBlanks();
    if (!this.inBounds(this.pos + seq.length - 1)) return false;
    if (this.s.slice(this.pos, this.pos + seq.length) !== seq) return false;
    this.pos += seq.length;
    return true;
  }

  indexOfPreviousSignificantChar(start: number = this.pos): number {
    let read = start - 1;
    while (!this.outOfBounds(read) && this.s[read] === SPACE) read--;
    return this.outOfBounds(read) ? -1 : read;
  }

  previousSignificantChar(start: number = this.pos): string {
    const i = this.indexOfPreviousSignificantChar(start);
    return i === -1 ? SPACE : this.s[i];
  }

  isNumberCharacter(i: number): boolean {
    const c = this.charAt(i);
    return isJavaDigit(c) || c === "-" || c === "." || c === "E" || c === "e";
  }

  skipBlanks(): this {
    while (this.inBounds() && this.pos < this.end && this.s[this.pos] === SPACE) this.pos++;
    return this;
  }

  trim(): this {
    this.skipBlanks();
    while (this.inBounds() && this.pos < this.end && this.s[this.end] === SPACE) this.end--;
    return this;
  }
}

const ND = /^\p{Nd}$/u;

/** Java `Character.isDigit(char)`: a UTF-16 code unit of category Nd. */
export function isJavaDigit(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code >= 0x30 && code <= 0x39) return true;
  if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) return false;
  return ND.test(c);
}

/** Java `Character.digit(c, 10)` for a single code unit: 0-9, or -1. */
export function javaDigitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) return -1;
  if (!ND.test(String.fromCharCode(code))) return -1;
  // Decimal digits come in contiguous runs of ten starting at zero.
  let zero = code;
  while (zero > 0 && ND.test(String.fromCharCode(zero - 1))) zero--;
  return (code - zero) % 10;
}

/** Java `Integer.parseInt(s)` (radix 10); throws CompileFailure where Java throws NumberFormatException. */
export function javaParseInt(s: string): number {
  let i = 0;
  let neg = false;
  if (s.length > 0 && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    i = 1;
  }
  if (i >= s.length) throw new CompileFailure(`not a number: "${s}"`);
  let v = 0;
  for (; i < s.length; i++) {
    const d = javaDigitValue(s.charCodeAt(i));
    if (d < 0) throw new CompileFailure(`not a number: "${s}"`);
    v = v * 10 + d;
    if (v > 2147483648) throw new CompileFailure(`number out of range: "${s}"`);
  }
  if (!neg && v > 2147483647) throw new CompileFailure(`number out of range: "${s}"`);
  return neg ? -v : v;
}

/**
 * Jayway `Utils.unescape` (commons-lang `unescapeJava`): `\\ \' \" \r \f \t \n \b \uXXXX`; any other
 * escaped character stands for itself; a trailing lone backslash is kept; an unfinished `\u` at the end
 * is dropped; a malformed `\u` escape throws.
 */
export function javaUnescape(str: string): string {
  if (str.indexOf("\\") < 0) return str;
  let out = "";
  let unicode = "";
  let hadSlash = false;
  let inUnicode = false;
  for (let i = 0; i < str.length; i++) {
    const ch = str[i];
    if (inUnicode) {
      unicode += ch;
      if (unicode.length === 4) {
        if (!/^[0-9a-fA-F]{4}$/.test(unicode))
          throw new UnescapeError(`unable to parse unicode value: ${unicode}`);
        out += String.fromCharCode(Number.parseInt(unicode, 16));
        unicode = "";
        inUnicode = false;
        hadSlash = false;
      }
      continue;
    }
    if (hadSlash) {
      hadSlash = false;
      switch (ch) {
        case "r":
          out += "\r";
          break;
        case "f":
          out += "\f";
          break;
        case "t":
          out += "\t";
          break;
        case "n":
          out += "\n";
          break;
        case "b":
          out += "\b";
          break;
        case "u":
          inUnicode = true;
          break;
        default:
          out += ch;
      }
      continue;
    }
    if (ch === "\\") {
      hadSlash = true;
      continue;
    }
    out += ch;
  }
  if (hadSlash) out += "\\";
  return out;
}

/** Raised by `javaUnescape` (Jayway throws a JsonPathException there). */
export class UnescapeError extends Error {}
