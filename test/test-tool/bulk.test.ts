/**
 * `psoxy test bulk` on AWS against s3rver on loopback. The "proxy" is a stand-in loop that copies each
 * new input object to the output bucket with its e-mail column pseudonymized and a column dropped
 * (the bulk handler itself is tested in test/bulk/); here the tool's round trip is what is tested:
 * CSV, Parquet, pretty-printed JSON and plain text (line diff), and a delete the caller may not do
 * (through a loopback S3 front that refuses DELETE).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { parquetReadObjects } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBulk, uploadName } from "../../src/test-tool/bulk.js";
import { startFakeGcs } from "../bulk/fake-gcs-server.js";

let dir: string;
let server: S3rver;
let endpoint: string;
let client: S3Client;
let stop = false;
const seen = new Set<string>();
let loop: Promise<void>;

async function fakeProxy(): Promise<void> {
  while (!stop) {
    const list = await client.send(new ListObjectsV2Command({ Bucket: "in-bucket" }));
    for (const o of list.Contents ?? []) {
      if (!o.Key || seen.has(o.Key)) continue;
      seen.add(o.Key);
      const got = await client.send(new GetObjectCommand({ Bucket: "in-bucket", Key: o.Key }));
      const bytes = Buffer.from(await got.Body!.transformToByteArray());
      const key = o.Key.replace(/^incoming\//, "");
      const other = sanitizeOther(key, bytes);
      if (other) {
        await client.send(new PutObjectCommand({ Bucket: "out-bucket", Key: key, Body: await other }));
        continue;
      }
      const text = bytes.toString("utf8");
      const lines = text.trim().split("\n");
      const out = lines.map((l, i) => {
        const [id, email, , team] = l.split(",");
        return i === 0
          ? `${id},${email},${team}`
          : `${id},t~${Buffer.from(email ?? "")
              .toString("hex")
              .slice(0, 8)},${team}`;
      });
      await client.send(
        new PutObjectCommand({
          Bucket: "out-bucket",
          Key: key,
          Body: gzipSync(`${out.join("\n")}\n`),
          ContentEncoding: "gzip",
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Parquet: drops `name`, pseudonymizes `email`; JSON: the same per item; text: e-mails replaced. */
function sanitizeOther(key: string, bytes: Buffer): Promise<Buffer> | undefined {
  if (key.endsWith(".parquet"))
    return (async () => {
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const rows = (await parquetReadObjects({ file })) as { id: bigint; email: string; name: string }[];
      return Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: "id", data: rows.map((r) => r.id), type: "INT64" },
            { name: "email", data: rows.map((r) => `t~${r.email.length}`), type: "STRING" },
          ],
        }),
      );
    })();
  if (key.endsWith(".json")) {
    const doc = JSON.parse(bytes.toString("utf8")) as {
      org: string;
      owner: { email: string; name?: string };
    };
    const { name: _name, ...owner } = doc.owner;
    const out = { ...doc, owner: { ...owner, email: `t~${owner.email.length}` } };
    return Promise.resolve(Buffer.from(JSON.stringify(out, null, 2)));
  }
  if (key.endsWith(".txt"))
    return Promise.resolve(Buffer.from(bytes.toString("utf8").replace(/\S+@\S+/g, "t~redacted")));
  return undefined;
}

/** An S3 endpoint in front of s3rver that answers every DELETE with 403 AccessDenied. */
async function startDeleteRefusingFront(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    if (req.method === "DELETE") {
      res.writeHead(403, { "content-type": "application/xml" });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
      );
      return;
    }
    // one connection per forwarded request (no pooled connection s3rver may have closed), and a broken
    // upstream exchange answered 502 instead of crashing the test process
    const upstream = httpRequest(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, connection: "close" },
        agent: false,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "psoxy-test-bulk-"));
  server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: join(dir, "s3") });
  const { port } = (await server.run()) as { port: number };
  endpoint = `http://127.0.0.1:${port}`;
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
  process.env.AWS_CONFIG_FILE = "/nonexistent/config";
  client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  for (const b of ["in-bucket", "out-bucket"]) await client.send(new CreateBucketCommand({ Bucket: b }));
  loop = fakeProxy();
});

