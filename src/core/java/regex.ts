/**
 * Java regular expressions (java.util.regex) run on the JS engine.
 *
 * Every regex in a rules file is written for Java. The two dialects agree on most syntax but not on
 * `\s`, `.`, `$`, inline flags, `\Q…\E`, possessive/atomic groups, POSIX classes or what counts as an
 * invalid pattern, and those differences change what the rules allow or redact. No maintained library
 * translates between them, so we do it here: a single pass over the pattern that rewrites the constructs
 * listed in rules-engine spec section 11 and rejects what Java would reject.
 */

export class JavaRegexSyntaxError extends Error {
  readonly code = "REGEX_INVALID";
  constructor(
    readonly pattern: string,
    detail: string,
  ) {
    super(`invalid Java regular expression ${JSON.stringify(pattern)}: ${detail}`);
    this.name = "JavaRegexSyntaxError";
  }
}

export interface JavaRegexFlags {
  caseInsensitive?: boolean;
  multiline?: boolean;
  dotAll?: boolean;
  comments?: boolean;
}

export interface JavaRegex {
  readonly pattern: string;
  /** Translated JS regex (no `g`/`y` flag), for find-style use with `exec`. */
  readonly regex: RegExp;
  readonly groupCount: number;
  /** Java `Matcher.matches()`: the whole string must match. */
  matches(s: string): boolean;
  /** Whole-string match with groups, or null. */
  matchWhole(s: string): RegExpExecArray | null;
  /** Java `Matcher.find(from)`: next match at or after `from`. */
  find(s: string, from?: number): RegExpExecArray | null;
  /** Like `find`, with group offsets in `.indices` (JS `d` flag). */
  findWithIndices(s: string, from?: number): RegExpExecArray | null;
  /** Java `replaceAll` with a literal replacement. */
  replaceAllLiteral(s: string, replacement: string): string;
}

const JAVA_WS = " \\t\\n\\x0B\\f\\r";
const DOT = "[^\\n\\r\\u0085\\u2028\\u2029]";
const LINE_END_LOOKAHEAD = "(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?(?![\\s\\S]))";
const POSIX: Record<string, string> = {
  Lower: "a-z",
  Upper: "A-Z",
  ASCII: "\\x00-\\x7F",
  Alpha: "a-zA-Z",
  Digit: "0-9",
  Alnum: "a-zA-Z0-9",
  Punct: "!-\\/:-@\\[-`{-~",
  Graph: "!-~",
  Print: " -~",
  Blank: " \\t",
  Cntrl: "\\x00-\\x1F\\x7F",
  XDigit: "0-9a-fA-F",
  Space: JAVA_WS,
};

function escapeLiteral(text: string, inClass: boolean): string {
  return inClass ? text.replace(/[\\\]^-]/g, "\\$&") : text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

interface Translation {
  source: string;
  flags: string;
  groupCount: number;
}

