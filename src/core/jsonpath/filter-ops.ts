/**
 * Relational operators of Jayway filters (`EvaluatorFactory`) over evaluated value nodes, with the
 * exact Java equality rules: the left operand is the receiver of `equals` (so `"1" == 1` and
 * `1 == "1.0"` hold but `"1.0" == 1` does not), a missing value equals nothing, list elements are
 * re-interpreted the way Jayway's `ValueListNode` does. A type mismatch that Jayway reports with an
 * `InvalidPathException` throws `InvalidPathAtRuntime` (the enclosing filter is then false).
 */
import { jtrim } from "../java/strings.js";
import { javaDoubleToString } from "../json/java-double.js";
import { parsePermissive } from "../json/json-smart.js";
import { isAnyJsonObject, JsonDouble, type JsonValue, objEntries, objGet, objSize } from "../json/types.js";
import { BigDec } from "./big-decimal.js";
import { UnescapeError } from "./char-index.js";
import { compileProgram } from "./compile.js";
import { InvalidPathAtRuntime, JsonPathEvaluationError } from "./errors.js";
import {
  type JsonNode,
  type ListNode,
  type NumNode,
  OP_ALL,
  OP_ANYOF,
  OP_CONTAINS,
  OP_EMPTY,
  OP_EQ,
  OP_EXISTS,
  OP_GT,
  OP_GTE,
  OP_IN,
  OP_LT,
  OP_LTE,
  OP_MATCHES,
  OP_NE,
  OP_NIN,
  OP_NONEOF,
  OP_REGEX,
  OP_SIZE,
  OP_SUBSETOF,
  OP_TSEQ,
  OP_TSNE,
  OP_TYPE,
  type PatternNode,
  type StrNode,
  type UndefNode,
  V_BOOL,
  V_JSON,
  V_LIST,
  V_NULL,
  V_NUM,
  V_PATTERN,
  V_STR,
  V_UNDEF,
  type VNode,
} from "./model.js";
import {
  boolNode,
  jsonTextNode,
  listNode,
  NULL_NODE,
  numNode,
  pathNode,
  strNode,
  strNodeEscaped,
  UNDEFINED_NODE,
} from "./value-nodes.js";

function invalid(message: string): never {
  throw new InvalidPathAtRuntime(message);
}

/** A double as Jayway sees it in a filter: `new BigDecimal(Double.toString(d))`. */
export function doubleToBigDec(x: number): BigDec {
  const n = Number.isFinite(x) ? BigDec.parse(javaDoubleToString(x)) : null;
  if (n === null)
    throw new JsonPathEvaluationError(`cannot use the non-finite number ${x} in a JSONPath filter`);
  return n;
}

function asStringNode(n: VNode): StrNode {
  if (n.t === V_STR) return n;
  if (n.t === V_NUM) {
    if (n.n === null) throw new JsonPathEvaluationError("NaN number node used as a string");
    return strNode(n.n.toString());
  }
  return invalid("Expected string node");
}

function asNumberNode(n: VNode): NumNode {
  if (n.t === V_NUM) return n;
  if (n.t === V_STR) return numNode(BigDec.parse(n.s));
  return invalid("Expected number node");
}

function asBoolean(n: VNode): boolean {
  if (n.t === V_BOOL) return n.b;
  return invalid("Expected boolean node");
}

function asJsonNode(n: VNode): JsonNode {
  if (n.t === V_JSON) return n;
  return invalid("Expected json node");
}

function asValueListNode(n: VNode): ListNode {
  if (n.t === V_LIST) return n;
  return invalid("Expected value list node");
}

