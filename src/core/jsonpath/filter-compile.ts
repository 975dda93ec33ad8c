/**
 * Compiles the text of a filter token `[?( ... )]` into an expression tree, following Jayway's
 * `FilterCompiler` step by step (its grammar, precedence and tolerance):
 *
 *   LogicalOR         = LogicalAND { '||' LogicalAND }
 *   LogicalAND        = LogicalANDOperand { '&&' LogicalANDOperand }
 *   LogicalANDOperand = RelationalExpression | '(' LogicalOR ')' | '!' LogicalANDOperand
 *   RelationalExpr    = Value [ RelationalOperator Value ]      (no operator: existence test of a path)
 */
import { compileJavaRegex, JavaRegexSyntaxError } from "../java/regex.js";
import { BigDec } from "./big-decimal.js";
import { CharIndex, CompileFailure, RegexCompileFailure, UnescapeError } from "./char-index.js";
import {
  E_AND,
  E_NOT,
  E_OR,
  E_REL,
  type Expr,
  OP_EXISTS,
  OPERATORS,
  type PathProgram,
  V_PATH,
  type VNode,
} from "./model.js";
import {
  FALSE_NODE,
  jsonTextNode,
  NULL_NODE,
  numNode,
  pathNode,
  patternNode,
  strNodeEscaped,
  TRUE_NODE,
} from "./value-nodes.js";

/** Compiles a path found inside a filter (`@.a.b`, `$.x`); throws CompileFailure. */
export type SubPathCompiler = (text: string) => PathProgram;

const PATTERN_FLAGS = "dixmsuU";

function isRelationalOperatorChar(c: string): boolean {
  return c === "<" || c === ">" || c === "=" || c === "~" || c === "!";
}

class FilterParser {
  readonly f: CharIndex;

  constructor(
    text: string,
    readonly compileSub: SubPathCompiler,
  ) {
    const f = new CharIndex(text);
    f.trim();
    if (!f.currentIs("[") || !f.lastIs("]"))
      throw new CompileFailure("filter must start with '[' and end with ']'");
    f.pos++;
    f.end--;
    f.trim();
    if (!f.currentIs("?")) throw new CompileFailure("filter must start with '[?' and end with ']'");
    f.pos++;
    f.trim();
    if (!f.currentIs("(") || !f.lastIs(")"))
      throw new CompileFailure("filter must start with '[?(' and end with ')]'");
    this.f = f;
  }

  compile(): Expr {
    const result = this.readLogicalOR();
    this.f.skipBlanks();
    if (this.f.inBounds()) {
      throw new CompileFailure(
        `expected end of filter expression instead of: ${this.f.s.slice(this.f.pos, this.f.length())}`,
        this.f.pos,
      );
    }
    return result;
  }

  readLogicalOR(): Expr {
    const ops: Expr[] = [this.readLogicalAND()];
    for (;;) {
      const save = this.f.pos;
      if (this.f.hasSignificantSubSequence("||")) ops.push(this.readLogicalAND());
      else {
        this.f.pos = save;
        break;
      }
    }
    return ops.length === 1 ? ops[0] : { k: E_OR, ops };
  }

  readLogicalAND(): Expr {
    const ops: Expr[] = [this.readLogicalANDOperand()];
    for (;;) {
      const save = this.f.pos;
      if (this.f.hasSignificantSubSequence("&&")) ops.push(this.readLogicalANDOperand());
      else {
        this.f.pos = save;
        break;
      }
    }
    return ops.length === 1 ? ops[0] : { k: E_AND, ops };
  }

  readLogicalANDOperand(): Expr {
    const f = this.f;
    const save = f.skipBlanks().pos;
    if (f.skipBlanks().currentIs("!")) {
      f.readSignificantChar("!");
      const c = f.skipBlanks().current();
      if (c === "$" || c === "@") {
        f.pos = save; // `!@.x`: a negated existence test, read as a value
      } else {
        return { k: E_NOT, op: this.readLogicalANDOperand() };
      }
    }
    if (f.skipBlanks().currentIs("(")) {
      f.readSignificantChar("(");
      const op = this.readLogicalOR();
      f.readSignificantChar(")");
      return op;
    }
    return this.readExpression();
  }

  readExpression(): Expr {
    const left = this.readValueNode();
    const save = this.f.pos;
    try {
      const op = this.readRelationalOperator();
      const right = this.readValueNode();
      return { k: E_REL, left, op, right };
    } catch (e) {
      if (!(e instanceof CompileFailure) || e instanceof RegexCompileFailure) throw e;
      this.f.pos = save;
    }
    if (left.t !== V_PATH) throw new CompileFailure("expected a path before the end of the expression", save);
    const shouldExist = left.shouldExist;
    return {
      k: E_REL,
      left: pathNode(left.path, true, shouldExist),
      op: OP_EXISTS,
      right: shouldExist ? TRUE_NODE : FALSE_NODE,
    };
  }

  readRelationalOperator(): number {
    const f = this.f;
    const begin = f.skipBlanks().pos;
    if (isRelationalOperatorChar(f.current())) {
      while (f.inBounds() && isRelationalOperatorChar(f.current())) f.pos++;
    } else {
      while (f.inBounds() && f.current() !== " ") f.pos++;
    }
    const text = f.sub(begin, f.pos);
    const op = OPERATORS.get(text.toUpperCase());
    if (op === undefined) throw new CompileFailure(`filter operator ${text} is not supported`, begin);
    return op;
  }

