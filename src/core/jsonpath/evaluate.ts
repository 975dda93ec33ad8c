/**
 * Evaluation of a compiled path against a JSON tree, token by token as Jayway 2.9.0 does it: property
 * steps never reach into arrays, a missing step throws PathNotFound only when everything upstream is
 * definite, filters on objects are conditions on the object itself, deep scans visit every node in
 * pre-order and apply the next token where its pre-check passes (quirk Q1 included: see `walkArray`).
 *
 * Nothing is mutated here. Each match records its updatable location (parent container + key, or the
 * root) and, when asked, its value and its Jayway path string. Per-visited-node work allocates nothing
 * unless path strings were requested.
 */
import {
  type AnyJsonObject,
  isAnyJsonObject,
  type JsonArray,
  JsonDouble,
  type JsonObject,
  type JsonValue,
  objGet,
} from "../json/types.js";
import { BigDec } from "./big-decimal.js";
import { InvalidPathAtRuntime, PathNotFoundError } from "./errors.js";
import { doubleToBigDec, relational } from "./filter-ops.js";
import {
  E_AND,
  E_NOT,
  E_OR,
  type Expr,
  K_FILTER,
  K_INDEX,
  K_PROP,
  K_SCAN,
  K_SLICE,
  K_WILD,
  type PathNode,
  type PathProgram,
  SLICE_BETWEEN,
  SLICE_FROM,
  type Token,
  V_PATH,
  type VNode,
} from "./model.js";
import {
  boolNode,
  FALSE_NODE,
  jsonParsedNode,
  NULL_NODE,
  numNode,
  strNode,
  TRUE_NODE,
  UNDEFINED_NODE,
} from "./value-nodes.js";

/** Container of a match; null stands for "the document root itself". */
export type Parent = AnyJsonObject | JsonArray | null;

export interface Match {
  parent: Parent;
  /** Member name or array index (as written in the path: may be negative); "$" for the root. */
  key: string | number;
  /** Multi-name merge match (`['a','b']` as last token): the listed names. */
  keys: string[] | null;
  value: JsonValue;
  path: string;
}

const MISSING: unique symbol = Symbol("missing");
type Raw = JsonValue | typeof MISSING;

/** State shared by a top-level call and every filter sub-evaluation it triggers. */
export interface Shared {
  /** Jayway's per-token "upstream array index" (quirk Q1); -1 = unset. */
  readonly up: Int32Array;
  /** The document root (`$` inside filters). */
  readonly doc: JsonValue;
  /** Results of `$`-rooted filter paths (constant during one evaluation). */
  docCache: Map<PathProgram, Raw> | null;
  /** Path text, for messages. */
  readonly text: string;
}

/** Applies an update to one match as soon as it is found (see `directUpdatable` in api.ts). */
export type DirectUpdate = (parent: Parent, key: string | number, value: JsonValue) => void;

export class EvalCtx {
  count = 0;
  last: JsonValue = null;
  values: JsonValue[] | null = null;
  matches: Match[] | null = null;
  direct: DirectUpdate | null = null;
  constructor(
    readonly shared: Shared,
    /** Jayway Option.REQUIRE_PROPERTIES (used for existence tests inside filters). */
    readonly requireProps: boolean,
    readonly wantPaths: boolean,
    /** Build the merged object of multi-name matches (not needed for updates). */
    readonly needValues: boolean,
  ) {}
}

export function newShared(slotCount: number, doc: JsonValue, text: string): Shared {
  const up = new Int32Array(slotCount);
  up.fill(-1);
  return { up, doc, docCache: null, text };
}

function notFound(ctx: EvalCtx, detail: string): PathNotFoundError {
  return new PathNotFoundError(`no results for path ${ctx.shared.text}: ${detail}`);
}

function addResult(
  ctx: EvalCtx,
  parent: Parent,
  key: string | number,
  keys: string[] | null,
  value: JsonValue,
  path: string,
): void {
  ctx.count++;
  if (ctx.direct !== null) {
    ctx.direct(parent, key, value);
    return;
  }
  ctx.last = value;
  if (ctx.values !== null) ctx.values.push(value);
  if (ctx.matches !== null) ctx.matches.push({ parent, key, keys, value, path });
}

export function evaluateProgram(prog: PathProgram, model: JsonValue, ctx: EvalCtx): void {
  const root = prog.root;
  const path = ctx.wantPaths ? root.rootChar : "";
  if (root.next === null) addResult(ctx, null, root.rootChar, null, model, path);
  else evalToken(root.next, model, null, root.rootChar, path, ctx);
}

