/**
 * Runs a test manifest (`psoxy rules test`): every api, urls and vectors case, bulk cases once the bulk
 * pipeline exists. Rules files are loaded once per path. Returns one result per case, in manifest order.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { runBulkCase } from "../bulk/conformance.js";
import { jsonEquals } from "../core/json/convert.js";
import { parseJson, parseJsonStream } from "../core/json/parse.js";
import type { JsonValue } from "../core/json/types.js";
import { PSEUDONYM_VECTOR_KINDS, runPseudonymVector } from "../core/pseudonyms/index.js";
import { loadRules, RULES_VECTOR_KINDS, runRulesVector, runUrlCase } from "../core/rules/index.js";
import type { AnyRules, ApiRules } from "../core/rules/model.js";
import { RestSanitizer } from "../core/sanitize/rest-sanitizer.js";
import { jsonDiff } from "./diff.js";
import type { ApiCase, CaseKind, CaseResult, Manifest, VectorCase } from "./manifest.js";
import { pseudonymizerFor } from "./pseudonymizer-for.js";
import { runTransformVector } from "./transform-vector.js";

export interface RunOptions {
  /** only cases whose id contains this text */
  filter?: string;
  /** only these kinds */
  kinds?: CaseKind[];
  /** called after each case (progress) */
  onResult?: (r: CaseResult) => void;
}

export interface RunnerOptions {
  /**
   * Replaces the rules file a case names (its path as written in the manifest) by other rules YAML, e.g.
   * a connector's built-in rules (`psoxy rules test --builtin-rules`). Returning null skips the case
   * (nothing maps to that file); undefined keeps the file.
   */
  rulesResolver?: (rulesPath: string) => string | null | undefined;
}

export class ManifestRunner {
  private readonly baseDir: string;
  private readonly rulesCache = new Map<string, AnyRules>();

  constructor(
    readonly manifest: Manifest,
    manifestPath: string,
    private readonly options: RunnerOptions = {},
  ) {
    this.baseDir = dirname(resolve(manifestPath));
  }

