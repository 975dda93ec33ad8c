/**
 * `npm run package` (scripts/package.mjs): the zips are unpacked into an empty directory and their
 * handlers run in a child process that sees only the zip's contents, plus what the platform provides:
 * on Lambda, the AWS SDK (a symlink to the repo's node_modules/@aws-sdk, nothing else); on Cloud
 * Functions, the dependencies listed in the zip's package.json (which Cloud Build installs).
 * Configuration comes from environment variables and a loopback fake SSM; the source is the demo's
 * loopback HTTPS API with the demo rules.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { type FakeSsm, startFakeSsm } from "../../src/config/test-servers/fake-ssm.js";
import { DEMO_RULES_YAML } from "../../src/demo/demo-rules.js";
import { startDemoSource } from "../../src/demo/demo-source.js";
import type { HttpsSource } from "../../src/demo/https-source.js";

const root = process.cwd();
const TOKEN = "package-test-token";
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
let work: string;
let source: HttpsSource;
let ssm: FakeSsm;
let packageOutput: string;

async function unzip(zipFile: string, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const zip = await new Promise<yauzl.ZipFile>((ok, fail) =>
    yauzl.open(zipFile, { lazyEntries: true }, (e, z) => (e || !z ? fail(e) : ok(z))),
  );
  const names: string[] = [];
  await new Promise<void>((ok, fail) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      names.push(entry.fileName);
      zip.openReadStream(entry, (e, stream) => {
        if (e || !stream) return fail(e);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const target = join(dir, entry.fileName);
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on("end", ok);
    zip.on("error", fail);
    zip.readEntry();
  });
  return names.sort();
}

function runNode(
  file: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [file], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("exit", (code) => ok({ code, stdout, stderr }));
  });
}

function result(stdout: string): unknown {
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`no RESULT line in:\n${stdout}`);
  return JSON.parse(line.slice("RESULT ".length));
}

/** A package with the parts of SecretManagerServiceClient that the secret store calls, over FAKE_SECRETS. */
function writeFakeSecretManager(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "@google-cloud/secret-manager", type: "module", main: "index.js" }),
  );
  writeFileSync(
    join(dir, "index.js"),
    `const secrets = JSON.parse(process.env.FAKE_SECRETS ?? "{}");
export const accessed = [];
const lookup = (name) => {
  const id = name.split("/secrets/")[1].split("/")[0];
  const key = Object.keys(secrets).find((k) => id === k || id.endsWith("_" + k));
  if (key === undefined) throw Object.assign(new Error("NOT_FOUND: " + name), { code: 5 });
  return secrets[key];
};
export class SecretManagerServiceClient {
  async getProjectId() { return process.env.GOOGLE_CLOUD_PROJECT; }
  async getSecret({ name }) { lookup(name); return [{ name, labels: {} }]; }
  async accessSecretVersion({ name }) { accessed.push(name); return [{ name, payload: { data: Buffer.from(lookup(name)) } }]; }
  async close() {}
}
`,
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "psoxy-package-"));
  // Zips go to a private directory: other test files may rebuild dist/ meanwhile.
  packageOutput = execFileSync(process.execPath, ["scripts/package.mjs", "--out-dir", join(work, "out")], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  source = await startDemoSource(() => TOKEN);
  ssm = await startFakeSsm({ PSOXY_SALT: "salt", PSOXY_ENCRYPTION_KEY: "secret", ACCESS_TOKEN: TOKEN });
  writeFileSync(join(work, "ca.pem"), source.cert);
}, 180_000);

