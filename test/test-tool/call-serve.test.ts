/**
 * `psoxy test call` against a real local `psoxy serve --demo`, both run from the built dist/psoxy.js
 * (a private snapshot) as child processes. The catalog connectors' example calls need their real
 * sources, so `-d` uses the built-in `demo` data source (the demo API's calls, chaining a meeting id
 * from one response into the next path) and a manifest file with refs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, removeSnapshots, snapshot } from "../hosts/built.js";

let cli: string;
let work: string;
let server: ChildProcess;
let base: string;

function psoxy(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("exit", (code) => ok({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  ensureBuilt();
  cli = await snapshot("dist/psoxy.js");
  work = mkdtempSync(join(tmpdir(), "psoxy-test-call-"));
  server = spawn(
    process.execPath,
    [cli, "serve", "--demo", "--port", "0", "--secrets", join(work, "s.json")],
    {
      cwd: work,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  base = await new Promise<string>((ok, fail) => {
    let err = "";
    server.stderr?.on("data", (c) => {
      err += c;
      const m = /proxy:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) ok(m[1]!);
    });
    server.on("exit", (code) => fail(new Error(`psoxy serve exited ${code}: ${err}`)));
  });
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.on("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
  removeSnapshots();
});

describe("psoxy test call against psoxy serve --demo", () => {
  it("--health-check prints the health JSON and exits 0", async () => {
    const r = await psoxy(["test", "call", `${base}/`, "--health-check"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Call result: OK - 200");
    const json = JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
    expect(json.configuredSource).toBe("demo");
    expect(json.nonDefaultSalt).toBe(true);
  });

  it("shows status, X-Psoxy-* headers and the sanitized body", async () => {
    const r = await psoxy(["test", "call", `${base}/calendar/v3/calendars/primary/events?maxResults=5`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/X-Psoxy-Rules-Sha: \w+/);
    expect(r.stdout).toMatch(/"email": "t~[\w-]{43}@example\.com"/);
    expect(r.stdout).not.toContain("Alice Nguyen");
  });

  it("exits 1 with a hint when the rules block the call", async () => {
    const r = await psoxy(["test", "call", `${base}/calendar/v3/users/me/settings`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Call result: FAILED - 403");
    expect(r.stdout).toContain("X-Psoxy-Error: BLOCKED_BY_RULES");
    expect(r.stderr).toContain("check the path");
  });

  it("-d demo walks the example calls, chaining the meeting id into the next path", async () => {
    const r = await psoxy(["test", "call", base, "-d", "demo"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("[1/3] GET /calendar/v3/calendars/primary/events?maxResults=10");
    expect(r.stdout).toContain("[3/3] GET /v2/past_meetings/81234567890/participants?page_size=10");
    expect(r.stdout.match(/Call result: OK - 200/g)).toHaveLength(3);
    expect(r.stdout).toContain("3 of 3 calls succeeded");
  });

  it("-d <manifest> with refs and -p; a failing call makes the exit status 1", async () => {
    const manifest = join(work, "calls.json");
    writeFileSync(
      manifest,
      JSON.stringify({
        calls: [
          {
            path: "/v2/users/{USER}/meetings?page_size=5",
            refs: [{ accessor: "meetings.1.id", pathReplacement: "M" }],
          },
          { path: "/v2/past_meetings/{M}/participants" },
          { path: "/v2/past_meetings/{UNKNOWN_THING}/participants" },
          { path: "/calendar/v3/users/me/settings" },
        ],
      }),
    );
    const r = await psoxy(["test", "call", base, "-d", manifest, "-p", "USER=me"]);
    expect(r.stdout).toContain("[1/4] GET /v2/users/me/meetings?page_size=5");
    expect(r.stdout).toContain("[2/4] GET /v2/past_meetings/82345678901/participants");
    expect(r.stdout).toContain("Skipped: no value for UNKNOWN_THING");
    expect(r.stdout).toContain("2 of 4 calls succeeded, 1 failed, 1 skipped");
    expect(r.code).toBe(1);
  });

  it("rejects plain http to a non-loopback host; logs without a target is an options error", async () => {
    const r = await psoxy(["test", "call", "http://example.com/x", "-f", "aws"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("only https://");
    const logs = await psoxy(["test", "logs", "-p", "project-only"]);
    expect(logs.code).toBe(1);
    expect(logs.stderr).toContain("give -l <log group> (AWS), or -p <project> and -f <function> (GCP)");
  });
});
