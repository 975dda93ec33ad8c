/**
 * A tiny regular-grammar toolkit used by the e-mail parser (spec Appendix A).
 *
 * Why not just JS regexes: the reference grammar is a textually expanded RFC 2822 regex whose nested optional
 * whitespace makes a backtracking engine explore exponentially many splits before it can say "no"
 * (`"a  a  a … <"@x.com`, `a  b  c  … d@x`), and every pseudonymized string runs through it. So one grammar is
 * compiled twice:
 *
 * - to a JS `RegExp` (same alternation order, greedy/lazy choices and capture numbering as the Java pattern,
 *   with Java's atomic group emulated as `(?=(X))\N`), used only to read capture groups and match ends;
 * - to a lazily built DFA over the same language, answering "does it match (whole / some prefix)?" in linear
 *   time. Callers consult the DFA first and run the RegExp only on inputs that are known to match, where the
 *   backtracking engine finds its first (= Java's) match without exploring the exponential failure space.
 *
 * The DFA alphabet is the 128 ASCII code units plus one symbol for every code unit >= 0x80: every class of
 * the grammar treats all non-ASCII code units alike (checked when a class is built).
 */

/** A grammar node. Capture groups are numbered like regex groups, in order of their opening paren. */
export type GrammarNode =
  | { readonly kind: "chars"; readonly source: string; readonly table: Uint8Array }
  | { readonly kind: "seq"; readonly items: readonly GrammarNode[] }
  | { readonly kind: "alt"; readonly items: readonly GrammarNode[] }
  | {
      readonly kind: "rep";
      readonly item: GrammarNode;
      readonly min: number;
      readonly max: number;
      readonly lazy: boolean;
    }
  | { readonly kind: "cap"; readonly item: GrammarNode }
  | { readonly kind: "atomic"; readonly item: GrammarNode };

const NON_ASCII = 128;
const ALPHABET = 129;
/** Code units used to check that a class treats all non-ASCII input alike. */
const NON_ASCII_PROBES = [0x80, 0x85, 0xa0, 0xe9, 0x100, 0x2028, 0x4e2d, 0xd800, 0xdc00, 0xfeff, 0xffff];