afterAll(async () => {
  stop = true;
  await loop?.catch(() => undefined);
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("psoxy test bulk (S3)", () => {
  it("names uploads with a timestamp, keeping compound extensions", () => {
    expect(uploadName("/x/events0.ndjson.gz", 1712345678901)).toBe("events0-1712345678901.ndjson.gz");
    expect(uploadName("hris.csv", 5)).toBe("hris-5.csv");
  });

  it("uploads, waits for the sanitized copy, shows the column diff, deletes the output object", async () => {
    const file = join(dir, "hris.csv");
    writeFileSync(file, "id,email,name,team\n1,alice@example.com,Alice,eng\n2,bob@example.com,Bob,ops\n");
    const out: string[] = [];
    const code = await runBulk(
      {
        deploy: "AWS",
        input: "in-bucket/incoming/",
        output: "out-bucket",
        file,
        endpoint,
        pollInterval: "100",
        attempts: "100",
      },
      { out: (t) => out.push(t), err: () => undefined },
    );
    expect(code).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/Uploading .*hris\.csv to in-bucket\/incoming\/hris-\d+\.csv \(text\/csv\)/);
    expect(text).toContain("Columns removed: name");
    expect(text).toContain("Columns unchanged: id, team");
    expect(text).toMatch(/email:\n {4}"alice@example\.com" -> "t~[0-9a-f]{8}"/);
    const key = [...seen][0]!;
    expect(key).toMatch(/^incoming\/hris-\d+\.csv$/);
    const head = await client.send(new HeadObjectCommand({ Bucket: "in-bucket", Key: key }));
    expect(head.ContentType).toBe("text/csv");
    await expect(
      client.send(new HeadObjectCommand({ Bucket: "out-bucket", Key: key.replace("incoming/", "") })),
    ).rejects.toThrow();
  });

  it("fails with a clear message when the sanitized copy never appears", async () => {
    const file = join(dir, "other.csv");
    writeFileSync(file, "id\n1\n");
    await expect(
      runBulk(
        {
          deploy: "AWS",
          input: "in-bucket",
          output: "out-bucket/nowhere/",
          file,
          endpoint,
          pollInterval: "10",
          attempts: "2",
        },
        { out: () => undefined, err: () => undefined },
      ),
    ).rejects.toThrow(/did not appear/);
  });
});

describe("psoxy test bulk: formats and deletes", () => {
  const run = async (file: string, extra: Record<string, string | boolean> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runBulk(
      {
        deploy: "AWS",
        input: "in-bucket/incoming/",
        output: "out-bucket",
        file,
        endpoint,
        pollInterval: "50",
        attempts: "200",
        ...extra,
      },
      { out: (t) => out.push(t), err: (t) => err.push(t) },
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("Parquet: compares the columns of both files", async () => {
    const file = join(dir, "hris.parquet");
    writeFileSync(
      file,
      Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: "id", data: [1n, 2n], type: "INT64" },
            { name: "email", data: ["alice@example.com", "bob@example.com"], type: "STRING" },
            { name: "name", data: ["Alice", "Bob"], type: "STRING" },
          ],
        }),
      ),
    );
    const r = await run(file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/hris-\d+\.parquet \(application\/vnd\.apache\.parquet\)/);
    expect(r.out).toContain("Rows: 2 in the original, 2 in the sanitized file");
    expect(r.out).toContain("Columns removed: name");
    expect(r.out).toContain("Columns unchanged: id");
    expect(r.out).toContain('"alice@example.com" -> "t~17"');
  });

  it("a pretty-printed JSON document (one object) is compared field by field", async () => {
    const file = join(dir, "org.json");
    writeFileSync(
      file,
      JSON.stringify({ org: "acme", owner: { email: "alice@example.com", name: "Alice" } }, null, 2),
    );
    const r = await run(file);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Rows: 1 in the original, 1 in the sanitized file");
    expect(r.out).toContain("Columns removed: owner.name");
    expect(r.out).toContain("Columns unchanged: org");
    expect(r.out).toContain('"alice@example.com" -> "t~17"');
  });

  it("text that is no table gets a line diff; -s keeps the local copy", async () => {
    const file = join(dir, "notes.txt");
    writeFileSync(file, "meeting notes\ncontact alice@example.com\nend\n");
    const cwd = process.cwd();
    const r = await run(file, { saveSanitizedFile: true });
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "Differences (- original, + sanitized):\n- contact alice@example.com\n+ contact t~redacted",
    );
    const saved = /Saved (\.\/notes-\d+-sanitized\.txt)/.exec(r.out)?.[1];
    expect(saved).toBeDefined();
    const path = join(cwd, saved!);
    try {
      expect(readFileSync(path, "utf8")).toBe("meeting notes\ncontact t~redacted\nend\n");
    } finally {
      rmSync(path, { force: true });
    }
    expect(existsSync(path)).toBe(false);
  });

  it("a delete the caller may not do is reported, not fatal; -k does not try", async () => {
    const front = await startDeleteRefusingFront(endpoint);
    try {
      const file = join(dir, "refused.csv");
      writeFileSync(file, "id,email,name,team\n1,carol@example.com,Carol,eng\n");
      const r = await run(file, { endpoint: front.url });
      expect(r.code).toBe(0);
      expect(r.err).toMatch(/Could not delete out-bucket\/refused-\d+\.csv: Access Denied/);
      expect(r.out).toContain("Columns removed: name");

      const kept = await run(file, { endpoint: front.url, keepSanitizedFile: true });
      expect(kept.code).toBe(0);
      expect(kept.err).toBe("");
      expect(kept.out).not.toContain("Deleting");
    } finally {
      await front.close();
    }
  });
});

