/**
 * Compiles path text into a token chain, following Jayway's `PathCompiler` (2.9.0) character by
 * character so that the same texts are accepted, rejected or silently tolerated (`$['a']x` reads as
 * `$['a']`, `.[` is `[`, quoted names are literal). Functions (`.length()` ...) are not supported.
 */
import { javaSplit } from "../java/strings.js";
import {
  CharIndex,
  CompileFailure,
  isJavaDigit,
  javaParseInt,
  javaUnescape,
  RegexCompileFailure,
  UnescapeError,
} from "./char-index.js";
import { compileFilter } from "./filter-compile.js";
import {
  K_FILTER,
  K_INDEX,
  K_PROP,
  K_ROOT,
  K_SCAN,
  K_SLICE,
  K_WILD,
  PathProgram,
  SLICE_BETWEEN,
  SLICE_FROM,
  SLICE_TO,
  Token,
} from "./model.js";

/** Hands out Q1 state cells to every token of a top-level path, including paths inside its filters. */
export interface SlotCounter {
  n: number;
}

function isWhitespace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

class PathParser {
  readonly tokens: Token[] = [];

  constructor(
    readonly p: CharIndex,
    readonly slots: SlotCounter,
  ) {}

  fail(message: string, position: number = this.p.pos): never {
    throw new CompileFailure(message, position);
  }

  readContextToken(): Token {
    const p = this.p;
    while (p.inBounds() && isWhitespace(p.s[p.pos])) p.pos++;
    const c = p.current();
    if (c !== "$" && c !== "@") this.fail("path must start with '$' or '@'");
    const root = new Token(K_ROOT);
    root.rootChar = c;
    this.tokens.push(root);
    if (p.currentIsTail()) return root;
    p.pos++;
    if (p.current() !== "." && p.current() !== "[") this.fail("illegal character, expected '.' or '['");
    this.readNextToken();
    return root;
  }

  readNextToken(): boolean {
    const p = this.p;
    switch (p.current()) {
      case "[":
        if (
          !this.readBracketPropertyToken() &&
          !this.readArrayToken() &&
          !this.readWildCardToken() &&
          !this.readFilterToken() &&
          !this.readPlaceholderToken()
        ) {
          this.fail("could not parse token, expected ?, ', 0-9 or *");
        }
        return true;
      case ".":
        if (!this.readDotToken()) this.fail("could not parse token");
        return true;
      case "*":
        if (!this.readWildCardToken()) this.fail("could not parse token");
        return true;
      default:
        if (!this.readPropertyOrFunctionToken()) this.fail("could not parse token");
        return true;
    }
  }

  readDotToken(): boolean {
    const p = this.p;
    if (p.currentIs(".") && p.nextIs(".")) {
      this.tokens.push(new Token(K_SCAN));
      p.pos += 2;
    } else if (!p.hasMoreCharacters()) {
      this.fail("path must not end with a '.'");
    } else {
      p.pos += 1;
    }
    if (p.currentIs(".")) this.fail("character '.' is not valid here");
    return this.readNextToken();
  }

  readPropertyOrFunctionToken(): boolean {
    const p = this.p;
    const c0 = p.current();
    if (c0 === "[" || c0 === "*" || c0 === "." || c0 === " ") return false;
    const start = p.pos;
    let read = start;
    let end = 0;
    while (p.inBounds(read)) {
      const c = p.s[read];
      if (c === " ") {
        this.fail("use bracket notation ['my prop'] if your property contains blank characters");
      } else if (c === "." || c === "[") {
        end = read;
        break;
      } else if (c === "(") {
        this.fail(`functions are not supported (${p.s.slice(start, read)}())`, read);
      }
      read++;
    }
    if (end === 0) end = p.length();
    p.pos = end;
    const t = new Token(K_PROP);
    t.props = [p.sub(start, end)];
    this.tokens.push(t);
    return p.currentIsTail() || this.readNextToken();
  }

  readPlaceholderToken(): boolean {
    const p = this.p;
    if (!p.currentIs("[")) return false;
    const q = p.indexOfNextSignificantChar(p.pos, "?");
    if (q === -1) return false;
    const after = p.nextSignificantChar(q);
    if (after !== "]" && after !== ",") return false;
    this.fail(`filter placeholder [?] needs a predicate object, which rules cannot supply`);
  }

