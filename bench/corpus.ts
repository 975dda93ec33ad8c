/**
 * Benchmark: every API case of the conformance corpus (../shared/conformance, or CONFORMANCE_DIR) with
 * its connector's real rules, its example response grown to about 1 MB by repeating the elements of
 * its largest top-level array, sanitized versus JSON.parse + JSON.stringify of the same body in the
 * same run. Cases whose response has no array to grow are left out. Prints the slowest cases, then:
 *   corpus: cases=<n> median_ratio=<x> p90_ratio=<y> geomean_ratio=<z> max_ratio=<w>
 * Knobs: BENCH_KB (target body size, default 1000), BENCH_ROUNDS (default 5), BENCH_SHOW (default 10).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createPseudonymizer } from "../src/core/pseudonyms/index.js";
import { loadRules } from "../src/core/rules/index.js";
import type { ApiRules } from "../src/core/rules/model.js";
import { RestSanitizer } from "../src/core/sanitize/rest-sanitizer.js";

const TARGET = Number(process.env.BENCH_KB ?? "1000") * 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "5");
const SHOW = Number(process.env.BENCH_SHOW ?? "10");
const dir = resolve(process.env.CONFORMANCE_DIR ?? "../shared/conformance");
if (!existsSync(join(dir, "cases.json"))) {
  console.error(`no conformance corpus at ${dir} (set CONFORMANCE_DIR)`);
  process.exit(2);
}

interface ApiCase {
  rules: string;
  method: string;
  url: string;
  original: string;
  options?: { emailCanonicalization?: "STRICT" | "IGNORE_DOTS"; emailDomainHandling?: "PRESERVE" };
}

/** The body grown to about TARGET bytes, or undefined when it has no array to grow. */
function grow(text: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const scale = (a: unknown[]) => {
    const per = JSON.stringify(a).length / a.length;
    const n = Math.max(a.length, Math.ceil(TARGET / per));
    return Array.from({ length: n }, (_, i) => a[i % a.length]);
  };
  if (Array.isArray(doc)) return doc.length > 0 ? JSON.stringify(scale(doc)) : undefined;
  if (doc === null || typeof doc !== "object") return undefined;
  let key: string | undefined;
  let longest = 0;
  for (const [k, v] of Object.entries(doc)) {
    if (Array.isArray(v) && v.length > longest) {
      key = k;
      longest = v.length;
    }
  }
  if (key === undefined) return undefined;
  return JSON.stringify({ ...doc, [key]: scale((doc as Record<string, unknown[]>)[key]!) });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, warmUps = 1): number {
  for (let i = 0; i < warmUps; i++) fn();
  const runs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

const cases = (JSON.parse(readFileSync(join(dir, "cases.json"), "utf8")) as { api: ApiCase[] }).api;
// BENCH_FAST_PATHS: which of the sanitizer's fast paths to use (comma-separated: text, native; "none")
const fastPaths = (process.env.BENCH_FAST_PATHS ?? "text,native").split(",");
const seen = new Set<string>();
const rows: { name: string; ms: number; baseMs: number; bytes: number }[] = [];
for (const c of cases) {
  const id = `${c.rules}|${c.original}|${c.method} ${new URL(c.url).pathname}`;
  if (seen.has(id)) continue;
  seen.add(id);
  const body = grow(readFileSync(join(dir, c.original), "utf8"));
  if (body === undefined) continue;
  const sanitizer = new RestSanitizer(
    loadRules(readFileSync(join(dir, c.rules), "utf8")) as ApiRules,
    createPseudonymizer({
      salt: "salt",
      encryptionKey: "secret",
      emailCanonicalization: c.options?.emailCanonicalization,
    }),
    { textFastPath: fastPaths.includes("text"), nativeFastPath: fastPaths.includes("native") },
  );
  try {
    sanitizer.sanitize(c.method, c.url, body);
  } catch {
    continue; // the grown body is not something these rules accept (the case tests an error)
  }
  // past the endpoint's first calls, where it times both fast paths (src/core/sanitize/path-choice.ts)
  const ms = time(() => sanitizer.sanitize(c.method, c.url, body), 10);
  const baseMs = time(() => JSON.stringify(JSON.parse(body)));
  rows.push({
    name: `${c.rules.replace(/^rules\//, "")} ${c.method} ${new URL(c.url).pathname}`,
    ms,
    baseMs,
    bytes: body.length,
  });
}

rows.sort((a, b) => b.ms / b.baseMs - a.ms / a.baseMs);
console.log(
  `slowest ${Math.min(SHOW, rows.length)} of ${rows.length} (ratio = sanitize time / parse+stringify time):`,
);
for (const r of rows.slice(0, SHOW)) {
  console.log(
    `  ${(r.ms / r.baseMs).toFixed(1).padStart(5)}  ${r.ms.toFixed(1).padStart(6)} ms  ${(r.bytes / 1e6).toFixed(1)} MB  ${r.name}`,
  );
}
const ratios = rows.map((r) => r.ms / r.baseMs).sort((a, b) => a - b);
const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(
  `corpus: cases=${ratios.length} median_ratio=${median(ratios).toFixed(2)} p90_ratio=${ratios[Math.floor(ratios.length * 0.9)]!.toFixed(2)} geomean_ratio=${geo.toFixed(2)} max_ratio=${ratios[ratios.length - 1]!.toFixed(2)}`,
);