describe("psoxy test bulk (GCS)", () => {
  it("uploads through the Cloud Storage API and reads the NDJSON copy back", async () => {
    const gcs = await startFakeGcs();
    const timer = setInterval(() => {
      for (const [id, o] of gcs.objects) {
        if (!id.startsWith("in-bucket/")) continue;
        const name = id.slice("in-bucket/".length);
        if (gcs.objects.has(`out-bucket/${name}`)) continue;
        const lines = o.data
          .toString("utf8")
          .trim()
          .split("\n")
          .map((l) => {
            const { user, ...rest } = JSON.parse(l);
            return JSON.stringify({ ...rest, user: { ...user, email: "t~pseudo", name: undefined } });
          });
        gcs.objects.set(`out-bucket/${name}`, { data: Buffer.from(lines.join("\n")), generation: 1 });
      }
    }, 20);
    try {
      const file = join(dir, "events.ndjson");
      writeFileSync(
        file,
        `${JSON.stringify({ id: 1, user: { email: "a@example.com", name: "A" } })}\n${JSON.stringify({ id: 2, user: { email: "b@example.com", name: "B" } })}\n`,
      );
      const out: string[] = [];
      const code = await runBulk(
        {
          deploy: "GCP",
          input: "in-bucket",
          output: "out-bucket",
          file,
          endpoint: gcs.endpoint,
          project: "test-project",
          pollInterval: "50",
          attempts: "100",
        },
        { out: (t) => out.push(t), err: () => undefined },
      );
      expect(code).toBe(0);
      const text = out.join("\n");
      expect(text).toMatch(/in-bucket\/events-\d+\.ndjson \(application\/x-ndjson\)/);
      expect(text).toContain("Columns removed: user.name");
      expect(text).toContain('"a@example.com" -> "t~pseudo"');
      expect([...gcs.objects.keys()].some((k) => k.startsWith("out-bucket/"))).toBe(false);
    } finally {
      clearInterval(timer);
      await gcs.close();
    }
  });
});
