/**
 * `psoxy test call` (infra spec 11.1-11.3): one call to a deployed (or local) proxy, or with `-d` the
 * example calls of a data source in order. Prints the status, the X-Psoxy-* headers and the body
 * (pretty JSON), with a hint for failures. Unlike the reference tool, the exit status is non-zero
 * when a call gets a non-2xx response (or, with `-d`, when any call does). With `--async` the call asks
 * for async processing (`Prefer: respond-async`) and, on 202, polls the `Location` until the sanitized
 * result appears (11.4, async-poll.ts); the exit status is non-zero when it does not.
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
import { CallChain, type ExampleCall, loadDataSource } from "./data-sources.js";
import { checkUrl, isLoopbackHost, send, type TestResponse, TestToolError, USER_AGENT } from "./http.js";

export type Deployment = "aws" | "gcp" | "local";

export interface CallOptions {
  force?: string;
  role?: string;
  region?: string;
  service?: string;
  stsEndpoint?: string;
  token?: string;
  impersonate?: string;
  skip?: boolean;
  gzip?: boolean;
  verbose?: boolean;
  healthCheck?: boolean;
  method?: string;
  body?: string;
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
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
};

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

interface Outcome {
  ok: boolean;
  response: TestResponse;
}

class Caller {
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

  async call(url: URL, call: Omit<ExampleCall, "path" | "refs">): Promise<Outcome> {
    const o = this.options;
    const body = call.body;
    if (body !== undefined && (call.contentType ?? "application/json").includes("json")) {
      try {
        JSON.parse(body);
      } catch {
        throw new TestToolError("the body (-b) must be valid JSON");
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
    if (o.verbose) {
      this.io.err(`> ${call.method} ${url.href}`);
      for (const [k, v] of Object.entries(headers))
        this.io.err(
          `> ${k}: ${k === "authorization" || k === "x-amz-security-token" ? `${v.slice(0, 24)}…` : v}`,
        );
    }
    const response = await send({
      method: call.method,
      url,
      headers,
      body,
      insecure: o.allowInsecureTls,
      ca: this.ca,
      timeoutMs: o.timeout ? Number(o.timeout) : undefined,
    });
    const ok = response.status >= 200 && response.status < 300;
    this.print(url, response, ok);
    if (o.async && response.status === 202) return this.awaitAsync(response);
    if (o.async && ok) this.io.err("Note: the proxy answered synchronously (async processing not enabled?)");
    return { ok, response };
  }

  /** 11.4: reads the 202's Location until the result is there, prints it. */
  private async awaitAsync(accepted: TestResponse): Promise<Outcome> {
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
    let json: unknown;
    try {
      json = text.trim() === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    this.io.out(`Async result: OK (${content.length} bytes)`);
    this.io.out(json === undefined ? text : JSON.stringify(json, null, 2));
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
      if (logs) io.err(`See the logs: ${logs}`);
    }
  }

  private logsUrl(url: URL): string | undefined {
    if (this.deployment === "aws") {
      const region = this.options.region ?? regionFromHost(url.hostname);
      return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups`;
    }
    if (this.deployment === "gcp") {
      const gen1 = /^([a-z0-9-]+)-([a-z0-9-]+)\.cloudfunctions\.net$/.exec(url.hostname);
      if (gen1)
        return `https://console.cloud.google.com/functions/details/${gen1[1]}?project=${gen1[2]}&tab=logs`;
      const service = url.hostname.split(".")[0]?.split("-").slice(0, -2).join("-");
      return `https://console.cloud.google.com/run/detail/-/${service}/logs`;
    }
    return undefined;
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

/** Runs `psoxy test call`; resolves to the exit status. */
export async function runCall(target: string, options: CallOptions, io: Io = processIo): Promise<number> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TestToolError(`"${target}" is not a URL`);
  }
  checkUrl(url);
  const deployment = detectDeployment(url, options.force);
  const caller = new Caller(deployment, options, io);
  if (!options.dataSource) {
    const method = (options.method ?? (options.body !== undefined ? "POST" : "GET")).toUpperCase();
    const { ok } = await caller.call(url, { method, body: options.body });
    return ok ? 0 : 1;
  }

  const source = loadDataSource(options.dataSource);
  if (source.impersonate && !options.impersonate)
    io.err(
      `Note: ${source.name}'s example calls are meant to impersonate the ${source.impersonate} (-i <user>).`,
    );
  const chain = new CallChain(parseParams(options.param));
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
