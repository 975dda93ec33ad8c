/**
 * `psoxy sanitize` on local files: the reference command line's options and config.yaml, rules and
 * salt resolution, directories, stdin, and bad input (clear error naming file and line / column, and
 * no output file left behind).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  runSanitize,
  type SanitizeIo,
  type SanitizeOptions,
  UsageError,
} from "../../src/cli/sanitize-command.js";
import { createPseudonymizer } from "../../src/core/pseudonyms/index.js";

let dir: string;

class Capture extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

function io(extra: Partial<SanitizeIo> = {}): SanitizeIo & { stdout: Capture; stderr: Capture } {
  return {
    cwd: dir,
    env: {},
    stdin: Readable.from([]),
    stdout: new Capture(),
    stderr: new Capture(),
    ...extra,
  } as SanitizeIo & { stdout: Capture; stderr: Capture };
}

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  mkdirSync(join(p, ".."), { recursive: true });
  writeFileSync(p, content);
  return p;
}

async function run(input: string, opts: SanitizeOptions, extra: Partial<SanitizeIo> = {}) {
  const x = io(extra);
  const code = await runSanitize(input, { progress: false, ...opts }, x);
  return { code, out: x.stdout.text, err: x.stderr.text };
}

/** A gzip stream cut in the middle of its compressed data. */
function truncatedGzip(): Buffer {
  const rows = Array.from({ length: 5000 }, (_, i) => `${i},user${(i * 7919) % 10007}@x.co`).join("\n");
  const gz = gzipSync(Buffer.from(`id,email\n${rows}\n`));
  return gz.subarray(0, Math.floor(gz.length / 2));
}

const HRIS = "employeeId,email,department\n1,alice@worklytics.co,Engineering\n2,bob@workltyics.co,Sales\n";
const ALICE_SECRET =
  '"{""domain"":""worklytics.co"",""hash"":""wdxMApbuV7MglPNkZrM2WdV_v6x5Z31k8VbmqFCPRZI""}"';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "psoxy-sanitize-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("psoxy sanitize: reference command line", () => {
  it("--salt and -p pseudonymize to stdout like the Java tool", async () => {
    const input = file("hris-example.csv", HRIS);
    const r = await run(input, { salt: "secret", pseudonymize: ["email"] });
    expect(r.code).toBe(0);
    const [header, ...rows] = r.out.trimEnd().split("\n");
    expect(header).toBe("employeeId,email,department");
    expect(rows).toContain(`1,${ALICE_SECRET},Engineering`);
  });

  it("config.yaml in the working directory wins over -p/-r; --salt wins over its salt", async () => {
    const input = file("h.csv", HRIS);
    file(
      "config.yaml",
      "pseudonymizationSalt: other\ndefaultScopeId: hris\ncolumnsToRedact: [department]\ncolumnsToPseudonymize: [email]\n",
    );
    const r = await run(input, { salt: "secret", pseudonymize: ["employeeId"] });
    expect(r.out.split("\n")[0]).toBe("employeeId,email");
    expect(r.out).toContain(`1,${ALICE_SECRET}`);
    const r2 = await run(input, {});
    expect(r2.out).not.toContain(ALICE_SECRET); // salt "other"
  });

  it("refuses the secret-reference salt of config.yaml with a clear message", async () => {
    const input = file("h.csv", HRIS);
    file(
      "config.yaml",
      "pseudonymizationSaltSecret: {service: GCP, identifier: projects/p/secrets/s/versions/1}\ncolumnsToPseudonymize: [email]\n",
    );
    await expect(run(input, {})).rejects.toThrow(/pseudonymizationSaltSecret is not supported/);
  });

  it("requires an existing input file and some rules", async () => {
    await expect(run(join(dir, "nope.csv"), { salt: "s", pseudonymize: ["a"] })).rejects.toThrow(
      /No file to process/,
    );
    await expect(run(file("a.csv", "a\n1\n"), { salt: "s" })).rejects.toThrow(UsageError);
  });
});

