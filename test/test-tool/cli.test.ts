/**
 * `psoxy test` through the command line parser, in-process: every option of every subcommand is listed
 * in --help with an explanation, the options of the reference tool (infra spec 11.1, 11.7, 11.8, 11.9)
 * and every flag the generated TODO files / test scripts of infra/modules use exist, and the parsing of
 * -u, -z [bool], --no-gzip, --project-id and the refused webhook-collector options.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { type LoopbackServer, startLoopbackServer } from "../../src/config/test-servers/loopback.js";

let api: LoopbackServer;

beforeAll(async () => {
  api = await startLoopbackServer((req) =>
    req.url.startsWith("/v2/entries:list") ? { body: { entries: [] } } : { body: { ok: true } },
  );
});

afterAll(async () => {
  await api?.close();
});

afterEach(() => {
  process.exitCode = undefined;
  api.requests.length = 0;
});

async function psoxy(...args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  let out = "";
  let err = "";
  const text = (chunk: string | Uint8Array) =>
    typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => {
    out += text(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => {
    err += text(c);
    return true;
  });
  try {
    await buildProgram()
      .exitOverride()
      .parseAsync(["node", "psoxy", ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = process.exitCode === undefined ? undefined : Number(process.exitCode);
  return { out, err, code };
}

function subcommand(name: string): Command {
  const test = buildProgram().commands.find((c) => c.name() === "test")!;
  return test.commands.find((c) => c.name() === name)!;
}

const SUBCOMMANDS = ["call", "bulk", "logs", "zoom-meeting-summary"];

/** The flags a subcommand accepts, short and long, plus --help. */
function flagsOf(name: string): Set<string> {
  const flags = new Set(["-h", "--help"]);
  for (const o of subcommand(name).options) {
    if (o.short) flags.add(o.short);
    if (o.long) flags.add(o.long);
  }
  return flags;
}

