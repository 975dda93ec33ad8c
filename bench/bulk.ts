/**
 * Bulk-mode benchmark (`npm run bench:bulk`): generates an HRIS-shaped CSV of 1,000,000 rows and times
 * `psoxy sanitize --connector hris` on it against a baseline that parses and writes the same file with
 * the same CSV code and the same streaming (no rules, no hashing), both in the same run. Each
 * measurement runs in its own child process so its peak RSS is its own.
 *
 * Last line: `bulk: rows_per_s=<x> baseline_rows_per_s=<y> ratio=<time/baseline time> peak_rss_mb=<z>`.
 *
 * `BENCH_BULK_BIG=1`: instead, a gzipped input of at least BENCH_BULK_BIG_MB (default 1024) MB of
 * compressed data is sanitized (gzipped output) and the run fails unless peak RSS stays under 200 MB.
 * Env: BENCH_BULK_ROWS (default 1000000), BENCH_BULK_DIR (default the OS temp dir).
 */
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { CsvParser } from "../src/bulk/csv/csv-parser.js";
import { csvLine } from "../src/bulk/csv/csv-writer.js";
import { readText } from "../src/bulk/input.js";
import { runSanitize } from "../src/cli/sanitize-command.js";
import { writeFileAtomically } from "../src/storage/local-fs-store.js";

const DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "People", "Legal", "Support", "Product"];
const TITLES = [
  "Engineer",
  "Senior Engineer",
  "Manager",
  "Director",
  "Analyst",
  "Account Executive",
  "Designer",
];
const LOCATIONS = ["New York, NY", "San Francisco, CA", "London", "Berlin", "Remote"];
const HEADER =
  "EMPLOYEE_ID,EMPLOYEE_EMAIL,DEPARTMENT,SNAPSHOT,MANAGER_ID,MANAGER_EMAIL,JOIN_DATE,LEAVE_DATE,JOB_TITLE,LOCATION\n";

/** Deterministic HRIS rows (xorshift), in 64 KB text chunks. */
function* hrisRows(rows: number, seed = 42): Generator<string> {
  let x = seed >>> 0 || 1;
  const rnd = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  let out = HEADER;
  for (let i = 1; i <= rows; i++) {
    const id = `E${String(i).padStart(8, "0")}`;
    const m = 1 + Math.floor(rnd() * Math.max(1, Math.floor(rows / 8)));
    const mid = `E${String(m).padStart(8, "0")}`;
    const y = 2010 + Math.floor(rnd() * 14);
    const mo = String(1 + Math.floor(rnd() * 12)).padStart(2, "0");
    const leave = rnd() < 0.1 ? `${y + 1}-${mo}-15` : "";
    out +=
      `${id},employee${i}@acme.example.com,${DEPARTMENTS[i % DEPARTMENTS.length]},2024-06-30,${mid},employee${m}@acme.example.com,` +
      `${y}-${mo}-01,${leave},${TITLES[Math.floor(rnd() * TITLES.length)]},"${LOCATIONS[i % LOCATIONS.length]}"\n`;
    if (out.length >= 65536) {
      yield out;
      out = "";
    }
  }
  if (out) yield out;
}

async function generate(path: string, rows: number, gzip: boolean): Promise<void> {
  const src = Readable.from(
    (function* () {
      for (const s of hrisRows(rows)) yield Buffer.from(s, "utf8");
    })(),
  );
  if (gzip) await pipeline(src, createGzip({ level: 1 }), createWriteStream(path));
  else await pipeline(src, createWriteStream(path));
}

interface ChildResult {
  ms: number;
  rows: number;
  maxRssMb: number;
}

/** The baseline: parse the file and write every record back, same parser, writer and streaming. */
async function baseline(input: string, output: string): Promise<number> {
  let rows = -1;
  async function* run(): AsyncGenerator<Buffer> {
    const parser = new CsvParser({ trim: true, ignoreSurroundingSpaces: true });
    let out = "";
    const onRecord = (values: string[]) => {
      rows++;
      out += csvLine(values, parser.firstEol);
    };
    for await (const text of readText(createReadStream(input, { highWaterMark: 1024 * 1024 }), {
      decompress: true,
    })) {
      parser.write(text, onRecord);
      if (out.length > 65536) {
        yield Buffer.from(out, "utf8");
        out = "";
      }
    }
    parser.end(onRecord);
    if (out) yield Buffer.from(out, "utf8");
  }
  await writeFileAtomically(output, run());
  return rows;
}