function typeName(v: JsonValue): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (v instanceof JsonDouble) return "number";
  if (typeof v === "object") return "object";
  return typeof v === "bigint" ? "number" : typeof v;
}

function evalToken(
  t: Token,
  model: JsonValue,
  rp: Parent,
  rk: string | number,
  path: string,
  ctx: EvalCtx,
): void {
  switch (t.kind) {
    case K_PROP: {
      if (!isAnyJsonObject(model)) {
        if (t.upstreamDefinite) {
          throw notFound(ctx, `expected an object with property ${fragment(t)} but found ${typeName(model)}`);
        }
        return;
      }
      const props = t.props;
      if (props.length === 1) handleProp(t, model, props[0], path, ctx);
      else if (t.next === null) merge(t, model, path, ctx);
      else for (const p of props) handleProp(t, model, p, path, ctx);
      return;
    }
    case K_WILD:
      if (Array.isArray(model)) {
        for (let i = 0; i < model.length; i++) handleIndex(t, model, i, path, ctx);
      } else if (model instanceof Map) {
        for (const [k, v] of model) propertyFound(t, model, k, v, path, ctx);
      } else if (isAnyJsonObject(model)) {
        for (const k in model) {
          const v = model[k];
          if (v !== undefined) propertyFound(t, model, k, v, path, ctx);
        }
      }
      return;
    case K_INDEX:
      if (checkArray(t, model, ctx)) {
        for (const i of t.indexes) handleIndex(t, model as JsonArray, i, path, ctx);
      }
      return;
    case K_SLICE:
      if (checkArray(t, model, ctx)) slice(t, model as JsonArray, path, ctx);
      return;
    case K_FILTER:
      if (Array.isArray(model)) {
        const f = t.filter!;
        for (let i = 0; i < model.length; i++) {
          if (accept(f, model[i], ctx)) handleIndex(t, model, i, path, ctx);
        }
      } else if (isAnyJsonObject(model)) {
        if (accept(t.filter!, model, ctx)) {
          if (t.next === null) addResult(ctx, rp, rk, null, model, path);
          else evalToken(t.next, model, rp, rk, path, ctx);
        }
      } else if (t.upstreamDefinite) {
        throw new InvalidPathAtRuntime(
          `filter [?] of path ${ctx.shared.text} can not be applied to primitives (found ${typeName(model)})`,
        );
      }
      return;
    case K_SCAN:
      walk(t.next!, model, rp, rk, path, ctx);
      return;
  }
}

function fragment(t: Token): string {
  return `[${t.props.map((p) => `'${p}'`).join(",")}]`;
}

function handleProp(t: Token, model: AnyJsonObject, p: string, path: string, ctx: EvalCtx): void {
  const v = objGet(model, p);
  if (v === undefined) {
    if (t.next === null) {
      if (ctx.requireProps) throw notFound(ctx, `missing property '${p}'`);
      return;
    }
    if (!(t.upstreamDefinite && t.tokenDefinite) && !ctx.requireProps) return;
    throw notFound(ctx, `missing property '${p}'`);
  }
  propertyFound(t, model, p, v, path, ctx);
}

function propertyFound(
  t: Token,
  model: AnyJsonObject,
  p: string,
  v: JsonValue,
  path: string,
  ctx: EvalCtx,
): void {
  const np = ctx.wantPaths ? `${path}['${p}']` : path;
  if (t.next === null) {
    // Quirk Q1: once a deep scan stamped this token with an array index, only that index may match.
    const up = ctx.shared.up[t.slot];
    if (up === -1 || up === t.tailPrevIndex) addResult(ctx, model, p, null, v, np);
  } else {
    evalToken(t.next, v, model, p, np, ctx);
  }
}

function merge(t: Token, model: AnyJsonObject, path: string, ctx: EvalCtx): void {
  const merged: JsonObject | null = ctx.needValues ? new Map() : null;
  for (const p of t.props) {
    const v = objGet(model, p);
    if (v === undefined) {
      if (ctx.requireProps) throw notFound(ctx, `missing property '${p}'`);
      continue;
    }
    merged?.set(p, v);
  }
  const np = ctx.wantPaths ? `${path}[${t.props.map((p) => `'${p}'`).join(", ")}]` : path;
  addResult(ctx, model, t.props[0], t.props, merged, np);
}

