/**
 * `psoxy serve` as a user runs it: the built command in a real process. The demo (what `npm start`
 * runs) answers the banner's two commands, sanitized and blocked; SIGTERM lets an in-flight request
 * finish before the process exits; missing settings stop it with a message saying what to set.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, removeSnapshots, snapshot } from "./built.js";

let bin: string;
let work: string;

beforeAll(async () => {
  ensureBuilt();
  bin = await snapshot("dist/psoxy.js");
  work = mkdtempSync(join(tmpdir(), "psoxy-serve-cmd-"));
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  removeSnapshots();
});

/** Env without any proxy settings the developer's shell may have. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, ...extra };
}

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  stdoutLines: string[];
  exited: Promise<number | null>;
}

async function start(args: string[], env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, [bin, "serve", "--port", "0", ...args], {
    cwd: work,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const stdoutLines: string[] = [];
  child.stderr!.on("data", (c) => (stderr += c));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  let buffered = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${stderr}`)), 15_000);
    child.stdout!.on("data", (c: Buffer) => {
      buffered += c.toString("utf8");
      let nl = buffered.indexOf("\n");
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        stdoutLines.push(line);
        if (line.includes('"psoxy listening"')) {
          clearTimeout(timer);
          resolveUrl((JSON.parse(line) as { url: string }).url);
        }
        nl = buffered.indexOf("\n");
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, stdoutLines, exited };
}

/** Polls `done` every 20 ms for up to 10 s. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
}

function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((ok, fail) => {
    httpRequest(url, { headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on("error", fail)
      .end();
  });
}

describe("psoxy serve --demo", () => {
  it("prints a banner whose two curl commands give a sanitized response and a 403", async () => {
    const secrets = join(work, "demo-secrets.json");
    const proxy = await start(["--demo", "--secrets", secrets], cleanEnv());
    try {
      // The banner goes to stderr right after the listening line goes to stdout.
      await until(() => proxy.stderr().includes("Ctrl-C stops"));
      const urls = [...proxy.stderr().matchAll(/curl -si? '([^']+)'/g)].map((m) => m[1]!);
      expect(urls.length).toBeGreaterThanOrEqual(2);
      const port = new URL(proxy.url).port;
      expect(urls[0]).toContain(`:${port}/`);

      const ok = await get(urls[0]!);
      expect(ok.status).toBe(200);
      const events = JSON.parse(ok.body);
      expect(events.items.length).toBeGreaterThan(0);
      expect(ok.body).not.toMatch(/Alice Nguyen|Performance review|alice\.nguyen@/);
      expect(events.items[0].attendees[0].email).toMatch(/^t~[\w-]{43}@example\.com$/);

      const blocked = await get(urls[1]!);
      expect(blocked.status).toBe(403);
      expect(blocked.headers["x-psoxy-error"]).toBe("BLOCKED_BY_RULES");

      // Secrets file: generated salt and key, and the demo source's token; never in the logs.
      const stored = JSON.parse(readFileSync(secrets, "utf8")) as Record<string, string>;
      expect(Object.keys(stored).sort()).toEqual(["ACCESS_TOKEN", "PSOXY_ENCRYPTION_KEY", "PSOXY_SALT"]);
      const logs = proxy.stdoutLines.join("\n");
      for (const value of Object.values(stored)) expect(logs).not.toContain(value);
      // One JSON line per request, query values redacted.
      const apiRequests = () =>
        proxy.stdoutLines.map((l) => JSON.parse(l)).filter((l) => l.msg === "api request");
      await until(() => apiRequests().length >= 2);
      const requests = apiRequests();
      expect(requests).toHaveLength(2);
      expect(requests[0]).toMatchObject({ method: "GET", status: 200 });
      expect(requests[0].path).toBe("/calendar/v3/calendars/primary/events?maxResults=<redacted>");
      expect(typeof requests[0].durationMs).toBe("number");
    } finally {
      proxy.child.kill("SIGTERM");
      expect(await proxy.exited).toBe(0);
    }
  });
});

describe("psoxy serve shutdown", () => {
  it("SIGTERM: stops accepting, finishes the in-flight request, exits 0", async () => {
    // A source that holds its answer until released, so the request is in flight at SIGTERM.
    const { startHttpsSource } = await import("../../src/demo/https-source.js");
    const { writeFileSync } = await import("node:fs");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const inSource = new Promise<void>((r) => (arrived = r));
    const source = await startHttpsSource(async (_req, res) => {
      arrived();
      await held;
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"items":[{"email":"x@example.com"}]}');
    });
    const ca = join(work, "slow-ca.pem");
    writeFileSync(ca, source.cert);
    const secrets = join(work, "slow-secrets.json");
    writeFileSync(secrets, JSON.stringify({ PSOXY_SALT: "salt", ACCESS_TOKEN: "t" }));
    const proxy = await start(
      ["--secrets", secrets],
      cleanEnv({
        NODE_EXTRA_CA_CERTS: ca,
        TARGET_HOST: source.hostPort,
        SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
        RULES:
          'endpoints:\n  - pathTemplate: "/slow"\n    transforms:\n      - !<pseudonymize>\n        jsonPaths: ["$..email"]\n',
      }),
    );
    try {
      const inflight = get(`${proxy.url}/slow`);
      await inSource;
      proxy.child.kill("SIGTERM");
      await until(() => proxy.stdoutLines.some((l) => l.includes("shutting down")));
      // No longer accepting new connections.
      await expect(get(`${proxy.url}/slow`)).rejects.toThrow();
      expect(proxy.child.exitCode).toBeNull();
      release();
      const res = await inflight;
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).items[0].email).toMatch(/^t~/);
      expect(await proxy.exited).toBe(0);
      // the request's line and the last line, logged just before exiting, are not lost
      await until(() => proxy.stdoutLines.some((l) => l.includes('"stopped"')));
      const messages = proxy.stdoutLines.map((l) => (JSON.parse(l) as { msg: string }).msg);
      expect(messages.slice(-3)).toEqual([
        "shutting down: finishing in-flight requests",
        "api request",
        "stopped",
      ]);
    } finally {
      release();
      proxy.child.kill("SIGKILL");
      await source.close();
    }
  });
});

describe("psoxy serve side outputs to queues", () => {
  it("sends the raw response to SQS and the sanitized one to Pub/Sub", async () => {
    const { gunzipSync } = await import("node:zlib");
    const { writeFileSync } = await import("node:fs");
    const { startHttpsSource } = await import("../../src/demo/https-source.js");
    const { startFakeSqs } = await import("../../src/gateway/testing/async-fake-sqs.js");
    const { startFakePubSub } = await import("../../src/gateway/testing/async-fake-pubsub.js");
    const raw = '{"items":[{"email":"alice@example.com"}]}';
    const source = await startHttpsSource((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(raw);
    });
    const [sqs, pubsub] = await Promise.all([startFakeSqs(), startFakePubSub()]);
    sqs.createQueue("psoxy-raw");
    pubsub.createTopic("acme", "psoxy-sanitized");
    const ca = join(work, "queues-ca.pem");
    writeFileSync(ca, source.cert);
    const secrets = join(work, "queues-secrets.json");
    writeFileSync(secrets, JSON.stringify({ PSOXY_SALT: "salt", ACCESS_TOKEN: "t" }));
    let proxy: Running | undefined;
    try {
      proxy = await start(
        ["--secrets", secrets],
        cleanEnv({
          NODE_EXTRA_CA_CERTS: ca,
          TARGET_HOST: source.hostPort,
          SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
          RULES:
            'endpoints:\n  - pathTemplate: "/items"\n    transforms:\n      - !<pseudonymize>\n        jsonPaths: ["$..email"]\n',
          SIDE_OUTPUT_ORIGINAL: "https://sqs.us-east-1.amazonaws.com/000000000000/psoxy-raw",
          SIDE_OUTPUT_SANITIZED: "https://pubsub.googleapis.com/v1/projects/acme/topics/psoxy-sanitized",
          AWS_ENDPOINT_URL_SQS: sqs.endpoint,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "AKIDTEST",
          AWS_SECRET_ACCESS_KEY: "secret",
          PUBSUB_EMULATOR_HOST: pubsub.endpoint.replace("http://", ""),
        }),
      );
      const res = await get(`${proxy.url}/items`);
      expect(res.status).toBe(200);
      expect(res.headers["x-psoxy-warning"]).toBeUndefined();
      expect(res.body).not.toContain("alice@example.com");
      expect(sqs.messages).toHaveLength(1);
      expect(gunzipSync(Buffer.from(sqs.messages[0]!.body, "base64")).toString("utf8")).toBe(raw);
      expect(pubsub.messages).toHaveLength(1);
      expect(gunzipSync(Buffer.from(pubsub.messages[0]!.data, "base64")).toString("utf8")).toBe(res.body);
      expect(pubsub.messages[0]!.attributes.PATH).toBe("/items");
    } finally {
      proxy?.child.kill("SIGTERM");
      await proxy?.exited;
      await Promise.all([source.close(), sqs.close(), pubsub.close()]);
    }
  });
});

describe("psoxy serve startup errors", () => {
  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(
      process.execPath,
      [bin, "serve", "--port", "0", "--secrets", join(work, "err-secrets.json"), ...args],
      {
        cwd: work,
        env: cleanEnv(env),
        encoding: "utf8",
        timeout: 15_000,
      },
    );

  it("missing TARGET_HOST says what to set", () => {
    const r = run({});
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("TARGET_HOST is not set");
    expect(r.stderr).toContain("psoxy serve --demo");
  });

  it("http:// TARGET_HOST is refused", () => {
    const r = run({ TARGET_HOST: "http://api.example.com" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("TARGET_HOST must use https");
  });

  it("missing or unknown SOURCE_AUTH_STRATEGY_IDENTIFIER lists the strategies", () => {
    const missing = run({ TARGET_HOST: "api.example.com" });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("SOURCE_AUTH_STRATEGY_IDENTIFIER is not set");
    expect(missing.stderr).toContain("oauth2_access_token");
    const unknown = run({ TARGET_HOST: "api.example.com", SOURCE_AUTH_STRATEGY_IDENTIFIER: "bearer" });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("SOURCE_AUTH_STRATEGY_IDENTIFIER=bearer is not a known strategy");
  });

  it("no RULES and no known SOURCE", () => {
    const r = run({ TARGET_HOST: "api.example.com", SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no rules: set RULES");
  });

  it("a bad --port", () => {
    const r = run({}, "--port", "99999");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--port must be a number from 0 to 65535");
  });
});
