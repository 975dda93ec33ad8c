/**
 * Public operations: compile once, then map / delete / read / locate on many documents.
 */
import { type AnyJsonObject, JsonDouble, type JsonValue, objDelete, objGet, objSet } from "../json/types.js";
import { CompileFailure } from "./char-index.js";
import { compileProgram } from "./compile.js";
import { JsonPathSyntaxError, PathNotFoundError } from "./errors.js";
import { type DirectUpdate, EvalCtx, evaluateProgram, type Match, newShared } from "./evaluate.js";
import { K_INDEX, K_PROP, K_SCAN, K_SLICE, K_WILD, type PathProgram, type Token } from "./model.js";
import { applyDelete, applyMap, sortForUpdate, written } from "./update.js";

export interface CompiledPath {
  readonly text: string;
  /** Jayway `isDefinite()`: every token is a single name, a last multi-name, or a single index. */
  readonly definite: boolean;
}

class Compiled implements CompiledPath {
  /** See `directUpdatable`. */
  readonly direct: boolean;
  constructor(
    readonly text: string,
    readonly program: PathProgram,
    readonly slotCount: number,
  ) {
    this.direct = directUpdatable(program);
  }
  get definite(): boolean {
    return this.program.definite;
  }
}

/** A concrete match location (Jayway AS_PATH_LIST string plus where to read / write it). */
export interface Location {
  /** e.g. `$['value'][0]['body']['content']`; a multi-name match reads `$['a', 'b']`. */
  pathString: string;
  /** Object or array holding the match; null when the match is the document root. */
  parent: JsonValue;
  /** Member name or array index; `"$"` for the root; the first listed name for a multi-name match. */
  key: string | number;
  /** Multi-name match (`['a','b']` as last token): all listed names. */
  keys?: readonly string[];
  /** The matched value (a new object of the present listed members for a multi-name match). */
  value: JsonValue;
}

const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 4096;

/** Parses a path once (results are cached by text). Throws JsonPathSyntaxError. */
export function compileJsonPath(text: string): CompiledPath {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const slots = { n: 0 };
  let program: PathProgram;
  try {
    program = compileProgram(text, slots);
  } catch (e) {
    if (e instanceof CompileFailure) throw new JsonPathSyntaxError(text, e.message, e.position);
    throw e;
  }
  const compiled = new Compiled(text, program, slots.n);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, compiled);
  return compiled;
}

function internal(path: CompiledPath): Compiled {
  if (!(path instanceof Compiled)) throw new TypeError("not a path returned by compileJsonPath");
  return path;
}

function evaluate(root: JsonValue, c: Compiled, wantPaths: boolean, needValues: boolean): EvalCtx {
  const ctx = new EvalCtx(newShared(c.slotCount, root, c.text), false, wantPaths, needValues);
  ctx.matches = [];
  evaluateProgram(c.program, root, ctx);
  return ctx;
}

/** Evaluates a `direct` path, updating each match as it is found; PathNotFoundError when none. */
function updateAsFound(root: JsonValue, c: Compiled, update: DirectUpdate): void {
  const ctx = new EvalCtx(newShared(c.slotCount, root, c.text), false, false, false);
  ctx.direct = update;
  evaluateProgram(c.program, root, ctx);
  if (ctx.count === 0) throw noMatch(c);
}

function noMatch(c: Compiled): PathNotFoundError {
  return new PathNotFoundError(`no results for path ${c.text}`);
}

/**
 * Jayway `map`: replaces every matched value with `fn(value)` (multi-name match: each listed member
 * that exists, in listed order), in Jayway's update order. Throws PathNotFoundError when nothing
 * matches, JsonPathEvaluationError when Jayway fails (e.g. the match is the root). Returns the root.
 */
export function mapPath(root: JsonValue, path: CompiledPath, fn: (v: JsonValue) => JsonValue): JsonValue {
  const c = internal(path);
  if (c.direct) {
    updateAsFound(root, c, (parent, key) => {
      const obj = parent as AnyJsonObject;
      const cur = objGet(obj, key as string);
      if (cur !== undefined) objSet(obj, key as string, written(fn(cur)));
    });
    return root;
  }
  const ctx = evaluate(root, c, false, false);
  if (ctx.count === 0) throw noMatch(c);
  applyMap(sortForUpdate(ctx.matches!), fn);
  return root;
}

/**
 * Jayway `delete`: removes matched members / array elements (later elements shift; no nulls are left);
 * a multi-name match removes each listed member. Errors as for `mapPath`.
 */
export function deletePath(root: JsonValue, path: CompiledPath): JsonValue {
  const c = internal(path);
  if (c.direct) {
    updateAsFound(root, c, (parent, key) => objDelete(parent as AnyJsonObject, key as string));
    return root;
  }
  const ctx = evaluate(root, c, false, false);
  if (ctx.count === 0) throw noMatch(c);
  applyDelete(sortForUpdate(ctx.matches!));
  return root;
}

/**
 * Jayway `read`: a definite path yields its value (PathNotFoundError if missing); an indefinite one a
 * new array of the matched values (possibly empty).
 */
export function readPath(root: JsonValue, path: CompiledPath): JsonValue {
  const c = internal(path);
  const ctx = new EvalCtx(newShared(c.slotCount, root, c.text), false, false, true);
  if (!c.program.definite) ctx.values = [];
  evaluateProgram(c.program, root, ctx);
  if (c.program.definite) {
    if (ctx.count === 0) throw noMatch(c);
    return ctx.last;
  }
  return ctx.values!;
}

/** Jayway `read` with AS_PATH_LIST: the matches in evaluation order. Throws PathNotFoundError when none. */
export function locate(root: JsonValue, path: CompiledPath): Location[] {
  const c = internal(path);
  const ctx = evaluate(root, c, true, true);
  if (ctx.count === 0) throw noMatch(c);
  return ctx.matches!.map(toLocation);
}