function handleIndex(t: Token, arr: JsonArray, index: number, path: string, ctx: EvalCtx): void {
  const eff = index < 0 ? arr.length + index : index;
  if (eff < 0 || eff >= arr.length) return;
  const hit = arr[eff];
  const np = ctx.wantPaths ? `${path}[${index}]` : path;
  if (t.next === null) addResult(ctx, arr, index, null, hit, np);
  else evalToken(t.next, hit, arr, index, np, ctx);
}

function checkArray(t: Token, model: JsonValue, ctx: EvalCtx): boolean {
  if (Array.isArray(model)) return true;
  if (!t.upstreamDefinite) return false;
  throw notFound(ctx, `expected an array but found ${typeName(model)}`);
}

function slice(t: Token, arr: JsonArray, path: string, ctx: EvalCtx): void {
  const length = arr.length;
  if (t.sliceOp === SLICE_FROM) {
    let from = t.sliceFrom;
    if (from < 0) from = length + from;
    from = Math.max(0, from);
    if (length === 0 || from >= length) return;
    for (let i = from; i < length; i++) handleIndex(t, arr, i, path, ctx);
  } else if (t.sliceOp === SLICE_BETWEEN) {
    const from = t.sliceFrom;
    const to = Math.min(length, t.sliceTo);
    if (from >= to || length === 0) return;
    for (let i = from; i < to; i++) handleIndex(t, arr, i, path, ctx);
  } else {
    if (length === 0) return;
    let to = t.sliceTo;
    if (to < 0) to = length + to;
    to = Math.min(length, to);
    for (let i = 0; i < to; i++) handleIndex(t, arr, i, path, ctx);
  }
}

// ---------------------------------------------------------------- deep scan

function walk(
  pt: Token,
  model: JsonValue,
  rp: Parent,
  rk: string | number,
  path: string,
  ctx: EvalCtx,
): void {
  if (Array.isArray(model)) walkArray(pt, model, rp, rk, path, ctx);
  else if (isAnyJsonObject(model)) walkObject(pt, model, rp, rk, path, ctx);
}

function walkObject(
  pt: Token,
  model: AnyJsonObject,
  rp: Parent,
  rk: string | number,
  path: string,
  ctx: EvalCtx,
): void {
  switch (pt.kind) {
    case K_PROP: {
      // Single name or merge: the object must contain every listed key; iterate: any object.
      let ok = true;
      if (pt.tokenDefinite) {
        for (const p of pt.props) {
          if (objGet(model, p) === undefined) {
            ok = false;
            break;
          }
        }
      }
      if (ok) evalToken(pt, model, rp, rk, path, ctx);
      break;
    }
    case K_WILD:
      evalToken(pt, model, rp, rk, path, ctx);
      break;
    case K_FILTER:
      if (accept(pt.filter!, model, ctx)) {
        if (pt.next === null) addResult(ctx, rp, rk, null, model, path);
        else evalToken(pt.next, model, rp, rk, path, ctx);
      }
      break;
  }
  const wantPaths = ctx.wantPaths;
  if (model instanceof Map) {
    for (const [k, v] of model) {
      if (typeof v === "object" && v !== null)
        walk(pt, v, model, k, wantPaths ? `${path}['${k}']` : path, ctx);
    }
  } else {
    for (const k in model) {
      const v = model[k];
      if (typeof v === "object" && v !== null)
        walk(pt, v, model, k, wantPaths ? `${path}['${k}']` : path, ctx);
    }
  }
}

function walkArray(
  pt: Token,
  model: JsonArray,
  rp: Parent,
  rk: string | number,
  path: string,
  ctx: EvalCtx,
): void {
  const k = pt.kind;
  const accepted =
    k === K_WILD || k === K_INDEX || k === K_SLICE
      ? true
      : k === K_FILTER
        ? accept(pt.filter!, model, ctx)
        : false;
  const wantPaths = ctx.wantPaths;
  if (accepted) {
    if (pt.next === null) {
      evalToken(pt, model, rp, rk, path, ctx);
    } else {
      // Jayway skips `pt` for the elements and stamps the next token with the element index, never
      // resetting it: from then on that token, when it is the last one, only matches where the token
      // before it reads `[<index>]` (never, for a filter or wildcard) — quirk Q1. The state lives for
      // one call here instead of for the lifetime of the compiled path.
      const nx = pt.next;
      for (let i = 0; i < model.length; i++) {
        ctx.shared.up[nx.slot] = i;
        evalToken(nx, model[i], rp, rk, wantPaths ? `${path}[${i}]` : path, ctx);
      }
    }
  }
  for (let i = 0; i < model.length; i++) {
    const v = model[i];
    if (typeof v === "object" && v !== null) walk(pt, v, model, i, wantPaths ? `${path}[${i}]` : path, ctx);
  }
}

