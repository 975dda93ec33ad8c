/**
 * `psoxy test call` (infra spec 11.1-11.4): one call to a deployed (or local) proxy, with `-d` the
 * example calls of a data source in order, with `--concurrency` several copies of one call at once.
 * Prints the status, the X-Psoxy-* headers and the body (pretty JSON), with a hint for failures; `-s`
 * saves successful responses (save.ts). Unlike the reference tool, the exit status is non-zero when a
 * call gets a non-2xx response (or, with `-d`, when any call does). With `--async` the call asks for
 * async processing (`Prefer: respond-async`) and, on 202, polls the `Location` until the sanitized
 * result appears (11.4, async-poll.ts); the exit status is non-zero when it does not.
 *
 * The webhook-collector options of the reference (`--signing-key`, `--identity-issuer`,
 * `--identity-subject`, `--verify-collection`, `--scheduler-job`; 11.5, 11.6) are refused with an
 * explanation: this proxy has no webhook-collector mode.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { pollAsyncResponse } from "./async-poll.js";
import {
  type AwsCredentials,
  regionFromHost,
  resolveCredentials,
  serviceFromHost,
  signRequest,
} from "./aws.js";
import { concurrencyLevel, runConcurrently } from "./concurrency.js";
import { CallChain, declaredMethod, type ExampleCall, loadDataSource } from "./data-sources.js";
import { checkUrl, isLoopbackHost, send, type TestResponse, TestToolError, USER_AGENT } from "./http.js";
import { type Io, processIo } from "./io.js";
import { awsLogsUrl, gcpLogsUrl } from "./logs-url.js";
import { savedContent, saveResponse } from "./save.js";

export { type Io, processIo };

export type Deployment = "aws" | "gcp" | "local";

export interface CallOptions {
  /** `-u`: the URL, as the reference takes it (the positional argument is the alternative) */
  url?: string;
  force?: string;
  role?: string;
  region?: string;
  service?: string;
  stsEndpoint?: string;
  token?: string;
  impersonate?: string;
  skip?: boolean;
  /** `-z [bool]`: true / undefined = ask for gzip; false or "false" = `Accept-Encoding: *` */
  gzip?: boolean | string;
  verbose?: boolean;
  healthCheck?: boolean;
  method?: string;
  body?: string;
  /** `--content-type`: of the body (default application/json; a JSON type requires a JSON body) */
  contentType?: string;
  header?: string[];
  requestNoResponse?: boolean;
  dataSource?: string;
  param?: string[];
  allowInsecureTls?: boolean;
  cacert?: string;
  timeout?: string;
  /** send `Prefer: respond-async`; on 202, poll the Location for the result */
  async?: boolean;
  /** with --async: wait between checks of the Location, ms (default 10000) */
  pollInterval?: string;
  /** with --async: checks before giving up (default 12) */
  pollAttempts?: string;
  /** with --async: S3 / Cloud Storage endpoint for reading the result (S3-compatible stores, emulators) */
  outputEndpoint?: string;
  /** `-s`: save successful responses (and async results) to files */
  saveToFile?: boolean;
  /** with -s: the directory (default: the current one) */
  saveDir?: string;
  /** fire this many copies at once (2 to 5) */
  concurrency?: string;
  // webhook-collector options of the reference: refused
  signingKey?: string;
  identityIssuer?: string;
  identitySubject?: string;
  verifyCollection?: string;
  schedulerJob?: string;
}

const WEBHOOK_OPTIONS: [keyof CallOptions, string][] = [
  ["signingKey", "--signing-key"],
  ["identityIssuer", "--identity-issuer"],
  ["identitySubject", "--identity-subject"],
  ["verifyCollection", "--verify-collection"],
  ["schedulerJob", "--scheduler-job"],
];

