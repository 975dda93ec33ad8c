/**
 * Benchmark: requests per second and latency through `psoxy serve` (the built dist/psoxy.js, a real
 * process) versus directly against the same loopback HTTPS source, in the same run, for a 20 KB JSON
 * calendar response sanitized by the demo rules. Loopback only; bounded request count and time.
 * Last line:
 *   proxy: rps=<x> direct_rps=<y> p50_overhead_ms=<z> p99_ms=<w> ratio=<rps/direct_rps>
 * p50_overhead_ms = proxy p50 - direct p50; p99_ms = proxy p99.
 * For scale, the same load also runs through a bare Node pass-through (node:http in, node:https out,
 * the body only parsed and re-serialized, no rules or headers logic) in its own process: the ceiling of
 * a Node proxy on this machine. Its line `passthrough: ...` comes just before the last line.
 * Knobs: BENCH_REQUESTS (default 12000 per measured run: a few seconds, steady state), BENCH_CONCURRENCY (8), BENCH_MAX_SECONDS (20),
 * BENCH_WORKERS (`psoxy serve --workers`, default 1), BENCH_NODE_ARGS (node flags for the proxy process).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { calendarEvents } from "../src/demo/demo-data.js";
import { DEMO_RULES_YAML } from "../src/demo/demo-rules.js";
import { sendJson, startHttpsSource } from "../src/demo/https-source.js";
import { type LoadResult, percentile, runLoad } from "./load.js";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? "12000");
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? "8");
const MAX_MS = Number(process.env.BENCH_MAX_SECONDS ?? "20") * 1000;
/** Extra node flags for the proxy process, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
const WORKERS = process.env.BENCH_WORKERS ?? "1";
/** Requests before each measured run: JIT, TLS sessions, keep-alive pools, the heap's size, rules load. */
const WARM_UP = 2000;
const TOKEN = "bench-access-token";
const PATH = "/calendar/v3/calendars/primary/events?maxResults=50";

/** The demo calendar response with its items repeated up to ~20 KB. */
function body20k(): string {
  const base = calendarEvents("primary") as { items: object[] };
  const items: object[] = [];
  let doc = "";
  for (let i = 0; doc.length < 20 * 1024; i++) {
    items.push({ ...base.items[i % base.items.length], id: `evt${i}` });
    doc = JSON.stringify({ ...base, items });
  }
  return doc;
}

/** The bare pass-through of the header comment (a module run with `node --input-type=module -e`). */
const PASSTHROUGH = `
import { createServer } from "node:http";
import { Agent, request } from "node:https";
const agent = new Agent({ keepAlive: true });
const headers = { authorization: "Bearer ${TOKEN}", accept: "application/json" };
const server = createServer((req, res) => {
  request("https://" + process.env.TARGET_HOST + req.url, { method: req.method, agent, headers }, (r) => {
    const chunks = [];
    r.on("data", (c) => chunks.push(c));
    r.on("end", () => {
      const out = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(r.statusCode, { "content-type": "application/json" });
      res.end(out);
    });
  }).end();
});
server.listen(0, "127.0.0.1", () =>
  console.log(JSON.stringify({ msg: "psoxy listening", url: "http://127.0.0.1:" + server.address().port })),
);
`;

async function startProxy(
  env: Record<string, string>,
  secretsFile: string,
  cwd: string,
  kind: "psoxy" | "passthrough" = "psoxy",
) {
  const bin = resolve("dist/psoxy.js");
  const args =
    kind === "psoxy"
      ? [...NODE_ARGS, bin, "serve", "--port", "0", "--secrets", secretsFile, "--workers", WORKERS]
      : ["--input-type=module", "-e", PASSTHROUGH];
  // The proxy logs one line per request on stdout. They go to a file, as on a server, and not through
  // this process, which is the load generator and the source: reading them here would take CPU from
  // the load (and count against the proxy).
  const logFile = join(cwd, `${kind}-${Date.now()}.log`);
  const out = openSync(logFile, "w");
  const child: ChildProcess = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", out, "pipe"] });
  closeSync(out);
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += c));
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  const url = await new Promise<string>((ok, fail) => {
    const started = Date.now();
    const poll = () => {
      const line = readFileSync(logFile, "utf8")
        .split("\n")
        .find((l) => l.includes('"psoxy listening"'));
      if (line) return ok((JSON.parse(line) as { url: string }).url);
      if (exited !== undefined) return fail(new Error(`psoxy serve exited with ${exited}: ${stderr}`));
      if (Date.now() - started > 15_000) return fail(new Error(`psoxy serve did not start: ${stderr}`));
      setTimeout(poll, 20);
    };
    poll();
  });
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once("exit", () => ok());
      child.kill("SIGTERM");
    });
  return { url, stop, pid: child.pid! };
}

/** CPU seconds (user + system) a process and its children (the workers) have used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const stat = (p: number | string) => {
    const text = readFileSync(`/proc/${p}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  };
  try {
    let ticks = stat(pid).ticks;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const s = stat(entry);
        if (s.ppid === pid) ticks += s.ticks;
      } catch {
        // gone meanwhile
      }
    }
    return ticks / 100;
  } catch {
    return Number.NaN; // not Linux
  }
}

/** CPU per completed request of the proxy process and of this process (source + load generator). */
function cpuPerRequest(proxySeconds: number, self0: NodeJS.CpuUsage, r: LoadResult): string {
  const self = process.cpuUsage(self0);
  const us = (seconds: number) => ((seconds * 1e6) / Math.max(1, r.completed)).toFixed(0);
  return `cpu_us_per_req: server=${us(proxySeconds)} bench=${us((self.user + self.system) / 1e6)}`;
}