/** Translates a Java pattern into JS regex source plus flags (without `g`). */
export function translateJavaRegex(pattern: string, flags: JavaRegexFlags = {}): Translation {
  let ci = !!flags.caseInsensitive;
  let multiline = !!flags.multiline;
  let dotAll = !!flags.dotAll;
  let comments = !!flags.comments;
  let out = "";
  let i = 0;
  const n = pattern.length;
  let groupCount = 0;
  let classDepth = 0;
  const fail = (msg: string): never => {
    throw new JavaRegexSyntaxError(pattern, msg);
  };

  // Leading inline flags `(?imsx)` apply to the whole pattern (the common Java idiom).
  const leading = /^\(\?([imsxdu-]*)\)/.exec(pattern);
  if (leading) {
    let on = true;
    for (const f of leading[1]) {
      if (f === "-") on = false;
      else if (f === "i") ci = on;
      else if (f === "m") multiline = on;
      else if (f === "s") dotAll = on;
      else if (f === "x") comments = on;
    }
    i = leading[0].length;
  }

  while (i < n) {
    const c = pattern[i];
    if (classDepth > 0) {
      if (c === "\\") {
        const { text, len } = translateEscape(i, true);
        out += text;
        i += len;
      } else if (c === "]") {
        out += "]";
        classDepth = 0;
        i++;
      } else if (c === "[") {
        if (pattern[i + 1] === ":") {
          out += "\\[";
          i++;
        } else fail(`nested character classes are not supported (at index ${i})`);
      } else if (c === "&" && pattern[i + 1] === "&") {
        fail(`character class intersection is not supported (at index ${i})`);
      } else {
        out += c;
        i++;
      }
      continue;
    }
    if (comments && (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\x0B")) {
      i++;
      continue;
    }
    if (comments && c === "#") {
      while (i < n && pattern[i] !== "\n" && pattern[i] !== "\r") i++;
      continue;
    }
    switch (c) {
      case "\\": {
        const { text, len } = translateEscape(i, false);
        out += text;
        i += len;
        break;
      }
      case "[": {
        classDepth = 1;
        out += "[";
        i++;
        if (pattern[i] === "^") {
          out += "^";
          i++;
        }
        // a `]` right after `[` or `[^` is a literal in Java
        if (pattern[i] === "]") {
          out += "\\]";
          i++;
        }
        break;
      }
      case ".":
        out += dotAll ? "[\\s\\S]" : DOT;
        i++;
        break;
      case "$":
        out += multiline ? "(?=[\\n\\r\\u0085\\u2028\\u2029]|(?![\\s\\S]))" : LINE_END_LOOKAHEAD;
        i++;
        break;
      case "^":
        out += multiline ? "(?:(?<![\\s\\S])|(?<=[\\n\\u0085\\u2028\\u2029]|\\r(?!\\n)))" : "^";
        i++;
        break;
      case "(": {
        if (pattern[i + 1] !== "?") {
          groupCount++;
          out += "(";
          i++;
          break;
        }
        const rest = pattern.slice(i + 2);
        if (rest.startsWith(")")) {
          // `(?)`: an empty flag group, legal in Java and meaningless
          i += 3;
          break;
        }
        if (rest.startsWith(":") || rest.startsWith("=") || rest.startsWith("!")) {
          out += pattern.slice(i, i + 3);
          i += 3;
          break;
        }
        if (rest.startsWith("<=") || rest.startsWith("<!")) {
          out += pattern.slice(i, i + 4);
          i += 4;
          break;
        }
        if (rest.startsWith(">")) {
          out += "(?:"; // atomic group: equivalent for the patterns rules use
          i += 3;
          break;
        }
        const named = /^<([A-Za-z][A-Za-z0-9]*)>/.exec(rest);
        if (named) {
          groupCount++;
          out += `(?<${named[1]}>`;
          i += 2 + named[0].length;
          break;
        }
        if (/^[imsxdu-]*[:)]/.test(rest)) {
          fail(`inline flags in the middle of a pattern are not supported (at index ${i})`);
        }
        fail(`unknown group construct (at index ${i})`);
        break;
      }
      case "{": {
        const q = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!q) fail(`illegal repetition (at index ${i})`);
        else {
          out += q[0];
          i += q[0].length;
          if (pattern[i] === "+") i++; // possessive: treated as greedy
        }
        break;
      }
      case "*":
      case "+":
      case "?": {
        out += c;
        i++;
        if (pattern[i] === "+")
          i++; // possessive: treated as greedy
        else if (pattern[i] === "?") {
          out += "?";
          i++;
        }
        break;
      }
      default:
        out += c === "/" ? "\\/" : c;
        i++;
    }
  }
  if (classDepth > 0) fail("unclosed character class");

  let jsFlags = "";
  if (ci) jsFlags += "i";
  const source = out;
  try {
    new RegExp(source, jsFlags);
  } catch (e) {
    fail((e as Error).message);
  }
  return { source, flags: jsFlags, groupCount };

  function translateEscape(at: number, inClass: boolean): { text: string; len: number } {
    const e = pattern[at + 1];
    if (e === undefined) return fail("trailing backslash");
    switch (e) {
      case "s":
        return { text: inClass ? JAVA_WS : `[${JAVA_WS}]`, len: 2 };
      case "S":
        return { text: inClass ? "\\S" : `[^${JAVA_WS}]`, len: 2 };
      case "h":
        return {
          text: inClass
            ? " \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
            : "[ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]",
          len: 2,
        };
      case "v":
        return {
          text: inClass ? "\\n\\x0B\\f\\r\\x85\\u2028\\u2029" : "[\\n\\x0B\\f\\r\\x85\\u2028\\u2029]",
          len: 2,
        };
      case "R":
        if (inClass) return fail("\\R is not allowed in a character class");
        return { text: "(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])", len: 2 };
      case "A":
        return { text: "(?<![\\s\\S])", len: 2 };
      case "z":
        return { text: "(?![\\s\\S])", len: 2 };
      case "Z":
        return { text: LINE_END_LOOKAHEAD, len: 2 };
      case "e":
        return { text: "\\x1B", len: 2 };
      case "a":
        return { text: "\\x07", len: 2 };
      case "Q": {
        const end = pattern.indexOf("\\E", at + 2);
        const lit = end < 0 ? pattern.slice(at + 2) : pattern.slice(at + 2, end);
        return { text: escapeLiteral(lit, inClass), len: (end < 0 ? n : end + 2) - at };
      }
      case "E":
        return { text: "", len: 2 };
      case "p":
      case "P": {
        const m =
          /^\{(?:Is)?([A-Za-z]+)\}/.exec(pattern.slice(at + 2)) ?? /^([A-Za-z])/.exec(pattern.slice(at + 2));
        const name = m?.[1];
        const body = name ? POSIX[name] : undefined;
        if (!m || body === undefined) return fail(`unsupported property class at index ${at}`);
        const len = 2 + m[0].length;
        if (inClass) {
          if (e === "P") return fail("negated property class inside a character class is not supported");
          return { text: body, len };
        }
        return { text: e === "p" ? `[${body}]` : `[^${body}]`, len };
      }
      case "x": {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(pattern.slice(at + 2));
        if (braced) {
          const cp = Number.parseInt(braced[1], 16);
          return { text: escapeLiteral(String.fromCodePoint(cp), inClass), len: 2 + braced[0].length };
        }
        return { text: pattern.slice(at, at + 4), len: 4 };
      }
      case "0": {
        const oct = /^[0-7]{1,3}/.exec(pattern.slice(at + 2));
        if (!oct) return fail("illegal octal escape");
        const cp = Number.parseInt(oct[0], 8);
        return { text: `\\x${cp.toString(16).padStart(2, "0")}`, len: 2 + oct[0].length };
      }
      case "G":
        return fail("\\G is not supported");
      default:
        if (/[a-zA-Z]/.test(e) && !/[dDwWbBtnrfcuk]/.test(e)) {
          return fail(`illegal/unsupported escape sequence \\${e}`);
        }
        if (e === "b" && inClass) return fail("\\b is not allowed in a character class");
        if (e === "c") return { text: pattern.slice(at, at + 3), len: 3 };
        if (e === "u") return { text: pattern.slice(at, at + 6), len: 6 };
        if (e === "k") {
          const m = /^<([A-Za-z][A-Za-z0-9]*)>/.exec(pattern.slice(at + 2));
          if (!m) return fail("malformed named back-reference");
          return { text: `\\k${m[0]}`, len: 2 + m[0].length };
        }
        if (e === "/") return { text: "\\/", len: 2 };
        return { text: `\\${e}`, len: 2 };
    }
  }
}

