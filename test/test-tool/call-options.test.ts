/**
 * `psoxy test call` options of infra spec 11.1 against a loopback "proxy" (deployment `local`, plain
 * http on 127.0.0.1): -u, -z, -s, the method from the catalog, --concurrency, the refused
 * webhook-collector options, the logs hint on 500 / 502, and an STS AccessDenied explained.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type LoopbackReply,
  type LoopbackServer,
  type RecordedRequest,
  startLoopbackServer,
} from "../../src/config/test-servers/loopback.js";
import { resolveTarget, runCall } from "../../src/test-tool/call.js";
import { TestToolError } from "../../src/test-tool/http.js";

let api: LoopbackServer;
let handler: (req: RecordedRequest) => LoopbackReply | Promise<LoopbackReply>;
let dir: string;

const EVENTS = { items: [{ id: "e1", email: "t~abc@example.com" }] };

beforeAll(async () => {
  api = await startLoopbackServer((req) => handler(req));
  dir = mkdtempSync(join(tmpdir(), "psoxy-call-options-"));
});

afterAll(async () => {
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  api.requests.length = 0;
  handler = () => ({ headers: { "x-psoxy-rules-sha": "abc" }, body: EVENTS });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe("the URL: argument or -u", () => {
  it("-u works like the argument", async () => {
    const c = capture();
    expect(await runCall(undefined, { url: `${api.url}/calendar/v3/calendars/primary/events` }, c.io)).toBe(
      0,
    );
    expect(api.requests[0]!.url).toBe("/calendar/v3/calendars/primary/events");
  });

  it("neither, or two different URLs, is an error", async () => {
    await expect(runCall(undefined, {}, capture().io)).rejects.toThrow(/no URL: give it as the argument/);
    await expect(runCall(`${api.url}/a`, { url: `${api.url}/b` }, capture().io)).rejects.toThrow(
      /two different URLs/,
    );
    expect(api.requests).toHaveLength(0);
  });
});

describe("-z, --gzip [bool]", () => {
  it("asks for gzip by default, sends * with -z false / --no-gzip", async () => {
    const c = capture();
    await runCall(`${api.url}/x`, {}, c.io);
    await runCall(`${api.url}/x`, { gzip: "false" }, c.io);
    await runCall(`${api.url}/x`, { gzip: false }, c.io);
    await runCall(`${api.url}/x`, { gzip: "true" }, c.io);
    expect(api.requests.map((r) => r.headers["accept-encoding"])).toEqual([
      "gzip,deflate",
      "*",
      "*",
      "gzip,deflate",
    ]);
  });

  it("-z directly before the URL argument leaves the URL as its value: taken as the URL", () => {
    expect(resolveTarget(undefined, { gzip: "https://x.lambda-url.us-east-1.on.aws/a" })).toEqual({
      target: "https://x.lambda-url.us-east-1.on.aws/a",
      gzip: true,
    });
    expect(() => resolveTarget("https://a.run.app/", { gzip: "maybe" })).toThrow(
      /-z\/--gzip takes true or false/,
    );
  });
});

describe("-s, --save-to-file", () => {
  it("saves a 200 body as <api-path-with-dashes>-<ISO time>.json in --save-dir", async () => {
    const save = join(dir, "saved");
    const c = capture();
    expect(
      await runCall(
        `${api.url}/calendar/v3/calendars/primary/events?maxResults=5`,
        { saveToFile: true, saveDir: save },
        c.io,
      ),
    ).toBe(0);
    const files = readdirSync(save);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(
      /^calendar-v3-calendars-primary-events-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\.json$/,
    );
    const saved = readFileSync(join(save, files[0]!), "utf8");
    expect(JSON.parse(saved)).toEqual(EVENTS);
    expect(saved).toContain('\n  "items": [');
    expect(c.err.join("\n")).toContain(`Saved to ${join(save, files[0]!)}`);
  });

  it("saves nothing for a failed call, and nothing without -s", async () => {
    const save = join(dir, "not-saved");
    handler = () => ({ status: 403, headers: { "x-psoxy-error": "BLOCKED_BY_RULES" }, body: "" });
    expect(await runCall(`${api.url}/blocked`, { saveToFile: true, saveDir: save }, capture().io)).toBe(1);
    handler = () => ({ body: EVENTS });
    expect(await runCall(`${api.url}/fine`, { saveDir: save }, capture().io)).toBe(0);
    expect(() => readdirSync(save)).toThrow();
  });

  it("-d: each successful call is saved under its own path", async () => {
    const save = join(dir, "saved-d");
    handler = () => ({ body: { meetings: [{ id: 42 }] } });
    const c = capture();
    expect(await runCall(api.url, { dataSource: "demo", saveToFile: true, saveDir: save }, c.io)).toBe(0);
    const files = readdirSync(save).sort();
    expect(files).toHaveLength(3);
    expect(files[0]).toMatch(/^calendar-v3-calendars-primary-events-/);
    expect(files[1]).toMatch(/^v2-past_meetings-42-participants-/);
    expect(files[2]).toMatch(/^v2-users-me-meetings-/);
  });
});

describe("-m omitted", () => {
  it("POST when the catalog's example call of the path is a POST (also under a base path)", async () => {
    const c = capture();
    await runCall(`${api.url}/2/team/members/list_v2`, {}, c.io);
    await runCall(`${api.url}/psoxy-dropbox-business/2/team/members/list_v2`, {}, c.io);
    await runCall(`${api.url}/calendar/v3/calendars/primary/events`, {}, c.io);
    await runCall(`${api.url}/anything`, { body: '{"a":1}' }, c.io);
    await runCall(`${api.url}/2/team/members/list_v2`, { method: "get" }, c.io);
    expect(api.requests.map((r) => r.method)).toEqual(["POST", "POST", "GET", "POST", "GET"]);
    expect(c.err.join("\n")).toContain("Note: POST, as the dropbox-business example call of this path");
  });
});

describe("--content-type", () => {
  it("sends a non-JSON body with its type; a JSON type still requires JSON", async () => {
    const c = capture();
    await runCall(
      `${api.url}/anything`,
      { body: "a=1&b=2", contentType: "application/x-www-form-urlencoded" },
      c.io,
    );
    await runCall(`${api.url}/anything`, { body: '{"a":1}' }, c.io);
    expect(api.requests.map((r) => [r.headers["content-type"], r.body])).toEqual([
      ["application/x-www-form-urlencoded", "a=1&b=2"],
      ["application/json", '{"a":1}'],
    ]);
    await expect(runCall(`${api.url}/anything`, { body: "a=1" }, c.io)).rejects.toThrow(/--content-type/);
  });
});

describe("--concurrency", () => {
  it("fires the copies at once and reports status, latency and identical responses", async () => {
    let inFlight = 0;
    let most = 0;
    handler = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 150));
      inFlight--;
      return { body: EVENTS };
    };
    const c = capture();
    expect(await runCall(`${api.url}/x`, { concurrency: "3" }, c.io)).toBe(0);
    expect(api.requests).toHaveLength(3);
    expect(most).toBe(3);
    const text = c.out.join("\n");
    expect(text).toContain(`Concurrency test: 3 simultaneous requests to ${api.url}/x`);
    expect(text).toMatch(/✓ Request 1: 200 \(\d+ ms\)/);
    expect(text).toMatch(/Summary: 3 requests, 3 passed, 0 failed; p50 \d+ ms, p95 \d+ ms/);
    expect(text).toContain("No cross-contamination: all 3 successful responses are identical");
  });

  it("caps at 5; differing responses or a failure make the exit status 1", async () => {
    let n = 0;
    handler = () => ({ body: { n: n++ } });
    const c = capture();
    expect(await runCall(`${api.url}/x`, { concurrency: "9" }, c.io)).toBe(1);
    expect(api.requests).toHaveLength(5);
    expect(c.err).toContain("Concurrency capped at 5 (requested 9)");
    expect(c.out.join("\n")).toContain("CROSS-CONTAMINATION DETECTED");

    api.requests.length = 0;
    handler = () => (api.requests.length === 1 ? { status: 502, body: "" } : { body: EVENTS });
    const d = capture();
    expect(await runCall(`${api.url}/x`, { concurrency: "2" }, d.io)).toBe(1);
    expect(d.out.join("\n")).toMatch(/Summary: 2 requests, 1 passed, 1 failed/);
  });

  it("--concurrency 1 is a plain call; with -d or --async it is an error", async () => {
    const c = capture();
    expect(await runCall(`${api.url}/x`, { concurrency: "1" }, c.io)).toBe(0);
    expect(c.out[0]).toMatch(/^Call result: OK - 200/);
    await expect(runCall(api.url, { concurrency: "2", dataSource: "demo" }, c.io)).rejects.toThrow(
      /cannot be combined with -d/,
    );
    await expect(runCall(api.url, { concurrency: "2", async: true }, c.io)).rejects.toThrow(
      /cannot be combined with --async/,
    );
  });
});

describe("webhook-collector options", () => {
  it.each([
    [{ signingKey: "aws-kms:arn:aws:kms:us-east-1:1:key/k" }, "--signing-key"],
    [{ identityIssuer: "iss", identitySubject: "sub" }, "--identity-issuer, --identity-subject"],
    [{ verifyCollection: "bucket" }, "--verify-collection"],
    [{ schedulerJob: "job" }, "--scheduler-job"],
  ])("%o is refused before any call", async (options, flags) => {
    const error = await runCall(`${api.url}/x`, options, capture().io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TestToolError);
    expect((error as Error).message).toContain(`${flags}: not supported`);
    expect((error as Error).message).toContain("this proxy has no webhook-collector mode");
    expect(api.requests).toHaveLength(0);
  });
});

describe("500 / 502", () => {
  it("GCP behind a host that does not tell the service: points at psoxy test logs", async () => {
    handler = () => ({ status: 500, body: { error: "boom" } });
    const c = capture();
    expect(await runCall(`${api.url}/psoxy-gcal/x`, { force: "gcp", token: "tok" }, c.io)).toBe(1);
    expect(api.requests[0]!.headers.authorization).toBe("Bearer tok");
    expect(c.err.join("\n")).toContain(
      "internal error in the proxy; see its logs: psoxy test logs -p <project> -f <function name>",
    );
  });

  it("AWS: the CloudWatch console of the region", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDLOCAL";
    process.env.AWS_SECRET_ACCESS_KEY = "secret";
    handler = () => ({ status: 502, body: "" });
    const c = capture();
    expect(await runCall(`${api.url}/x`, { force: "aws", region: "eu-west-2" }, c.io)).toBe(1);
    expect(c.err.join("\n")).toContain(
      "see its logs: https://eu-west-2.console.aws.amazon.com/cloudwatch/home?region=eu-west-2",
    );
  });
});

describe("STS AccessDenied", () => {
  it("names the ARNs and says what to check", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDLOCAL";
    process.env.AWS_SECRET_ACCESS_KEY = "secret";
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
    process.env.AWS_CONFIG_FILE = "/nonexistent/config";
    const sts = await startLoopbackServer(() => ({
      status: 403,
      headers: { "content-type": "text/xml" },
      body:
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
        "<Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/dev is not authorized to " +
        "perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/psoxyCaller</Message></Error>" +
        "<RequestId>r-1</RequestId></ErrorResponse>",
    }));
    try {
      const error = await runCall(
        `${api.url}/x`,
        { force: "aws", role: "arn:aws:iam::123456789012:role/psoxyCaller", stsEndpoint: sts.url },
        capture().io,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TestToolError);
      const message = (error as Error).message;
      expect(message).toContain(
        "AWS AccessDenied: User: arn:aws:iam::123456789012:user/dev is not authorized",
      );
      expect(message).toContain(
        "ARNs involved: arn:aws:iam::123456789012:user/dev, arn:aws:iam::123456789012:role/psoxyCaller",
      );
      expect(message).toContain("caller_aws_arns");
      expect(api.requests).toHaveLength(0);
    } finally {
      await sts.close();
    }
  });
});
