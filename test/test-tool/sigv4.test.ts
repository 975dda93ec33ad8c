/**
 * `psoxy test call` on AWS: STS AssumeRole against a loopback fake (AWS query protocol, XML reply),
 * then a request to a loopback "function URL" that recomputes the SigV4 signature with the assumed
 * credentials. Also the `-d` placeholder guessing for catalog connectors.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LoopbackReply,
  type LoopbackServer,
  type RecordedRequest,
  startLoopbackServer,
} from "../../src/config/test-servers/loopback.js";
import { regionFromHost, serviceFromHost } from "../../src/test-tool/aws.js";
import { runCall } from "../../src/test-tool/call.js";
import { CallChain, loadDataSource } from "../../src/test-tool/data-sources.js";

const ASSUMED = {
  accessKeyId: "ASIAASSUMED",
  secretAccessKey: "assumed-secret",
  sessionToken: "assumed-token",
};
let sts: LoopbackServer;
let api: LoopbackServer;
const verdicts: string[] = [];

async function verify(req: RecordedRequest, port: number): Promise<string> {
  const auth = String(req.headers.authorization ?? "");
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=(\w+)$/.exec(
      auth,
    );
  if (!m) return `bad authorization header: ${auth}`;
  const [, keyId, , region, service, signedHeaders] = m;
  if (keyId !== ASSUMED.accessKeyId) return `signed with ${keyId}`;
  const url = new URL(req.url, `http://127.0.0.1:${port}`);
  const headers: Record<string, string> = {};
  for (const h of signedHeaders!.split(";")) headers[h] = String(req.headers[h]);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const amzDate = String(req.headers["x-amz-date"]);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({
    credentials: ASSUMED,
    region: region!,
    service: service!,
    sha256: Sha256,
  });
  const expected = await signer.sign(
    {
      method: req.method,
      protocol: "http:",
      hostname: "127.0.0.1",
      port,
      path: url.pathname,
      query,
      headers,
      body: req.body === "" ? undefined : req.body,
    },
    { signingDate },
  );
  return expected.headers.authorization === auth ? `ok ${region} ${service}` : "signature mismatch";
}

beforeAll(async () => {
  sts = await startLoopbackServer((req) => {
    const form = new URLSearchParams(req.body);
    if (form.get("Action") !== "AssumeRole") return { status: 400, body: "unsupported" };
    return {
      headers: { "content-type": "text/xml" },
      body: `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>${ASSUMED.accessKeyId}</AccessKeyId><SecretAccessKey>${ASSUMED.secretAccessKey}</SecretAccessKey>
<SessionToken>${ASSUMED.sessionToken}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/psoxy-caller/lambda_test</Arn><AssumedRoleId>AROA1:lambda_test</AssumedRoleId></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    };
  });
  api = await startLoopbackServer(async (req): Promise<LoopbackReply> => {
    const verdict = await verify(req, api.port);
    verdicts.push(verdict);
    if (!verdict.startsWith("ok"))
      return {
        status: 403,
        headers: { "x-amzn-errortype": "InvalidSignatureException" },
        body: { message: verdict },
      };
    return {
      headers: { "x-psoxy-rules-sha": "abc123" },
      body: { items: [{ id: "e1", email: "t~x@example.com" }] },
    };
  });
  process.env.AWS_ACCESS_KEY_ID = "AKIDSOURCE";
  process.env.AWS_SECRET_ACCESS_KEY = "source-secret";
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
  process.env.AWS_CONFIG_FILE = "/nonexistent/config";
});

afterAll(async () => {
  await sts?.close();
  await api?.close();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe("AWS signing", () => {
  it("assumes the role through STS, then signs GET and POST requests with SigV4", async () => {
    const c = capture();
    const common = {
      force: "aws",
      role: "arn:aws:iam::123456789012:role/psoxy-caller",
      region: "us-west-2",
      stsEndpoint: sts.url,
    };
    expect(
      await runCall(`${api.url}/calendar/v3/calendars/primary/events?maxResults=10&a=b%20c`, common, c.io),
    ).toBe(0);
    expect(await runCall(`${api.url}/2/team/members/list_v2`, { ...common, body: '{"limit":5}' }, c.io)).toBe(
      0,
    );
    expect(verdicts).toEqual(["ok us-west-2 lambda", "ok us-west-2 lambda"]);
    // One AssumeRole per run, signed with the source credentials.
    expect(sts.requests).toHaveLength(2);
    const form = new URLSearchParams(sts.requests[0]!.body);
    expect(form.get("RoleArn")).toBe(common.role);
    expect(form.get("RoleSessionName")).toBe("lambda_test");
    expect(form.get("DurationSeconds")).toBe("900");
    expect(String(sts.requests[0]!.headers.authorization)).toContain("Credential=AKIDSOURCE/");
    const post = api.requests[1]!;
    expect(post.method).toBe("POST");
    expect(post.headers["content-type"]).toBe("application/json");
    expect(post.headers["x-amz-security-token"]).toBe(ASSUMED.sessionToken);
    expect(post.headers["x-psoxy-skip-sanitizer"]).toBe("false");
    expect(c.out.join("\n")).toContain("Call result: OK - 200");
    expect(c.out.join("\n")).toContain("X-Psoxy-Rules-Sha: abc123");
  });

  it("a rejected signature is a failed call (exit 1) with the AWS error type as hint", async () => {
    const c = capture();
    const code = await runCall(
      `${api.url}/x`,
      { force: "aws", region: "us-east-1", service: "execute-api" },
      c.io,
    );
    // Without -r the default chain (here the environment's source keys) signs: the server rejects them.
    expect(code).toBe(1);
    expect(c.out.join("\n")).toContain("Call result: FAILED - 403");
    expect(c.err.join("\n")).toContain("InvalidSignatureException");
  });

  it("derives service and region from function URL and API Gateway hosts", () => {
    expect(serviceFromHost("abc.lambda-url.eu-west-1.on.aws")).toBe("lambda");
    expect(regionFromHost("abc.lambda-url.eu-west-1.on.aws")).toBe("eu-west-1");
    expect(serviceFromHost("abc.execute-api.us-east-2.amazonaws.com")).toBe("execute-api");
    expect(regionFromHost("psoxy.example.com")).toBe("us-east-1");
  });
});

describe("-d with a catalog connector", () => {
  it("fills {EVENT_ID} from the earlier events listing", () => {
    const gcal = loadDataSource("gcal");
    const chain = new CallChain();
    for (const call of gcal.calls) {
      const { path, missing } = chain.resolve(call);
      if (path.includes("/events?")) chain.record(call, { items: [{ id: "ev/1", summary: "x" }] });
      else if (call.path.includes("{EVENT_ID}")) {
        expect(missing).toEqual([]);
        expect(path).toBe("/calendar/v3/calendars/primary/events/ev%2F1");
      } else chain.record(call, {});
    }
  });
});
