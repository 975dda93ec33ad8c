/**
 * Benchmark: cold start of the bundled Lambda handler. Each run spawns `node` with a tiny driver that
 * imports dist/lambda/index.mjs and invokes `handler` once with a function-URL event; the time from
 * spawn to the process' exit after the first sanitized response is compared with `node -e ""` on the
 * same machine, runs interleaved, medians reported. Everything the handler talks to is on loopback:
 * the source (HTTPS, demo data and rules) and SSM (a fake speaking the AWS JSON protocol, reached via
 * AWS_ENDPOINT_URL_SSM), so the measured path includes loading config from SSM as on AWS.
 * Last line:
 *   coldstart: ms=<x> node_ms=<y> ratio=<x/y>
 * Knobs: BENCH_RUNS (default 9), BENCH_NODE_ARGS (node flags for the handler runs).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startFakeSsm } from "../src/config/test-servers/fake-ssm.js";
import { DEMO_RULES_YAML } from "../src/demo/demo-rules.js";
import { startDemoSource } from "../src/demo/demo-source.js";

const RUNS = Number(process.env.BENCH_RUNS ?? "9");
/** Extra node flags for the handler runs, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter((a) => a !== "");
const TOKEN = "bench-access-token";

const driver = `
const { handler } = await import(process.env.PSOXY_BENCH_BUNDLE);
const path = "/calendar/v3/calendars/primary/events";
const event = {
  version: "2.0", routeKey: "$default", rawPath: path, rawQueryString: "maxResults=10",
  headers: { "x-forwarded-proto": "https", host: "bench.lambda-url.us-east-1.on.aws", "accept-encoding": "gzip" },
  requestContext: {
    domainName: "bench.lambda-url.us-east-1.on.aws", stage: "$default", requestId: "bench", timeEpoch: Date.now(),
    http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
  },
  isBase64Encoded: false,
};
const r = await handler(event, {});
const { gunzipSync } = await import("node:zlib");
const body = r.isBase64Encoded ? gunzipSync(Buffer.from(r.body, "base64")).toString() : r.body;
if (r.statusCode !== 200 || !body.includes("t~") || body.includes("Alice Nguyen")) {
  process.stderr.write("unexpected response: " + r.statusCode + " " + body.slice(0, 300) + "\\n");
  process.exit(1);
}
process.exit(0);
`;

function timeRun(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.on("exit", (code) => {
      const ms = performance.now() - t0;
      if (code === 0) ok(ms);
      else fail(new Error(`${args.join(" ")} exited with ${code}: ${stderr}`));
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const source = await startDemoSource(() => TOKEN);
const ssm = await startFakeSsm({ PSOXY_SALT: "salt", PSOXY_ENCRYPTION_KEY: "secret", ACCESS_TOKEN: TOKEN });
const work = mkdtempSync(join(tmpdir(), "psoxy-bench-coldstart-"));
try {
  const caFile = join(work, "ca.pem");
  writeFileSync(caFile, source.cert);
  const driverFile = join(work, "driver.mjs");
  writeFileSync(driverFile, driver);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PSOXY_BENCH_BUNDLE: pathToFileURL(resolve("dist/lambda/index.mjs")).href,
    AWS_LAMBDA_FUNCTION_NAME: "psoxy-bench",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_ENDPOINT_URL_SSM: ssm.url,
    NODE_EXTRA_CA_CERTS: caFile,
    TARGET_HOST: source.hostPort,
    SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
    RULES: DEMO_RULES_YAML,
  };
  // One untimed run of each warms the OS file cache.
  await timeRun([...NODE_ARGS, driverFile], env);
  await timeRun(["-e", ""], { PATH: process.env.PATH });
  const handlerMs: number[] = [];
  const nodeMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    handlerMs.push(await timeRun([...NODE_ARGS, driverFile], env));
    nodeMs.push(await timeRun(["-e", ""], { PATH: process.env.PATH }));
  }
  console.log(`handler runs (ms): ${handlerMs.map((m) => m.toFixed(0)).join(" ")}`);
  console.log(`node -e "" runs (ms): ${nodeMs.map((m) => m.toFixed(0)).join(" ")}`);
  const x = median(handlerMs);
  const y = median(nodeMs);
  console.log(`coldstart: ms=${x.toFixed(1)} node_ms=${y.toFixed(1)} ratio=${(x / y).toFixed(2)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
  await ssm.close();
  await source.close();
}
