/**
 * YAML parsing for rules files, plus a typed reader that turns YAML nodes into model values while
 * collecting problems with their YAML path and source position.
 *
 * The reference reads rules with Jackson YAML (SnakeYAML underneath). Two of its leniencies matter for
 * real files and are reproduced here:
 * - multi-line quoted scalars whose continuation lines are indented less than YAML 1.2 requires (Jackson's
 *   own YAML writer produces them, e.g. long `pathRegex` values); we re-indent those lines before parsing,
 *   which cannot change the value because leading white space of a continuation line is always folded away;
 * - duplicate keys (last one wins, first position kept), unknown tags (`!<pseudonymize>`), only the first
 *   document of a multi-document stream being read.
 * Scalars are coerced like Jackson does: a string field accepts any scalar's text, booleans accept
 * YAML 1.1 spellings (`yes`, `on` ...) and the strings "true"/"false".
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  Parser,
  parseAllDocuments,
} from "yaml";
import { JsonDouble, type JsonValue } from "../json/types.js";
import { type RulesProblem, RulesValidationError } from "./errors.js";

export interface ParsedRulesYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** the root node of the first document (null for an empty document) */
  root: Node | null;
}

/** Parses rules YAML; throws `RulesValidationError` (RULES_INVALID_YAML / RULES_INVALID) when it cannot. */
export function parseRulesYaml(text: string, source?: string): ParsedRulesYaml {
  const relaxed = relaxQuotedScalarIndentation(text);
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(relaxed, {
    lineCounter,
    uniqueKeys: false,
    intAsBigInt: true,
    prettyErrors: false,
  });
  const doc = "empty" in docs ? undefined : docs[0];
  const errors = "empty" in docs ? docs.errors : (doc?.errors ?? []);
  if (errors.length > 0) {
    const problems: RulesProblem[] = errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return {
        path: "",
        line,
        col,
        message: `${firstLine(e.message)} (YAML syntax error; check quoting and indentation near this position)`,
      };
    });
    throw new RulesValidationError("RULES_INVALID_YAML", problems, source);
  }
  if (!doc || doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    throw new RulesValidationError(
      "RULES_INVALID",
      [{ path: "", message: "the rules file is empty; expected a YAML mapping such as `endpoints: [...]`" }],
      source,
    );
  }
  return { doc, lineCounter, root: doc.contents as Node };
}

function firstLine(s: string): string {
  const i = s.indexOf("\n");
  return (i < 0 ? s : s.slice(0, i)).replace(/ at line \d+, column \d+:?$/, "");
}

// ---------------------------------------------------------------------------------------------------
// Lenient handling of under-indented quoted scalars

interface CstLike {
  type?: string;
  offset?: number;
  source?: string;
  [k: string]: unknown;
}

function isClosedQuoted(source: string, quote: string): boolean {
  if (source.length < 2 || !source.endsWith(quote)) return false;
  if (quote === "'") {
    let run = 0;
    for (let i = source.length - 1; i >= 1 && source[i] === "'"; i--) run++;
    return run % 2 === 1;
  }
  let bs = 0;
  for (let i = source.length - 2; i >= 1 && source[i] === "\\"; i--) bs++;
  return bs % 2 === 0;
}

function findBrokenQuoted(token: unknown, depth = 0): number {
  if (depth > 500 || token === null || typeof token !== "object") return -1;
  if (Array.isArray(token)) {
    for (const t of token) {
      const r = findBrokenQuoted(t, depth + 1);
      if (r >= 0) return r;
    }
    return -1;
  }
  const t = token as CstLike;
  if (
    (t.type === "double-quoted-scalar" || t.type === "single-quoted-scalar") &&
    typeof t.source === "string" &&
    typeof t.offset === "number"
  ) {
    const q = t.type === "double-quoted-scalar" ? '"' : "'";
    if (!isClosedQuoted(t.source, q)) return t.offset;
  }
  for (const k of ["start", "items", "key", "sep", "value", "end", "props"]) {
    if (k in t) {
      const r = findBrokenQuoted(t[k], depth + 1);
      if (r >= 0) return r;
    }
  }
  return -1;
}

function closingQuote(text: string, open: number): number {
  const q = text[open];
  let end = text.indexOf(q, open + 1);
  if (q === "'") {
    while (end !== -1 && text[end + 1] === "'") end = text.indexOf("'", end + 2);
    return end;
  }
  while (end !== -1) {
    let n = 0;
    while (text[end - 1 - n] === "\\") n++;
    if (n % 2 === 0) break;
    end = text.indexOf('"', end + 1);
  }
  return end;
}

/** Indents the continuation lines of the quoted scalar opening at `open` past its opening quote. */
function reindentQuoted(text: string, open: number): string | null {
  const end = closingQuote(text, open);
  if (end < 0) return null;
  const lineStart = text.lastIndexOf("\n", open) + 1;
  const target = open - lineStart + 1;
  let out = text.slice(0, open);
  let i = open;
  let changed = false;
  while (i <= end) {
    const nl = text.indexOf("\n", i);
    if (nl < 0 || nl >= end) {
      out += text.slice(i);
      i = text.length;
      break;
    }
    out += text.slice(i, nl + 1);
    let j = nl + 1;
    while (j < text.length && (text[j] === " " || text[j] === "\t")) j++;
    const blank = j >= text.length || text[j] === "\n" || text[j] === "\r";
    const indent = j - (nl + 1);
    if (!blank && indent < target) {
      out += " ".repeat(target - indent);
      changed = true;
    }
    i = nl + 1;
  }
  if (i < text.length) out += text.slice(i);
  return changed ? out : null;
}

