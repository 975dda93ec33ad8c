/**
 * Constructors and constants for filter value nodes (Jayway `ValueNodes`). The node shapes live in
 * model.ts; the operators that compare them live in filter-ops.ts.
 */
import type { JavaRegex } from "../java/regex.js";
import type { JsonValue } from "../json/types.js";
import type { BigDec } from "./big-decimal.js";
import { javaUnescape } from "./char-index.js";
import {
  type BoolNode,
  type JsonNode,
  type ListNode,
  type NullNode,
  type NumNode,
  type PathNode,
  type PathProgram,
  type PatternNode,
  type StrNode,
  type UndefNode,
  V_BOOL,
  V_JSON,
  V_LIST,
  V_NULL,
  V_NUM,
  V_PATH,
  V_PATTERN,
  V_STR,
  V_UNDEF,
  type VNode,
} from "./model.js";

export const NULL_NODE: NullNode = { t: V_NULL };
export const UNDEFINED_NODE: UndefNode = { t: V_UNDEF };
export const TRUE_NODE: BoolNode = { t: V_BOOL, b: true };
export const FALSE_NODE: BoolNode = { t: V_BOOL, b: false };
export const NAN_NODE: NumNode = { t: V_NUM, n: null };

export function strNode(s: string): StrNode {
  return { t: V_STR, s };
}

/**
 * Jayway `createStringNode(text, escape=true)`: surrounding matching quotes are removed and backslash
 * escapes resolved (applies to filter literals and to strings found in lists compared by `in`, `=~`...).
 */
export function strNodeEscaped(text: string): StrNode {
  if (text.length <= 1) return { t: V_STR, s: text };
  const open = text[0];
  const close = text[text.length - 1];
  let body = text;
  if ((open === "'" && close === "'") || (open === '"' && close === '"')) body = text.slice(1, -1);
  return { t: V_STR, s: javaUnescape(body) };
}

export function numNode(n: BigDec | null): NumNode {
  return n === null ? NAN_NODE : { t: V_NUM, n };
}

export function boolNode(b: boolean): BoolNode {
  return b ? TRUE_NODE : FALSE_NODE;
}

export function jsonParsedNode(v: JsonValue): JsonNode {
  return { t: V_JSON, parsed: true, v, text: "" };
}

export function jsonTextNode(text: string): JsonNode {
  return { t: V_JSON, parsed: false, v: null, text };
}

export function patternNode(re: JavaRegex): PatternNode {
  return { t: V_PATTERN, re };
}

export function pathNode(path: PathProgram, exists: boolean, shouldExist: boolean): PathNode {
  return { t: V_PATH, path, exists, shouldExist };
}

export function listNode(nodes: VNode[]): ListNode {
  return { t: V_LIST, nodes };
}