  readFilterToken(): boolean {
    const p = this.p;
    if (!p.currentIs("[") && !p.nextSignificantCharIs(p.pos, "?")) return false;
    const openStatement = p.pos;
    const question = p.indexOfNextSignificantChar(p.pos, "?");
    if (question === -1) return false;
    const openBracket = p.indexOfNextSignificantChar(question, "(");
    if (openBracket === -1) return false;
    const closeBracket = p.indexOfMatchingCloseChar(openBracket, "(", ")", true, true);
    if (closeBracket === -1) return false;
    if (!p.nextSignificantCharIs(closeBracket, "]")) return false;
    const closeStatement = p.indexOfNextSignificantChar(closeBracket, "]");
    const criteria = p.sub(openStatement, closeStatement + 1);
    const t = new Token(K_FILTER);
    try {
      t.filter = compileFilter(criteria, (text) => compileProgram(text, this.slots));
    } catch (e) {
      // Positions inside the filter text mean little to a reader of the whole path: point at the filter.
      if (e instanceof RegexCompileFailure)
        throw new RegexCompileFailure(`in filter ${criteria}: ${e.message}`, openStatement);
      if (e instanceof CompileFailure)
        throw new CompileFailure(`in filter ${criteria}: ${e.message}`, openStatement);
      throw e;
    }
    this.tokens.push(t);
    p.pos = closeStatement + 1;
    return p.currentIsTail() || this.readNextToken();
  }

  readWildCardToken(): boolean {
    const p = this.p;
    const inBracket = p.currentIs("[");
    if (inBracket && !p.nextSignificantCharIs(p.pos, "*")) return false;
    if (!p.currentIs("*") && p.outOfBounds(p.pos + 1)) return false;
    if (inBracket) {
      const star = p.indexOfNextSignificantChar(p.pos, "*");
      if (!p.nextSignificantCharIs(star, "]")) this.fail("expected wildcard token to end with ']'");
      p.pos = p.indexOfNextSignificantChar(star, "]") + 1;
    } else {
      p.pos += 1;
    }
    this.tokens.push(new Token(K_WILD));
    return p.currentIsTail() || this.readNextToken();
  }

  readArrayToken(): boolean {
    const p = this.p;
    if (!p.currentIs("[")) return false;
    const next = p.nextSignificantChar();
    if (!isJavaDigit(next) && next !== "-" && next !== ":") return false;
    const exprBegin = p.pos + 1;
    const exprEnd = p.nextIndexOf(exprBegin, "]");
    if (exprEnd === -1) return false;
    const expr = javaTrim(p.sub(exprBegin, exprEnd));
    if (expr === "*") return false;
    for (const c of expr) {
      if (!isJavaDigit(c) && c !== "," && c !== "-" && c !== ":" && c !== " ") return false;
    }
    if (expr.includes(":")) this.tokens.push(parseSlice(expr));
    else this.tokens.push(parseIndexes(expr));
    p.pos = exprEnd + 1;
    return p.currentIsTail() || this.readNextToken();
  }

  readBracketPropertyToken(): boolean {
    const p = this.p;
    if (!p.currentIs("[")) return false;
    const delim = p.nextSignificantChar();
    if (delim !== "'" && delim !== '"') return false;
    const props: string[] = [];
    let start = p.pos + 1;
    let read = start;
    let end = 0;
    let inProperty = false;
    let inEscape = false;
    let lastWasComma = false;
    while (p.inBounds(read)) {
      const c = p.s[read];
      if (inEscape) {
        inEscape = false;
      } else if (c === "\\") {
        inEscape = true;
      } else if (c === "]" && !inProperty) {
        if (lastWasComma) this.fail("found empty property", read);
        break;
      } else if (c === delim) {
        if (inProperty) {
          const after = p.nextSignificantChar(read);
          if (after !== "]" && after !== ",") {
            this.fail("property must be separated by comma or terminated by close square bracket", read);
          }
          end = read;
          try {
            props.push(javaUnescape(p.sub(start, end)));
          } catch (e) {
            if (e instanceof UnescapeError) this.fail(e.message, start);
            throw e;
          }
          inProperty = false;
        } else {
          start = read + 1;
          inProperty = true;
          lastWasComma = false;
        }
      } else if (c === "," && !inProperty) {
        if (lastWasComma) this.fail("found empty property", read);
        lastWasComma = true;
      }
      read++;
    }
    if (inProperty) this.fail(`property has not been closed - missing closing ${delim}`);
    const endBracket = p.indexOfNextSignificantChar(end, "]");
    if (endBracket === -1) this.fail("property has not been closed - missing closing ]");
    p.pos = endBracket + 1;
    if (props.length === 0) this.fail("empty properties");
    const t = new Token(K_PROP);
    t.props = props;
    this.tokens.push(t);
    return p.currentIsTail() || this.readNextToken();
  }
}

