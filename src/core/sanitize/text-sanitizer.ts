/**
 * The text-level fast path of the REST sanitizer: one pass over the response text that copies what
 * stays, rewrites what a transform changes and leaves out what is redacted, without building any tree.
 * Whether that is quicker than the native parse into a tree depends on the rules and the body, so the
 * sanitizer measures both per endpoint (see path-choice.ts).
 *
 * It is taken only when the endpoint's rules are ones it can follow exactly (see `compileTextPlan`):
 * transforms without `applyOnlyWhen`, paths of names, wildcards and at most one deep scan
 * (`streamSteps`), a response schema of types, properties, items and `$ref`s only, no augments. The
 * schema filter runs first (members it drops and null array elements are never seen by a transform;
 * values of the wrong type become null before any transform sees them). For such paths a match
 * depends on member names and container kinds alone, and a value function turns a scalar into a
 * scalar, so no transform changes what a later one matches; applying them all at each node, in rule
 * order, gives the document that applying them one after the other gives:
 * - a node matched by a redaction is left out; value functions earlier in rule order are still run on
 *   it (and on what lies inside it) and thrown away, so that a function that would fail still fails;
 * - otherwise the value functions that match it are applied in rule order.
 *
 * The output is written as the exact writer writes it: integers, and strings whose only escapes are
 * ones the writer writes the same way, are copied; everything else is decoded and written again; and
 * whitespace between tokens is dropped.
 *
 * Whenever the pass meets anything it does not handle exactly as the tree does, it gives up and the
 * caller sanitizes the body another way, which also produces every error: invalid JSON, duplicate
 * names, names with escapes, `-0`, integers of more than 15 digits, infinite doubles, limits of the
 * exact parser, a value function applied to an object or array, a value function that throws or
 * returns an object or array, more than one JSON document in the body. Its work grows linearly with
 * the body (duplicate names in large objects are looked up in a set).
 */
import { javaDoubleToString } from "../json/java-double.js";
import { JSON_LIMITS } from "../json/parse.js";
import { quoteJsonString, serializeJson } from "../json/serialize.js";
import { JsonDouble, type JsonValue } from "../json/types.js";
import { type StreamStep, streamSteps } from "../jsonpath/index.js";
import type { JsonSchemaFilter } from "../rules/model.js";
import type { ValueFunction } from "../transforms/context.js";
import type { CompiledTransform } from "../transforms/registry.js";

/** A state is a path and the step it is at, as one number: path * STEP_SPAN + step. */
const STEP_SPAN = 64;
const PATH_SHIFT = 6;
const MAX_SAFE_DIGITS = 15;
/** stepLen of a wildcard step and of a step with several names. */
const WILDCARD = -1;
const SEVERAL = -2;

export interface TextPlan {
  /** By state: the names of its step (null: a wildcard). */
  readonly stepNames: ReadonlyArray<readonly string[] | null>;
  /** By state: the length of the step's one name, WILDCARD or SEVERAL. */
  readonly stepLen: Int32Array;
  /** By state: the first UTF-16 unit of the step's one name (the closing quote for ""). */
  readonly stepFirst: Int32Array;
  /** By state: 1 when the step is a deep scan (it applies to every container below as well). */
  readonly stepScan: Uint8Array;
  /** By state: 1 when the step is its path's last. */
  readonly stepLast: Uint8Array;
  /** By path, in rule order (a path's index is its order): its value function; null for a redaction. */
  readonly fns: ReadonlyArray<ValueFunction | null>;
  /** Every path at its first step: the states of the document root. */
  readonly rootStates: readonly number[];
  /** The index of the first path with a value function (Infinity: none). */
  readonly firstMap: number;
  /** The endpoint's response schema (applied before the transforms), or null. */
  readonly responseSchema: JsonSchemaFilter | null;
  /** What `$ref: "#"` and `#/definitions/...` resolve against (see the schema filter). */
  readonly schemaRoot: JsonSchemaFilter | null;
  /** By object schema: the names last met at each member position (see SchemaPrediction). */
  readonly predictions: Map<JsonSchemaFilter, SchemaPrediction>;
}

const SCHEMA_TYPES = new Set(["string", "integer", "number", "boolean", "object", "array", "null"]);

/**
 * Whether the text pass can apply this response schema exactly: types, properties, items and `$ref`s
 * that resolve; no anyOf, if / then / else or const anywhere it can reach.
 */