afterAll(async () => {
  await ssm?.close();
  await source?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("npm run package", () => {
  it("prints each package with its version and base64 SHA-256", () => {
    const lines = packageOutput
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.filename)).toEqual(["aws-lambda.zip", "gcp-function.zip"]);
    for (const l of lines) {
      expect(l.version).toBe(version);
      expect(l.deployment_package_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    }
  });

  it("is deterministic: packaging the same build twice gives the same bytes", () => {
    const run = (dir: string) =>
      execFileSync(process.execPath, ["scripts/package.mjs", "--skip-build", "--out-dir", join(work, dir)], {
        cwd: root,
        encoding: "utf8",
      })
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).deployment_package_hash as string);
    // Back to back from the same dist/ (a parallel test could rebuild it in between, hence no
    // comparison with the first run above, which built dist/ itself).
    expect(run("again1")).toEqual(run("again2"));
  });
});

describe("dist/aws-lambda.zip", () => {
  it("holds the handler at the root, version stamped, and nothing else", async () => {
    const names = await unzip(join(work, "out", "aws-lambda.zip"), join(work, "lambda"));
    expect(names).toContain("index.mjs");
    expect(names).toContain("VERSION");
    expect(names.every((n) => !n.includes("/"))).toBe(true);
    expect(readFileSync(join(work, "lambda", "VERSION"), "utf8").trim()).toBe(version);
    expect(readFileSync(join(work, "lambda", "index.mjs"), "utf8")).not.toContain("@google-cloud");
  });

  it("answers a function URL event with the sanitized response, using only the zip and the AWS SDK", async () => {
    const dir = join(work, "lambda");
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(resolve(root, "node_modules/@aws-sdk"), join(dir, "node_modules/@aws-sdk"), "dir");
    writeFileSync(
      join(dir, "driver.mjs"),
      `const { handler } = await import("./index.mjs");
const event = (path, headers = {}) => ({
  version: "2.0", routeKey: "$default", rawPath: path, rawQueryString: "maxResults=5",
  headers: { "x-forwarded-proto": "https", ...headers },
  requestContext: { domainName: "x.lambda-url.us-east-1.on.aws", stage: "$default", requestId: "r1", timeEpoch: 0,
    http: { method: "GET", path, sourceIp: "203.0.113.1" } },
  isBase64Encoded: false,
});
const out = [];
out.push(await handler(event("/calendar/v3/calendars/primary/events")));
out.push(await handler(event("/calendar/v3/users/me/settings")));
out.push(await handler(event("/", { "x-psoxy-health-check": "true" })));
let bulk = "absent";
try { bulk = typeof (await import("./bulk.mjs")).handler; } catch (e) { if (e.code !== "ERR_MODULE_NOT_FOUND") bulk = String(e); }
process.stdout.write("\\nRESULT " + JSON.stringify({ out, bulk }) + "\\n");
`,
    );
    const r = await runNode(join(dir, "driver.mjs"), dir, {
      PATH: process.env.PATH,
      AWS_LAMBDA_FUNCTION_NAME: "psoxy-test",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_ENDPOINT_URL_SSM: ssm.url,
      NODE_EXTRA_CA_CERTS: join(work, "ca.pem"),
      TARGET_HOST: source.hostPort,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: DEMO_RULES_YAML,
    });
    expect(r.code, r.stderr).toBe(0);
    const { out, bulk } = result(r.stdout) as {
      out: { statusCode: number; headers: Record<string, string>; body: string }[];
      bulk: string;
    };
    const [plain, blocked, health] = out;
    expect(plain!.statusCode).toBe(200);
    const events = JSON.parse(plain!.body);
    expect(events.items[0].attendees[0].email).toMatch(/^t~[\w-]{43}@example\.com$/);
    expect(plain!.body).not.toContain("Alice Nguyen");
    expect(blocked!.statusCode).toBe(403);
    expect(blocked!.headers["x-psoxy-error"]).toBe("BLOCKED_BY_RULES");
    expect(JSON.parse(health!.body), health!.body).toHaveProperty("configuredSource");
    expect(ssm.operations).toContain("GetParameter");
    expect(["function", "absent"]).toContain(bulk);
  });
});

