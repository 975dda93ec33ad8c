/**
 * Runs one `bulk` case of a test manifest (conformance corpus format, see its README): sanitize
 * `input` with `rules` at the case's `level` and compare with `expected` byte for byte (after
 * decompressing when the case compresses its output).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { isBlank } from "../core/java/strings.js";
import { createPseudonymizer, javaToString } from "../core/pseudonyms/index.js";
import { loadRules } from "../core/rules/index.js";
import type { AnyRules } from "../core/rules/model.js";
import type { Identity } from "../core/transforms/context.js";
import { ColumnarSanitizer } from "./columnar/columnar-sanitizer.js";
import { parseBulkOutputFormat } from "./content-type.js";
import { hasGzipMagic } from "./input.js";
import { sanitizeBuffer, selectBulkRules } from "./process-object.js";
import type { BulkPseudonymizer, ShuffleMode, ShuffleOptions } from "./types.js";

export interface BulkCaseObject {
  id: string;
  level?: string;
  rules: string;
  input: string;
  expected: string;
  contentType?: string | null;
  objectPath?: string;
  options?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface BulkCaseResult {
  ok: boolean;
  /** the sanitized output (decompressed), or the error message */
  actual: string;
  /** why it failed (first differing line, or the error) */
  detail: string[];
}

export interface BulkCaseSecrets {
  salt?: string;
  encryptionKey?: string;
}

/** The corpus' `stub` pseudonymizer: the pseudonym of `x` is the hash `x_hashed`, no domain. */
export function stubPseudonymizer(): BulkPseudonymizer {
  return {
    pseudonymize(value) {
      if (value === null || (typeof value === "string" && isBlank(value))) return null;
      return { hash: `${javaToString(value)}_hashed` };
    },
    encodeJson: (id: Identity) => JSON.stringify({ hash: id.hash }),
    encodeUrlSafeToken: (id: Identity) => `t~${id.hash}`,
    tokenize: (v: string) => `p~${v}_tokenized`,
  };
}

function pseudonymizerFor(options: Record<string, unknown>, secrets: BulkCaseSecrets): BulkPseudonymizer {
  if (options.pseudonymizer === "stub") return stubPseudonymizer();
  return createPseudonymizer({
    salt: (options.salt as string | undefined) ?? secrets.salt ?? "salt",
    encryptionKey: (options.encryptionKey as string | undefined) ?? secrets.encryptionKey ?? "secret",
    emailCanonicalization: options.emailCanonicalization as "STRICT" | "IGNORE_DOTS" | undefined,
    emailDomainHandling: options.emailDomainHandling as
      | "PRESERVE"
      | "ENCRYPT"
      | "TOKENIZE"
      | "REDACT"
      | undefined,
  });
}

function shuffleFor(options: Record<string, unknown>): ShuffleOptions | undefined {
  const mode = options.shuffle as ShuffleMode | undefined;
  const size = options.recordShuffleChunkSize as number | undefined;
  if (mode === undefined && size === undefined) return undefined;
  return { mode: mode ?? "random", chunkSize: size };
}

function firstDifference(expected: string, actual: string): string[] {
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) {
      return [
        `first difference at line ${i + 1}:`,
        `  expected: ${JSON.stringify(e[i] ?? "(end of output)")}`,
        `  actual:   ${JSON.stringify(a[i] ?? "(end of output)")}`,
      ];
    }
  }
  return ["outputs differ"];
}

const rulesCache = new Map<string, AnyRules>();

export function runBulkCase(
  c: BulkCaseObject,
  conformanceDir: string,
  secrets: BulkCaseSecrets = {},
): BulkCaseResult {
  const options = c.options ?? {};
  const rulesPath = resolve(conformanceDir, c.rules);
  let rules = rulesCache.get(rulesPath);
  if (!rules) {
    rules = loadRules(readFileSync(rulesPath, "utf8"), { source: c.rules });
    rulesCache.set(rulesPath, rules);
  }
  const input = readFileSync(resolve(conformanceDir, c.input));
  const expected = readFileSync(resolve(conformanceDir, c.expected), "utf8");
  const pseudonymizer = pseudonymizerFor(options, secrets);
  const shuffle = shuffleFor(options);
  let actual: string;
  try {
    if (c.level === "columnar-sanitizer") {
      if (rules.kind !== "columnar")
        throw new Error(`${c.rules} holds ${rules.kind} rules, not columnar rules`);
      const s = new ColumnarSanitizer(rules, { pseudonymizer, shuffle, file: c.input });
      const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(input);
      actual = s.write(text) + s.end();
    } else {
      const key = c.objectPath ?? c.input;
      const selected = selectBulkRules(rules, key);
      if (selected === null) throw new Error(`No applicable rules found for ${key}`);
      const out = sanitizeBuffer(
        selected,
        {
          key,
          contentType: c.contentType ?? null,
          decompressInput: options.decompressInput === true,
          compressOutput: options.compressOutput === true,
        },
        input,
        {
          pseudonymizer,
          shuffle,
          bulkOutputFormat: parseBulkOutputFormat(options.bulkOutputFormat as string | undefined),
        },
      );
      if (options.compressOutput === true && !hasGzipMagic(out)) {
        return {
          ok: false,
          actual: out.toString("utf8"),
          detail: ["output should be gzip-compressed but is not"],
        };
      }
      actual = (options.compressOutput === true ? gunzipSync(out) : out).toString("utf8");
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, actual: message, detail: [`error: ${message}`] };
  }
  return actual === expected
    ? { ok: true, actual, detail: [] }
    : { ok: false, actual, detail: firstDifference(expected, actual) };
}