class CompiledJavaRegex implements JavaRegex {
  readonly regex: RegExp;
  readonly groupCount: number;
  private readonly whole: RegExp;
  private readonly global: RegExp;
  private globalIndices: RegExp | undefined;

  constructor(
    readonly pattern: string,
    t: Translation,
  ) {
    this.regex = new RegExp(t.source, t.flags);
    this.whole = new RegExp(`^(?:${t.source})$`, t.flags);
    this.global = new RegExp(t.source, `${t.flags}g`);
    this.groupCount = t.groupCount;
  }

  matches(s: string): boolean {
    return this.whole.test(s);
  }

  matchWhole(s: string): RegExpExecArray | null {
    return this.whole.exec(s);
  }

  find(s: string, from = 0): RegExpExecArray | null {
    this.global.lastIndex = from;
    return this.global.exec(s);
  }

  findWithIndices(s: string, from = 0): RegExpExecArray | null {
    this.globalIndices ??= new RegExp(this.regex.source, `${this.regex.flags}dg`);
    this.globalIndices.lastIndex = from;
    return this.globalIndices.exec(s);
  }

  replaceAllLiteral(s: string, replacement: string): string {
    let out = "";
    let last = 0;
    let from = 0;
    while (from <= s.length) {
      const m = this.find(s, from);
      if (!m) break;
      out += s.slice(last, m.index) + replacement;
      last = m.index + m[0].length;
      from = m[0].length === 0 ? last + 1 : last;
    }
    return last === 0 && out === "" ? s : out + s.slice(last);
  }
}

const cache = new Map<string, JavaRegex>();

/** Compiles (and caches) a Java pattern. Throws `JavaRegexSyntaxError` where Java would refuse it. */
export function compileJavaRegex(pattern: string, flags: JavaRegexFlags = {}): JavaRegex {
  const key = `${flags.caseInsensitive ? "i" : ""}${flags.multiline ? "m" : ""}${flags.dotAll ? "s" : ""}${
    flags.comments ? "x" : ""
  }/${pattern}`;
  let r = cache.get(key);
  if (!r) {
    r = new CompiledJavaRegex(pattern, translateJavaRegex(pattern, flags));
    if (cache.size > 5000) cache.clear();
    cache.set(key, r);
  }
  return r;
}
