// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the expected values are Terraform / bash interpolations
/**
 * The generated test scripts and TODO files of infra spec 8 (`test-<id>.sh`, `TODO <n> - test <id>.md`),
 * rendered from the templates of aws-proxy-api / gcp-proxy-api (API connectors) and aws-proxy-bulk /
 * gcp-proxy-bulk (bulk connectors).
 *
 * Static checks always run: the templates get exactly the variables they read, the script takes
 * METHOD, API_PATH, CONTENT_TYPE, BODY and HEADER_FLAGS, runs the health check first, the `--async` call
 * only when async is on, lists the example calls, and the TODO has its sections in the spec's order.
 *
 * With a `terraform` binary on the PATH the templates are also rendered (`templatefile`, no provider
 * needed) and the scripts and the TODOs' shell blocks run, with a stand-in for `psoxy test` that records
 * its arguments: the calls made, their order, the flags (which must exist in `psoxy test`), the exit
 * status, every catalogue connector's example calls, and one run against a local server with the real CLI.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECTORS_JSON } from "../../infra/scripts/export-connectors.js";
import { buildProgram } from "../../src/cli/main.js";
import { type LoopbackServer, startLoopbackServer } from "../../src/config/test-servers/loopback.js";
import { codeOf, type Hcl, INFRA, REPO } from "./hcl.js";
import { guarded, templateVariables } from "./templates.js";

const API_MODULES = ["aws-proxy-api", "gcp-proxy-api"];
const BULK_MODULES = ["aws-proxy-bulk", "gcp-proxy-bulk"];

const template = (mod: string, name: string) => readFileSync(join(INFRA, "modules", mod, name), "utf8");
const mainTf = (mod: string) => codeOf(readFileSync(join(INFRA, "modules", mod, "main.tf"), "utf8"));

// --- reading templates -------------------------------------------------------------------------------

/** The variables a module passes to `templatefile("${path.module}/<file>", { … })`. */
function templatefileArguments(mod: string, file: string): Set<string> {
  const code = mainTf(mod);
  const start = code.indexOf(`templatefile("\${path.module}/${file}", {`);
  expect(start, `${mod}/main.tf renders ${file}`).toBeGreaterThan(0);
  const end = code.indexOf("\n  })", start);
  const body = code.slice(start, end).split("\n").slice(1);
  const indent = /^\s*/.exec(body[0]!)![0];
  const key = new RegExp(`^${indent}(\\w+)\\s*=`);
  return new Set(body.flatMap((l) => key.exec(l)?.[1] ?? []));
}

