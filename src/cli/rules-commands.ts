/** `psoxy rules validate` and `psoxy rules test`. */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { rulesForReferenceFile } from "../connectors/index.js";
import { loadRules, RulesValidationError } from "../core/rules/index.js";
import type { CaseKind, CaseResult } from "../rules-test/manifest.js";
import { ManifestRunner, summarize } from "../rules-test/runner.js";

const KINDS: CaseKind[] = ["api", "urls", "vectors", "bulk"];

export function registerRulesCommands(program: Command): void {
  const rules = program.command("rules").description("check rules files and run rule test cases");

  rules
    .command("validate")
    .description("parse and validate rules YAML files; prints each problem with its place in the file")
    .argument("<files...>", "rules YAML files")
    .action((files: string[]) => {
      let bad = 0;
      for (const f of files) {
        let text: string;
        try {
          text = readFileSync(f, "utf8");
        } catch (e) {
          process.stderr.write(`${f}: cannot read: ${(e as Error).message}\n`);
          bad++;
          continue;
        }
        try {
          const r = loadRules(text, { source: f });
          const what =
            r.kind === "api"
              ? `API rules, ${r.endpoints.length} endpoint(s)`
              : r.kind === "columnar"
                ? "columnar (CSV) bulk rules"
                : r.kind === "record"
                  ? "record bulk rules"
                  : `multi-file bulk rules, ${r.fileRules.length} file pattern(s)`;
          process.stdout.write(`${f}: ok (${what})\n`);
        } catch (e) {
          bad++;
          if (e instanceof RulesValidationError) process.stderr.write(`${e.message}\n`);
          else process.stderr.write(`${f}: ${(e as Error).message}\n`);
        }
      }
      process.exitCode = bad > 0 ? 1 : 0;
    });

  rules
    .command("test")
    .description(
      "run the cases of a test manifest (api responses with expected sanitized output, url allow/block " +
        "checks, vectors) and print a diff for each failure",
    )
    .argument("<manifest>", "manifest JSON (paths inside are relative to it)")
    .option("-f, --filter <text>", "only cases whose id contains this text")
    .option("-k, --kind <kinds>", `only these kinds, comma-separated (${KINDS.join(", ")})`)
    .option("-v, --verbose", "also list passing and skipped cases")
    .option(
      "--builtin-rules",
      "run each case with the built-in rules of the connector whose reference rules file it names, instead " +
        "of the file; cases whose file no connector reproduces are skipped",
    )
    .option("--max-details <n>", "difference lines shown per failing case", "12")
    .action(
      (
        manifestPath: string,
        opts: {
          filter?: string;
          kind?: string;
          verbose?: boolean;
          maxDetails: string;
          builtinRules?: boolean;
        },
      ) => {
        const kinds = opts.kind ? (opts.kind.split(",").map((k) => k.trim()) as CaseKind[]) : undefined;
        for (const k of kinds ?? []) {
          if (!KINDS.includes(k))
            throw new Error(`unknown kind "${k}" (expected one of ${KINDS.join(", ")})`);
        }
        const runner = ManifestRunner.fromFile(
          manifestPath,
          opts.builtinRules ? { rulesResolver: (rel) => rulesForReferenceFile(rel)?.yaml ?? null } : {},
        );
        const max = Number.parseInt(opts.maxDetails, 10) || 12;
        const report = (r: CaseResult) => {
          if (r.status === "fail") {
            process.stdout.write(`FAIL ${r.kind} ${r.id}\n`);
            for (const d of (r.detail ?? []).slice(0, max)) process.stdout.write(`    ${d}\n`);
          } else if (opts.verbose) {
            process.stdout.write(`${r.status === "pass" ? "ok  " : "skip"} ${r.kind} ${r.id}\n`);
          }
        };
        const results = runner.run({ filter: opts.filter, kinds, onResult: report });
        const byKind = new Map<string, { p: number; f: number; s: number }>();
        for (const r of results) {
          const b = byKind.get(r.kind) ?? { p: 0, f: 0, s: 0 };
          if (r.status === "pass") b.p++;
          else if (r.status === "fail") b.f++;
          else b.s++;
          byKind.set(r.kind, b);
        }
        for (const [k, b] of byKind) {
          process.stdout.write(`  ${k}: ${b.p} passed, ${b.f} failed, ${b.s} skipped\n`);
        }
        const s = summarize(results);
        if (opts.builtinRules) {
          const unmapped = results.filter((r) => r.detail?.[0]?.startsWith("no replacement rules")).length;
          process.stdout.write(
            `  ${unmapped} case(s) skipped: no connector's built-in rules reproduce their rules file\n`,
          );
        }
        process.stdout.write(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped\n`);
        process.exitCode = s.failed > 0 ? 1 : 0;
      },
    );
}
