/**
 * `psoxy test bulk` (infra spec 11.7): uploads a file to the input bucket under a timestamped name,
 * waits for the proxy's sanitized copy under the same name in the output bucket, and shows what
 * changed: columns (CSV / TSV / Parquet) or fields (NDJSON / JSON) removed and added, and a sample of
 * the values that were pseudonymized or redacted, where the reference prints `diff original sanitized`.
 * A file that cannot be read as a table gets a line diff (text) or its size (binary). Deletes the output
 * object unless `-k` (a failed delete is reported, not fatal, as in the reference); keeps the local
 * sanitized copy only with `-s`. Exit status non-zero only on errors (differences are expected).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { gunzipSync } from "node:zlib";
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import { resolveCredentials, s3ClientConfig } from "./aws.js";
import { TestToolError } from "./http.js";
import type { Io } from "./io.js";

export interface BulkOptions {
  deploy: string;
  input: string;
  output: string;
  file: string;
  role?: string;
  writeRoleToAssume?: string;
  region?: string;
  endpoint?: string;
  stsEndpoint?: string;
  project?: string;
  saveSanitizedFile?: boolean;
  keepSanitizedFile?: boolean;
  verbose?: boolean;
  pollInterval?: string;
  attempts?: string;
}

/** Where objects are read and written; `get` resolves undefined while the object does not exist. */
export interface BucketClient {
  put(
    bucket: string,
    key: string,
    data: Buffer,
    contentType: string,
    contentEncoding?: string,
  ): Promise<void>;
  get(bucket: string, key: string): Promise<Buffer | undefined>;
  delete(bucket: string, key: string): Promise<void>;
}

const COMPOUND = [".ndjson.gz", ".jsonl.gz", ".csv.gz", ".json.gz", ".tsv.gz", ".parquet.gz"];
const CONTENT_TYPES: Record<string, string> = {
  ".ndjson": "application/x-ndjson",
  ".jsonl": "application/jsonlines",
  ".json": "application/json",
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".parquet": "application/vnd.apache.parquet",
};

export function splitExtension(name: string): [string, string] {
  const lower = name.toLowerCase();
  const compound = COMPOUND.find((e) => lower.endsWith(e));
  if (compound) return [name.slice(0, -compound.length), name.slice(-compound.length)];
  const i = name.lastIndexOf(".");
  return i <= 0 ? [name, ""] : [name.slice(0, i), name.slice(i)];
}

/** `events0.ndjson.gz` → `events0-1712345678901.ndjson.gz` */
export function uploadName(file: string, now = Date.now()): string {
  const [stem, ext] = splitExtension(basename(file));
  return `${stem}-${now}${ext}`;
}

export function contentTypeOf(name: string): string {
  const ext = splitExtension(name)[1].toLowerCase().replace(/\.gz$/, "");
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}

/** `bucket/some/prefix/` → [bucket, "some/prefix/"] (the prefix verbatim). */
export function parseBucketPath(value: string): [string, string] {
  const i = value.indexOf("/");
  return i < 0 ? [value, ""] : [value.slice(0, i), value.slice(i + 1)];
}

const isGzip = (b: Buffer) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

async function s3Client(options: BulkOptions, role: string | undefined): Promise<BucketClient> {
  const { S3Client, PutObjectCommand, GetObjectCommand, DeleteObjectCommand } = await import(
    "@aws-sdk/client-s3"
  );
  const region = options.region ?? "us-east-1";
  const credentials = role
    ? await resolveCredentials({ role, region, stsEndpoint: options.stsEndpoint })
    : undefined;
  const client = new S3Client(s3ClientConfig(region, credentials, options.endpoint));
  return {
    async put(bucket, key, data, contentType, contentEncoding) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: data,
          ContentType: contentType,
          ...(contentEncoding ? { ContentEncoding: contentEncoding } : {}),
        }),
      );
    },
    async get(bucket, key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from(await out.Body!.transformToByteArray());
      } catch (e) {
        const name = (e as { name?: string }).name;
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        if (name === "NoSuchKey" || name === "NotFound" || status === 404) return undefined;
        throw e;
      }
    },
    async delete(bucket, key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

async function gcsClient(options: BulkOptions): Promise<BucketClient> {
  const { Storage } = await import("@google-cloud/storage");
  const storage = new Storage({
    ...(options.endpoint ? { apiEndpoint: options.endpoint } : {}),
    ...(options.project ? { projectId: options.project } : {}),
  });
  return {
    async put(bucket, key, data, contentType, contentEncoding) {
      await storage
        .bucket(bucket)
        .file(key)
        .save(data, {
          resumable: false,
          // Emulators often return no checksums to validate against.
          ...(options.endpoint ? { validation: false } : {}),
          contentType,
          metadata: contentEncoding ? { contentEncoding } : {},
        });
    },
    async get(bucket, key) {
      try {
        const [data] = await storage.bucket(bucket).file(key).download({ decompress: true });
        return data;
      } catch (e) {
        if ((e as { code?: number }).code === 404) return undefined;
        throw e;
      }
    },
    async delete(bucket, key) {
      await storage.bucket(bucket).file(key).delete();
    },
  };
}

export interface BulkClients {
  /** Uploads and deletes. */
  write: BucketClient;
  /** Downloads. */
  read: BucketClient;
}

export async function createClients(options: BulkOptions): Promise<BulkClients> {
  const deploy = options.deploy.toUpperCase();
  if (deploy === "AWS") {
    const read = await s3Client(options, options.role);
    const writeRole = options.writeRoleToAssume ?? options.role;
    const write = writeRole === options.role ? read : await s3Client(options, writeRole);
    return { read, write };
  }
  if (deploy === "GCP") {
    const client = await gcsClient(options);
    return { read: client, write: client };
  }
  throw new TestToolError(`-d/--deploy must be AWS or GCP, not "${options.deploy}"`);
}

// --- comparison ---

interface Table {
  columns: string[];
  rows: Record<string, string>[];
  /** when `rows` is a sample: the file's row count */
  rowCount?: number;
}

function parseDelimited(text: string, delimiter: string): Table {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...body] = records.filter((r) => !(r.length === 1 && r[0] === ""));
  return {
    columns: header,
    rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))),
  };
}