/** One code unit matched by `source`, a JS regex atom such as `[a-z]`, `\\(` or `"`. */
export function chars(source: string): GrammarNode {
  const re = new RegExp(`^(?:${source})$`);
  const table = new Uint8Array(ALPHABET);
  for (let c = 0; c < NON_ASCII; c++) table[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  const nonAscii = NON_ASCII_PROBES.map((c) => re.test(String.fromCharCode(c)));
  if (nonAscii.some((b) => b !== nonAscii[0])) {
    throw new Error(`grammar class ${source} distinguishes non-ASCII code units; the DFA alphabet cannot`);
  }
  table[NON_ASCII] = nonAscii[0] ? 1 : 0;
  return { kind: "chars", source, table };
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/;

/** The literal text `s`. */
export function lit(s: string): GrammarNode {
  const items: GrammarNode[] = [];
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    const src =
      code < 0x20 ? `\\x${code.toString(16).padStart(2, "0")}` : REGEX_SPECIAL.test(ch) ? `\\${ch}` : ch;
    items.push(chars(src));
  }
  return items.length === 1 ? items[0] : { kind: "seq", items };
}

export function seq(...items: GrammarNode[]): GrammarNode {
  return { kind: "seq", items };
}
export function alt(...items: GrammarNode[]): GrammarNode {
  return { kind: "alt", items };
}
/** `X?` (greedy). */
export function opt(item: GrammarNode): GrammarNode {
  return { kind: "rep", item, min: 0, max: 1, lazy: false };
}
/** `X??` (lazy). */
export function lazyOpt(item: GrammarNode): GrammarNode {
  return { kind: "rep", item, min: 0, max: 1, lazy: true };
}
export function star(item: GrammarNode): GrammarNode {
  return { kind: "rep", item, min: 0, max: Number.POSITIVE_INFINITY, lazy: false };
}
export function plus(item: GrammarNode): GrammarNode {
  return { kind: "rep", item, min: 1, max: Number.POSITIVE_INFINITY, lazy: false };
}
export function rep(item: GrammarNode, min: number, max: number): GrammarNode {
  return { kind: "rep", item, min, max, lazy: false };
}
/** A capturing group. */
export function cap(item: GrammarNode): GrammarNode {
  return { kind: "cap", item };
}
/** Java `(?>X)`. */
export function atomic(item: GrammarNode): GrammarNode {
  return { kind: "atomic", item };
}

// ---------------------------------------------------------------------------------------------------------
// RegExp emission

interface EmitState {
  captures: boolean;
  /** JS group number of the most recently opened group. */
  group: number;
  /** JS group number of each grammar capture, by grammar capture ordinal (1-based). */
  capGroups: number[];
}

function emit(node: GrammarNode, st: EmitState): string {
  switch (node.kind) {
    case "chars":
      return node.source;
    case "seq":
      return node.items.map((n) => emit(n, st)).join("");
    case "alt":
      return `(?:${node.items.map((n) => emit(n, st)).join("|")})`;
    case "rep": {
      const inner = emit(node.item, st);
      const atom = node.item.kind === "chars" || node.item.kind === "alt" ? inner : `(?:${inner})`;
      let q: string;
      if (node.min === 0 && node.max === 1) q = "?";
      else if (node.min === 0 && node.max === Number.POSITIVE_INFINITY) q = "*";
      else if (node.min === 1 && node.max === Number.POSITIVE_INFINITY) q = "+";
      else if (node.max === Number.POSITIVE_INFINITY) q = `{${node.min},}`;
      else q = `{${node.min},${node.max}}`;
      return atom + q + (node.lazy ? "?" : "");
    }
    case "cap": {
      if (!st.captures) return `(?:${emit(node.item, st)})`;
      const n = ++st.group;
      st.capGroups.push(n);
      return `(${emit(node.item, st)})`;
    }
    case "atomic": {
      // (?=(X))\N: the lookahead commits to X's first match, the back-reference consumes it.
      const n = ++st.group;
      return `(?:(?=(${emit(node.item, st)}))\\${n})`;
    }
  }
}

/** A RegExp compiled from a grammar, with a map from grammar capture ordinal to JS group number. */
export interface CompiledRegex {
  readonly re: RegExp;
  /** `capGroups[k - 1]` = JS group of grammar capture k. */
  readonly capGroups: readonly number[];
}

export function toRegExp(
  node: GrammarNode,
  mode: "whole" | "sticky" | "search",
  captures: boolean,
): CompiledRegex {
  const st: EmitState = { captures, group: 0, capGroups: [] };
  const body = emit(node, st);
  const re =
    mode === "whole"
      ? new RegExp(`^(?:${body})$`)
      : mode === "sticky"
        ? new RegExp(`(?:${body})`, "y")
        : new RegExp(`(?:${body})`);
  return { re, capGroups: st.capGroups };
}

// ---------------------------------------------------------------------------------------------------------
// NFA (Thompson) and lazily determinized DFA

const K_CHAR = 0;
const K_SPLIT = 1;
const K_EPS = 2;
const K_MATCH = 3;

class Nfa {
  readonly kind: number[] = [];
  readonly out1: number[] = [];
  readonly out2: number[] = [];
  readonly table: (Uint8Array | null)[] = [];
  readonly start: number;

  constructor(root: GrammarNode) {
    const match = this.add(K_MATCH, -1, -1, null);
    this.start = this.compile(root, match);
  }

  private add(kind: number, o1: number, o2: number, table: Uint8Array | null): number {
    this.kind.push(kind);
    this.out1.push(o1);
    this.out2.push(o2);
    this.table.push(table);
    return this.kind.length - 1;
  }

  /** Compiles `node` so that it continues with state `next`; returns its entry state. */
  private compile(node: GrammarNode, next: number): number {
    switch (node.kind) {
      case "chars":
        return this.add(K_CHAR, next, -1, node.table);
      case "seq": {
        let s = next;
        for (let i = node.items.length - 1; i >= 0; i--) s = this.compile(node.items[i], s);
        return s;
      }
      case "alt": {
        let s = this.compile(node.items[node.items.length - 1], next);
        for (let i = node.items.length - 2; i >= 0; i--) {
          s = this.add(K_SPLIT, this.compile(node.items[i], next), s, null);
        }
        return s;
      }
      case "rep": {
        let s: number;
        if (node.max === Number.POSITIVE_INFINITY) {
          const loop = this.add(K_SPLIT, -1, next, null);
          this.out1[loop] = this.compile(node.item, loop);
          s = loop;
        } else {
          s = next;
          for (let i = node.min; i < node.max; i++)
            s = this.add(K_SPLIT, this.compile(node.item, s), next, null);
        }
        for (let i = 0; i < node.min; i++) s = this.compile(node.item, s);
        return s;
      }
      case "cap":
      case "atomic":
        // Only the language matters here; Java's atomic group does not change it for this grammar (spec A.1).
        return this.add(K_EPS, this.compile(node.item, next), -1, null);
    }
  }
}

/** Bound on cached DFA states; the cache restarts when exceeded (memory stays bounded on hostile input). */
const MAX_DFA_STATES = 10_000;
const UNKNOWN = -2;
const DEAD = -1;

/**
 * Linear-time membership test for a grammar. States are sets of NFA character states, built on first use.
 */
export class LazyDfa {
  private readonly nfa: Nfa;
  private sets: Int32Array[] = [];
  private accept: boolean[] = [];
  private next: Int32Array[] = [];
  private index = new Map<string, number>();
  private start = 0;
  private readonly mark: Int32Array;
  private stamp = 0;
  private readonly stack: number[] = [];

  constructor(root: GrammarNode) {
    this.nfa = new Nfa(root);
    this.mark = new Int32Array(this.nfa.kind.length);
    this.reset();
  }

  private reset(): void {
    this.sets = [];
    this.accept = [];
    this.next = [];
    this.index = new Map();
    this.start = this.intern(this.closure([this.nfa.start]));
  }

  /** Epsilon closure of `seeds`, as the sorted list of reached character and match states. */
  private closure(seeds: readonly number[]): Int32Array {
    const { kind, out1, out2 } = this.nfa;
    const stamp = ++this.stamp;
    const mark = this.mark;
    const stack = this.stack;
    const found: number[] = [];
    for (const s of seeds) stack.push(s);
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (mark[s] === stamp) continue;
      mark[s] = stamp;
      const k = kind[s];
      if (k === K_CHAR || k === K_MATCH) found.push(s);
      else if (k === K_SPLIT) {
        stack.push(out2[s]);
        stack.push(out1[s]);
      } else stack.push(out1[s]);
    }
    found.sort((a, b) => a - b);
    return Int32Array.from(found);
  }

  private intern(set: Int32Array): number {
    const key = set.join(",");
    const known = this.index.get(key);
    if (known !== undefined) return known;
    const id = this.sets.length;
    this.sets.push(set);
    let acc = false;
    for (const s of set) if (this.nfa.kind[s] === K_MATCH) acc = true;
    this.accept.push(acc);
    this.next.push(new Int32Array(ALPHABET).fill(UNKNOWN));
    this.index.set(key, id);
    return id;
  }

  private step(d: number, sym: number): number {
    const cached = this.next[d][sym];
    if (cached !== UNKNOWN) return cached;
    const { kind, out1, table } = this.nfa;
    const seeds: number[] = [];
    for (const s of this.sets[d]) {
      if (kind[s] === K_CHAR && table[s]![sym] === 1) seeds.push(out1[s]);
    }
    const target = seeds.length === 0 ? DEAD : this.intern(this.closure(seeds));
    this.next[d][sym] = target;
    return target;
  }

  private begin(): number {
    if (this.sets.length > MAX_DFA_STATES) this.reset();
    return this.start;
  }

  /** True iff `s.slice(from)` is in the language. */
  matchesWhole(s: string, from = 0): boolean {
    let d = this.begin();
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      d = this.step(d, Math.min(c, NON_ASCII));
      if (d === DEAD) return false;
    }
    return this.accept[d];
  }

  /** True iff some prefix of `s.slice(from)` (possibly empty) is in the language. */
  matchesPrefix(s: string, from = 0): boolean {
    let d = this.begin();
    if (this.accept[d]) return true;
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      d = this.step(d, Math.min(c, NON_ASCII));
      if (d === DEAD) return false;
      if (this.accept[d]) return true;
    }
    return false;
  }
}