/** Throws for the reference's webhook-collector options (infra spec 11.5, 11.6). */
export function rejectWebhookOptions(options: CallOptions): void {
  const given = WEBHOOK_OPTIONS.filter(([k]) => options[k] !== undefined).map(([, flag]) => flag);
  if (given.length === 0) return;
  throw new TestToolError(
    `${given.join(", ")}: not supported. These options test webhook collectors (a JWT signed with a KMS key ` +
      "sent as the caller's identity, then the collected payload looked up in the output bucket); this " +
      "proxy has no webhook-collector mode, so there is nothing for them to test.",
  );
}

const TRUE_WORDS = /^(?:true|yes|on|1)$/i;
const FALSE_WORDS = /^(?:false|no|off|0)$/i;

/**
 * The URL (positional argument or `-u`) and the gzip choice. `-z` takes an optional value, so
 * `-z https://…` leaves the URL in `gzip`: a value that is no boolean word but a URL is taken as the
 * URL when none was given otherwise.
 */
export function resolveTarget(
  positional: string | undefined,
  options: Pick<CallOptions, "url" | "gzip">,
): { target: string; gzip: boolean } {
  let gzip = true;
  let fromGzip: string | undefined;
  const z = options.gzip;
  if (z === false) gzip = false;
  else if (typeof z === "string") {
    if (FALSE_WORDS.test(z)) gzip = false;
    else if (!TRUE_WORDS.test(z)) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(z)) fromGzip = z;
      else throw new TestToolError(`-z/--gzip takes true or false, not "${z}"`);
    }
  }
  const given = [positional, options.url, fromGzip].filter((u): u is string => u !== undefined && u !== "");
  if (given.length === 0)
    throw new TestToolError("no URL: give it as the argument (psoxy test call <url>) or with -u <url>");
  if (new Set(given).size > 1)
    throw new TestToolError(
      `two different URLs (${given.join(" and ")}): give it once, as the argument or -u`,
    );
  return { target: given[0]!, gzip };
}

export function detectDeployment(url: URL, force?: string): Deployment {
  if (force) {
    const f = force.toLowerCase();
    if (f === "aws" || f === "gcp" || f === "local") return f;
    throw new TestToolError(`-f/--force must be aws, gcp or local, not "${force}"`);
  }
  const host = url.hostname.toLowerCase();
  if (host.endsWith(".on.aws") || host.endsWith(".amazonaws.com")) return "aws";
  if (host === "cloudfunctions.net" || host.endsWith(".cloudfunctions.net") || host.endsWith(".run.app"))
    return "gcp";
  if (isLoopbackHost(host)) return "local";
  throw new TestToolError(
    `${url.host} doesn't seem to be a valid endpoint: AWS (*.on.aws, *.amazonaws.com) or GCP ` +
      "(*.cloudfunctions.net, *.run.app); for another host use -f aws|gcp|local",
  );
}

const ERROR_HINTS: Record<string, string> = {
  BLOCKED_BY_RULES: "Blocked by the proxy's rules: check the path (and the method and query parameters).",
  CONNECTION_SETUP:
    "The source is not configured: check the proxy's configuration and secrets (run --health-check).",
  API_ERROR: "The call to the source API failed: see the body for the source's error.",
  NETWORK_EGRESS_BLOCKED:
    "The proxy could not reach the source: if it runs in a VPC, check the NAT gateway / egress rules and the firewall for the source's host.",
};

/** Authentication of one run: credentials resolved once, applied per request. */
class Authenticator {
  private credentials: Promise<AwsCredentials> | undefined;
  private token: Promise<string> | undefined;

  constructor(
    private readonly deployment: Deployment,
    private readonly options: CallOptions,
    private readonly io: Io,
  ) {}

  async headers(method: string, url: URL, body: string | undefined, contentType: string | undefined) {
    if (this.deployment === "aws") {
      const region = this.options.region ?? regionFromHost(url.hostname);
      this.credentials ??= resolveCredentials({
        role: this.options.role,
        region,
        stsEndpoint: this.options.stsEndpoint,
        log: this.options.verbose ? (l) => this.io.err(l) : undefined,
      });
      return signRequest({
        method,
        url,
        body,
        contentType,
        region,
        service: this.options.service ?? serviceFromHost(url.hostname) ?? "lambda",
        credentials: await this.credentials,
      });
    }
    if (this.deployment === "gcp") {
      this.token ??= this.options.token ? Promise.resolve(this.options.token) : identityToken(url.origin);
      return { authorization: `Bearer ${await this.token}` };
    }
    return this.options.token ? { authorization: `Bearer ${this.options.token}` } : {};
  }
}