  static fromFile(path: string, options: RunnerOptions = {}): ManifestRunner {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
    } catch (e) {
      throw new Error(`cannot read test manifest ${path}: ${(e as Error).message}`);
    }
    return new ManifestRunner(manifest, path, options);
  }

  file(rel: string): string {
    return resolve(this.baseDir, rel);
  }

  rules(rel: string): AnyRules {
    let r = this.rulesCache.get(rel);
    if (!r) {
      r = loadRules(this.rulesText(rel), { source: rel });
      this.rulesCache.set(rel, r);
    }
    return r;
  }

  /** The rules YAML a case runs with: the file, or what `rulesResolver` gives for it. */
  rulesText(rel: string): string {
    const replaced = this.options.rulesResolver?.(rel);
    if (replaced === null) throw new Error(`no replacement rules for ${rel}`);
    return replaced ?? readFileSync(this.file(rel), "utf8");
  }

  /** A skip result when `rulesResolver` maps nothing to the case's rules file. */
  unmapped(kind: CaseKind, id: string, rel: string): CaseResult | undefined {
    if (this.options.rulesResolver?.(rel) !== null) return undefined;
    return { kind, id, status: "skip", detail: [`no replacement rules for ${rel}`] };
  }

  run(opts: RunOptions = {}): CaseResult[] {
    const results: CaseResult[] = [];
    const want = (kind: CaseKind, id: string) =>
      (!opts.kinds || opts.kinds.includes(kind)) && (!opts.filter || id.includes(opts.filter));
    const record = (r: CaseResult) => {
      results.push(r);
      opts.onResult?.(r);
    };
    const guard = (kind: CaseKind, id: string, fn: () => CaseResult) => {
      if (!want(kind, id)) return;
      try {
        record(fn());
      } catch (e) {
        record({ kind, id, status: "fail", detail: [`error: ${(e as Error).message}`] });
      }
    };
    for (const c of this.manifest.api ?? [])
      guard("api", c.id, () => this.unmapped("api", c.id, c.rules) ?? this.runApi(c));
    for (const c of this.manifest.urls ?? []) {
      guard("urls", c.id, () => {
        const skip = this.unmapped("urls", c.id, c.rules);
        if (skip) return skip;
        const r = runUrlCase(c, this.options.rulesResolver ? (rel) => this.rulesText(rel) : this.baseDir);
        return r.ok
          ? { kind: "urls", id: c.id, status: "pass" }
          : {
              kind: "urls",
              id: c.id,
              status: "fail",
              detail: [
                `${c.method} ${c.url}: expected ${c.allowed ? "allowed" : "blocked"}, got ${String(r.actual)}`,
              ],
            };
      });
    }
    for (const c of this.manifest.vectors ?? []) guard("vectors", c.id, () => this.runVector(c));
    for (const c of this.manifest.bulk ?? []) {
      guard("bulk", c.id, () => {
        const r = runBulkCase(c, this.baseDir, this.manifest.secrets);
        return r.ok
          ? { kind: "bulk", id: c.id, status: "pass" }
          : { kind: "bulk", id: c.id, status: "fail", detail: r.detail };
      });
    }
    return results;
  }

  private runApi(c: ApiCase): CaseResult {
    const rules = this.rules(c.rules);
    if (rules.kind !== "api") throw new Error(`${c.rules} holds ${rules.kind} rules, not API rules`);
    const p = pseudonymizerFor(c.options ?? {}, this.manifest.secrets);
    const sanitizer = new RestSanitizer(rules as ApiRules, p, { targetHost: c.targetHost });
    const original = readFileSync(this.file(c.original), "utf8");
    const actualText = sanitizer.sanitize(c.method, c.url, original);
    const expectedText = c.expected ? readFileSync(this.file(c.expected), "utf8") : "";
    if (expectedText.trim() === "") {
      return actualText === ""
        ? { kind: "api", id: c.id, status: "pass" }
        : { kind: "api", id: c.id, status: "fail", detail: ["expected an empty output"] };
    }
    let expected: JsonValue[];
    let actual: JsonValue[];
    if (c.ndjson) {
      expected = parseJsonStream(expectedText);
      actual = parseJsonStream(actualText);
    } else {
      expected = [parseJson(expectedText)];
      actual = [parseJson(actualText)];
    }
    const detail: string[] = [];
    if (expected.length !== actual.length)
      detail.push(`expected ${expected.length} documents, got ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
      if (!jsonEquals(expected[i], actual[i])) {
        const prefix = expected.length > 1 ? `line ${i + 1}: ` : "";
        for (const d of jsonDiff(expected[i], actual[i])) detail.push(prefix + d);
      }
    }
    return detail.length === 0
      ? { kind: "api", id: c.id, status: "pass" }
      : { kind: "api", id: c.id, status: "fail", detail };
  }

  private runVector(c: VectorCase): CaseResult {
    let r: { ok: boolean; actual: unknown };
    if (PSEUDONYM_VECTOR_KINDS.includes(c.kind)) r = runPseudonymVector(c as never);
    else if (RULES_VECTOR_KINDS.includes(c.kind)) r = runRulesVector(c as never);
    else if (c.kind === "transform") r = runTransformVector(c, this.manifest.secrets);
    else return { kind: "vectors", id: c.id, status: "skip", detail: [`unknown vector kind ${c.kind}`] };
    return r.ok
      ? { kind: "vectors", id: c.id, status: "pass" }
      : {
          kind: "vectors",
          id: c.id,
          status: "fail",
          detail: [`${c.kind}: expected ${JSON.stringify(c.expected)}, got ${safeStringify(r.actual)}`],
        };
  }
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) =>
      typeof x === "bigint" ? x.toString() : x instanceof Map ? Object.fromEntries(x) : x,
    );
  } catch {
    return String(v);
  }
}

export function summarize(results: CaseResult[]): { passed: number; failed: number; skipped: number } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.status === "pass") passed++;
    else if (r.status === "fail") failed++;
    else skipped++;
  }
  return { passed, failed, skipped };
}
