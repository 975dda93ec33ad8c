/**
 * Compiled form of a Jayway path: a linked list of tokens (Jayway's PathToken chain) with every
 * property Jayway derives lazily (leaf, definite, upstream-definite) computed once at compile time.
 */
import type { JavaRegex } from "../java/regex.js";
import type { JsonValue } from "../json/types.js";
import type { BigDec } from "./big-decimal.js";

export const K_ROOT = 0;
export const K_PROP = 1;
export const K_WILD = 2;
export const K_INDEX = 3;
export const K_SLICE = 4;
export const K_FILTER = 5;
export const K_SCAN = 6;

export const SLICE_FROM = 0;
export const SLICE_TO = 1;
export const SLICE_BETWEEN = 2;

const NO_STRINGS: string[] = [];
const NO_NUMBERS: number[] = [];

export class Token {
  next: Token | null = null;
  leaf = true;
  /** Every token before this one is definite (Jayway `isUpstreamDefinite`). */
  upstreamDefinite = true;
  /** Jayway `isTokenDefinite`. */
  tokenDefinite = true;
  /** Index of this token's "upstream array index" cell in the per-call state (quirk Q1). */
  slot = 0;
  /** When the last token of this token's path is preceded by a single-index token `[n]`: n; else NaN (Q1). */
  tailPrevIndex = Number.NaN;
  rootChar = "$";
  props: string[] = NO_STRINGS;
  indexes: number[] = NO_NUMBERS;
  sliceOp = SLICE_FROM;
  sliceFrom = 0;
  sliceTo = 0;
  filter: Expr | null = null;
  constructor(readonly kind: number) {}
}

export class PathProgram {
  constructor(
    readonly text: string,
    readonly root: Token,
    readonly definite: boolean,
    /** The path starts with `$` (filter paths: evaluated against the document root). */
    readonly isRootPath: boolean,
    /** Non-null when the path is the root followed only by single-name steps: evaluated by direct lookups. */
    readonly simple: string[] | null,
  ) {}
}

// ---------------------------------------------------------------- filter value nodes (Jayway ValueNode)

export const V_STR = 1;
export const V_NUM = 2;
export const V_BOOL = 3;
export const V_NULL = 4;
export const V_UNDEF = 5;
export const V_JSON = 6;
export const V_PATTERN = 7;
export const V_PATH = 8;
export const V_LIST = 9;

export interface StrNode {
  readonly t: typeof V_STR;
  readonly s: string;
}
export interface NumNode {
  readonly t: typeof V_NUM;
  /** null is Jayway's NumberNode.NAN (a string that is not a number). */
  readonly n: BigDec | null;
}
export interface BoolNode {
  readonly t: typeof V_BOOL;
  readonly b: boolean;
}
export interface NullNode {
  readonly t: typeof V_NULL;
}
export interface UndefNode {
  readonly t: typeof V_UNDEF;
}
export interface JsonNode {
  readonly t: typeof V_JSON;
  /** true: `v` holds a value taken from the document; false: `text` holds literal text parsed on demand. */
  readonly parsed: boolean;
  readonly v: JsonValue;
  readonly text: string;
  /** Cache for literals: the parsed value, or the parse error to re-throw. */
  cache?: { ok: true; v: JsonValue } | { ok: false; message: string };
  listCache?: ListNode | UndefNode;
}
export interface PatternNode {
  readonly t: typeof V_PATTERN;
  readonly re: JavaRegex;
}
export interface PathNode {
  readonly t: typeof V_PATH;
  readonly path: PathProgram;
  readonly exists: boolean;
  readonly shouldExist: boolean;
}
export interface ListNode {
  readonly t: typeof V_LIST;
  readonly nodes: VNode[];
}
export type VNode =
  | StrNode
  | NumNode
  | BoolNode
  | NullNode
  | UndefNode
  | JsonNode
  | PatternNode
  | PathNode
  | ListNode;

// ---------------------------------------------------------------- filter expressions

export const E_OR = 0;
export const E_AND = 1;
export const E_NOT = 2;
export const E_REL = 3;

export const OP_GTE = 0;
export const OP_LTE = 1;
export const OP_EQ = 2;
export const OP_TSEQ = 3;
export const OP_NE = 4;
export const OP_TSNE = 5;
export const OP_LT = 6;
export const OP_GT = 7;
export const OP_REGEX = 8;
export const OP_NIN = 9;
export const OP_IN = 10;
export const OP_CONTAINS = 11;
export const OP_ALL = 12;
export const OP_SIZE = 13;
export const OP_EXISTS = 14;
export const OP_TYPE = 15;
export const OP_MATCHES = 16;
export const OP_EMPTY = 17;
export const OP_SUBSETOF = 18;
export const OP_ANYOF = 19;
export const OP_NONEOF = 20;

/** Jayway `RelationalOperator` texts, matched case-insensitively (upper-cased). */
export const OPERATORS: ReadonlyMap<string, number> = new Map([
  [">=", OP_GTE],
  ["<=", OP_LTE],
  ["==", OP_EQ],
  ["===", OP_TSEQ],
  ["!=", OP_NE],
  ["!==", OP_TSNE],
  ["<", OP_LT],
  [">", OP_GT],
  ["=~", OP_REGEX],
  ["NIN", OP_NIN],
  ["IN", OP_IN],
  ["CONTAINS", OP_CONTAINS],
  ["ALL", OP_ALL],
  ["SIZE", OP_SIZE],
  ["EXISTS", OP_EXISTS],
  ["TYPE", OP_TYPE],
  ["MATCHES", OP_MATCHES],
  ["EMPTY", OP_EMPTY],
  ["SUBSETOF", OP_SUBSETOF],
  ["ANYOF", OP_ANYOF],
  ["NONEOF", OP_NONEOF],
]);

export type Expr =
  | { readonly k: typeof E_OR; readonly ops: Expr[] }
  | { readonly k: typeof E_AND; readonly ops: Expr[] }
  | { readonly k: typeof E_NOT; readonly op: Expr }
  | { readonly k: typeof E_REL; readonly left: VNode; readonly op: number; readonly right: VNode };