/** An identity token for the audience: google-auth-library, else `gcloud auth print-identity-token`. */
async function identityToken(audience: string): Promise<string> {
  try {
    const { GoogleAuth } = await import("google-auth-library");
    const client = await new GoogleAuth().getIdTokenClient(audience);
    return await client.idTokenProvider.fetchIdToken(audience);
  } catch {
    try {
      return execFileSync("gcloud", ["auth", "print-identity-token"], { encoding: "utf8" }).trim();
    } catch {
      throw new TestToolError(
        "no GCP identity token: pass -t <token>, or sign in with gcloud / Application Default Credentials",
      );
    }
  }
}

function parseHeaders(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list ?? []) {
    const i = h.indexOf(":");
    if (i <= 0) throw new TestToolError(`-H "${h}": expected "Name: Value"`);
    out[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return out;
}

function parseParams(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of list ?? []) {
    const i = p.indexOf("=");
    if (i <= 0) throw new TestToolError(`-p "${p}": expected NAME=value`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One request: method, optional body (and its content type), extra headers. */
export type CallRequest = Omit<ExampleCall, "path" | "refs">;

interface Outcome {
  ok: boolean;
  response: TestResponse;
}

/** Sends test calls of one run: headers, authentication, printing, saving and async polling. */
export class Caller {
  private readonly auth: Authenticator;
  private readonly extraHeaders: Record<string, string>;
  private readonly ca: string | undefined;

  constructor(
    private readonly deployment: Deployment,
    private readonly options: CallOptions,
    private readonly io: Io,
  ) {
    this.auth = new Authenticator(deployment, options, io);
    this.extraHeaders = parseHeaders(options.header);
    this.ca = options.cacert ? readFileSync(options.cacert, "utf8") : undefined;
  }

  /** Sends the request and returns the response, printing nothing but the verbose request trace. */
  async send(url: URL, call: CallRequest, quiet = false): Promise<TestResponse> {
    const o = this.options;
    const body = call.body;
    if (body !== undefined && (call.contentType ?? "application/json").includes("json")) {
      try {
        JSON.parse(body);
      } catch {
        throw new TestToolError("the body (-b) must be valid JSON (or give its type with --content-type)");
      }
    }
    const contentType = body !== undefined ? (call.contentType ?? "application/json") : undefined;
    const headers: Record<string, string> = {
      "user-agent": USER_AGENT,
      "accept-encoding": o.gzip === false ? "*" : "gzip,deflate",
      "x-psoxy-skip-sanitizer": o.skip ? "true" : "false",
      ...(call.headers ?? {}),
    };
    if (contentType) headers["content-type"] = contentType;
    if (o.impersonate) headers["x-psoxy-user-to-impersonate"] = o.impersonate;
    if (o.healthCheck) headers["x-psoxy-health-check"] = "true";
    if (o.requestNoResponse) headers["x-psoxy-no-response-body"] = "true";
    if (o.async) headers.prefer = "respond-async";
    Object.assign(headers, this.extraHeaders);
    Object.assign(headers, await this.auth.headers(call.method, url, body, contentType));
    if (o.verbose && !quiet) {
      this.io.err(`> ${call.method} ${url.href}`);
      for (const [k, v] of Object.entries(headers))
        this.io.err(
          `> ${k}: ${k === "authorization" || k === "x-amz-security-token" ? `${v.slice(0, 24)}…` : v}`,
        );
    }
    return send({
      method: call.method,
      url,
      headers,
      body,
      insecure: o.allowInsecureTls,
      ca: this.ca,
      timeoutMs: o.timeout ? positive(o.timeout, "--timeout") : undefined,
    });
  }

  /** Sends, prints the result, saves it with -s, and with --async waits for the result of a 202. */
  async call(url: URL, call: CallRequest): Promise<Outcome> {
    const o = this.options;
    const response = await this.send(url, call);
    const ok = response.status >= 200 && response.status < 300;
    this.print(url, response, ok);
    if (o.async && response.status === 202) return this.awaitAsync(url, response);
    if (o.async && ok) this.io.err("Note: the proxy answered synchronously (async processing not enabled?)");
    if (response.status === 200) this.save(url, response.text, response.json, ".json");
    return { ok, response };
  }

  /** -s: writes the body; the file's path goes to stderr. */
  save(url: URL, text: string, json: unknown, suffix: string): void {
    if (!this.options.saveToFile) return;
    const path = saveResponse(this.options.saveDir ?? ".", url, savedContent(text, json), suffix);
    this.io.err(`Saved to ${path}`);
  }

  /** 11.4: reads the 202's Location until the result is there, prints it (and saves it with -s). */
  private async awaitAsync(url: URL, accepted: TestResponse): Promise<Outcome> {
    const o = this.options;
    const location = accepted.headers.location;
    if (typeof location !== "string" || location === "") {
      this.io.err(
        "The proxy accepted the request (202) but named no Location (is ASYNC_OUTPUT_DESTINATION set?)",
      );
      return { ok: false, response: accepted };
    }
    const content = await pollAsyncResponse(
      location,
      {
        role: o.role,
        region: o.region,
        stsEndpoint: o.stsEndpoint,
        endpoint: o.outputEndpoint,
        pollIntervalMs:
          o.pollInterval === undefined ? undefined : positive(o.pollInterval, "--poll-interval"),
        attempts: o.pollAttempts === undefined ? undefined : positive(o.pollAttempts, "--poll-attempts"),
        verbose: o.verbose,
      },
      this.io,
    );
    const text = content.toString("utf8");
    const json = parseJson(text);
    this.io.out(`Async result: OK (${content.length} bytes)`);
    this.io.out(json === undefined ? text : JSON.stringify(json, null, 2));
    this.save(url, text, json, "-async.json");
    return { ok: true, response: { ...accepted, text, json } };
  }

  private print(url: URL, r: TestResponse, ok: boolean): void {
    const io = this.io;
    io.out(`Call result: ${ok ? "OK" : "FAILED"} - ${r.status} (${r.elapsedMs} ms)`);
    const psoxyHeaders = Object.entries(r.headers).filter(([k]) => k.startsWith("x-psoxy-"));
    for (const [k, v] of psoxyHeaders) io.out(`${headerName(k)}: ${Array.isArray(v) ? v.join(", ") : v}`);
    if (this.options.verbose)
      for (const [k, v] of Object.entries(r.headers))
        if (!k.startsWith("x-psoxy-")) io.err(`< ${k}: ${Array.isArray(v) ? v.join(", ") : v}`);
    if (r.json !== undefined) io.out(JSON.stringify(r.json, null, 2));
    else if (r.text !== "") io.out(r.text);
    if (ok) return;
    const error = String(r.headers["x-psoxy-error"] ?? "");
    const hint =
      ERROR_HINTS[error] ??
      (r.headers["x-amzn-errortype"] ? `AWS error: ${r.headers["x-amzn-errortype"]}` : undefined) ??
      (r.headers["www-authenticate"] ? `Authentication failed: ${r.headers["www-authenticate"]}` : undefined);
    if (hint) io.err(`Hint: ${hint}`);
    if (r.status === 403 && /AccessDenied|not authorized/i.test(r.text))
      io.err("Hint: check the MFA session of the caller and that its ARN is in caller_aws_arns.");
    if (r.status === 500 || r.status === 502) {
      const logs = this.logsUrl(url);
      io.err(`This looks like an internal error in the proxy; see its logs: ${logs}`);
    }
  }

  private logsUrl(url: URL): string {
    if (this.deployment === "aws") return awsLogsUrl(this.options.region ?? regionFromHost(url.hostname));
    if (this.deployment === "gcp")
      return gcpLogsUrl(url) ?? "psoxy test logs -p <project> -f <function name> (the host does not tell)";
    return "the output of `psoxy serve`";
  }
}

function positive(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new TestToolError(`${option} must be a positive whole number`);
  return n;
}

function headerName(lower: string): string {
  return lower.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
}

/** The method of a single call: -m, else POST with a body, else what the catalog declares, else GET. */
function methodFor(url: URL, options: CallOptions, io: Io): string {
  if (options.method) {
    const m = options.method.toUpperCase();
    if (!/^[A-Z]+$/.test(m))
      throw new TestToolError(`-m/--method: "${options.method}" is not an HTTP method`);
    return m;
  }
  if (options.body !== undefined) return "POST";
  const declared = declaredMethod(url.pathname);
  if (!declared || declared.method === "GET") return "GET";
  io.err(
    `Note: ${declared.method}, as the ${declared.connector} example call of this path` +
      (declared.body !== undefined ? ` (which sends the body ${declared.body}; give one with -b)` : ""),
  );
  return declared.method;
}

/** Runs `psoxy test call`; resolves to the exit status. `target` is the positional URL, if any. */
export async function runCall(
  target: string | undefined,
  options: CallOptions,
  io: Io = processIo,
): Promise<number> {
  rejectWebhookOptions(options);
  const resolved = resolveTarget(target, options);
  const opts: CallOptions = { ...options, gzip: resolved.gzip };
  let url: URL;
  try {
    url = new URL(resolved.target);
  } catch {
    throw new TestToolError(`"${resolved.target}" is not a URL`);
  }
  checkUrl(url);
  const deployment = detectDeployment(url, opts.force);
  const caller = new Caller(deployment, opts, io);
  const concurrency = opts.concurrency === undefined ? 1 : positive(opts.concurrency, "--concurrency");

  if (concurrency > 1) {
    if (opts.dataSource) throw new TestToolError("--concurrency cannot be combined with -d/--data-source");
    if (opts.async) throw new TestToolError("--concurrency cannot be combined with --async");
    const n = concurrencyLevel(concurrency, io);
    const request = { method: methodFor(url, opts, io), body: opts.body, contentType: opts.contentType };
    const summary = await runConcurrently(n, () => caller.send(url, request, true), io, url.href);
    const first = summary.results.find((r) => r.passed && r.status === 200);
    if (first?.text !== undefined) caller.save(url, first.text, parseJson(first.text), ".json");
    return summary.failed > 0 || summary.contamination ? 1 : 0;
  }

  if (!opts.dataSource) {
    const { ok } = await caller.call(url, {
      method: methodFor(url, opts, io),
      body: opts.body,
      contentType: opts.contentType,
    });
    return ok ? 0 : 1;
  }

  const source = loadDataSource(opts.dataSource);
  if (source.impersonate && !opts.impersonate)
    io.err(
      `Note: ${source.name}'s example calls are meant to impersonate the ${source.impersonate} (-i <user>).`,
    );
  const chain = new CallChain(parseParams(opts.param));
  const base = url.href.replace(/\/+$/, "");
  let failed = 0;
  let skipped = 0;
  for (const [i, call] of source.calls.entries()) {
    const { path, missing } = chain.resolve(call);
    io.out(`\n[${i + 1}/${source.calls.length}] ${call.method} ${path}`);
    if (missing.length > 0) {
      skipped++;
      io.out(`Skipped: no value for ${missing.join(", ")} (give one with -p ${missing[0]}=<value>)`);
      continue;
    }
    const { ok, response } = await caller.call(new URL(base + path), call);
    if (!ok) failed++;
    chain.record(call, response.json);
  }
  const n = source.calls.length;
  io.out(
    `\n${n - failed - skipped} of ${n} calls succeeded${failed ? `, ${failed} failed` : ""}${skipped ? `, ${skipped} skipped` : ""}`,
  );
  return failed > 0 ? 1 : 0;
}
