/**
 * The deployable bundles as the platforms load them: dist/lambda/index.mjs invoked in a fresh node
 * process with configuration in (a loopback fake of) SSM, as on AWS; dist/gcp/index.js imported as the
 * functions framework does (serving it needs Secret Manager, whose client cannot be pointed at a
 * loopback fake through the environment, so the GCP handler's behaviour is covered in
 * gcp-gateway.test.ts instead). Built once here.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSsm, startFakeSsm } from "../../src/config/test-servers/fake-ssm.js";
import { DEMO_RULES_YAML } from "../../src/demo/demo-rules.js";
import { startDemoSource } from "../../src/demo/demo-source.js";
import type { HttpsSource } from "../../src/demo/https-source.js";
import { ensureBuilt, readBuilt, removeSnapshots, scratchFile, snapshot } from "./built.js";

const TOKEN = "bundle-test-token";
let source: HttpsSource;
let ssm: FakeSsm;
let work: string;
let lambdaBundle: string;
let gcpBundle: string;

beforeAll(async () => {
  ensureBuilt();
  lambdaBundle = await snapshot("dist/lambda/index.mjs");
  gcpBundle = await snapshot("dist/gcp/index.js");
  source = await startDemoSource(() => TOKEN);
  ssm = await startFakeSsm({ PSOXY_SALT: "salt", PSOXY_ENCRYPTION_KEY: "secret", ACCESS_TOKEN: TOKEN });
  work = mkdtempSync(join(tmpdir(), "psoxy-bundles-"));
  writeFileSync(join(work, "ca.pem"), source.cert);
}, 120_000);

afterAll(async () => {
  await ssm?.close();
  await source?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  removeSnapshots();
});

function runNode(
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [file], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("exit", (code) => ok({ code, stdout, stderr }));
  });
}

describe("dist/lambda/index.mjs", () => {
  it("bundles the AWS SDK clients it uses and leaves Google's Secret Manager client out", () => {
    const text = readBuilt("dist/lambda/index.mjs");
    // nothing is imported from the runtime's copy of the SDK: the bundled clients are the tested ones
    expect(text).not.toMatch(/from\s*"@aws-sdk\//);
    expect(text).toContain("GetParametersByPathCommand");
    expect(text).not.toContain("@google-cloud/secret-manager");
    // queue side outputs: the SQS client is in, the Pub/Sub one (side-output-pubsub.ts) is not
    expect(text).toContain("psoxy-side-output");
    expect(text).not.toContain("Psoxy-Metadata-Omitted");
    expect(text.length).toBeLessThan(2_600_000);
  });

  it("answers a function URL event with the sanitized response, config from SSM", async () => {
    const driver = scratchFile(
      "lambda-driver.mjs",
      `const { handler } = await import(${JSON.stringify(pathToFileURL(lambdaBundle).href)});
const event = (path, headers = {}) => ({
  version: "2.0", routeKey: "$default", rawPath: path, rawQueryString: "maxResults=5",
  headers: { "x-forwarded-proto": "https", ...headers },
  requestContext: { domainName: "x.lambda-url.us-east-1.on.aws", stage: "$default", requestId: "r1", timeEpoch: 0,
    http: { method: "GET", path, sourceIp: "203.0.113.1" } },
  isBase64Encoded: false,
});
const out = [];
out.push(await handler(event("/psoxy-test/calendar/v3/calendars/primary/events")));
out.push(await handler(event("/psoxy-test/calendar/v3/calendars/primary/events", { "accept-encoding": "gzip" })));
out.push(await handler(event("/psoxy-test/calendar/v3/users/me/settings")));
process.stdout.write("\\nRESULT " + JSON.stringify(out) + "\\n");
`,
    );
    const r = await runNode(driver, {
      PATH: process.env.PATH,
      AWS_LAMBDA_FUNCTION_NAME: "psoxy-test",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_ENDPOINT_URL_SSM: ssm.url,
      NODE_EXTRA_CA_CERTS: join(work, "ca.pem"),
      TARGET_HOST: source.hostPort,
      SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
      RULES: DEMO_RULES_YAML,
    });
    expect(r.code, r.stderr).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "))!;
    const [plain, zipped, blocked] = JSON.parse(line.slice("RESULT ".length));
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["x-psoxy-warning"]).toBe("compression-not-requested");
    const events = JSON.parse(plain.body);
    expect(events.items[0].attendees[0].email).toMatch(/^t~[\w-]{43}@example\.com$/);
    expect(plain.body).not.toContain("Alice Nguyen");
    expect(zipped.isBase64Encoded).toBe(true);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(blocked.statusCode).toBe(403);
    expect(blocked.headers["x-psoxy-error"]).toBe("BLOCKED_BY_RULES");
    // Salt and token came from SSM: instance scope first, then shared.
    expect(ssm.operations).toContain("GetParameter");
  });
});

describe("dist/lambda/index.mjs side outputs", () => {
  it("sends the sanitized response to an SQS queue", async () => {
    const { gunzipSync } = await import("node:zlib");
    const { startFakeSqs } = await import("../../src/gateway/testing/async-fake-sqs.js");
    const sqs = await startFakeSqs();
    sqs.createQueue("psoxy-side");
    try {
      const driver = scratchFile(
        "lambda-side-output-driver.mjs",
        `const { handler } = await import(${JSON.stringify(pathToFileURL(lambdaBundle).href)});
const path = "/psoxy-test/calendar/v3/calendars/primary/events";
const out = await handler({
  version: "2.0", routeKey: "$default", rawPath: path, rawQueryString: "maxResults=5",
  headers: { "x-forwarded-proto": "https" },
  requestContext: { domainName: "x.lambda-url.us-east-1.on.aws", stage: "$default", requestId: "side-1", timeEpoch: 0,
    http: { method: "GET", path, sourceIp: "203.0.113.1" } },
  isBase64Encoded: false,
});
process.stdout.write("\\nRESULT " + JSON.stringify(out) + "\\n");
`,
      );
      const r = await runNode(driver, {
        PATH: process.env.PATH,
        AWS_LAMBDA_FUNCTION_NAME: "psoxy-test",
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_ENDPOINT_URL_SSM: ssm.url,
        AWS_ENDPOINT_URL_SQS: sqs.endpoint,
        NODE_EXTRA_CA_CERTS: join(work, "ca.pem"),
        TARGET_HOST: source.hostPort,
        SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
        RULES: DEMO_RULES_YAML,
        SIDE_OUTPUT_SANITIZED: "https://sqs.us-east-1.amazonaws.com/000000000000/psoxy-side",
      });
      expect(r.code, r.stderr).toBe(0);
      const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "))!;
      const res = JSON.parse(line.slice("RESULT ".length));
      expect(res.statusCode).toBe(200);
      expect(res.headers["x-psoxy-warning"]).toBe("compression-not-requested");
      expect(sqs.messages).toHaveLength(1);
      expect(gunzipSync(Buffer.from(sqs.messages[0]!.body, "base64")).toString("utf8")).toBe(res.body);
    } finally {
      await sqs.close();
    }
  });
});

describe("dist/gcp/index.js", () => {
  it("exports the HTTP function and keeps the AWS SDK out", async () => {
    const text = readBuilt("dist/gcp/index.js");
    expect(text).not.toContain("@aws-sdk/client-ssm");
    // queue side outputs: the Pub/Sub client is in, the SQS one (side-output-sqs.ts, the SDK) is not
    expect(text).toContain("Psoxy-Metadata-Omitted");
    expect(text).not.toContain("AmazonSQS");
    const pkg = JSON.parse(readBuilt("dist/gcp/package.json"));
    expect(pkg.main).toBe("index.js");
    expect(pkg.dependencies["@google-cloud/secret-manager"]).toBeTruthy();
    const mod = await import(pathToFileURL(gcpBundle).href);
    expect(typeof mod.psoxy).toBe("function");
  });
});
