/**
 * `psoxy serve --workers N` as a user runs it: the built command, a loopback HTTPS source. Requests
 * are answered by N processes on one port, all with the same pseudonyms (one secrets file, created by
 * the primary); SIGTERM stops them all; a configuration error is reported once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarEvents } from "../../src/demo/demo-data.js";
import { DEMO_RULES_YAML } from "../../src/demo/demo-rules.js";
import { type HttpsSource, sendJson, startHttpsSource } from "../../src/demo/https-source.js";
import { ensureBuilt, removeSnapshots, snapshot } from "./built.js";

let bin: string;
let work: string;
let source: HttpsSource;
const TOKEN = "workers-test-token";

beforeAll(async () => {
  ensureBuilt();
  bin = await snapshot("dist/psoxy.js");
  work = mkdtempSync(join(tmpdir(), "psoxy-serve-workers-"));
  source = await startHttpsSource((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return sendJson(res, 401, { error: "unauthorized" });
    sendJson(res, 200, JSON.stringify(calendarEvents("primary")));
  });
  writeFileSync(join(work, "ca.pem"), source.cert);
}, 120_000);

afterAll(async () => {
  await source?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  removeSnapshots();
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_EXTRA_CA_CERTS: join(work, "ca.pem"),
    TARGET_HOST: source.hostPort,
    SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
    RULES: DEMO_RULES_YAML,
    ...extra,
  };
}

interface Running {
  child: ChildProcess;
  url: string;
  lines: () => Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
}

async function start(args: string[], environment: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, [bin, "serve", "--port", "0", ...args], {
    cwd: work,
    env: environment,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += c));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const lines = () =>
    stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no listening line: ${stderr}`)), 20_000);
    child.stdout!.on("data", (c) => {
      stdout += c;
      const listening = lines().find((l) => l.msg === "psoxy listening");
      if (listening) {
        clearTimeout(timer);
        ok(listening.url as string);
      }
    });
    void exited.then((code) => fail(new Error(`exited with ${code}: ${stderr}`)));
  });
  return { child, url, lines, stderr: () => stderr, exited };
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    // a new connection per request, so the primary hands requests to different workers
    httpRequest(url, { agent: false }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => ok({ status: res.statusCode ?? 0, body }));
    })
      .on("error", fail)
      .end();
  });
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe("psoxy serve --workers", () => {
  it("serves from several processes on one port, with one salt, and stops them all on SIGTERM", async () => {
    const secrets = join(work, "secrets.json");
    const values = { PSOXY_SALT: "salt", PSOXY_ENCRYPTION_KEY: "secret", ACCESS_TOKEN: TOKEN };
    writeFileSync(secrets, JSON.stringify(values), { mode: 0o600 });
    const proxy = await start(["--workers", "2", "--secrets", secrets], env());
    try {
      await until(() => proxy.lines().filter((l) => l.msg === "psoxy listening").length >= 2);
      const path = "/calendar/v3/calendars/primary/events";
      const bodies = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const r = await get(`${proxy.url}${path}`);
        expect(r.status, r.body).toBe(200);
        expect(r.body).not.toContain("alice.nguyen@");
        bodies.add(r.body);
      }
      // every worker gives the same pseudonyms
      expect(bodies.size).toBe(1);
      await until(() => proxy.lines().filter((l) => l.msg === "api request").length >= 12);
      const pids = new Set(
        proxy
          .lines()
          .filter((l) => l.msg === "api request")
          .map((l) => l.pid),
      );
      expect(pids.size).toBe(2);
      expect(pids.has(proxy.child.pid)).toBe(false);
    } finally {
      proxy.child.kill("SIGTERM");
      expect(await proxy.exited).toBe(0);
    }
    // the workers are gone with the primary: the port no longer answers
    await expect(get(`${proxy.url}/`)).rejects.toThrow();
  });

  it("creates a missing secrets file once, before any worker reads it", async () => {
    const secrets = join(work, "new", "secrets.json");
    const proxy = await start(["--workers", "3", "--secrets", secrets], env());
    try {
      await until(() => proxy.lines().filter((l) => l.msg === "psoxy listening").length >= 3);
      const stored = JSON.parse(readFileSync(secrets, "utf8")) as Record<string, string>;
      expect(Object.keys(stored).sort()).toEqual(["PSOXY_ENCRYPTION_KEY", "PSOXY_SALT"]);
      const created = proxy.lines().filter((l) => String(l.msg).startsWith("created local secrets file"));
      expect(created).toHaveLength(1);
      expect(created[0]!.pid).toBe(proxy.child.pid);
    } finally {
      proxy.child.kill("SIGTERM");
      expect(await proxy.exited).toBe(0);
    }
  });

  it("reports a configuration error once and exits 2", async () => {
    const child = spawn(process.execPath, [bin, "serve", "--port", "0", "--workers", "3"], {
      cwd: work,
      env: env({ TARGET_HOST: "" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (c) => (stderr += c));
    const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    expect(code).toBe(2);
    expect(stderr.match(/TARGET_HOST is not set/g)).toHaveLength(1);
  });

  it("refuses a bad --workers value and --workers with --demo", async () => {
    for (const args of [
      ["--workers", "0"],
      ["--workers", "many"],
      ["--workers", "2", "--demo"],
    ]) {
      const child = spawn(process.execPath, [bin, "serve", "--port", "0", ...args], {
        cwd: work,
        env: env(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr!.on("data", (c) => (stderr += c));
      const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toMatch(/--workers/);
    }
  });
});