describe("dist/gcp-function.zip", () => {
  it("holds index.js and package.json for Cloud Functions gen2", async () => {
    const names = await unzip(join(work, "out", "gcp-function.zip"), join(work, "gcp"));
    expect(names).toEqual(expect.arrayContaining(["index.js", "package.json", "VERSION"]));
    const pkg = JSON.parse(readFileSync(join(work, "gcp", "package.json"), "utf8"));
    expect(pkg.main).toBe("index.js");
    expect(pkg.type).toBe("module");
    expect(pkg.version).toBe(version);
    expect(pkg.dependencies["@google-cloud/secret-manager"]).toBeTruthy();
    expect(readFileSync(join(work, "gcp", "index.js"), "utf8")).not.toContain("@aws-sdk/client-ssm");
  });

  it("serves a sanitized response through the HTTP entry point with a fake req/res", async () => {
    const dir = join(work, "gcp");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    // What Cloud Build installs from package.json: exactly its dependencies.
    // Secret Manager is replaced by an in-memory fake with the client's interface: its real client
    // cannot be pointed at a loopback server through the environment.
    for (const name of Object.keys(pkg.dependencies)) {
      mkdirSync(dirname(join(dir, "node_modules", name)), { recursive: true });
      if (name === "@google-cloud/secret-manager") writeFakeSecretManager(join(dir, "node_modules", name));
      else symlinkSync(resolve(root, "node_modules", name), join(dir, "node_modules", name), "dir");
    }
    writeFileSync(
      join(dir, "driver.mjs"),
      `const mod = await import("./index.js");
function call(url, headers = {}) {
  const res = { statusCode: 200, headers: {}, chunks: [], headersSent: false,
    setHeader(n, v) { this.headers[n.toLowerCase()] = v; },
    end(c) { if (c !== undefined) this.chunks.push(Buffer.from(c)); this.headersSent = true; } };
  const req = { method: "GET", url, originalUrl: url, headers: { host: "psoxy-abc-uc.a.run.app", ...headers },
    rawHeaders: Object.entries({ host: "psoxy-abc-uc.a.run.app", ...headers }).flat(), body: {}, readable: false, readableEnded: true };
  return mod.psoxy(req, res).then(() => ({ status: res.statusCode, headers: res.headers, body: Buffer.concat(res.chunks).toString("utf8") }));
}
const out = [await call("/calendar/v3/calendars/primary/events?maxResults=5"), await call("/calendar/v3/users/me/settings")];
const { accessed } = await import("@google-cloud/secret-manager");
process.stdout.write("\\nRESULT " + JSON.stringify({ out, exports: Object.keys(mod).sort(), accessed }) + "\\n");
`,
    );
    const r = await runNode(join(dir, "driver.mjs"), dir, {
      PATH: process.env.PATH,
      K_SERVICE: "psoxy-test",
      GOOGLE_CLOUD_PROJECT: "test-project",
      FAKE_SECRETS: JSON.stringify({
        PSOXY_SALT: "salt",
        PSOXY_ENCRYPTION_KEY: "secret",
        ACCESS_TOKEN: TOKEN,
      }),
      NODE_EXTRA_CA_CERTS: join(work, "ca.pem"),
      TARGET_HOST: source.hostPort,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: DEMO_RULES_YAML,
    });
    expect(r.code, r.stderr).toBe(0);
    const { out, exports, accessed } = result(r.stdout) as {
      out: { status: number; headers: Record<string, string>; body: string }[];
      exports: string[];
      accessed: string[];
    };
    expect(accessed.some((n) => n.includes("PSOXY_SALT"))).toBe(true);
    expect(exports).toContain("psoxy");
    const [plain, blocked] = out;
    expect(plain!.status, plain!.body).toBe(200);
    const events = JSON.parse(plain!.body);
    expect(events.items[0].attendees[0].email).toMatch(/^t~[\w-]{43}@example\.com$/);
    expect(plain!.body).not.toContain("Alice Nguyen");
    expect(blocked!.status).toBe(403);
    expect(blocked!.headers["x-psoxy-error"]).toBe("BLOCKED_BY_RULES");
  });
});