function followableSchema(schema: JsonSchemaFilter, root: JsonSchemaFilter): boolean {
  const seen = new Set<JsonSchemaFilter>();
  const visit = (s: JsonSchemaFilter): boolean => {
    if (seen.has(s)) return true;
    seen.add(s);
    if (s.$ref !== undefined) {
      if (s.$ref === "#") return visit(root);
      if (!s.$ref.startsWith(DEFINITIONS)) return false;
      const def = root.definitions?.get(s.$ref.slice(DEFINITIONS.length));
      return def !== undefined && visit(def);
    }
    if ((s.anyOf && s.anyOf.length > 0) || s.if || s.then || s.else || s.const !== undefined) return false;
    if (s.type !== undefined && !SCHEMA_TYPES.has(s.type)) return false;
    for (const ps of s.properties?.values() ?? []) if (!visit(ps)) return false;
    return s.items === undefined || visit(s.items);
  };
  return visit(schema);
}

/**
 * The plan for an endpoint's transforms and response schema (with the rules' top-level `definitions`),
 * or null when the text pass cannot follow them exactly.
 */
export function compileTextPlan(
  transforms: readonly CompiledTransform[],
  responseSchema?: JsonSchemaFilter,
  definitions?: ReadonlyMap<string, JsonSchemaFilter>,
): TextPlan | null {
  // in API mode `$ref` resolves against a root holding only the definitions (see the schema filter)
  const schemaRoot: JsonSchemaFilter | null =
    responseSchema === undefined ? null : { definitions: new Map(definitions ?? []) };
  if (responseSchema !== undefined && !followableSchema(responseSchema, schemaRoot!)) return null;
  const paths: StreamStep[][] = [];
  const fns: (ValueFunction | null)[] = [];
  for (const t of transforms) {
    if (t.condition !== undefined) return null;
    if (t.spec.type !== "redact" && t.fn === undefined) return null;
    for (const path of t.paths) {
      const steps = streamSteps(path);
      if (steps === null || steps.length >= STEP_SPAN) return null;
      paths.push(steps);
      fns.push(t.fn ?? null);
    }
  }
  const size = paths.length * STEP_SPAN;
  const stepNames: (readonly string[] | null)[] = new Array(size).fill(null);
  const stepLen = new Int32Array(size);
  const stepFirst = new Int32Array(size);
  const stepScan = new Uint8Array(size);
  const stepLast = new Uint8Array(size);
  paths.forEach((steps, p) => {
    steps.forEach((step, i) => {
      const s = p * STEP_SPAN + i;
      stepNames[s] = step.names;
      const one = step.names?.length === 1 ? step.names[0]! : null;
      stepLen[s] = step.names === null ? WILDCARD : one === null ? SEVERAL : one.length;
      stepFirst[s] = one === null ? -1 : one === "" ? 0x22 : one.charCodeAt(0);
      stepScan[s] = step.scan ? 1 : 0;
      stepLast[s] = i === steps.length - 1 ? 1 : 0;
    });
  });
  const rootStates = paths.map((_, p) => p * STEP_SPAN);
  const firstMap = fns.findIndex((f) => f !== null);
  return {
    stepNames,
    stepLen,
    stepFirst,
    stepScan,
    stepLast,
    fns,
    rootStates,
    firstMap: firstMap < 0 ? Number.POSITIVE_INFINITY : firstMap,
    responseSchema: responseSchema ?? null,
    schemaRoot,
    predictions: new Map(),
  };
}