async function child(mode: string, input: string, output: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  let rows = 0;
  if (mode === "baseline") rows = await baseline(input, output);
  else {
    const sink = { write: () => true } as unknown as NodeJS.WritableStream;
    const code = await runSanitize(
      input,
      { connector: "hris", salt: "bench-salt", output, progress: false, gzip: output.endsWith(".gz") },
      {
        cwd: process.cwd(),
        env: {},
        stdin: process.stdin,
        stdout: sink as never,
        stderr: process.stderr,
      },
    );
    if (code !== 0) throw new Error(`sanitize failed with ${code}`);
    rows = Number(process.env.BENCH_BULK_ROWS_HINT ?? 0);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, rows, maxRssMb } satisfies ChildResult)}\n`);
}

function runChild(mode: string, input: string, output: string, rows: number): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [self, "--child", mode, input, output], {
    encoding: "utf8",
    env: { ...process.env, BENCH_BULK_ROWS_HINT: String(rows) },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${mode} child failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as ChildResult;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    await child(args[1], args[2], args[3]);
    return;
  }
  const dir = mkdtempSync(join(process.env.BENCH_BULK_DIR ?? tmpdir(), "psoxy-bench-bulk-"));
  try {
    if (process.env.BENCH_BULK_BIG === "1") {
      await big(dir);
      return;
    }
    const rows = Number(process.env.BENCH_BULK_ROWS ?? 1_000_000);
    const input = join(dir, "hris.csv");
    await generate(input, rows, false);
    const mb = statSync(input).size / (1024 * 1024);
    console.log(`input: ${rows} rows, ${mb.toFixed(1)} MB`);
    let base: ChildResult | undefined;
    let san: ChildResult | undefined;
    for (let i = 0; i < 2; i++) {
      const b = runChild("baseline", input, join(dir, "baseline.csv"), rows);
      const s = runChild("sanitize", input, join(dir, "sanitized.csv"), rows);
      console.log(
        `run ${i + 1}: baseline ${b.ms.toFixed(0)} ms (rss ${b.maxRssMb.toFixed(0)} MB), sanitize ${s.ms.toFixed(0)} ms (rss ${s.maxRssMb.toFixed(0)} MB)`,
      );
      if (!base || b.ms < base.ms) base = b;
      if (!san || s.ms < san.ms) san = s;
    }
    const rowsPerS = rows / (san!.ms / 1000);
    const baseRowsPerS = rows / (base!.ms / 1000);
    console.log(
      `bulk: rows_per_s=${Math.round(rowsPerS)} baseline_rows_per_s=${Math.round(baseRowsPerS)} ratio=${(
        san!.ms / base!.ms
      ).toFixed(2)} peak_rss_mb=${san!.maxRssMb.toFixed(0)}`,
    );
  } finally {
    if (process.env.BENCH_BULK_KEEP === "1") console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** ≥ BENCH_BULK_BIG_MB of gzipped input, sanitized to gzipped output; peak RSS must stay < 200 MB. */
async function big(dir: string): Promise<void> {
  const targetMb = Number(process.env.BENCH_BULK_BIG_MB ?? 1024);
  const input = join(dir, "hris-big.csv.gz");
  // calibrate: compressed bytes per row at gzip level 1
  const probe = join(dir, "probe.csv.gz");
  await generate(probe, 200_000, true);
  const perRow = statSync(probe).size / 200_000;
  rmSync(probe);
  const rows = Math.ceil(((targetMb * 1024 * 1024) / perRow) * 1.02);
  console.log(`generating ${rows} rows (~${targetMb} MB gzipped)...`);
  await generate(input, rows, true);
  const gzMb = statSync(input).size / (1024 * 1024);
  console.log(`input: ${rows} rows, ${gzMb.toFixed(0)} MB gzipped`);
  const s = runChild("sanitize", input, join(dir, "sanitized.csv.gz"), rows);
  const ok = s.maxRssMb < 200;
  console.log(
    `bulk-big: input_gz_mb=${gzMb.toFixed(0)} rows=${rows} seconds=${(s.ms / 1000).toFixed(1)} rows_per_s=${Math.round(
      rows / (s.ms / 1000),
    )} peak_rss_mb=${s.maxRssMb.toFixed(0)} ${ok ? "OK (< 200 MB)" : "FAIL (>= 200 MB)"}`,
  );
  if (!ok) process.exitCode = 1;
}

await main();