/** `JsonNode.parse`: a document value, or a literal parsed with json-smart's permissive parser. */
function jsonParse(n: JsonNode): JsonValue {
  if (n.parsed) return n.v;
  let c = n.cache;
  if (c === undefined) {
    try {
      c = { ok: true, v: parsePermissive(n.text) };
    } catch (e) {
      c = { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    n.cache = c;
  }
  if (c.ok) return c.v;
  throw new JsonPathEvaluationError(`invalid JSON literal ${n.text} in filter: ${c.message}`);
}

function jsonIsArray(n: JsonNode): boolean {
  return Array.isArray(jsonParse(n));
}

/** `JsonNode.asValueListNode(ctx)`: the elements as value nodes when the JSON is an array, else UNDEFINED. */
function jsonAsValueList(n: JsonNode): ListNode | UndefNode {
  if (n.listCache !== undefined) return n.listCache;
  const v = jsonParse(n);
  const out = Array.isArray(v) ? listNode(v.map(toValueNode)) : UNDEFINED_NODE;
  if (!n.parsed) n.listCache = out;
  return out;
}

function isPathText(s: string): boolean {
  const t = jtrim(s);
  if (t.length === 0 || (t[0] !== "@" && t[0] !== "$")) return false;
  try {
    compileProgram(t, { n: 0 });
    return true;
  } catch {
    return false;
  }
}

function isJsonText(s: string): boolean {
  const t = jtrim(s);
  if (t.length <= 1) return false;
  const a = t[0];
  const b = t[t.length - 1];
  if (!((a === "[" && b === "]") || (a === "{" && b === "}"))) return false;
  try {
    parsePermissive(t);
    return true;
  } catch {
    return false;
  }
}

/** Jayway `ValueNode.toValueNode` for an element of a list. */
function toValueNode(o: JsonValue): VNode {
  if (o === null) return NULL_NODE;
  if (typeof o === "string") {
    if (isPathText(o)) return pathNode(compileProgram(jtrim(o), { n: 0 }), false, false);
    if (isJsonText(o)) return jsonTextNode(o);
    try {
      return strNodeEscaped(o);
    } catch (e) {
      if (e instanceof UnescapeError) throw new JsonPathEvaluationError(e.message);
      throw e;
    }
  }
  if (typeof o === "number") return numNode(Number.isInteger(o) ? BigDec.fromInteger(o) : doubleToBigDec(o));
  if (typeof o === "bigint") return numNode(BigDec.fromInteger(o));
  if (o instanceof JsonDouble) return numNode(doubleToBigDec(o.value));
  if (typeof o === "boolean") return boolNode(o);
  throw new JsonPathEvaluationError(
    "Could not determine value type of a list element (object or array) in a filter",
  );
}

/** `java.lang.Object.equals` on the Java objects JSON maps to (Integer vs Double are never equal). */
export function javaEquals(x: JsonValue, y: JsonValue): boolean {
  if (x === y) return true;
  if (x === null || y === null) return false;
  if (typeof x === "string" || typeof x === "boolean") return false;
  // doubles: JsonDouble, or non-integral numbers in a tree of plain values
  const dx =
    x instanceof JsonDouble ? x.value : typeof x === "number" && !Number.isInteger(x) ? x : undefined;
  const dy =
    y instanceof JsonDouble ? y.value : typeof y === "number" && !Number.isInteger(y) ? y : undefined;
  if (dx !== undefined || dy !== undefined) return dx !== undefined && dy !== undefined && Object.is(dx, dy);
  if (typeof x === "number" || typeof x === "bigint") {
    if (typeof y !== "number" && typeof y !== "bigint") return false;
    return typeof x === typeof y ? x === y : BigInt(x) === BigInt(y);
  }
  if (isAnyJsonObject(x)) {
    if (!isAnyJsonObject(y) || objSize(x) !== objSize(y)) return false;
    for (const [k, v] of objEntries(x)) {
      const w = objGet(y, k);
      if (w === undefined || !javaEquals(v, w)) return false;
    }
    return true;
  }
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!javaEquals(x[i], y[i])) return false;
  return true;
}

/** `a.equals(b)` for value nodes. */
export function nodeEquals(a: VNode, b: VNode): boolean {
  switch (a.t) {
    case V_STR:
      if (b.t !== V_STR && b.t !== V_NUM) return false;
      return a.s === asStringNode(b).s;
    case V_NUM: {
      if (b.t !== V_NUM && b.t !== V_STR) return false;
      const that = asNumberNode(b);
      if (that.n === null || a.n === null) return false;
      return a.n.compareTo(that.n) === 0;
    }
    case V_BOOL:
      return b.t === V_BOOL && a.b === b.b;
    case V_NULL:
      return b.t === V_NULL;
    case V_UNDEF:
      return false;
    case V_JSON:
      if (b.t !== V_JSON) return false;
      if (a.parsed !== b.parsed) return false;
      return a.parsed ? javaEquals(a.v, b.v) : a.text === b.text;
    case V_LIST:
      if (b.t !== V_LIST || a.nodes.length !== b.nodes.length) return false;
      for (let i = 0; i < a.nodes.length; i++) if (!nodeEquals(a.nodes[i], b.nodes[i])) return false;
      return true;
    default:
      return a === b;
  }
}

function listContains(list: ListNode, x: VNode): boolean {
  for (const n of list.nodes) if (nodeEquals(x, n)) return true;
  return false;
}

function eq(l: VNode, r: VNode): boolean {
  if (l.t === V_JSON && r.t === V_JSON) {
    if (l === r) return true;
    const rv = jsonParse(r);
    return l.parsed && javaEquals(l.v, rv);
  }
  return nodeEquals(l, r);
}

function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compare(op: number, l: VNode, r: VNode): boolean {
  let c: number;
  if (l.t === V_NUM && r.t === V_NUM) {
    if (l.n === null || r.n === null) return false;
    c = l.n.compareTo(r.n);
  } else if (l.t === V_STR && r.t === V_STR) c = strcmp(l.s, r.s);
  else if (l.t === V_STR && r.t === V_NUM) c = strcmp(l.s, asStringNode(r).s);
  else if (l.t === V_NUM && r.t === V_STR) c = strcmp(asStringNode(l).s, r.s);
  else return false;
  switch (op) {
    case OP_LT:
      return c < 0;
    case OP_LTE:
      return c <= 0;
    case OP_GT:
      return c > 0;
    default:
      return c >= 0;
  }
}

/** Text a regex is matched against: strings, numbers (BigDecimal text), booleans; anything else is "". */
function regexInput(n: VNode): string {
  if (n.t === V_STR) return n.s;
  if (n.t === V_NUM) return asStringNode(n).s;
  if (n.t === V_BOOL) return n.b ? "true" : "false";
  return "";
}

function regex(l: VNode, r: VNode): boolean {
  const lp = l.t === V_PATTERN;
  if (lp === (r.t === V_PATTERN)) return false;
  const pattern = (lp ? l : r) as PatternNode;
  const other = lp ? r : l;
  if (other.t === V_LIST || (other.t === V_JSON && jsonIsArray(other))) {
    const list = jsonAsValueList(asJsonNode(other));
    if (list.t !== V_LIST) return false;
    for (const n of list.nodes) if (pattern.re.matches(regexInput(n))) return true;
    return false;
  }
  return pattern.re.matches(regexInput(other));
}

/** The list operand of in/subsetof/anyof/noneof, or null when a JSON operand is not an array. */
function listOperand(n: VNode): ListNode | null {
  if (n.t === V_JSON) {
    const vn = jsonAsValueList(n);
    return vn.t === V_LIST ? vn : null;
  }
  return asValueListNode(n);
}

function jsonIsEmpty(n: JsonNode): boolean {
  const v = jsonParse(n);
  if (Array.isArray(v)) return v.length === 0;
  if (isAnyJsonObject(v)) return objSize(v) === 0;
  if (typeof v === "string") return v.length === 0;
  return true;
}

function inList(l: VNode, r: VNode): boolean {
  const list = listOperand(r);
  return list !== null && listContains(list, l);
}

/** Applies a relational operator to evaluated operands. */
export function relational(op: number, l: VNode, r: VNode): boolean {
  switch (op) {
    case OP_EXISTS:
      if (l.t !== V_BOOL && r.t !== V_BOOL)
        throw new JsonPathEvaluationError("Failed to evaluate exists expression");
      return asBoolean(l) === asBoolean(r);
    case OP_EQ:
      return eq(l, r);
    case OP_NE:
      return !eq(l, r);
    case OP_TSEQ:
      return l.t === r.t && eq(l, r);
    case OP_TSNE:
      return !(l.t === r.t && eq(l, r));
    case OP_LT:
    case OP_LTE:
    case OP_GT:
    case OP_GTE:
      return compare(op, l, r);
    case OP_REGEX:
      return regex(l, r);
    case OP_IN:
      return inList(l, r);
    case OP_NIN:
      return !inList(l, r);
    case OP_SIZE: {
      if (r.t !== V_NUM || r.n === null) return false;
      const expected = r.n.intValue();
      if (l.t === V_STR) return l.s.length === expected;
      if (l.t === V_JSON) {
        const v = jsonParse(l);
        return (Array.isArray(v) ? v.length : -1) === expected;
      }
      return false;
    }
    case OP_EMPTY:
      if (l.t === V_STR) return (l.s.length === 0) === asBoolean(r);
      if (l.t === V_JSON) return jsonIsEmpty(l) === asBoolean(r);
      return false;
    case OP_ALL: {
      const required = asValueListNode(r);
      if (l.t !== V_JSON) return false;
      const vn = jsonAsValueList(l);
      if (vn.t === V_LIST) {
        for (const req of required.nodes) if (!listContains(vn, req)) return false;
      }
      return true;
    }
    case OP_CONTAINS: {
      if (l.t === V_STR && r.t === V_STR) return l.s.includes(r.s);
      if (l.t === V_JSON) {
        const vn = jsonAsValueList(l);
        return vn.t === V_LIST && listContains(vn, r);
      }
      return false;
    }
    case OP_SUBSETOF: {
      const right = listOperand(r);
      if (right === null) return false;
      const left = listOperand(l);
      if (left === null) return false;
      for (const n of left.nodes) if (!listContains(right, n)) return false;
      return true;
    }
    case OP_ANYOF:
    case OP_NONEOF: {
      const right = listOperand(r);
      if (right === null) return false;
      const left = listOperand(l);
      if (left === null) return false;
      for (const a of left.nodes) {
        for (const b of right.nodes) if (nodeEquals(a, b)) return op === OP_ANYOF;
      }
      return op === OP_NONEOF;
    }
    case OP_MATCHES:
      return invalid("Expected predicate node");
    case OP_TYPE:
      return invalid("Expected class node");
    default:
      return false;
  }
}