// ---------------------------------------------------------------- filters

/** Jayway `PredicatePathToken.accept`: an InvalidPathException inside the predicate makes it false. */
function accept(expr: Expr, item: JsonValue, ctx: EvalCtx): boolean {
  try {
    return applyExpr(expr, item, ctx);
  } catch (e) {
    if (e instanceof InvalidPathAtRuntime) return false;
    throw e;
  }
}

function applyExpr(expr: Expr, item: JsonValue, ctx: EvalCtx): boolean {
  switch (expr.k) {
    case E_OR:
      for (const op of expr.ops) if (applyExpr(op, item, ctx)) return true;
      return false;
    case E_AND:
      for (const op of expr.ops) if (!applyExpr(op, item, ctx)) return false;
      return true;
    case E_NOT:
      return !applyExpr(expr.op, item, ctx);
    default: {
      const l = expr.left.t === V_PATH ? evalPathNode(expr.left, item, ctx) : expr.left;
      const r = expr.right.t === V_PATH ? evalPathNode(expr.right, item, ctx) : expr.right;
      return relational(expr.op, l, r);
    }
  }
}

function lookupSimple(props: string[], v: JsonValue): Raw {
  let cur = v;
  for (const p of props) {
    let n: JsonValue | undefined;
    if (cur instanceof Map) n = cur.get(p);
    else if (isAnyJsonObject(cur)) n = objGet(cur, p);
    else return MISSING;
    if (n === undefined) return MISSING;
    cur = n;
  }
  return cur;
}

/** Reads a filter path: the value (definite) or the list of values (indefinite); MISSING when not found. */
function readRaw(prog: PathProgram, doc: JsonValue, ctx: EvalCtx): Raw {
  if (prog.simple !== null) return lookupSimple(prog.simple, doc);
  const sub = new EvalCtx(ctx.shared, false, false, true);
  if (!prog.definite) sub.values = [];
  try {
    evaluateProgram(prog, doc, sub);
  } catch (e) {
    if (e instanceof PathNotFoundError) return MISSING;
    throw e;
  }
  if (prog.definite) return sub.count === 0 ? MISSING : sub.last;
  return sub.values!;
}

function evalPathNode(node: PathNode, item: JsonValue, ctx: EvalCtx): VNode {
  const prog = node.path;
  if (node.exists) {
    // Jayway tests existence with REQUIRE_PROPERTIES and against the current item, even for `$` paths.
    if (prog.simple !== null) return lookupSimple(prog.simple, item) === MISSING ? FALSE_NODE : TRUE_NODE;
    const sub = new EvalCtx(ctx.shared, true, false, true);
    try {
      evaluateProgram(prog, item, sub);
    } catch (e) {
      if (e instanceof PathNotFoundError) return FALSE_NODE;
      throw e;
    }
    return prog.definite && sub.count === 0 ? FALSE_NODE : TRUE_NODE;
  }
  let raw: Raw;
  if (prog.isRootPath) {
    const shared = ctx.shared;
    if (shared.docCache === null) shared.docCache = new Map();
    const cached = shared.docCache.get(prog);
    if (cached !== undefined) raw = cached;
    else {
      raw = readRaw(prog, shared.doc, ctx);
      shared.docCache.set(prog, raw);
    }
  } else {
    raw = readRaw(prog, item, ctx);
  }
  return raw === MISSING ? UNDEFINED_NODE : fromRaw(raw);
}

/** A document value as a filter operand (numbers become BigDecimals of their Java text). */
function fromRaw(raw: JsonValue): VNode {
  if (typeof raw === "string") return strNode(raw);
  if (typeof raw === "number")
    return numNode(Number.isInteger(raw) ? BigDec.fromInteger(raw) : doubleToBigDec(raw));
  if (typeof raw === "bigint") return numNode(BigDec.fromInteger(raw));
  if (raw instanceof JsonDouble) return numNode(doubleToBigDec(raw.value));
  if (typeof raw === "boolean") return boolNode(raw);
  if (raw === null) return NULL_NODE;
  return jsonParsedNode(raw);
}