/**
 * Re-indents continuation lines of quoted scalars that the YAML 1.2 parser would reject for being
 * under-indented (SnakeYAML accepts them). Only spaces are inserted, so line numbers do not move.
 */
export function relaxQuotedScalarIndentation(text: string): string {
  if (!text.includes("\n")) return text;
  for (let iter = 0; iter < 10_000; iter++) {
    let broken = -1;
    try {
      const tokens = [...new Parser().parse(text)];
      broken = findBrokenQuoted(tokens);
    } catch {
      return text;
    }
    if (broken < 0) return text;
    const fixed = reindentQuoted(text, broken);
    if (fixed === null) return text;
    text = fixed;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------
// Typed reading with problem collection

export interface MapEntry {
  key: string;
  keyNode: Node | null;
  value: Node | null;
  path: string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function childPath(path: string, key: string): string {
  const seg = IDENT.test(key) ? key : JSON.stringify(key);
  if (IDENT.test(key)) return path ? `${path}.${seg}` : seg;
  return `${path}[${seg}]`;
}

export function indexPath(path: string, i: number): string {
  return `${path}[${i}]`;
}

const BOOL_TRUE = new Set(["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"]);
const BOOL_FALSE = new Set(["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"]);
const STANDARD_TAG = "tag:yaml.org,2002:";
const NODE_BUDGET = 2_000_000;

function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[n];
}

export function suggest(key: string, allowed: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const a of allowed) {
    const d = editDistance(key, a);
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

export class YamlReader {
  readonly problems: RulesProblem[] = [];
  readonly warnings: RulesProblem[] = [];
  private visited = 0;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Dereferences aliases; null for a missing node. */
  resolve(node: unknown): Node | null {
    let n = node;
    for (let i = 0; i < 100 && isAlias(n); i++) n = n.resolve(this.doc);
    if (++this.visited > NODE_BUDGET) {
      throw new RulesValidationError("RULES_INVALID", [
        { path: "", message: "the rules file expands to too many nodes (alias bomb?)" },
      ]);
    }
    return (n as Node | undefined) ?? null;
  }

  position(node: Node | null | undefined): { line?: number; col?: number } {
    const r = node?.range;
    if (!r) return {};
    const { line, col } = this.lineCounter.linePos(r[0]);
    return { line, col };
  }

  error(path: string, node: Node | null | undefined, message: string): void {
    this.problems.push({ path, ...this.position(node), message });
  }

  warn(path: string, node: Node | null | undefined, message: string): void {
    this.warnings.push({ path, ...this.position(node), message });
  }

  /** The non-standard tag of a node without its leading `!`s (`!<redact>` and `!redact` -> "redact"). */
  tagOf(node: Node | null): string | undefined {
    const tag = node?.tag;
    if (!tag || tag.startsWith(STANDARD_TAG)) return undefined;
    return tag.replace(/^!+/, "");
  }

  isNull(node: Node | null): boolean {
    return node === null || (isScalar(node) && node.value === null);
  }

  /** Entries of a mapping in document order (duplicate keys: last value wins, first position kept). */
  map(node: Node | null, path: string, what: string): MapEntry[] | undefined {
    const n = this.resolve(node);
    if (!isMap(n)) {
      this.error(path, n, `${what} must be a mapping (key: value pairs), found ${describe(n)}`);
      return undefined;
    }
    const out: MapEntry[] = [];
    const index = new Map<string, number>();
    for (const item of n.items) {
      if (!isPair(item)) continue;
      const keyNode = this.resolve(item.key);
      const key = this.scalarText(keyNode);
      if (key === undefined) {
        this.error(path, keyNode, `keys of ${what} must be plain strings`);
        continue;
      }
      const value = this.resolve(item.value);
      const entry: MapEntry = { key, keyNode, value, path: childPath(path, key) };
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, out.length);
        out.push(entry);
      } else {
        out[at] = { ...entry, keyNode: out[at].keyNode };
      }
    }
    return out;
  }

  /** Reports every key that is neither allowed nor ignored. Returns false when one was found. */
  checkKeys(
    entries: MapEntry[],
    allowed: ReadonlySet<string>,
    what: string,
    ignored: ReadonlySet<string> = new Set(),
    note = "",
  ): boolean {
    let ok = true;
    for (const e of entries) {
      if (allowed.has(e.key) || ignored.has(e.key)) continue;
      ok = false;
      const hint = suggest(e.key, allowed);
      this.error(
        e.path,
        e.keyNode,
        `unknown key "${e.key}" in ${what}${hint ? ` (did you mean "${hint}"?)` : ""}; allowed keys: ${[...allowed].join(", ")}${note}`,
      );
    }
    return ok;
  }

  /** Text of a scalar as Jackson would read it into a String field; undefined for non-scalars. */
  scalarText(node: Node | null): string | undefined {
    if (node === null) return undefined;
    if (!isScalar(node)) return undefined;
    if (typeof node.value === "string") return node.value;
    if (node.value === null) return undefined;
    return typeof node.source === "string" ? node.source : String(node.value);
  }

  /** A string option: undefined when absent/invalid, null when explicitly null. */
  string(node: Node | null, path: string, what = "value"): string | null | undefined {
    const n = this.resolve(node);
    if (this.isNull(n)) return null;
    const s = this.scalarText(n);
    if (s === undefined) {
      this.error(path, n, `${what} must be a string, found ${describe(n)}`);
      return undefined;
    }
    return s;
  }

  bool(node: Node | null, path: string, def: boolean): boolean {
    const n = this.resolve(node);
    if (this.isNull(n)) return def;
    if (isScalar(n)) {
      if (typeof n.value === "boolean") return n.value;
      if (typeof n.value === "string") {
        if (BOOL_TRUE.has(n.value)) return true;
        if (BOOL_FALSE.has(n.value)) return false;
        if (n.value === "") return def;
      }
      if (typeof n.value === "bigint" && (n.value === 0n || n.value === 1n)) return n.value === 1n;
    }
    this.error(path, n, `must be a boolean (true or false), found ${describe(n)}`);
    return def;
  }

  /** One of `allowed` (exact case); `def` when absent or null. */
  enumValue<T extends string>(node: Node | null, path: string, allowed: readonly T[], def: T): T {
    const n = this.resolve(node);
    if (this.isNull(n)) return def;
    const s = this.scalarText(n);
    if (s !== undefined && (allowed as readonly string[]).includes(s)) return s as T;
    const hint = s !== undefined ? allowed.find((a) => a.toLowerCase() === s.toLowerCase()) : undefined;
    this.error(
      path,
      n,
      `must be one of ${allowed.join(", ")} (exact case), found ${s !== undefined ? JSON.stringify(s) : describe(n)}${
        hint ? `; write "${hint}"` : ""
      }`,
    );
    return def;
  }

  /** A list of strings: null when absent/null, undefined when invalid. */
  stringList(node: Node | null, path: string, what = "value"): string[] | null | undefined {
    const n = this.resolve(node);
    if (this.isNull(n)) return null;
    if (!isSeq(n)) {
      this.error(
        path,
        n,
        `${what} must be a list (YAML sequence) of strings, found ${describe(n)}; write it as [ "..." ] or as "- ..." lines`,
      );
      return undefined;
    }
    const out: string[] = [];
    let ok = true;
    n.items.forEach((item, i) => {
      const el = this.resolve(item);
      const s = this.isNull(el) ? undefined : this.scalarText(el);
      if (s === undefined) {
        this.error(indexPath(path, i), el, `list entries must be strings, found ${describe(el)}`);
        ok = false;
      } else out.push(s);
    });
    return ok ? out : undefined;
  }

  /** Items of a sequence, resolved; undefined (with a problem) if not a sequence; [] if null. */
  seq(node: Node | null, path: string, what: string): Array<Node | null> | undefined {
    const n = this.resolve(node);
    if (this.isNull(n)) return [];
    if (!isSeq(n)) {
      this.error(path, n, `${what} must be a list (YAML sequence), found ${describe(n)}`);
      return undefined;
    }
    return n.items.map((i) => this.resolve(i));
  }

  /** Converts any YAML node to the engine's JSON tree (maps keep document order). */
  json(node: Node | null, path: string, depth = 0): JsonValue {
    const n = this.resolve(node);
    if (depth > 1000) {
      this.error(path, n, "nesting is too deep (recursive alias?)");
      return null;
    }
    if (n === null) return null;
    if (isMap(n)) {
      const m = new Map<string, JsonValue>();
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const k = this.scalarText(this.resolve(item.key)) ?? "null";
        m.set(k, this.json(item.value as Node | null, childPath(path, k), depth + 1));
      }
      return m;
    }
    if (isSeq(n)) return n.items.map((it, i) => this.json(it as Node | null, indexPath(path, i), depth + 1));
    if (isScalar(n)) {
      const v = n.value;
      if (v === null || v === undefined) return null;
      if (typeof v === "string" || typeof v === "boolean") return v;
      if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v;
      if (typeof v === "number")
        return Number.isInteger(v) && !/[.eE]/.test(n.source ?? "") ? v : new JsonDouble(v);
      return String(v);
    }
    return null;
  }
}

export function describe(n: Node | null): string {
  if (n === null) return "nothing";
  if (isMap(n)) return "a mapping";
  if (isSeq(n)) return "a list";
  if (isScalar(n)) {
    if (n.value === null) return "null";
    if (typeof n.value === "string") return `the string ${JSON.stringify(truncate(n.value))}`;
    return `${typeof n.value === "boolean" ? "the boolean" : "the number"} ${n.source ?? String(n.value)}`;
  }
  return "an unsupported YAML node";
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