/** Thrown inside the pass to give up; never leaves this module. */
class GiveUp {}
const GIVE_UP = new GiveUp();
/** No value given: read it from the text. */
const NOT_GIVEN: unique symbol = Symbol("not given");
const NO_STATES: readonly number[] = [];
const DEFINITIONS = "#/definitions/";
/** Members an object may have before its names are checked for duplicates in a Set (see object). */
const SMALL_OBJECT = 32;
/** Characters a string holds as they are: not a quote, backslash, control character or surrogate. */
const PLAIN_RUN = /[^"\\\u0000-\u001f\ud800-\udfff]*/y;
/** Members per object whose schema lookups are remembered by position (see SchemaPrediction). */
const PREDICTED_MEMBERS = 64;
/** Distinct strings per path whose rewritten text a response remembers (see mapScalar). */
const WRITTEN_LIMIT = 10_000;

/**
 * The names met at each member position of the objects an object schema filtered last, with the
 * property schemas they gave: objects of one response mostly repeat the same names in the same order,
 * so comparing the name in place usually saves slicing it out and looking it up.
 */
interface SchemaPrediction {
  names: string[];
  schemas: (JsonSchemaFilter | undefined)[];
}

/**
 * The sanitized body, or undefined when the pass gave up (the caller then takes the usual way).
 * Errors of value functions are not reported from here: the usual way reports them.
 */
export function sanitizeText(text: string, plan: TextPlan): string | undefined {
  const pass = new Pass(text, plan);
  try {
    pass.skipWs();
    if (pass.pos >= text.length) return undefined;
    pass.root();
    pass.skipWs();
    if (pass.pos !== text.length) return undefined; // more than one document, or trailing garbage
    return pass.finish();
  } catch {
    // GIVE_UP, or a value function failed: the usual way fails the same way, in its own order, with
    // its own error
    return undefined;
  }
}

class Pass {
  pos = 0;
  private depth = 0;
  /** > 0 inside a redacted value: it is read (and checked) but not written. */
  private mute = 0;
  /** The output so far, in pieces (joined once at the end), then the run being copied. */
  private readonly pieces: string[] = [];
  private runStart = 0;
  private runEnd = 0;
  /** What precedes the current member or element: comma (-1: none), name, colon (-1: an element). */
  private leadComma = -1;
  private leadKeyStart = 0;
  private leadKeyEnd = 0;
  private leadColon = -1;
  /** Set by scanString: the string is written as it stands (its escapes, if any, are the writer's own). */
  private verbatim = true;
  /** Set by scanString: the string has escapes (its value is not the text between the quotes). */
  private escaped = false;
  /** Set by numberEnd: the number has a fraction or an exponent. */
  private numberIsDouble = false;
  private readonly plan: TextPlan;
  private readonly fns: ReadonlyArray<ValueFunction | null>;
  /** By path: what its value function wrote for a string met before in this response (see mapScalar). */
  private readonly written: Map<string, string>[] = [];
  /** The name positions (start, end, ...) of the objects being read, innermost last (duplicate checks). */
  private readonly keyStack: number[] = [];
  private keyTop = 0;

  constructor(
    private readonly t: string,
    plan: TextPlan,
  ) {
    this.plan = plan;
    this.fns = plan.fns;
  }

  /** The document: the root is neither a member nor an element, so nothing precedes it. */
  root(): void {
    this.leadComma = -1;
    this.leadColon = -1;
    const schema = this.plan.responseSchema;
    this.item(this.plan.rootStates, null, Number.POSITIVE_INFINITY, schema, false);
  }

  finish(): string {
    if (this.runEnd > this.runStart) this.pieces.push(this.t.slice(this.runStart, this.runEnd));
    return this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join("");
  }

  /** Writes t[a, b): extends the current run of copied text when it continues it. */
  private copy(a: number, b: number): void {
    if (this.mute > 0) return;
    if (a === this.runEnd) {
      this.runEnd = b;
      return;
    }
    if (this.runEnd > this.runStart) this.pieces.push(this.t.slice(this.runStart, this.runEnd));
    this.runStart = a;
    this.runEnd = b;
  }

  private write(s: string): void {
    if (this.mute > 0) return;
    if (this.runEnd > this.runStart) this.pieces.push(this.t.slice(this.runStart, this.runEnd));
    this.runStart = this.runEnd = 0;
    this.pieces.push(s);
  }

  // The same loop as the exact parser's, kept here: one function shared by both measured about 40%
  // slower on this pass (the call is not inlined into this class's hot methods).
  skipWs(): void {
    const t = this.t;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  /** Enters the container at `pos` (a `{` or `[`); true when it is empty (it is then read past). */
  private enter(close: number): boolean {
    if (++this.depth > JSON_LIMITS.maxDepth) throw GIVE_UP;
    this.copy(this.pos, this.pos + 1);
    this.pos++;
    this.skipWs();
    if (this.t.charCodeAt(this.pos) !== close) return false;
    this.leave();
    return true;
  }

  /** Reads past the closing bracket at `pos`. */
  private leave(): void {
    this.copy(this.pos, this.pos + 1);
    this.pos++;
    this.depth--;
  }

  /**
   * After a member or element: the position of the comma that follows (`pos` is then after it), or -1
   * at the container's closing bracket `close` (read past).
   */
  private separator(close: number): number {
    this.skipWs();
    const c = this.t.charCodeAt(this.pos);
    if (c === 0x2c) return this.pos++;
    if (c !== close) throw GIVE_UP;
    this.leave();
    return -1;
  }

  /**
   * Reads (and writes) one value at `pos` whose own node no path matches and that the schema keeps as
   * it is; `states` apply inside it, and `schema` (an object or array schema, or null: no filter).
   */
  value(states: readonly number[], limit: number, schema: JsonSchemaFilter | null): void {
    const t = this.t;
    const p = this.pos;
    const c = t.charCodeAt(p);
    if (c === 0x7b) {
      this.object(states, limit, schema);
      return;
    }
    if (c === 0x5b) {
      this.array(states, limit, schema);
      return;
    }
    if (c === 0x22) {
      const end = this.scanString(p);
      if (end - p - 2 > JSON_LIMITS.maxStringLength) throw GIVE_UP;
      if (this.verbatim) this.copy(p, end);
      else if (this.mute > 0)
        decode(t, p, end); // checked, not written
      else this.write(quoteJsonString(decode(t, p, end)));
      this.pos = end;
      return;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const n = this.scanNumber(p);
      if (n === undefined) this.copy(p, this.pos);
      else this.write(javaDoubleToString(n));
      return;
    }
    this.literal(c);
    this.copy(p, this.pos);
  }

  /** Reads a scalar as the tree holds it; gives up on an object or array. */
  private scalar(): JsonValue {
    const t = this.t;
    const p = this.pos;
    const c = t.charCodeAt(p);
    if (c === 0x22) {
      const end = this.scanString(p);
      if (end - p - 2 > JSON_LIMITS.maxStringLength) throw GIVE_UP;
      this.pos = end;
      return this.escaped ? decode(t, p, end) : t.slice(p + 1, end - 1);
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const n = this.scanNumber(p);
      return n === undefined ? Number(t.slice(p, this.pos)) : new JsonDouble(n);
    }
    return this.literal(c);
  }

  private literal(c: number): JsonValue {
    const t = this.t;
    const p = this.pos;
    if (c === 0x74 && t.startsWith("true", p)) {
      this.pos = p + 4;
      return true;
    }
    if (c === 0x66 && t.startsWith("false", p)) {
      this.pos = p + 5;
      return false;
    }
    if (c === 0x6e && t.startsWith("null", p)) {
      this.pos = p + 4;
      return null;
    }
    throw GIVE_UP;
  }

  /**
   * Scans a number at p (setting pos after it). Returns undefined for an integer that is written as it
   * stands, or the value of a double (written in Java's form).
   */
  private scanNumber(p: number): number | undefined {
    const t = this.t;
    const end = this.numberEnd(p);
    this.pos = end;
    if (!this.numberIsDouble) {
      // longer integers may be big integers; `-0` is read as 0
      const intStart = t.charCodeAt(p) === 0x2d ? p + 1 : p;
      if (end - intStart > MAX_SAFE_DIGITS || (intStart > p && t.charCodeAt(intStart) === 0x30))
        throw GIVE_UP;
      return undefined;
    }
    const v = Number(t.slice(p, end));
    if (!Number.isFinite(v)) throw GIVE_UP;
    return v;
  }

  /**
   * The end of the number literal at p, checked against JSON's grammar and the exact parser's length
   * limit; sets `numberIsDouble` (a fraction or an exponent).
   */
  private numberEnd(p: number): number {
    const t = this.t;
    const start = p;
    if (t.charCodeAt(p) === 0x2d) p++;
    let c = t.charCodeAt(p);
    if (c === 0x30) {
      c = t.charCodeAt(++p);
      if (c >= 0x30 && c <= 0x39) throw GIVE_UP;
    } else if (c >= 0x31 && c <= 0x39) {
      while ((c = t.charCodeAt(p)) >= 0x30 && c <= 0x39) p++;
    } else {
      throw GIVE_UP;
    }
    let isDouble = false;
    if (c === 0x2e) {
      isDouble = true;
      const f = ++p;
      while ((c = t.charCodeAt(p)) >= 0x30 && c <= 0x39) p++;
      if (p === f) throw GIVE_UP;
    }
    if (c === 0x65 || c === 0x45) {
      isDouble = true;
      c = t.charCodeAt(++p);
      if (c === 0x2b || c === 0x2d) p++;
      const f = p;
      while ((c = t.charCodeAt(p)) >= 0x30 && c <= 0x39) p++;
      if (p === f) throw GIVE_UP;
    }
    if (p - start > JSON_LIMITS.maxNumberLength) throw GIVE_UP;
    this.numberIsDouble = isDouble;
    return p;
  }

  /**
   * Scans the string starting at p (its opening quote); returns the index after its closing quote and
   * sets `verbatim` and `escaped`. Escapes the writer writes the same way (`\"`, `\\`, `\n`, `\r`,
   * `\t`, `\b`, `\f`) keep the string verbatim; any other (`\/`, `\u...`, or an invalid one) makes
   * it go through decoding, which checks it, and the writer. So do surrogates (a lone one is written
   * as `?`).
   */
  private scanString(p: number): number {
    const t = this.t;
    let verbatim = true;
    let escaped = false;
    let i = p + 1;
    for (;;) {
      // a run of characters that need no care, found by the regex engine (much faster on long runs)
      PLAIN_RUN.lastIndex = i;
      PLAIN_RUN.test(t);
      i = PLAIN_RUN.lastIndex;
      const c = t.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        const e = t.charCodeAt(i + 1);
        // " \ n r t b f
        if (e !== 0x22 && e !== 0x5c && e !== 0x6e && e !== 0x72 && e !== 0x74 && e !== 0x62 && e !== 0x66) {
          verbatim = false;
        }
        i += 2;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        verbatim = false;
        i++;
        continue;
      }
      throw GIVE_UP; // a control character, or the end of the text
    }
    this.verbatim = verbatim;
    this.escaped = escaped;
    return i + 1;
  }

  /** States that carry on into every child: deep scans. The same array when all of them do. */
  private inherited(states: readonly number[]): readonly number[] {
    const scan = this.plan.stepScan;
    let all = true;
    for (let k = 0; k < states.length; k++) {
      if (scan[states[k]!] === 0) {
        all = false;
        break;
      }
    }
    if (all) return states;
    return states.filter((s) => scan[s] === 1);
  }

  /** Whether the name t[ks + 1, ke - 1) was already met in the current object (from `base` on the stack). */
  private seen(ks: number, ke: number, base: number): boolean {
    const t = this.t;
    const stack = this.keyStack;
    const len = ke - ks;
    for (let j = base; j < this.keyTop; j += 2) {
      const a = stack[j]!;
      if (stack[j + 1]! - a !== len) continue;
      let i = 1;
      while (i < len && t.charCodeAt(a + i) === t.charCodeAt(ks + i)) i++;
      if (i === len) return true;
    }
    return false;
  }

  private object(states: readonly number[], limit: number, schema: JsonSchemaFilter | null): void {
    if (this.enter(0x7d)) return;
    const t = this.t;
    const { stepNames, stepLen, stepFirst, stepLast } = this.plan;
    const inherit = this.inherited(states);
    const base = this.keyTop;
    const prediction = schema === null ? null : this.predictionFor(schema);
    let index = -1;
    // names met so far, hashed into 64 bits: only a name whose bit is taken is compared with the others
    let bloomLo = 0;
    let bloomHi = 0;
    let names: Set<string> | null = null;
    let written = false;
    let comma = -1;
    for (;;) {
      index++;
      this.skipWs();
      const ks = this.pos;
      if (t.charCodeAt(ks) !== 0x22) throw GIVE_UP;
      const ke = this.scanString(ks);
      // names with escapes or surrogates would need decoding to be compared: left to the usual way
      if (this.escaped || !this.verbatim) throw GIVE_UP;
      const klen = ke - ks - 2;
      if (klen > JSON_LIMITS.maxNameLength) throw GIVE_UP;
      const c0 = t.charCodeAt(ks + 1);
      if (names !== null) {
        // a large object: its names in a set (comparing with every earlier name would be quadratic)
        const name = t.slice(ks + 1, ke - 1);
        if (names.has(name)) throw GIVE_UP;
        names.add(name);
      } else {
        const h = (klen * 31 + c0 * 7 + t.charCodeAt(ke - 2) * 3 + t.charCodeAt(ks + 2)) & 63;
        if (h < 32) {
          const bit = 1 << h;
          if ((bloomLo & bit) !== 0 && this.seen(ks, ke, base)) throw GIVE_UP;
          bloomLo |= bit;
        } else {
          const bit = 1 << (h - 32);
          if ((bloomHi & bit) !== 0 && this.seen(ks, ke, base)) throw GIVE_UP;
          bloomHi |= bit;
        }
        this.keyStack[this.keyTop++] = ks;
        this.keyStack[this.keyTop++] = ke;
        if (index === SMALL_OBJECT) {
          names = new Set();
          for (let j = base; j < this.keyTop; j += 2)
            names.add(t.slice(this.keyStack[j]! + 1, this.keyStack[j + 1]! - 1));
        }
      }
      this.pos = ke;
      this.skipWs();
      const colon = this.pos;
      if (t.charCodeAt(colon) !== 0x3a) throw GIVE_UP;
      this.pos++;
      this.skipWs();

      // the states of the member's value, and the paths that end on it
      let child = inherit;
      let matched: number[] | null = null;
      for (let k = 0; k < states.length; k++) {
        const s = states[k]!;
        const len = stepLen[s]!;
        if (len >= 0) {
          if (len !== klen || stepFirst[s] !== c0 || (len > 1 && !t.startsWith(stepNames[s]![0]!, ks + 1)))
            continue;
        } else if (len === SEVERAL && !this.nameIn(stepNames[s]!, ks, klen)) {
          continue;
        }
        if (stepLast[s] === 1) (matched ??= []).push(s >> PATH_SHIFT);
        else {
          if (child === inherit) child = inherit.slice();
          (child as number[]).push(s + 1);
        }
      }
      this.leadComma = written ? comma : -1;
      this.leadKeyStart = ks;
      this.leadKeyEnd = ke;
      this.leadColon = colon;
      let kept: boolean;
      if (schema === null) {
        kept = this.item(child, matched, limit, null, false);
      } else if (c0 === 0x2b) {
        // "+name" members (augment output) pass the filter whole
        kept = this.item(child, matched, limit, null, false);
      } else {
        let ps: JsonSchemaFilter | undefined;
        const known = prediction!.names[index];
        if (known !== undefined && known.length === klen && t.startsWith(known, ks + 1)) {
          ps = prediction!.schemas[index];
        } else {
          const name = t.slice(ks + 1, ke - 1);
          ps = schema.properties?.get(name);
          if (index < PREDICTED_MEMBERS) {
            prediction!.names[index] = name;
            prediction!.schemas[index] = ps;
          }
        }
        if (ps === undefined) {
          kept = false;
          this.skipValue();
        } else {
          kept = this.item(child, matched, limit, ps, false);
        }
      }
      if (kept) written = true;

      comma = this.separator(0x7d);
      if (comma >= 0) continue;
      this.keyTop = base;
      return;
    }
  }

  /** Whether the name at t[ks + 1, ks + 1 + klen) is one of `names`. */
  private nameIn(names: readonly string[], ks: number, klen: number): boolean {
    for (const n of names) if (n.length === klen && this.t.startsWith(n, ks + 1)) return true;
    return false;
  }

  private array(states: readonly number[], limit: number, schema: JsonSchemaFilter | null): void {
    if (this.enter(0x5d)) return;
    const { stepLen, stepLast } = this.plan;
    // the elements' states: deep scans carry on, wildcards step on; name steps never enter arrays
    const inherit = this.inherited(states);
    let child = inherit;
    let matched: number[] | null = null;
    for (const s of states) {
      if (stepLen[s] !== WILDCARD) continue;
      if (stepLast[s] === 1) (matched ??= []).push(s >> PATH_SHIFT);
      else {
        if (child === inherit) child = inherit.slice();
        (child as number[]).push(s + 1);
      }
    }
    let items: JsonSchemaFilter | null = null;
    if (schema !== null) {
      // the filter fails on an element without an items schema (an empty array passes)
      if (schema.items === undefined) throw GIVE_UP;
      items = schema.items;
    }
    let written = false;
    let comma = -1;
    for (;;) {
      this.skipWs();
      this.leadComma = written ? comma : -1;
      this.leadColon = -1;
      if (this.item(child, matched, limit, items, true)) written = true;
      comma = this.separator(0x5d);
      if (comma < 0) return;
    }
  }

  /** Writes what comes before the current member or element: its comma, name and colon (see lead*). */
  private lead(): void {
    if (this.leadComma >= 0) this.copy(this.leadComma, this.leadComma + 1);
    if (this.leadColon < 0) return; // an array element
    this.copy(this.leadKeyStart, this.leadKeyEnd);
    this.copy(this.leadColon, this.leadColon + 1);
  }

  /**
   * One member's or element's value: the schema filter first (it runs before the transforms), then the
   * paths `matched` that end on it (null: none). Returns whether anything was written for it.
   */
  private item(
    child: readonly number[],
    matched: number[] | null,
    limit: number,
    schema: JsonSchemaFilter | null,
    element: boolean,
  ): boolean {
    if (schema === null) {
      if (matched !== null) return this.matchedValue(matched, child, limit, null, NOT_GIVEN);
      this.lead();
      this.value(child, limit, null);
      return true;
    }
    const s = this.resolve(schema);
    const c = this.t.charCodeAt(this.pos);
    let filtered: JsonValue | typeof NOT_GIVEN;
    if (c === 0x7b || c === 0x5b) {
      if (s.type === (c === 0x7b ? "object" : "array")) {
        if (matched !== null) return this.matchedValue(matched, child, limit, s, NOT_GIVEN);
        this.lead();
        this.value(child, limit, s);
        return true;
      }
      // replaced by null: read past it (skipValue leaves the lead fields alone)
      this.skipValue();
      filtered = null;
    } else {
      filtered = this.filterScalar(s, c);
    }
    // the filter drops null elements, which the transforms then never see
    if (element && filtered === null) return false;
    if (matched !== null) return this.matchedValue(matched, child, limit, null, filtered);
    this.lead();
    if (filtered === NOT_GIVEN) this.value(NO_STATES, limit, null);
    else this.write(serializeJson(filtered));
    return true;
  }

  /**
   * The schema filter on the scalar at `pos`: NOT_GIVEN when it keeps the value as it stands (pos is
   * left on it), else the value that replaces it (pos is after it). A kept null is returned as null.
   */
  private filterScalar(s: JsonSchemaFilter, c: number): JsonValue | typeof NOT_GIVEN {
    const start = this.pos;
    const isNumber = c === 0x2d || (c >= 0x30 && c <= 0x39);
    const isNull = c === 0x6e;
    let keep: boolean;
    switch (s.type) {
      case undefined:
        keep = !isNull;
        break;
      case "string":
        keep = c === 0x22;
        break;
      case "number":
        keep = isNumber;
        break;
      case "boolean":
        keep = c === 0x74 || c === 0x66;
        if (isNull) {
          this.scalar();
          return false;
        }
        break;
      case "integer": {
        keep = false;
        if (isNumber) {
          const d = this.scanNumber(start);
          if (d === undefined) keep = true;
          else {
            // Jackson's int conversion truncates toward zero; beyond the int range: the usual way
            if (d < -2147483648 || d > 2147483647) throw GIVE_UP;
            return Math.trunc(d) + 0;
          }
        }
        break;
      }
      default:
        keep = false; // null, or an object / array schema on a scalar
    }
    if (keep) {
      this.pos = start;
      return NOT_GIVEN;
    }
    this.scalar(); // read and checked, replaced by null
    return null;
  }

  private predictionFor(schema: JsonSchemaFilter): SchemaPrediction {
    const map = this.plan.predictions;
    let p = map.get(schema);
    if (p === undefined) {
      p = { names: [], schemas: [] };
      map.set(schema, p);
    }
    return p;
  }

  /** Follows `$ref`s (checked when the plan was made: every one resolves). */
  private resolve(schema: JsonSchemaFilter): JsonSchemaFilter {
    let s = schema;
    while (s.$ref !== undefined) {
      const root = this.plan.schemaRoot!;
      s = s.$ref === "#" ? root : root.definitions!.get(s.$ref.slice(DEFINITIONS.length))!;
    }
    return s;
  }

  /**
   * Reads past the value at `pos`, checking only what decides whether the whole body parses: the
   * grammar, escapes and the exact parser's limits. Nothing of it is written and no transform sees it,
   * so what matters elsewhere does not here (duplicate names, big integers, `-0`: the exact parser
   * accepts them, and they do not reach the output).
   */
  private skipValue(): void {
    const t = this.t;
    const p = this.pos;
    const c = t.charCodeAt(p);
    if (c === 0x22) {
      const end = this.scanString(p);
      if (end - p - 2 > JSON_LIMITS.maxStringLength) throw GIVE_UP;
      if (!this.verbatim) decode(t, p, end); // checks the escapes
      this.pos = end;
      return;
    }
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (++this.depth > JSON_LIMITS.maxDepth) throw GIVE_UP;
      this.pos++;
      this.skipWs();
      if (t.charCodeAt(this.pos) === close) {
        this.pos++;
        this.depth--;
        return;
      }
      for (;;) {
        this.skipWs();
        if (close === 0x7d) {
          const ks = this.pos;
          if (t.charCodeAt(ks) !== 0x22) throw GIVE_UP;
          const ke = this.scanString(ks);
          if (ke - ks - 2 > JSON_LIMITS.maxNameLength) throw GIVE_UP;
          if (!this.verbatim) decode(t, ks, ke);
          this.pos = ke;
          this.skipWs();
          if (t.charCodeAt(this.pos) !== 0x3a) throw GIVE_UP;
          this.pos++;
          this.skipWs();
        }
        this.skipValue();
        this.skipWs();
        const d = t.charCodeAt(this.pos);
        this.pos++;
        if (d === 0x2c) continue;
        if (d !== close) throw GIVE_UP;
        this.depth--;
        return;
      }
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.pos = this.numberEnd(p);
      return;
    }
    this.literal(c);
  }

  /**
   * A value that the paths `matched` end on (in any order): `given` when the schema filter replaced it
   * by a scalar, else read from the text (with `schema` inside, an object or array schema, or null).
   * Writes it (after `lead`) unless a redaction earlier than `limit` removes it; returns whether it was
   * kept.
   */
  private matchedValue(
    matched: number[],
    child: readonly number[],
    limit: number,
    schema: JsonSchemaFilter | null,
    given: JsonValue | typeof NOT_GIVEN,
  ): boolean {
    const fns = this.fns;
    if (matched.length > 1) matched.sort((a, b) => a - b);
    // the first redaction in rule order, if any before `limit`, decides; later paths never see the node
    let until = limit;
    for (const p of matched) {
      if (p < until && fns[p] === null) {
        until = p;
        break;
      }
    }
    let mapped = false;
    for (const p of matched) {
      if (p < until && fns[p] !== null) {
        mapped = true;
        break;
      }
    }
    if (until < limit) {
      // removed: run the earlier value functions for their failures only; read what is inside, muted
      if (given === NOT_GIVEN && !mapped && until <= this.plan.firstMap) {
        // no value function comes before this redaction in rule order: nothing inside can fail
        this.skipValue();
        return false;
      }
      this.mute++;
      if (mapped) this.mapScalar(matched, until, given);
      else if (given === NOT_GIVEN) this.value(child, until, schema);
      this.mute--;
      return false;
    }
    this.lead();
    if (mapped) this.mapScalar(matched, until, given);
    else if (given === NOT_GIVEN) this.value(child, limit, schema);
    else this.write(serializeJson(given));
    return true;
  }

  /**
   * Applies the value functions of `matched` before `until`, in order, to `given` or the scalar read at
   * `pos`, and writes the result.
   */
  private mapScalar(matched: number[], until: number, given: JsonValue | typeof NOT_GIVEN): void {
    let v: JsonValue;
    if (given === NOT_GIVEN) {
      const c = this.t.charCodeAt(this.pos);
      if (c === 0x7b || c === 0x5b) throw GIVE_UP;
      v = this.scalar();
    } else {
      v = given;
    }
    // one value function on a string: responses repeat the same people, so remember what it wrote
    // (for this response only, as the value functions' own memos)
    const single = matched.length === 1 && matched[0]! < until ? matched[0]! : -1;
    let cache: Map<string, string> | undefined;
    if (single >= 0 && typeof v === "string") {
      cache = this.written[single] ??= new Map();
      const hit = cache.get(v);
      if (hit !== undefined) {
        this.write(hit);
        return;
      }
    }
    const input = v;
    for (const p of matched) {
      const fn = this.fns[p];
      if (p >= until) break;
      if (fn === null) continue;
      v = fn!(v);
      if (typeof v === "object" && v !== null && !(v instanceof JsonDouble)) throw GIVE_UP;
    }
    const out = serializeJson(v);
    if (cache !== undefined && cache.size < WRITTEN_LIMIT) cache.set(input as string, out);
    this.write(out);
  }
}

function decode(t: string, start: number, end: number): string {
  try {
    return JSON.parse(t.slice(start, end)) as string;
  } catch {
    throw GIVE_UP;
  }
}