function summary(name: string, r: LoadResult): string {
  return `${name}: ${r.completed} ok, ${r.errors} errors in ${(r.elapsedMs / 1000).toFixed(2)} s, rps=${r.rps.toFixed(0)} p50=${percentile(r.latencies, 50).toFixed(2)} ms p99=${percentile(r.latencies, 99).toFixed(2)} ms`;
}

const body = body20k();
const source = await startHttpsSource((req, res) => {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return sendJson(res, 401, { error: "unauthorized" });
  sendJson(res, 200, body);
});
// TLS handshakes the source accepted: a proxy that does not reuse its connections pays for them
let handshakes = 0;
source.server.on("secureConnection", () => handshakes++);
const work = mkdtempSync(join(tmpdir(), "psoxy-bench-proxy-"));
const caFile = join(work, "ca.pem");
writeFileSync(caFile, source.cert);
const secretsFile = join(work, "secrets.json");
writeFileSync(
  secretsFile,
  JSON.stringify({ PSOXY_SALT: "salt", PSOXY_ENCRYPTION_KEY: "secret", ACCESS_TOKEN: TOKEN }),
  {
    mode: 0o600,
  },
);
const proxyEnv = {
  PATH: process.env.PATH ?? "",
  NODE_EXTRA_CA_CERTS: caFile,
  TARGET_HOST: source.hostPort,
  SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
  RULES: DEMO_RULES_YAML,
};
const proxy = await startProxy(proxyEnv, secretsFile, work);

try {
  const sanitizedCheck = (status: number, b: Buffer) =>
    status === 200 && b.includes("t~") && !b.includes("Alice Nguyen");
  const directCheck = (status: number) => status === 200;
  const headers = { authorization: `Bearer ${TOKEN}` };
  const common = { concurrency: CONCURRENCY, maxMs: MAX_MS };
  console.log(
    `payload: ${body.length} bytes of JSON; ${REQUESTS} requests per run, concurrency ${CONCURRENCY}, at most ${MAX_MS / 1000} s per run; psoxy serve --workers ${WORKERS}`,
  );
  await runLoad({ url: `${proxy.url}${PATH}`, requests: WARM_UP, ...common, check: sanitizedCheck });
  await runLoad({
    url: `${source.url}${PATH}`,
    requests: WARM_UP,
    ...common,
    ca: source.cert,
    headers,
    check: directCheck,
  });

  const direct = await runLoad({
    url: `${source.url}${PATH}`,
    requests: REQUESTS,
    ...common,
    ca: source.cert,
    headers,
    check: directCheck,
  });
  const proxyHandshakes0 = handshakes;
  const proxyCpu0 = cpuSeconds(proxy.pid);
  const selfCpu0 = process.cpuUsage();
  const viaProxy = await runLoad({
    url: `${proxy.url}${PATH}`,
    requests: REQUESTS,
    ...common,
    check: sanitizedCheck,
  });
  const proxyCpu = `${cpuPerRequest(cpuSeconds(proxy.pid) - proxyCpu0, selfCpu0, viaProxy)} tls_handshakes=${handshakes - proxyHandshakes0}`;
  const bare = await startProxy(proxyEnv, secretsFile, work, "passthrough");
  let viaBare: LoadResult;
  let bareCpu = "";
  try {
    const bareCheck = (status: number, b: Buffer) => status === 200 && b.includes("Alice Nguyen");
    await runLoad({ url: `${bare.url}${PATH}`, requests: WARM_UP, ...common, check: bareCheck });
    const bareHandshakes0 = handshakes;
    const bareCpu0 = cpuSeconds(bare.pid);
    const bareSelf0 = process.cpuUsage();
    viaBare = await runLoad({ url: `${bare.url}${PATH}`, requests: REQUESTS, ...common, check: bareCheck });
    bareCpu = `${cpuPerRequest(cpuSeconds(bare.pid) - bareCpu0, bareSelf0, viaBare)} tls_handshakes=${handshakes - bareHandshakes0}`;
  } finally {
    await bare.stop();
  }
  console.log(summary("direct", direct));
  console.log(`${summary("proxy ", viaProxy)} ${proxyCpu}`);
  console.log(`${summary("bare  ", viaBare)} ${bareCpu}`);
  if (viaProxy.errors > 0 || viaProxy.completed === 0)
    throw new Error(`${viaProxy.errors} proxy requests failed`);
  const overhead = percentile(viaProxy.latencies, 50) - percentile(direct.latencies, 50);
  const bareOverhead = percentile(viaBare.latencies, 50) - percentile(direct.latencies, 50);
  console.log(
    `passthrough: rps=${viaBare.rps.toFixed(0)} p50_overhead_ms=${bareOverhead.toFixed(2)} ratio=${(viaBare.rps / direct.rps).toFixed(3)} proxy_vs_passthrough=${(viaProxy.rps / viaBare.rps).toFixed(3)}`,
  );
  console.log(
    `proxy: rps=${viaProxy.rps.toFixed(0)} direct_rps=${direct.rps.toFixed(0)} p50_overhead_ms=${overhead.toFixed(2)} p99_ms=${percentile(viaProxy.latencies, 99).toFixed(2)} ratio=${(viaProxy.rps / direct.rps).toFixed(3)}`,
  );
} finally {
  await proxy.stop();
  await source.close();
  rmSync(work, { recursive: true, force: true });
}