describe("--help", () => {
  it.each(SUBCOMMANDS)("%s lists every option with a one-line explanation", (name) => {
    const command = subcommand(name);
    const help = command.helpInformation();
    expect(command.options.length).toBeGreaterThan(5);
    for (const option of command.options) {
      expect(option.description, option.flags).toMatch(/\w{3}/);
      expect(option.description, option.flags).not.toContain("\n");
      expect(help, option.flags).toContain(option.flags);
      expect(option.hidden, option.flags).toBe(false);
    }
  });

  it("the reference tool's options exist with their short flags", () => {
    const expected: Record<string, string[]> = {
      call: [
        "-u",
        "--url",
        "-f",
        "--force",
        "-r",
        "--role",
        "--region",
        "-t",
        "--token",
        "-i",
        "--impersonate",
        "-s",
        "--save-to-file",
        "--skip",
        "-z",
        "--gzip",
        "-v",
        "--verbose",
        "--health-check",
        "-m",
        "--method",
        "-b",
        "--body",
        "-H",
        "--header",
        "--request-no-response",
        "--async",
        "-d",
        "--data-source",
        "--concurrency",
        "--allow-insecure-tls",
        "--cacert",
        "--signing-key",
        "--identity-issuer",
        "--identity-subject",
        "--verify-collection",
        "--scheduler-job",
      ],
      bulk: [
        "-d",
        "--deploy",
        "-i",
        "--input",
        "-o",
        "--output",
        "-f",
        "--file",
        "-r",
        "--role",
        "--write-role-to-assume",
        "--upload-role-to-assume",
        "--region",
        "-s",
        "--save-sanitized-file",
        "-k",
        "--keep-sanitized-file",
        "-v",
        "--verbose",
      ],
      logs: [
        "-l",
        "--log-group-name",
        "-r",
        "--role",
        "--region",
        "-p",
        "--project-id",
        "-f",
        "--function-name",
        "-v",
        "--verbose",
      ],
      "zoom-meeting-summary": [
        "-u",
        "--url",
        "-f",
        "--force",
        "-t",
        "--token",
        "-r",
        "--role",
        "--region",
        "--allow-insecure-tls",
        "--cacert",
        "--lookback-days",
        "--page-size",
        "--max-users",
        "-v",
        "--verbose",
        "-z",
        "--gzip",
      ],
    };
    for (const [name, flags] of Object.entries(expected)) {
      const have = flagsOf(name);
      expect(
        flags.filter((f) => !have.has(f)),
        name,
      ).toEqual([]);
    }
    expect(subcommand("zoom-meeting-summary").aliases()).toContain("find-zoom-meeting-summary");
  });

  it("every flag the generated TODO files and test scripts use exists", () => {
    const modules = resolve("infra/modules");
    const seen: string[] = [];
    for (const m of readdirSync(modules)) {
      // main.tf builds the commands (`${var.test_tool_command} call|bulk|logs …`, call flag locals), the
      // .tftpl templates of the TODOs and scripts add to them (`${call_command} …`, the scripts'
      // CALL_ARGS, the -H flags made of the example calls' headers)
      let files: string[];
      try {
        files = readdirSync(join(modules, m)).filter((f) => f === "main.tf" || f.endsWith(".tftpl"));
      } catch {
        continue;
      }
      for (const file of files) {
        const text = readFileSync(join(modules, m, file), "utf8");
        for (const line of text.split("\n")) {
          const used =
            /test_tool_command\}\s+(call|bulk|logs)\b(.*)$/.exec(line) ??
            /\$\{(call|bulk|logs)_command\}(.*)$/.exec(line);
          const local = /^\s*(call_flags|role_flag)\s*=(.*)$/.exec(line);
          const args = /\bCALL_ARGS\+?=\((.*)\)/.exec(line);
          const headers = /\bfor h in .*("-H '.*)$/.exec(line);
          const sub = used?.[1] ?? (local || args || headers ? "call" : undefined);
          const rest = used?.[2] ?? local?.[2] ?? args?.[1] ?? headers?.[1];
          if (!sub || rest === undefined) continue;
          const have = flagsOf(sub);
          for (const [, flag] of rest.matchAll(/(?:^|[\s"(])(--?[a-zA-Z][\w-]*)/g)) {
            seen.push(`${sub} ${flag}`);
            expect(have.has(flag!), `${m}/${file}: psoxy test ${sub} ${flag}`).toBe(true);
          }
        }
      }
    }
    // the scan found the scripts' flags (a template change that hides them would make this test vacuous)
    for (const f of [
      "call --health-check",
      "call -m",
      "call -b",
      "call -H",
      "call --async",
      "call -r",
      "call -f",
      "call --allow-insecure-tls",
      "bulk -d",
      "bulk -f",
      "bulk -i",
      "bulk -o",
      "bulk --region",
      "bulk --project",
      "logs -l",
      "logs --region",
      "logs -p",
      "logs -f",
    ])
      expect(seen).toContain(f);
  });
});

describe("parsing", () => {
  it("-u and -z false", async () => {
    const r = await psoxy("test", "call", "-z", "false", "-u", `${api.url}/a`);
    expect(r.code, r.err).toBe(0);
    expect(api.requests[0]!.headers["accept-encoding"]).toBe("*");
  });

  it("-z right before the URL argument, and --no-gzip", async () => {
    expect((await psoxy("test", "call", "-z", `${api.url}/b`)).code).toBe(0);
    expect((await psoxy("test", "call", "--no-gzip", `${api.url}/c`)).code).toBe(0);
    expect(api.requests.map((r) => [r.url, r.headers["accept-encoding"]])).toEqual([
      ["/b", "gzip,deflate"],
      ["/c", "*"],
    ]);
  });

  it("a webhook-collector option is refused with exit status 1", async () => {
    const r = await psoxy("test", "call", `${api.url}/d`, "--verify-collection", "bucket");
    expect(r.code).toBe(1);
    expect(r.err).toContain("psoxy test: --verify-collection: not supported");
    expect(api.requests).toHaveLength(0);
  });

  it("logs --project-id is -p", async () => {
    const r = await psoxy(
      "test",
      "logs",
      "--project-id",
      "acme",
      "-f",
      "psoxy-zoom",
      "--endpoint",
      api.url,
      "-t",
      "x",
    );
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(api.requests[0]!.body).resourceNames).toEqual(["projects/acme"]);
  });

  it("the find-zoom-meeting-summary alias runs the search", async () => {
    const r = await psoxy("test", "find-zoom-meeting-summary", "-u", api.url, "--max-users", "1");
    // the stand-in answers {ok: true} everywhere: no users, nothing found
    expect(r.code).toBe(1);
    expect(r.err).toContain("Checking 0 user(s)");
  });
});