function toLocation(m: Match): Location {
  const loc: Location = { pathString: m.path, parent: m.parent, key: m.key, value: m.value };
  if (m.keys !== null) loc.keys = m.keys;
  return loc;
}

/**
 * Whether map / delete may update each match as soon as evaluation finds it, in evaluation order,
 * instead of collecting, sorting and then applying: true for `$` followed only by single names,
 * wildcards, indexes and slices, ending with a single name. Then every match is an object member with
 * that same name, so Jayway's update order is the evaluation order (its sort compares equal names as
 * equal, and the sort is stable); an update touches only the member's own value, which evaluation
 * never visits again (no deep scan, no filter that could read it).
 */
function directUpdatable(program: PathProgram): boolean {
  const root = program.root;
  if (root.rootChar !== "$" || root.next === null) return false;
  for (let t: Token | null = root.next; t !== null; t = t.next) {
    const last = t.next === null;
    if (t.kind === K_PROP) {
      if (t.props.length !== 1) return false;
    } else if (last || (t.kind !== K_WILD && t.kind !== K_INDEX && t.kind !== K_SLICE)) {
      return false;
    }
  }
  return true;
}

/**
 * The member name when the path is `$..name` (a deep scan for one name and nothing after it), else
 * null. Deleting such a path removes that member from every object of the document, the root included
 * (Jayway visits every object, checks it has the name, and the update order does not matter for
 * object members), which `deleteMembersEverywhere` does for several names in one walk.
 */
export function deepScanMemberName(path: CompiledPath): string | null {
  const root = internal(path).program.root;
  const scan = root.next;
  if (root.rootChar !== "$" || scan === null || scan.kind !== K_SCAN) return null;
  const leaf = scan.next;
  if (leaf === null || leaf.kind !== K_PROP || leaf.props.length !== 1 || leaf.next !== null) return null;
  return leaf.props[0]!;
}

const hasOwn = Object.hasOwn;

/**
 * Removes every object member whose name is in `names`, at any depth: the same document as deleting
 * `$..n` for each name in turn (a member inside a removed subtree is gone either way), in one walk and
 * without collecting matches. Returns how many members it removed.
 */
export function deleteMembersEverywhere(root: JsonValue, names: ReadonlySet<string>): number {
  const list = [...names];
  let removed = 0;
  const visit = (v: JsonValue): void => {
    if (Array.isArray(v)) {
      for (const e of v) if (typeof e === "object" && e !== null) visit(e);
    } else if (v instanceof Map) {
      for (const n of list) if (v.delete(n)) removed++;
      for (const e of v.values()) if (typeof e === "object" && e !== null) visit(e);
    } else if (typeof v === "object" && v !== null && !(v instanceof JsonDouble)) {
      for (const n of list) {
        // own members only: `constructor` & co. are inherited, not members
        if (v[n] !== undefined && hasOwn(v, n)) {
          v[n] = undefined; // absent in a plain object (see PlainJsonObject)
          removed++;
        }
      }
      // for-in meets only own members here (Object.prototype has no enumerable ones)
      for (const k in v) {
        const e = v[k];
        if (typeof e === "object" && e !== null) visit(e);
      }
    }
  };
  visit(root);
  return removed;
}

/** One step of a path the streaming sanitizer can follow (see `streamSteps`). */
export interface StreamStep {
  /**
   * The member names it selects (one, or several from a `['a','b']` step); null for a wildcard (every
   * member of an object, every element of an array).
   */
  readonly names: readonly string[] | null;
  /** A deep scan for `names`: this container and every container below it. */
  readonly scan: boolean;
}

/**
 * The path as a list of steps when it is `$` followed only by names (`.a`, `['a']`, `['a','b']`),
 * wildcards and at most one deep scan for names (`$.items[*].email`, `$..displayName`,
 * `$.a..b['c','d']`, `$..['a','b'].c`); null otherwise.
 *
 * For these paths a match depends only on the member names and container kinds along the way, and a
 * node is reached by at most one route (each step after the scan descends exactly one level, and a
 * name step lists each name once), so a single pass over the text finds exactly the matches Jayway
 * finds. A several-name step matches each listed member that is present, as Jayway's merge (last step)
 * and iteration (other steps) both do; as the last step after a deep scan Jayway would require all of
 * them to be present, so that one is not followed. Where Jayway would throw "path not found" (a name
 * step on something that is not an object on a definite route), there is only that one route and it
 * has no match, which the transforms treat alike.
 */
export function streamSteps(path: CompiledPath): StreamStep[] | null {
  const root = internal(path).program.root;
  if (root.rootChar !== "$" || root.next === null) return null;
  const steps: StreamStep[] = [];
  let scans = 0;
  for (let t: Token | null = root.next; t !== null; t = t.next) {
    if (t.kind === K_PROP) {
      if (repeatsName(t.props)) return null;
      steps.push({ names: t.props, scan: false });
    } else if (t.kind === K_WILD) {
      steps.push({ names: null, scan: false });
    } else if (t.kind === K_SCAN) {
      const leaf: Token | null = t.next;
      if (++scans > 1 || leaf === null || leaf.kind !== K_PROP || repeatsName(leaf.props)) return null;
      if (leaf.props.length > 1 && leaf.next === null) return null;
      steps.push({ names: leaf.props, scan: true });
      t = leaf;
    } else {
      return null;
    }
  }
  return steps;
}

/** `['a','a']`: Jayway would match the member twice (a value function applied twice). */
function repeatsName(props: readonly string[]): boolean {
  return new Set(props).size !== props.length;
}