function flatten(value: unknown, prefix: string, out: Record<string, string>): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = typeof value === "string" ? value : JSON.stringify(value);
}

function parseJsonRecords(text: string): Table | undefined {
  const trimmed = text.trim();
  let items: unknown[];
  try {
    if (trimmed.startsWith("[")) items = JSON.parse(trimmed) as unknown[];
    else {
      try {
        // one JSON document (possibly pretty-printed) ...
        items = [JSON.parse(trimmed)];
      } catch {
        // ... or one per line
        items = trimmed
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => JSON.parse(l));
      }
    }
  } catch {
    return undefined;
  }
  if (!Array.isArray(items)) return undefined;
  const rows = items.map((item) => {
    const out: Record<string, string> = {};
    flatten(item, "", out);
    return out;
  });
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { columns, rows };
}

/** Rows shown at most from a Parquet file (its row count comes from the footer). */
const PARQUET_SAMPLE_ROWS = 1000;

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

async function parseParquet(data: Buffer): Promise<Table | undefined> {
  try {
    const file = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    const metadata = parquetMetadata(file);
    const columns = parquetSchema(metadata).children.map((c) => c.element.name);
    const objects = await parquetReadObjects({
      file,
      metadata,
      rowEnd: Math.min(Number(metadata.num_rows), PARQUET_SAMPLE_ROWS),
    });
    const rows = objects.map((o) => Object.fromEntries(columns.map((c) => [c, cell(o[c])])));
    return { columns, rows, rowCount: Number(metadata.num_rows) };
  } catch {
    return undefined;
  }
}

/** The file as a table, by its extension; undefined when it is not one of the formats or not valid. */
export async function parseTable(name: string, data: Buffer): Promise<Table | undefined> {
  const ext = splitExtension(name)[1].toLowerCase().replace(/\.gz$/, "");
  if (ext === ".parquet") return parseParquet(data);
  const text = data.toString("utf8");
  if (ext === ".csv") return parseDelimited(text, ",");
  if (ext === ".tsv") return parseDelimited(text, "\t");
  if (ext === ".ndjson" || ext === ".jsonl" || ext === ".json") return parseJsonRecords(text);
  return undefined;
}

export interface TableDiff {
  removed: string[];
  added: string[];
  /** Columns in both whose values differ, with up to `sample` pairs (original → sanitized). */
  changed: { column: string; samples: [string, string][] }[];
  unchanged: string[];
  rows: [number, number];
}

export function diffTables(original: Table, sanitized: Table, sample = 3): TableDiff {
  const kept = new Set(sanitized.columns);
  const before = new Set(original.columns);
  const both = original.columns.filter((c) => kept.has(c));
  const changed: TableDiff["changed"] = [];
  const unchanged: string[] = [];
  for (const column of both) {
    const samples: [string, string][] = [];
    const n = Math.min(original.rows.length, sanitized.rows.length);
    for (let i = 0; i < n && samples.length < sample; i++) {
      const a = original.rows[i]![column] ?? "";
      const b = sanitized.rows[i]![column] ?? "";
      if (a !== b) samples.push([a, b]);
    }
    if (samples.length > 0) changed.push({ column, samples });
    else unchanged.push(column);
  }
  return {
    removed: original.columns.filter((c) => !kept.has(c)),
    added: sanitized.columns.filter((c) => !before.has(c)),
    changed,
    unchanged,
    rows: [original.rowCount ?? original.rows.length, sanitized.rowCount ?? sanitized.rows.length],
  };
}