describe("psoxy sanitize: rules, salt, outputs", () => {
  it("--connector hris uses the default HRIS rules; unknown connectors are reported", async () => {
    const input = file(
      "hris.csv",
      "EMPLOYEE_ID,EMPLOYEE_EMAIL,MANAGER_ID,DEPARTMENT\n1,alice@worklytics.co,,Eng\n",
    );
    const r = await run(input, { connector: "hris", salt: "salt" });
    expect(r.out).toBe(
      'EMPLOYEE_ID,EMPLOYEE_EMAIL,MANAGER_ID,DEPARTMENT\n"{""hash"":""0zPKqEd-CtbCLB1ZSwX6Zo7uAWUvkpfHGzv9-cuYwZc""}","{""domain"":""worklytics.co"",""hash"":""Qf4dLJ4jfqZLn9ef4VirvYjvOnRaVI5tf5oLnM65YOA""}",,Eng\n',
    );
    await expect(run(input, { connector: "zoom", salt: "salt" })).rejects.toThrow(
      /no built-in bulk rules for connector "zoom" \(connectors with bulk rules: .*hris/,
    );
  });

  it("reads the salt from --salt-file, PSOXY_SALT or .psoxy/secrets.json, and fails clearly without one", async () => {
    const input = file("a.csv", "id\n1\n");
    const rules = file("r.yaml", "pseudonymFormat: URL_SAFE_HASH_ONLY\ncolumnsToPseudonymize: [id]\n");
    const h = (salt: string) => createPseudonymizer({ salt }).pseudonymize("1")!.hash;
    file("salt.txt", "from-file\n");
    expect((await run(input, { rules, saltFile: "salt.txt" })).out).toBe(`id\n${h("from-file")}\n`);
    expect((await run(input, { rules }, { env: { PSOXY_SALT: "from-env" } })).out).toBe(
      `id\n${h("from-env")}\n`,
    );
    await expect(run(input, { rules })).rejects.toThrow(/no salt: pass --salt/);
    file(".psoxy/secrets.json", JSON.stringify({ PSOXY_SALT: "from-secrets" }));
    expect((await run(input, { rules })).out).toBe(`id\n${h("from-secrets")}\n`);
  });

  it("sanitizes a directory with multi-file rules into -o, mirroring paths, gzip in and out", async () => {
    const rules = file(
      "rules.yaml",
      "fileRules:\n  /{exportId}/users.ndjson{gz?}:\n    format: NDJSON\n    transforms:\n      - redact: $.name\n",
    );
    file("in/e1/users.ndjson.gz", gzipSync('{"id":1,"name":"x"}\n'));
    file("in/e2/users.ndjson", '{"id":2,"name":"y"}\n');
    file("in/e2/other.txt", "ignored");
    const r = await run(join(dir, "in"), { rules, salt: "s", output: "out" });
    expect(r.code).toBe(0);
    expect(r.err).toContain("e2/other.txt: skipped, no file rules match this path");
    expect(gunzipSync(readFileSync(join(dir, "out/e1/users.ndjson.gz"))).toString()).toBe(
      '{"id":1,"name":null}\n',
    );
    expect(readFileSync(join(dir, "out/e2/users.ndjson"), "utf8")).toBe('{"id":2,"name":null}\n');
  });

  it("reads stdin, converts formats with --format and writes a progress line when asked", async () => {
    const rules = file("r.yaml", "format: AUTO\ntransforms:\n  - redact: foo\n");
    const stdin = new PassThrough();
    stdin.end('{"foo":1,"bar":2}\n');
    const x = io({ stdin });
    const code = await runSanitize(
      "-",
      { rules, salt: "s", format: "csv", name: "x.ndjson", progress: true },
      x,
    );
    expect(code).toBe(0);
    expect(x.stdout.text).toBe("foo,bar\n,2\n");
    expect(x.stderr.text).toMatch(/x\.ndjson: 1 rows, 0\.0 MB read, [\d.]+ MB\/s\n$/);
  });
});

describe("psoxy sanitize: bad input", () => {
  const cases: Array<{ name: string; content: string | Buffer; rules: string; message: RegExp }> = [
    {
      name: "malformed-row.csv",
      content: 'id,email\n1,"a@x.co"junk\n',
      rules: "columnsToPseudonymize: [email]",
      message:
        /^psoxy sanitize: malformed-row\.csv \(line 2, column 11\): invalid character between a closing quote/m,
    },
    {
      name: "unterminated.csv",
      content: `id,email\n${"1,a@x.co\n".repeat(10)}2,"b@x.co\n3,c@x.co\n`,
      rules: "columnsToPseudonymize: [email]",
      message:
        /^psoxy sanitize: unterminated\.csv \(line 12, column 3\): end of file reached inside a quoted value/m,
    },
    {
      name: "short-row.csv",
      content: "id,email,dept\n1,a@x.co,x\n2\n",
      rules: "columnsToPseudonymize: [email]",
      message:
        /^psoxy sanitize: short-row\.csv \(line 3, record 2\): row has 1 value\(s\) but column "email"/m,
    },
    {
      name: "bad.ndjson",
      content: `${'{"a":1}\n'.repeat(7)}{"a": 1,}\n`,
      rules: "format: NDJSON\ntransforms:\n  - redact: a",
      message: /^psoxy sanitize: bad\.ndjson \(line 8, column 9\): invalid JSON/m,
    },
    {
      name: "truncated.csv.gz",
      content: truncatedGzip(),
      rules: "columnsToPseudonymize: [email]",
      message: /^psoxy sanitize: truncated\.csv\.gz: the gzip data is truncated/m,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: names the file and position, writes no output`, async () => {
      const input = file(c.name, c.content);
      const rules = file("rules.yaml", c.rules);
      const out = join(dir, "out", c.name);
      const r = await run(input, { rules, salt: "s", output: out });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(c.message);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(join(dir, "out")) ? readdirSync(join(dir, "out")) : []).toEqual([]);
      // stdout gets nothing either (output is staged until the file is complete)
      const r2 = await run(input, { rules, salt: "s" });
      expect(r2.code).toBe(1);
      expect(r2.out).toBe("");
    });
  }

  it("a column to pseudonymize that is missing is a warning and an empty column, as the reference does", async () => {
    const input = file("no-email.csv", "id,dept\n1,x\n");
    const rules = file("rules.yaml", "columnsToPseudonymize: [email]");
    const out = join(dir, "ok.csv");
    const r = await run(input, { rules, salt: "s", output: out });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: no-email\.csv: non-fatal, but FYI: columns to pseudonymize \("email"\)/);
    expect(readFileSync(out, "utf8")).toBe("id,dept,email\n1,x,\n");
  });
});
