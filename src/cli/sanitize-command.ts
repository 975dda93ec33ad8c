/**
 * `psoxy sanitize <file|dir|->`: bulk-mode sanitization of local files (bulk-and-cli spec 15), with
 * the same rules, salt and pseudonyms as a cloud instance. Also accepts the reference command line's
 * options (`--salt`, `-p/--pseudonymize`, `-r/--redact`, a positional file, `config.yaml` in the
 * working directory), so scripts written for the Java tool keep working.
 *
 * Output is written atomically (temp file + rename): a file that fails leaves no output behind.
 */
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Command, Option } from "commander";
import { parse as parseYaml } from "yaml";
import { parseBulkOutputFormat } from "../bulk/content-type.js";
import { BulkError } from "../bulk/errors.js";
import {
  type ObjectRequest,
  sanitizedStream,
  selectBulkRules,
  validateObject,
} from "../bulk/process-object.js";
import type { BulkWarning } from "../bulk/types.js";
import { bulkRulesFor, listConnectors } from "../connectors/index.js";
import { createPseudonymizer } from "../core/pseudonyms/index.js";
import { loadRulesValue, RulesValidationError } from "../core/rules/index.js";
import type { AnyRules } from "../core/rules/model.js";
import { writeFileAtomically } from "../storage/local-fs-store.js";
import { stageToTempFile } from "../storage/staging.js";

export interface SanitizeOptions {
  rules?: string;
  connector?: string;
  salt?: string;
  saltFile?: string;
  secretsFile?: string;
  output?: string;
  format?: string;
  pseudonymize?: string[];
  redact?: string[];
  name?: string;
  gzip?: boolean;
  progress?: boolean;
}

/** Where the command reads and writes; replaced in tests. */
export interface SanitizeIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

export class UsageError extends Error {}

const CONFIG_FILE = "config.yaml";
const DEFAULT_SECRETS_FILE = ".psoxy/secrets.json";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

interface ReferenceConfig {
  pseudonymizationSalt?: string;
  pseudonymizationSaltSecret?: { service?: string; identifier?: string };
  columnsToPseudonymize?: string[];
  columnsToRedact?: string[];
}

function readReferenceConfig(cwd: string): ReferenceConfig | undefined {
  const path = join(cwd, CONFIG_FILE);
  if (!existsSync(path)) return undefined;
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, "utf8"));
  } catch (e) {
    throw new UsageError(`${path}: not valid YAML (${(e as Error).message})`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new UsageError(`${path}: expected a mapping with columnsToPseudonymize / columnsToRedact`);
  }
  const c = doc as ReferenceConfig;
  if (c.pseudonymizationSalt === undefined && c.pseudonymizationSaltSecret === undefined) {
    throw new UsageError(`${path}: needs pseudonymizationSalt (or pseudonymizationSaltSecret)`);
  }
  return c;
}