/** Java `String.trim()`: strips code units <= U+0020. */
function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return s.slice(a, b);
}

const COMMA = /\s*,\s*/g;

function parseIndexes(expr: string): Token {
  for (const c of expr) {
    if (!isJavaDigit(c) && c !== "," && c !== " " && c !== "-")
      throw new CompileFailure(`failed to parse index operation: ${expr}`);
  }
  // Java `split(regex, -1)` keeps trailing empty strings (which then fail to parse).
  const parts = expr.split(COMMA);
  const t = new Token(K_INDEX);
  t.indexes = parts.map((s) => javaParseInt(s));
  return t;
}

function parseSlice(expr: string): Token {
  for (const c of expr) {
    if (!isJavaDigit(c) && c !== "-" && c !== ":")
      throw new CompileFailure(`failed to parse slice operation: ${expr}`);
  }
  const parts = javaSplit(expr, /:/g);
  const read = (i: number): number | null =>
    parts.length > i && parts[i] !== "" ? javaParseInt(parts[i]) : null;
  const from = read(0);
  const to = read(1);
  const t = new Token(K_SLICE);
  if (from !== null && to === null) {
    t.sliceOp = SLICE_FROM;
    t.sliceFrom = from;
  } else if (from !== null) {
    t.sliceOp = SLICE_BETWEEN;
    t.sliceFrom = from;
    t.sliceTo = to as number;
  } else if (to !== null) {
    t.sliceOp = SLICE_TO;
    t.sliceTo = to;
  } else {
    throw new CompileFailure(`failed to parse slice operation: ${expr}`);
  }
  return t;
}

/** Links the tokens and computes what Jayway derives lazily from the chain. */
function link(text: string, tokens: Token[], slots: SlotCounter): PathProgram {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    t.next = i + 1 < tokens.length ? tokens[i + 1] : null;
    t.leaf = t.next === null;
    t.slot = slots.n++;
  }
  let upstream = true;
  let definite = true;
  for (const t of tokens) {
    switch (t.kind) {
      case K_ROOT:
        t.tokenDefinite = true;
        break;
      case K_PROP:
        t.tokenDefinite = t.props.length === 1 || t.leaf;
        break;
      case K_INDEX:
        t.tokenDefinite = t.indexes.length === 1;
        break;
      default:
        t.tokenDefinite = false;
    }
    t.upstreamDefinite = upstream;
    upstream = upstream && t.tokenDefinite;
    definite = definite && t.tokenDefinite;
  }
  const tailPrev = tokens.length >= 2 ? tokens[tokens.length - 2] : null;
  const tailPrevIndex =
    tailPrev !== null && tailPrev.kind === K_INDEX && tailPrev.indexes.length === 1
      ? tailPrev.indexes[0]
      : Number.NaN;
  for (const t of tokens) t.tailPrevIndex = tailPrevIndex;
  let simple: string[] | null = [];
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== K_PROP || t.props.length !== 1) {
      simple = null;
      break;
    }
    simple.push(t.props[0]);
  }
  return new PathProgram(text, tokens[0], definite, tokens[0].rootChar === "$", simple);
}

/** Jayway `PathCompiler.compile`. Throws CompileFailure. */
export function compileProgram(text: string, slots: SlotCounter): PathProgram {
  let ci = new CharIndex(text);
  ci.trim();
  const c0 = ci.charAt(0);
  if (c0 !== "$" && c0 !== "@") {
    ci = new CharIndex(`$.${text}`);
    ci.trim();
  }
  if (ci.lastIs(".")) throw new CompileFailure("path must not end with a '.' or '..'", ci.end);
  const parser = new PathParser(ci, slots);
  parser.readContextToken();
  return link(text, parser.tokens, slots);
}