  readValueNode(): VNode {
    const f = this.f;
    const c = f.skipBlanks().current();
    if (c === "$" || c === "@") return this.readPath();
    if (c === "!") {
      f.pos++;
      const d = f.skipBlanks().current();
      if (d === "$" || d === "@") return this.readPath();
      throw new CompileFailure("unexpected character: !", f.pos);
    }
    return this.readLiteral();
  }

  readLiteral(): VNode {
    const c = this.f.skipBlanks().current();
    switch (c) {
      case "'":
      case '"':
        return this.readStringLiteral(c);
      case "t":
      case "f":
        return this.readBooleanLiteral();
      case "n":
        return this.readNullLiteral();
      case "{":
      case "[":
        return this.readJsonLiteral(c);
      case "/":
        return this.readPattern();
      default:
        return this.readNumberLiteral();
    }
  }

  readNullLiteral(): VNode {
    const f = this.f;
    if (f.current() === "n" && f.inBounds(f.pos + 3) && f.s.slice(f.pos, f.pos + 4) === "null") {
      f.pos += 4;
      return NULL_NODE;
    }
    throw new CompileFailure("expected <null> value", f.pos);
  }

  readJsonLiteral(open: string): VNode {
    const f = this.f;
    const begin = f.pos;
    const close = open === "[" ? "]" : "}";
    const closing = f.indexOfMatchingCloseChar(f.pos, open, close, true, false);
    if (closing === -1) throw new CompileFailure(`JSON literal not closed, expected ${close}`, begin);
    f.pos = closing + 1;
    return jsonTextNode(f.sub(begin, f.pos));
  }

  readPattern(): VNode {
    const f = this.f;
    const begin = f.pos;
    let closing = f.nextIndexOfUnescaped(f.pos, "/");
    if (closing === -1) throw new CompileFailure("pattern not closed, expected /", begin);
    if (f.inBounds(closing + 1)) {
      let endFlags = closing + 1;
      while (f.inBounds(endFlags) && PATTERN_FLAGS.includes(f.s[endFlags])) endFlags++;
      if (endFlags > closing) closing += endFlags - (closing + 1);
    }
    f.pos = closing + 1;
    const text = f.sub(begin, f.pos);
    const first = text.indexOf("/");
    const last = text.lastIndexOf("/");
    const body = text.slice(first + 1, last);
    const flags = text.slice(last + 1);
    try {
      return patternNode(
        compileJavaRegex(body, {
          caseInsensitive: flags.includes("i"),
          multiline: flags.includes("m"),
          dotAll: flags.includes("s"),
          comments: flags.includes("x"),
        }),
      );
    } catch (e) {
      if (e instanceof JavaRegexSyntaxError) throw new RegexCompileFailure(e.message, begin);
      throw e;
    }
  }

  readStringLiteral(quote: string): VNode {
    const f = this.f;
    const begin = f.pos;
    const closing = f.nextIndexOfUnescaped(f.pos, quote);
    if (closing === -1)
      throw new CompileFailure(`string literal does not have matching quotes, expected ${quote}`, begin);
    f.pos = closing + 1;
    try {
      return strNodeEscaped(f.sub(begin, f.pos));
    } catch (e) {
      if (e instanceof UnescapeError) throw new CompileFailure(e.message, begin);
      throw e;
    }
  }

  readNumberLiteral(): VNode {
    const f = this.f;
    const begin = f.pos;
    while (f.inBounds() && f.isNumberCharacter(f.pos)) f.pos++;
    const text = f.sub(begin, f.pos);
    const n = BigDec.parse(text);
    if (n === null) {
      throw new CompileFailure(
        text === "" ? `unexpected character '${f.s[begin] ?? ""}'` : `invalid number literal ${text}`,
        begin,
      );
    }
    return numNode(n);
  }

  readBooleanLiteral(): VNode {
    const f = this.f;
    const begin = f.pos;
    const end = f.current() === "t" ? f.pos + 3 : f.pos + 4;
    if (!f.inBounds(end)) throw new CompileFailure("expected boolean literal", begin);
    const text = f.sub(begin, end + 1);
    if (text !== "true" && text !== "false") throw new CompileFailure("expected boolean literal", begin);
    f.pos += text.length;
    return text === "true" ? TRUE_NODE : FALSE_NODE;
  }

  readPath(): VNode {
    const f = this.f;
    const previous = f.previousSignificantChar();
    const begin = f.pos;
    f.pos++; // skip $ or @
    while (f.inBounds()) {
      if (f.current() === "[") {
        const closing = f.indexOfMatchingCloseChar(f.pos, "[", "]", true, false);
        if (closing === -1) throw new CompileFailure("square brackets do not match in filter", f.pos);
        f.pos = closing + 1;
      }
      const c = f.current();
      const closingFunction = c === ")" && this.currentCharIsClosingFunctionBracket(begin);
      const closingLogical = c === ")" && !closingFunction;
      if (!f.inBounds() || isRelationalOperatorChar(c) || c === " " || closingLogical) break;
      f.pos++;
    }
    const text = f.sub(begin, f.pos);
    return pathNode(this.compileSub(text), false, previous !== "!");
  }

  currentCharIsClosingFunctionBracket(lowerBound: number): boolean {
    const f = this.f;
    if (f.current() !== ")") return false;
    let idx = f.indexOfPreviousSignificantChar();
    if (idx === -1 || f.s[idx] !== "(") return false;
    idx--;
    while (f.inBounds(idx) && idx > lowerBound) {
      if (f.s[idx] === ".") return true;
      idx--;
    }
    return false;
  }
}

/** Compiles `[?( ... )]` (the whole bracket token text). Throws CompileFailure. */
export function compileFilter(text: string, compileSub: SubPathCompiler): Expr {
  return new FilterParser(text, compileSub).compile();
}