/** Rules YAML from --rules, --connector, config.yaml, or -p/-r (in that order). */
function resolveRules(
  opts: SanitizeOptions,
  config: ReferenceConfig | undefined,
): { rules: AnyRules; source: string } {
  if (opts.rules !== undefined) {
    let text: string;
    try {
      text = readFileSync(opts.rules, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read rules file ${opts.rules}: ${(e as Error).message}`);
    }
    return { rules: loadRulesValue(text, { source: opts.rules }), source: opts.rules };
  }
  if (opts.connector !== undefined) {
    // the catalog's defaults are what a Terraform deployment of the connector puts in RULES
    const text = bulkRulesFor(opts.connector);
    if (text === undefined) {
      const ids = listConnectors()
        .filter((c) => bulkRulesFor(c.id) !== undefined)
        .map((c) => c.id);
      throw new UsageError(
        `no built-in bulk rules for connector "${opts.connector}" (connectors with bulk rules: ${ids.join(", ")}); pass its rules with --rules <file>`,
      );
    }
    return {
      rules: loadRulesValue(text, { source: `connector ${opts.connector}` }),
      source: `connector ${opts.connector}`,
    };
  }
  // the reference command line: config.yaml wins over -p / -r for the column lists
  const pseudonymize = config ? (config.columnsToPseudonymize ?? []) : (opts.pseudonymize ?? []);
  const redact = config ? (config.columnsToRedact ?? []) : (opts.redact ?? []);
  if (pseudonymize.length === 0 && redact.length === 0) {
    throw new UsageError(
      "no rules: pass --rules <file>, --connector <id>, or columns with -p/--pseudonymize and -r/--redact (or config.yaml)",
    );
  }
  const yaml = JSON.stringify({ columnsToPseudonymize: pseudonymize, columnsToRedact: redact });
  return {
    rules: loadRulesValue(yaml, { source: config ? CONFIG_FILE : "command line" }),
    source: "columns",
  };
}

function readSecretsFile(path: string, env: SanitizeIo["env"]): Record<string, string> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const v = JSON.parse(readFileSync(path, "utf8")) as unknown;
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not a JSON object");
    const out: Record<string, string> = {};
    const prefix = env.PATH_TO_SHARED_CONFIG ?? "";
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x !== "string") continue;
      out[k] = x;
      if (prefix && k.startsWith(prefix)) out[k.slice(prefix.length)] ??= x;
    }
    return out;
  } catch (e) {
    throw new UsageError(`${path}: cannot read secrets (${(e as Error).message})`);
  }
}

/** Salt: --salt, --salt-file, config.yaml, PSOXY_SALT, the secrets file. */
function resolveKeys(
  opts: SanitizeOptions,
  config: ReferenceConfig | undefined,
  io: SanitizeIo,
): { salt: string; encryptionKey?: string } {
  const secretsPath = resolve(io.cwd, opts.secretsFile ?? DEFAULT_SECRETS_FILE);
  const secrets = readSecretsFile(secretsPath, io.env);
  let salt: string | undefined = opts.salt;
  if (salt === undefined && opts.saltFile !== undefined) {
    try {
      salt = readFileSync(resolve(io.cwd, opts.saltFile), "utf8").replace(/\r?\n$/, "");
    } catch (e) {
      throw new UsageError(`cannot read salt file ${opts.saltFile}: ${(e as Error).message}`);
    }
  }
  if (salt === undefined && config?.pseudonymizationSalt !== undefined)
    salt = String(config.pseudonymizationSalt);
  if (salt === undefined && config?.pseudonymizationSaltSecret !== undefined) {
    throw new UsageError(
      `${CONFIG_FILE}: pseudonymizationSaltSecret is not supported by this tool (the reference tool never used it either); put the salt in pseudonymizationSalt, pass --salt/--salt-file, or set PSOXY_SALT`,
    );
  }
  salt ??= io.env.PSOXY_SALT ?? secrets?.PSOXY_SALT;
  if (salt === undefined || salt === "") {
    throw new UsageError(
      `no salt: pass --salt <salt> or --salt-file <file>, set PSOXY_SALT, or keep it in ${relative(io.cwd, secretsPath) || secretsPath} (key PSOXY_SALT); use the SALT of the instance whose pseudonyms you need to match`,
    );
  }
  const encryptionKey = io.env.PSOXY_ENCRYPTION_KEY ?? secrets?.PSOXY_ENCRYPTION_KEY;
  return { salt, encryptionKey: encryptionKey === "" ? undefined : encryptionKey };
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(dir);
  return out;
}

/** Counts bytes read, for the progress line. */
async function* counting(
  source: AsyncIterable<Uint8Array>,
  counter: { bytes: number },
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    counter.bytes += chunk.length;
    yield chunk;
  }
}

class Progress {
  private last = 0;
  private readonly started = Date.now();
  rows = 0;
  readonly counter = { bytes: 0 };

  constructor(
    private readonly stream: SanitizeIo["stderr"] | null,
    private readonly label: string,
  ) {}

  update(rows: number): void {
    this.rows = rows;
    const now = Date.now();
    if (this.stream && now - this.last >= 250) {
      this.last = now;
      this.stream.write(`\r${this.line()}`);
    }
  }

  private line(): string {
    const secs = Math.max((Date.now() - this.started) / 1000, 0.001);
    const mb = this.counter.bytes / (1024 * 1024);
    return `${this.label}: ${this.rows.toLocaleString("en-US")} rows, ${mb.toFixed(1)} MB read, ${(mb / secs).toFixed(1)} MB/s`;
  }

  done(): void {
    if (this.stream) this.stream.write(`\r${this.line()}\n`);
  }
}

interface Job {
  /** display name and rule-selection key */
  key: string;
  open: () => AsyncIterable<Uint8Array>;
  /** output path; undefined = stdout */
  output?: string;
}

export async function runSanitize(input: string, opts: SanitizeOptions, io: SanitizeIo): Promise<number> {
  const usesReferenceConfig = opts.rules === undefined && opts.connector === undefined;
  const config = usesReferenceConfig ? readReferenceConfig(io.cwd) : undefined;
  const { rules } = resolveRules(opts, config);
  if (rules.kind === "api") {
    throw new UsageError(
      "these are API rules (endpoints); sanitize needs bulk rules (columns, records or fileRules)",
    );
  }
  const keys = resolveKeys(opts, config, io);
  const pseudonymizer = createPseudonymizer(keys);
  let bulkOutputFormat: ReturnType<typeof parseBulkOutputFormat>;
  try {
    bulkOutputFormat = parseBulkOutputFormat(opts.format);
  } catch (e) {
    throw new UsageError((e as Error).message.replace("BULK_OUTPUT_FORMAT", "--format"));
  }

  const jobs: Job[] = [];
  const inputPath = resolve(io.cwd, input);
  if (input === "-") {
    jobs.push({
      key: opts.name ?? "stdin",
      open: () => io.stdin as AsyncIterable<Uint8Array>,
      output: opts.output === undefined || opts.output === "-" ? undefined : resolve(io.cwd, opts.output),
    });
  } else {
    let isDir: boolean;
    try {
      isDir = statSync(inputPath).isDirectory();
    } catch {
      throw new UsageError(`No file to process: ${input} does not exist`);
    }
    if (isDir) {
      if (opts.output === undefined || opts.output === "-") {
        throw new UsageError("sanitizing a directory needs -o <output directory>");
      }
      const outDir = resolve(io.cwd, opts.output);
      for (const f of await listFiles(inputPath)) {
        const rel = relative(inputPath, f).split("\\").join("/");
        jobs.push({
          key: rel,
          open: () => createReadStream(f, { highWaterMark: 256 * 1024 }),
          output: join(outDir, rel),
        });
      }
    } else {
      let output: string | undefined;
      if (opts.output !== undefined && opts.output !== "-") {
        output = resolve(io.cwd, opts.output);
        if (existsSync(output) && statSync(output).isDirectory()) output = join(output, basename(inputPath));
      }
      jobs.push({
        key: opts.name ?? basename(inputPath),
        open: () => createReadStream(inputPath, { highWaterMark: 256 * 1024 }),
        output,
      });
    }
  }

  const showProgress = opts.progress ?? io.stderr.isTTY === true;
  let failed = 0;
  let done = 0;
  for (const job of jobs) {
    const selected = selectBulkRules(rules, job.key);
    if (selected === null) {
      io.stderr.write(`${job.key}: skipped, no file rules match this path\n`);
      continue;
    }
    if (bulkOutputFormat !== undefined && selected.kind === "columnar" && bulkOutputFormat !== "CSV") {
      throw new UsageError("--format applies to record rules; columnar (CSV) rules always write CSV");
    }
    const request: ObjectRequest = {
      key: job.key,
      contentType: null,
      // gunzip whatever starts with the gzip magic bytes (a local file has no Content-Encoding)
      decompressInput: true,
      compressOutput: opts.gzip ?? job.output?.endsWith(".gz") === true,
    };
    const progress = new Progress(showProgress ? io.stderr : null, job.key);
    const onWarning = (w: BulkWarning) => {
      if (w.code === "NOT_GZIP") return;
      io.stderr.write(`${showProgress ? "\n" : ""}warning: ${w.file ?? job.key}: ${w.message}\n`);
    };
    const options = {
      pseudonymizer,
      bulkOutputFormat,
      onWarning,
      onProgress: (n: number) => progress.update(n),
      file: job.key,
    };
    try {
      // a stream (stdin) can be read once: validation then happens within the single pass
      if (input !== "-") await validateObject(selected, request, job.open, options);
      const body = sanitizedStream(selected, request, counting(job.open(), progress.counter), options);
      if (job.output === undefined) {
        // staged first, so a failure never leaves half a file on stdout either
        const staged = await stageToTempFile(body);
        try {
          await pipeline(createReadStream(staged.path), io.stdout, { end: false });
        } finally {
          await staged.remove();
        }
      } else await writeFileAtomically(job.output, body);
      progress.done();
      done++;
    } catch (e) {
      failed++;
      if (showProgress) io.stderr.write("\n");
      io.stderr.write(`psoxy sanitize: ${describeError(e, job.key)}\n`);
    }
  }
  if (jobs.length > 1) io.stderr.write(`${done} file(s) sanitized, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

function describeError(e: unknown, file: string): string {
  if (e instanceof BulkError) return e.withFile(file).message;
  if (e instanceof RulesValidationError) return e.message;
  const inner = (e as { cause?: unknown }).cause;
  if (inner instanceof BulkError) return inner.withFile(file).message;
  return `${file}: ${(e as Error).message}`;
}

export function registerSanitizeCommand(program: Command): void {
  program
    .command("sanitize")
    .description(
      "sanitize CSV / NDJSON / JSON / Parquet files with bulk rules (as a bulk instance with the same SALT would), " +
        "writing to -o or stdout; also accepts the reference command line (--salt, -p, -r, config.yaml)",
    )
    .argument("<input>", "file, directory (needs -o <dir>), or - for stdin")
    .option("--rules <file>", "bulk rules YAML (columnar, record or fileRules), as in RULES")
    .option("--connector <id>", "use a connector's default bulk rules (e.g. hris)")
    .option("-s, --salt <salt>", "PSOXY_SALT of the instance whose pseudonyms to match")
    .option("--salt-file <file>", "read the salt from a file")
    .option("--secrets-file <file>", `secrets JSON holding PSOXY_SALT (default ${DEFAULT_SECRETS_FILE})`)
    .option("-o, --output <path>", "output file or directory (default: stdout); a .gz name gzips the output")
    .addOption(
      new Option("--format <format>", "output format for record rules (BULK_OUTPUT_FORMAT)").choices([
        "NDJSON",
        "CSV",
        "JSON_ARRAY",
        "PARQUET",
        "ndjson",
        "csv",
        "json_array",
        "parquet",
      ]),
    )
    .option(
      "-p, --pseudonymize <column>",
      "column to pseudonymize (repeatable; reference tool option)",
      collect,
    )
    .option("-r, --redact <column>", "column to redact (repeatable; reference tool option)", collect)
    .option(
      "--name <key>",
      "object key used to select fileRules and infer the format (stdin: default 'stdin')",
    )
    .option("--gzip", "gzip the output")
    .option("--no-progress", "no progress line on stderr")
    .action(async (input: string, opts: SanitizeOptions & { progress?: boolean }) => {
      const io: SanitizeIo = {
        cwd: process.cwd(),
        env: process.env,
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
      };
      // commander sets progress=true by default for --no-progress; only an explicit --no-progress counts
      const progress = opts.progress === false ? false : undefined;
      try {
        process.exitCode = await runSanitize(input, { ...opts, progress }, io);
      } catch (e) {
        if (e instanceof UsageError || e instanceof RulesValidationError || e instanceof BulkError) {
          process.stderr.write(`psoxy sanitize: ${e.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
    });
}