/** The lines of a template (or rendered file) between a heading and the next one. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  expect(start, `no "${heading}"`).toBeGreaterThan(0);
  const next = text.indexOf("\n## ", start + 1);
  return text.slice(start, next < 0 ? undefined : next);
}

describe("test scripts and TODOs: the templates (spec 8)", () => {
  it("AWS and GCP render the same templates", () => {
    for (const name of ["test_script.tftpl", "test_todo.tftpl"]) {
      expect(template("gcp-proxy-api", name), name).toBe(template("aws-proxy-api", name));
      expect(template("gcp-proxy-bulk", name), name).toBe(template("aws-proxy-bulk", name));
    }
  });

  it("each module passes its templates exactly the variables they read", () => {
    for (const mod of [...API_MODULES, ...BULK_MODULES])
      for (const file of ["test_script.tftpl", "test_todo.tftpl"]) {
        const read = [...templateVariables(template(mod, file))].sort();
        expect(read.length, `${mod}/${file}`).toBeGreaterThan(3);
        expect([...templatefileArguments(mod, file)].sort(), `${mod}/${file}`).toEqual(read);
      }
  });

  it("the variable reader sees variables in nested strings, and not loop variables, keys or functions", () => {
    expect(
      [
        ...templateVariables(
          '$${x} %%{y} ${a} %{ for r in bs ~}${r.c}"${replace(d, "\'", "${e}")}"%{ endfor }${ {k = f} }${length(g)}',
        ),
      ].sort(),
    ).toEqual(["a", "bs", "d", "e", "f", "g"]);
  });

  it("API script: METHOD, API_PATH, CONTENT_TYPE, BODY, HEADER_FLAGS, passed as -m, -b and flags", () => {
    const t = template("aws-proxy-api", "test_script.tftpl");
    expect(t).toContain("# Usage: ./${script_name} [METHOD] [API_PATH] [CONTENT_TYPE] [BODY] [HEADER_FLAGS]");
    // positional: $1 .. $5, API_PATH given: GET and no body; not given: the default (example) call
    expect(t).toMatch(/if \[ -n "\$\$\{2:-\}" \]; then\n\s+METHOD=\$\$\{1:-GET\}\n\s+API_PATH=\$2\n/);
    expect(t).toContain("CONTENT_TYPE=$${3:-}\n  BODY=$${4:-}\nelse");
    expect(t).toContain("METHOD=$${1:-$DEFAULT_METHOD}\n  API_PATH=$DEFAULT_API_PATH");
    expect(t).toContain("CONTENT_TYPE=$${3:-$DEFAULT_CONTENT_TYPE}\n  BODY=$${4:-$DEFAULT_BODY}\nfi");
    expect(t).toContain("HEADER_FLAGS=$${5-$DEFAULT_HEADER_FLAGS}");
    // the default call: the first example GET call, else the first example call, else GET /
    expect(t).toContain(
      '%{ for d in [try(concat([for r in examples : r if r.method == "GET"], examples)[0], { method = "GET", path = "/"',
    );
    expect(t).toContain('CALL_ARGS=(-m "$METHOD")');
    expect(t).toContain('CALL_ARGS+=(-b "$BODY")');
    expect(t).toContain('eval "CALL_ARGS+=($HEADER_FLAGS)"');
    // a body of another type goes with --content-type (JSON is the tool's default)
    expect(t).toContain('*) if [ -n "$BODY" ]; then CALL_ARGS+=(--content-type "$CONTENT_TYPE"); fi ;;');
  });

  it("API script: health check first, then the call, then --async only when async is on; exit = sum", () => {
    const t = template("aws-proxy-api", "test_script.tftpl");
    const lines = t.split("\n");
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const health = at(/^\$\{call_command\} --health-check "\$ENDPOINT"$/);
    const call = at(/^\$\{call_command\} "\$\$\{CALL_ARGS\[@\]\}" "\$ENDPOINT\$API_PATH"$/);
    const asyncCall = at(/^\$\{call_command\} --async "\$\$\{CALL_ARGS\[@\]\}" "\$ENDPOINT\$API_PATH"$/);
    expect(health).toBeGreaterThan(0);
    expect(call).toBeGreaterThan(health);
    expect(asyncCall).toBeGreaterThan(call);
    // nothing calls the tool before the health check
    expect(lines.slice(0, health).filter((l) => l.includes("${call_command}"))).toEqual([]);
    const g = guarded(t, "async");
    expect(g.inside).toContain("--async");
    expect(g.outside).not.toContain("--async");
    expect(t).toContain("%{ else ~}\nASYNC_CALL_RC=0\n%{ endif ~}");
    expect(t.trimEnd().split("\n").at(-1)).toBe("exit $((HEALTH_CHECK_RC + CALL_RC + ASYNC_CALL_RC))");
  });

  it("API script and TODO list every example call as arguments of the script", () => {
    const invocation =
      './${script_name} ${r.method} \'${replace(r.path, "\'", "\'\\\\\'\'")}\'%{ if r.content_type != "" || r.body != "" || flags != d }';
    for (const name of ["test_script.tftpl", "test_todo.tftpl"]) {
      const t = template("aws-proxy-api", name);
      const loop = t.indexOf("%{ for r in examples ~}", t.indexOf("%{ for d in [join("));
      expect(loop, name).toBeGreaterThan(0);
      expect(t.slice(loop), name).toContain(invocation);
    }
    // the script prints them (quoted heredoc: nothing expanded) after the calls
    const t = template("aws-proxy-api", "test_script.tftpl");
    expect(t.indexOf("cat <<'EXAMPLES'")).toBeGreaterThan(t.indexOf("--health-check"));
    expect(t.indexOf("cat <<'EXAMPLES'")).toBeLessThan(t.indexOf(invocation));
  });

  it("API TODO: build, health check, example calls, --async ones when on, script, logs, console links", () => {
    const t = template("aws-proxy-api", "test_todo.tftpl");
    expect(t).toContain("`npm ci && npm run build`");
    const order = [
      "## Health check",
      "## Example calls",
      "## Async calls",
      "## Test script",
      "## Logs",
      "## Console",
    ].map((h) => t.indexOf(`\n${h}\n`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(section(t, "## Health check")).toContain("${call_command} --health-check '${replace(endpoint,");
    expect(section(t, "## Example calls")).toMatch(
      /%\{ for r in examples ~\}\n\$\{call_command\}%\{ if r\.method != "GET" \} -m \$\{r\.method\}%\{ endif \}%\{ if r\.body != "" \} -b '/,
    );
    expect(section(t, "## Example calls")).toContain("%{ for h in r.headers } -H '");
    const g = guarded(t, "async");
    expect(g.inside).toContain("## Async calls");
    expect(g.inside).toContain("${call_command} --async");
    expect(g.outside).not.toContain("${call_command} --async");
    expect(section(t, "## Logs")).toContain("${logs_command}");
    expect(section(t, "## Console")).toContain("%{ for l in console_links ~}\n- [${l.title}](${l.url})\n");
  });

  it("bulk script: comma-separated FILES (default: the example files), psoxy test bulk -f each, exit = sum", () => {
    const t = template("aws-proxy-bulk", "test_script.tftpl");
    expect(t).toContain("# Usage: ./${script_name} [FILES]");
    expect(t).toContain('DEFAULT_FILES=\'${replace(join(",", example_files),');
    expect(t).toContain("FILES=$${1:-$DEFAULT_FILES}");
    expect(t).toContain(`IFS=',' read -r -a FILE_LIST <<< "$FILES"`);
    expect(t).toMatch(
      /for FILE in "\$\$\{FILE_LIST\[@\]\}"; do\n.*\n\s+\$\{bulk_command\} -f "\$FILE"\n\s+RC=\$\(\(RC \+ \$\?\)\)\ndone\nexit \$RC\n$/,
    );
  });

  it("bulk TODO: build, psoxy test bulk per example file, script, by hand, logs, console links", () => {
    const t = template("aws-proxy-bulk", "test_todo.tftpl");
    expect(t).toContain("`npm ci && npm run build`");
    const up = section(t, "## Upload a file and compare its sanitized copy");
    expect(up).toContain("%{ for f in example_files ~}\n${bulk_command} -f '${replace(f,");
    expect(section(t, "## Test script")).toContain("./${script_name}");
    expect(section(t, "## By hand")).toContain("%{ for c in manual_commands ~}");
    expect(section(t, "## Logs")).toContain("${logs_command}");
    expect(section(t, "## Console")).toContain("- [${l.title}](${l.url})");
  });

  it("the modules' commands: caller role / platform flags, logs and bulk with region or project", () => {
    const aws = mainTf("aws-proxy-api");
    expect(aws).toContain('call_command = "${var.test_tool_command} call${local.role_flag}"');
    expect(aws).toContain(
      'logs_command = "${var.test_tool_command} logs${local.role_flag} --region ${local.region} -l \\"${module.lambda.log_group}\\""',
    );
    expect(aws).toContain('region    = split(":", module.lambda.function_arn)[3]');
    const gcp = mainTf("gcp-proxy-api");
    expect(gcp).toContain('call_command = "${var.test_tool_command} call${local.call_flags}"');
    expect(gcp).toContain('" -f gcp --allow-insecure-tls" : " -f gcp"');
    expect(mainTf("aws-proxy-bulk")).toContain(
      'bulk_command = "${var.test_tool_command} bulk -d AWS --region ${local.region} -i \\"${aws_s3_bucket.input.bucket}\\" -o \\"${aws_s3_bucket.sanitized.bucket}\\""',
    );
    expect(mainTf("gcp-proxy-bulk")).toContain(
      'bulk_command = "${var.test_tool_command} bulk -d GCP --project \\"${var.project_id}\\" -i',
    );
    for (const mod of API_MODULES) {
      // example_api_requests, plus the example_api_calls GET paths they do not have
      expect(mainTf(mod), mod).toContain(
        'for p in var.example_api_calls : { method = "GET", path = p, content_type = "", body = "", headers = [] }',
      );
      expect(mainTf(mod), mod).toContain("async             = var.enable_async_processing");
    }
  });
});

// --- rendering and running (needs terraform) ---------------------------------------------------------

const hasTerraform = (() => {
  try {
    execFileSync("terraform", ["version"], {
      stdio: "ignore",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    return true;
  } catch {
    return false;
  }
})();

interface Example {
  method: string;
  path: string;
  content_type: string;
  body: string;
  headers: string[];
}

interface Job {
  template: string;
  vars: Record<string, unknown>;
}

/** Renders templates with `templatefile`, all in one provider-less `terraform apply`. */
function render(jobs: Record<string, Job>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "psoxy-tftpl-"));
  try {
    writeFileSync(
      join(dir, "main.tf"),
      'variable "jobs" {\n  type = any\n}\n\noutput "rendered" {\n  value = { for k, j in var.jobs : k => templatefile(j.template, j.vars) }\n}\n',
    );
    writeFileSync(join(dir, "terraform.tfvars.json"), JSON.stringify({ jobs }));
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    const run = (...args: string[]) =>
      execFileSync("terraform", args, { cwd: dir, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    run("apply", "-auto-approve", "-input=false", "-no-color");
    return JSON.parse(run("output", "-json", "rendered"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A stand-in for `psoxy test`: records its arguments (\x1f-separated, \x1e-terminated), exits $FAKE_RC. */
const FAKE_TOOL =
  '#!/bin/bash\nprintf \'%s\\x1f\' "$@" >> "$FAKE_LOG"\nprintf \'\\x1e\' >> "$FAKE_LOG"\nexit "${FAKE_RC:-0}"\n';

const ROLE = "arn:aws:iam::123456789012:role/psoxy-caller";
const ENDPOINT = "https://abcdef.lambda-url.us-east-1.on.aws";

interface Run {
  code: number;
  out: string;
  err: string;
  calls: string[][];
}

class Workdir {
  readonly dir = mkdtempSync(join(tmpdir(), "psoxy-test-scripts-"));
  readonly tool = join(this.dir, "fake-psoxy");
  private n = 0;

  constructor() {
    writeFileSync(this.tool, FAKE_TOOL);
    chmodSync(this.tool, 0o755);
  }

  write(name: string, content: string, mode = 0o644): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    chmodSync(path, mode);
    return path;
  }

  /** Runs a bash command line in the directory, with the stand-in's log. */
  bash(command: string, env: Record<string, string> = {}): Run {
    const log = join(this.dir, `calls-${this.n++}.log`);
    writeFileSync(log, "");
    const r = spawnSync("bash", ["-c", command], {
      cwd: this.dir,
      env: { ...process.env, ...env, FAKE_LOG: log },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const [code, out, err] = [r.status ?? -1, r.stdout, r.stderr];
    const calls = readFileSync(log, "utf8")
      .split("\x1e")
      .filter((r) => r !== "")
      .map((r) => r.split("\x1f").slice(0, -1));
    return { code, out, err, calls };
  }

  close() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `psoxy test <sub>` flags, short and long. */
function cliFlags(sub: string): Set<string> {
  const test = buildProgram().commands.find((c) => c.name() === "test")!;
  const command = test.commands.find((c) => c.name() === sub)!;
  const flags = new Set<string>();
  for (const o of command.options) {
    if (o.short) flags.add(o.short);
    if (o.long) flags.add(o.long);
  }
  return flags;
}

/** Every flag of the recorded `psoxy test` calls exists in the CLI. */
function expectKnownFlags(calls: string[][]) {
  const known: Record<string, Set<string>> = {};
  for (const [sub, ...args] of calls) {
    known[sub!] ??= cliFlags(sub!);
    for (const a of args)
      if (/^--?[a-zA-Z]/.test(a)) expect(known[sub!]!.has(a), `psoxy test ${sub} ${a}`).toBe(true);
  }
}

/** The arguments `psoxy test call` gets for an example call (after the caller flags). */
function expectedCall(e: Example, extra: string[] = []): string[] {
  return [
    ...extra,
    "-m",
    e.method,
    ...(e.body ? ["-b", e.body] : []),
    ...e.headers.flatMap((h) => ["-H", h]),
    ENDPOINT + e.path,
  ];
}

/** The example calls the API modules hand to the templates (main.tf `example_requests`). */
function moduleExamples(requests: Example[], calls: string[]): Example[] {
  const gets = requests.filter((r) => r.method.toUpperCase() === "GET").map((r) => r.path);
  return [
    ...requests.map((r) => ({ ...r, method: r.method.toUpperCase() })),
    ...calls
      .filter((p) => !gets.includes(p))
      .map((path) => ({ method: "GET", path, content_type: "", body: "", headers: [] })),
  ];
}

/** The default call of the script: the first GET example, else the first example, else GET /. */
function defaultExample(examples: Example[]): Example {
  return (
    examples.find((e) => e.method === "GET") ??
    examples[0] ?? { method: "GET", path: "/", content_type: "", body: "", headers: [] }
  );
}

/** The script's list of example invocations (the lines after "Example calls of"). */
function printedInvocations(out: string, script: string): string[] {
  const list = out.slice(out.indexOf("Example calls of"));
  return list
    .split("\n")
    .filter((l) => l.startsWith(`  ./${script} `))
    .map((l) => l.trim());
}

/** The ```shell blocks of a markdown section, as lists of lines. */
function shellLines(markdown: string, heading: string): string[] {
  const s = section(markdown, heading);
  return [...s.matchAll(/```shell\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1]!.split("\n").filter((l) => l !== ""),
  );
}

const FIXTURE: Example[] = [
  { method: "POST", path: "/p/list", content_type: "application/json", body: `{"q":"it's"}`, headers: [] },
  {
    method: "GET",
    path: "/v1/x?$filter=a eq 'b'&n=1",
    content_type: "",
    body: "",
    headers: ["anthropic-version: 2023-06-01"],
  },
  { method: "GET", path: "/v1/y/{ID}/<setting>", content_type: "", body: "", headers: [] },
];

describe.skipIf(!hasTerraform)("test scripts and TODOs: rendered and run (spec 8)", () => {
  const work = new Workdir();
  const catalog = JSON.parse(readFileSync(CONNECTORS_JSON, "utf8")) as Record<string, Hcl>;
  const apiConnectors = Object.values(catalog).filter((c) => c.mode === "api");
  const call = `${work.tool} call -r "${ROLE}"`;
  const apiTemplate = (name: string) => join(INFRA, "modules", "aws-proxy-api", name);
  const bulkTemplate = (name: string) => join(INFRA, "modules", "gcp-proxy-bulk", name);
  const scriptVars = (examples: Example[], async: boolean, callCommand = call, endpoint = ENDPOINT) => ({
    function_name: "psoxy-fixture",
    script_name: "test-fixture.sh",
    call_command: callCommand,
    endpoint,
    examples,
    async,
  });
  const todoVars = (examples: Example[], async: boolean) => ({
    ...scriptVars(examples, async),
    test_tool_command: `${work.tool}`,
    auth_note: "Run with credentials.",
    async_output: async ? "s3://psoxy-fixture-async-output" : "-",
    logs_command: `${work.tool} logs -r "${ROLE}" --region us-east-1 -l "/aws/lambda/psoxy-fixture"`,
    console_links: [{ title: "Lambda function psoxy-fixture", url: "https://console.example/fn" }],
  });
  const bulkVars = (files: string[]) => ({
    function_name: "psoxy-hris",
    script_name: "test-hris.sh",
    bulk_command: `${work.tool} bulk -d GCP --project "acme" -i "acme-hris-input" -o "acme-hris-sanitized"`,
    example_files: files,
    input_bucket: "acme-hris-input",
    output_bucket: "acme-hris-sanitized",
    test_tool_command: `${work.tool}`,
    auth_note: "",
    manual_commands: ["gsutil cp <file> gs://acme-hris-input/"],
    logs_command: `${work.tool} logs -p "acme" -f "psoxy-hris"`,
    console_links: [{ title: "Bucket", url: "https://console.example/b" }],
  });

  let rendered: Record<string, string>;
  let server: LoopbackServer;
  const cli = join(REPO, "dist", "psoxy.js");

  beforeAll(async () => {
    const jobs: Record<string, Job> = {
      "script-async": { template: apiTemplate("test_script.tftpl"), vars: scriptVars(FIXTURE, true) },
      "script-sync": { template: apiTemplate("test_script.tftpl"), vars: scriptVars(FIXTURE, false) },
      "script-post-only": {
        template: apiTemplate("test_script.tftpl"),
        vars: scriptVars([FIXTURE[0]!], false),
      },
      "script-none": { template: apiTemplate("test_script.tftpl"), vars: scriptVars([], false) },
      "todo-async": { template: apiTemplate("test_todo.tftpl"), vars: todoVars(FIXTURE, true) },
      "todo-sync": { template: apiTemplate("test_todo.tftpl"), vars: todoVars(FIXTURE, false) },
      "todo-none": { template: apiTemplate("test_todo.tftpl"), vars: todoVars([], true) },
      "bulk-script": { template: bulkTemplate("test_script.tftpl"), vars: bulkVars(["a b.csv", "it's.csv"]) },
      "bulk-script-none": { template: bulkTemplate("test_script.tftpl"), vars: bulkVars([]) },
      "bulk-todo": { template: bulkTemplate("test_todo.tftpl"), vars: bulkVars(["a b.csv", "it's.csv"]) },
      "script-cli": {
        template: apiTemplate("test_script.tftpl"),
        vars: scriptVars(FIXTURE.slice(0, 2), true, `node "${cli}" test call`, "http://127.0.0.1:@PORT@"),
      },
    };
    for (const c of apiConnectors)
      jobs[`catalog-${c.id}`] = {
        template: apiTemplate("test_script.tftpl"),
        vars: scriptVars(
          moduleExamples(c.example_api_requests, c.example_api_calls),
          c.enable_async_processing,
        ),
      };
    rendered = render(jobs);
    server = await startLoopbackServer(() => ({ body: { ok: true } }));
  }, 60_000);

  afterAll(async () => {
    work.close();
    await server?.close();
  });

  it("the scripts are valid bash", () => {
    for (const [k, text] of Object.entries(rendered))
      if (!k.includes("todo")) {
        const path = work.write(`syntax-${k}.sh`, text);
        expect(work.bash(`bash -n '${path}'`).code, k).toBe(0);
      }
  });

  it("no arguments: health check, the first example GET call with its headers, then --async", () => {
    const script = work.write("test-fixture.sh", rendered["script-async"]!, 0o755);
    const r = work.bash(`'${script}'`);
    expect(r.code, r.err).toBe(0);
    const caller = ["call", "-r", ROLE];
    expect(r.calls).toEqual([
      [...caller, "--health-check", ENDPOINT],
      [...caller, ...expectedCall(FIXTURE[1]!)],
      [...caller, ...expectedCall(FIXTURE[1]!, ["--async"])],
    ]);
    expectKnownFlags(r.calls);
  });

  it("each listed example invocation makes that example call (script list and TODO list)", () => {
    for (const [script, todo] of [
      ["script-async", "todo-async"],
      ["script-sync", "todo-sync"],
    ] as const) {
      work.write("test-fixture.sh", rendered[script]!, 0o755);
      const listed = printedInvocations(work.bash("./test-fixture.sh").out, "test-fixture.sh");
      expect(listed, script).toHaveLength(FIXTURE.length);
      const inTodo = shellLines(rendered[todo]!, "## Test script").filter((l) => l !== "./test-fixture.sh");
      expect(inTodo, todo).toEqual(listed);
      listed.forEach((line, i) => {
        const r = work.bash(line);
        expect(r.code, `${line}\n${r.err}`).toBe(0);
        expect(r.calls[1]!.slice(3), line).toEqual(expectedCall(FIXTURE[i]!));
        expect(r.calls.length, line).toBe(script === "script-async" ? 3 : 2);
      });
    }
  });

  it("arguments: API_PATH given means GET and no body; '' HEADER_FLAGS drops the default headers", () => {
    work.write("test-fixture.sh", rendered["script-async"]!, 0o755);
    const header = ["-H", "anthropic-version: 2023-06-01"];
    const cases: [string, string[]][] = [
      ["./test-fixture.sh GET /v1/z", ["-m", "GET", ...header, `${ENDPOINT}/v1/z`]],
      ["./test-fixture.sh '' /v1/z", ["-m", "GET", ...header, `${ENDPOINT}/v1/z`]],
      ["./test-fixture.sh GET /v1/z '' '' ''", ["-m", "GET", `${ENDPOINT}/v1/z`]],
      [
        `./test-fixture.sh POST /v1/z application/json '{"a":1}' "-H 'x-a: 1' -H \\"x-b: 2\\""`,
        ["-m", "POST", "-b", '{"a":1}', "-H", "x-a: 1", "-H", "x-b: 2", `${ENDPOINT}/v1/z`],
      ],
      ["./test-fixture.sh DELETE", ["-m", "DELETE", ...header, ENDPOINT + FIXTURE[1]!.path]],
    ];
    for (const [line, args] of cases) {
      const r = work.bash(line);
      expect(r.code, line).toBe(0);
      expect(r.calls[1], line).toEqual(["call", "-r", ROLE, ...args]);
      expect(r.calls[2], line).toEqual(["call", "-r", ROLE, "--async", ...args]);
    }
    // another content type: passed with --content-type
    const csv = work.bash("./test-fixture.sh POST /v1/z text/csv 'a,b'");
    expect(csv.calls[1], "text/csv").toEqual([
      "call",
      "-r",
      ROLE,
      "-m",
      "POST",
      "-b",
      "a,b",
      "--content-type",
      "text/csv",
      ...header,
      `${ENDPOINT}/v1/z`,
    ]);
    // HEADER_FLAGS that are not shell words: nothing called
    const bad = work.bash(`./test-fixture.sh GET /v1/z '' '' "-H 'x: 1"`);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("HEADER_FLAGS is not a list of shell words");
    expect(bad.calls).toEqual([]);
  });

  it("exit status: the sum of those of the calls; async off: no --async call", () => {
    work.write("test-fixture.sh", rendered["script-async"]!, 0o755);
    expect(work.bash("./test-fixture.sh", { FAKE_RC: "1" }).code).toBe(3);
    work.write("test-fixture.sh", rendered["script-sync"]!, 0o755);
    const r = work.bash("./test-fixture.sh", { FAKE_RC: "1" });
    expect(r.code).toBe(2);
    expect(r.calls).toHaveLength(2);
    expect(rendered["script-sync"]).not.toContain("--async");
    expect(rendered["todo-sync"]).not.toContain("--async");
    expect(rendered["todo-sync"]).not.toContain("## Async calls");
  });

  it("no GET example: the first example call, with its method and body; no example: GET /", () => {
    work.write("test-fixture.sh", rendered["script-post-only"]!, 0o755);
    const r = work.bash("./test-fixture.sh");
    expect(r.calls[1]!.slice(3)).toEqual(expectedCall(FIXTURE[0]!));
    work.write("test-fixture.sh", rendered["script-none"]!, 0o755);
    const none = work.bash("./test-fixture.sh");
    expect(none.calls[1]!.slice(3)).toEqual(["-m", "GET", `${ENDPOINT}/`]);
    expect(none.out).toContain("(none: the connector has no example calls; give a METHOD and API_PATH)");
  });

  it("TODO: each shell block runs the calls it shows, with flags psoxy test has", () => {
    work.write("test-fixture.sh", rendered["script-async"]!, 0o755);
    const todo = rendered["todo-async"]!;
    const run = (heading: string) => shellLines(todo, heading).map((l) => work.bash(l));
    const health = run("## Health check");
    expect(health.map((r) => r.calls)).toEqual([[["call", "-r", ROLE, "--health-check", ENDPOINT]]]);
    const examples = run("## Example calls");
    const asyncs = run("## Async calls");
    // -m only when not GET, -b with a body: the CLI's defaults do the rest
    const shown = (e: Example, extra: string[]) => [
      "call",
      "-r",
      ROLE,
      ...extra,
      ...(e.method === "GET" ? [] : ["-m", e.method]),
      ...(e.body ? ["-b", e.body] : []),
      ...e.headers.flatMap((h) => ["-H", h]),
      ENDPOINT + e.path,
    ];
    expect(examples.map((r) => r.calls[0])).toEqual(FIXTURE.map((e) => shown(e, [])));
    expect(asyncs.map((r) => r.calls[0])).toEqual(FIXTURE.map((e) => shown(e, ["--async"])));
    const logs = run("## Logs");
    expect(logs[0]!.calls).toEqual([
      ["logs", "-r", ROLE, "--region", "us-east-1", "-l", "/aws/lambda/psoxy-fixture"],
    ]);
    const script = run("## Test script");
    expect(script.map((r) => r.code)).toEqual(script.map(() => 0));
    expect(section(todo, "## Console")).toContain(
      "- [Lambda function psoxy-fixture](https://console.example/fn)",
    );
    expect(todo).toContain("`s3://psoxy-fixture-async-output/<yyyyMMdd>/<requestId>`");
    for (const r of [...health, ...examples, ...asyncs, ...logs, ...script]) expectKnownFlags(r.calls);
    // without examples: the paths are the user's to give
    expect(rendered["todo-none"]).toContain("The connector has no example calls");
    expect(shellLines(rendered["todo-none"]!, "## Async calls")).toEqual([
      `${call} --async '${ENDPOINT}/<path>'`,
    ]);
  });

  it("every catalogue API connector: default call, --async when async, each listed example call", () => {
    let listedCalls = 0;
    for (const c of apiConnectors) {
      const examples = moduleExamples(c.example_api_requests, c.example_api_calls);
      work.write("test-fixture.sh", rendered[`catalog-${c.id}`]!, 0o755);
      const r = work.bash("./test-fixture.sh");
      expect(r.code, c.id).toBe(0);
      const d = defaultExample(examples);
      const expected = [
        ["call", "-r", ROLE, "--health-check", ENDPOINT],
        ["call", "-r", ROLE, ...expectedCall(d)],
      ];
      if (c.enable_async_processing) expected.push(["call", "-r", ROLE, ...expectedCall(d, ["--async"])]);
      expect(r.calls, c.id).toEqual(expected);
      const listed = printedInvocations(r.out, "test-fixture.sh");
      expect(listed.length, c.id).toBe(examples.length);
      listed.forEach((line, i) => {
        const again = work.bash(line);
        expect(again.calls[1]!.slice(3), `${c.id}: ${line}`).toEqual(expectedCall(examples[i]!));
        listedCalls++;
      });
    }
    // POST examples with bodies, and headers, are among them
    expect(apiConnectors.some((c) => c.example_api_requests.some((e: Example) => e.body !== ""))).toBe(true);
    expect(apiConnectors.some((c) => c.example_api_requests.some((e: Example) => e.headers.length > 0))).toBe(
      true,
    );
    expect(listedCalls).toBeGreaterThan(100);
  });

  it("bulk script: psoxy test bulk -f for each file, the example files by default, exit = sum", () => {
    const script = work.write("test-hris.sh", rendered["bulk-script"]!, 0o755);
    const bulk = [
      "bulk",
      "-d",
      "GCP",
      "--project",
      "acme",
      "-i",
      "acme-hris-input",
      "-o",
      "acme-hris-sanitized",
    ];
    const r = work.bash(`'${script}'`);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([
      [...bulk, "-f", "a b.csv"],
      [...bulk, "-f", "it's.csv"],
    ]);
    expectKnownFlags(r.calls);
    expect(work.bash("./test-hris.sh x.csv,y.ndjson.gz").calls.map((c) => c.at(-1))).toEqual([
      "x.csv",
      "y.ndjson.gz",
    ]);
    expect(work.bash("./test-hris.sh", { FAKE_RC: "1" }).code).toBe(2);
    work.write("test-hris.sh", rendered["bulk-script-none"]!, 0o755);
    const none = work.bash("./test-hris.sh");
    expect(none.code).toBe(1);
    expect(none.err).toContain("No file to test");
    expect(none.calls).toEqual([]);
  });

  it("bulk TODO: the psoxy test bulk lines, the script and the logs command run as shown", () => {
    work.write("test-hris.sh", rendered["bulk-script"]!, 0o755);
    const todo = rendered["bulk-todo"]!;
    const upload = shellLines(todo, "## Upload a file and compare its sanitized copy").map((l) =>
      work.bash(l),
    );
    expect(upload.map((r) => r.calls[0]!.slice(-2))).toEqual([
      ["-f", "a b.csv"],
      ["-f", "it's.csv"],
    ]);
    const script = shellLines(todo, "## Test script").map((l) => work.bash(l));
    expect(script.map((r) => r.calls.length)).toEqual([2, 2]);
    const logs = shellLines(todo, "## Logs").map((l) => work.bash(l));
    expect(logs[0]!.calls).toEqual([["logs", "-p", "acme", "-f", "psoxy-hris"]]);
    expect(shellLines(todo, "## By hand")).toEqual(["gsutil cp <file> gs://acme-hris-input/"]);
    for (const r of [...upload, ...script, ...logs]) expectKnownFlags(r.calls);
  });

  it.skipIf(!existsSync(cli))(
    "with the real CLI against a local server: headers, method, body, async, exit",
    async () => {
      const text = rendered["script-cli"]!.replaceAll("@PORT@", String(server.port));
      const script = work.write("test-cli.sh", text, 0o755);
      const run = (args: string[]) =>
        new Promise<number>((resolve) => {
          execFile(script, args, { cwd: work.dir }, (error) => resolve(error ? Number(error.code) : 0));
        });
      expect(await run(["POST", "/p/list", "application/json", '{"q":1}', "-H 'x-test: 1'"])).toBe(0);
      const [health, sync, asyncCall] = server.requests;
      expect(server.requests).toHaveLength(3);
      expect(health!.headers["x-psoxy-health-check"]).toBe("true");
      for (const r of [sync!, asyncCall!]) {
        expect([r.method, r.url, r.body]).toEqual(["POST", "/p/list", '{"q":1}']);
        expect(r.headers["content-type"]).toBe("application/json");
        expect(r.headers["x-test"]).toBe("1");
      }
      expect(sync!.headers.prefer).toBeUndefined();
      expect(asyncCall!.headers.prefer).toBe("respond-async");
      // the default call: the first GET example with its header
      server.requests.length = 0;
      expect(await run([])).toBe(0);
      expect(server.requests[1]!.method).toBe("GET");
      expect(server.requests[1]!.headers["anthropic-version"]).toBe("2023-06-01");
      // failing calls: the exit status adds up
      server.fail = { status: 500, body: { error: "down" } };
      expect(await run(["GET", "/v1/y"])).toBe(3);
      server.fail = undefined;
    },
  );
});