function printDiff(d: TableDiff, io: Io): void {
  io.out(`Rows: ${d.rows[0]} in the original, ${d.rows[1]} in the sanitized file`);
  io.out(`Columns removed: ${d.removed.length ? d.removed.join(", ") : "(none)"}`);
  io.out(`Columns added: ${d.added.length ? d.added.join(", ") : "(none)"}`);
  io.out(`Columns unchanged: ${d.unchanged.length ? d.unchanged.join(", ") : "(none)"}`);
  io.out(`Columns changed (pseudonymized / redacted): ${d.changed.length ? "" : "(none)"}`);
  for (const c of d.changed) {
    io.out(`  ${c.column}:`);
    for (const [a, b] of c.samples) io.out(`    ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
  }
}

/** For files that are not tables: the lines only in the original (-) and only in the sanitized copy (+). */
export function lineDiff(original: string, sanitized: string, max = 20): string[] {
  const a = original.split(/\r?\n/);
  const b = sanitized.split(/\r?\n/);
  const inB = new Set(b);
  const inA = new Set(a);
  const removed = a.filter((l) => !inB.has(l));
  const added = b.filter((l) => !inA.has(l));
  const out = [
    ...removed.slice(0, max).map((l) => `- ${l}`),
    ...(removed.length > max ? [`  … ${removed.length - max} more lines removed`] : []),
    ...added.slice(0, max).map((l) => `+ ${l}`),
    ...(added.length > max ? [`  … ${added.length - max} more lines added`] : []),
  ];
  return out.length > 0 ? out : ["(no differences)"];
}

const isBinary = (b: Buffer) => b.subarray(0, 8000).includes(0);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runBulk(options: BulkOptions, io: Io, clients?: BulkClients): Promise<number> {
  if (!existsSync(options.file) || !statSync(options.file).isFile())
    throw new TestToolError(`${options.file} does not exist or is not a regular file`);
  const [inBucket, inPrefix] = parseBucketPath(options.input);
  const [outBucket, outPrefix] = parseBucketPath(options.output);
  const { read, write } = clients ?? (await createClients(options));
  const original = readFileSync(options.file);
  const name = uploadName(options.file);
  const contentType = contentTypeOf(name);
  const gzipped = isGzip(original);
  io.out(
    `Uploading ${options.file} to ${inBucket}/${inPrefix}${name} (${contentType}${gzipped ? ", gzip" : ""})`,
  );
  await write.put(inBucket, `${inPrefix}${name}`, original, contentType, gzipped ? "gzip" : undefined);

  const interval = Number(options.pollInterval ?? 5000);
  const attempts = Number(options.attempts ?? 60);
  io.out(`Waiting for ${outBucket}/${outPrefix}${name} ...`);
  let sanitized: Buffer | undefined;
  for (let i = 0; i <= attempts && sanitized === undefined; i++) {
    if (i > 0) await sleep(interval);
    sanitized = await read.get(outBucket, `${outPrefix}${name}`);
    if (sanitized === undefined && options.verbose)
      io.err(`not there yet (attempt ${i + 1}/${attempts + 1})`);
  }
  if (sanitized === undefined)
    throw new TestToolError(
      `${outBucket}/${outPrefix}${name} did not appear within ${(attempts * interval) / 1000} s: check the proxy's logs (psoxy test logs)`,
    );
  if (isGzip(sanitized)) sanitized = gunzipSync(sanitized);
  io.out(`Sanitized file received (${sanitized.length} bytes)`);

  if (!options.keepSanitizedFile) {
    io.out(`Deleting ${outBucket}/${outPrefix}${name} from the output bucket (-k keeps it)`);
    try {
      await write.delete(outBucket, `${outPrefix}${name}`);
    } catch (e) {
      io.err(`Could not delete ${outBucket}/${outPrefix}${name}: ${(e as Error).message}`);
    }
  }
  const [stem, ext] = splitExtension(name);
  const localName = `./${stem}-sanitized${ext.replace(/\.gz$/, "")}`;
  if (options.saveSanitizedFile) {
    writeFileSync(localName, sanitized);
    io.out(`Saved ${localName}`);
  }

  const plain = gzipped ? gunzipSync(original) : original;
  const before = await parseTable(name, plain);
  const after = await parseTable(name, sanitized);
  if (before && after) printDiff(diffTables(before, after), io);
  else if (isBinary(plain) || isBinary(sanitized))
    io.out(`Binary file: ${plain.length} bytes in the original, ${sanitized.length} in the sanitized copy`);
  else {
    io.out("Differences (- original, + sanitized):");
    for (const l of lineDiff(plain.toString("utf8"), sanitized.toString("utf8"))) io.out(l);
  }
  return 0;
}
