// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the expected values are Terraform interpolations
/**
 * Side-output locations in the modules (api-mode spec 6.7): the side_output_* / custom_side_outputs
 * validations accept the locations the runtime of their platform accepts (buckets, and SQS queues on
 * AWS, Pub/Sub topics on GCP) and reject the others, and the write permission of a queue or topic is
 * granted on the queue or topic the runtime will send to.
 *
 * The samples are those of the runtime's tests (src/gateway/side-output-queue.test.ts) plus more, and
 * each sample's verdict is first checked against the runtime itself (openSideOutput with the host's
 * queue client), so the table cannot drift from what the runtime does. The few locations the runtime
 * accepts and the modules refuse are listed with the reason.
 *
 * The conditions are checked twice: their patterns in JS (always; the patterns use no escapes, so HCL,
 * RE2 and JS read them alike), and, with a `terraform` binary, the whole conditions and the ARN / topic
 * derivations evaluated by `terraform console` (no providers, no network).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseQueueLocation, type QueueSender } from "../../src/gateway/side-output-queue.js";
import { openSideOutput } from "../../src/gateway/side-output-targets.js";
import { type Hcl, INFRA, tfFiles } from "./hcl.js";

type Platform = "aws" | "gcp";

/** Buckets: both platforms (each runtime has both object stores). */
const BUCKETS = ["s3://bucket/p", "gs://acme-side", "s3://acme-raw-copies/gcal", "gs://my.bucket/prefix/"];

/** SQS queue URLs: AWS only (the Lambda carries the SQS client). */
const SQS = [
  "https://sqs.eu-west-1.amazonaws.com/123456789012/psoxy-side",
  "https://eu-west-2.queue.amazonaws.com/123456789012/q_1",
  "https://queue.amazonaws.com/123456789012/q",
  "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q",
  "https://cn-northwest-1.queue.amazonaws.com.cn/123456789012/q",
  "https://sqs-fips.us-gov-west-1.amazonaws.com/123456789012/q",
  "https://vpce-0a1b-x2y3.sqs.ap-southeast-2.vpce.amazonaws.com/123456789012/q",
  "https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo",
  "https://sqs.us-east-1.api.aws/123456789012/dual-stack",
  `https://sqs.us-east-1.amazonaws.com/123456789012/${"n".repeat(80)}`,
  `https://sqs.us-east-1.amazonaws.com/123456789012/${"f".repeat(75)}.fifo`,
];

/** Pub/Sub topics: GCP only (the Cloud Function carries the Pub/Sub client). */
const PUBSUB = [
  "https://pubsub.googleapis.com/v1/projects/acme/topics/side",
  "https://pubsub.googleapis.com/projects/acme/topics/side",
  "projects/acme/topics/side",
  "https://europe-west1-pubsub.googleapis.com/v1/projects/acme/topics/side",
  "projects/my-project-123/topics/psoxy.side_output~x+y%20z",
  "projects/example.com:acme/topics/side",
];

/** Refused by the runtime everywhere (and so by the modules). */
const MALFORMED = [
  // SQS
  "https://sqs.us-east-1.amazonaws.com/",
  "https://sqs.us-east-1.amazonaws.com/123456789012",
  "https://sqs.us-east-1.amazonaws.com/1234/q",
  "https://sqs.us-east-1.amazonaws.com/123456789012/q/extra",
  "https://sqs.us-east-1.amazonaws.com/123456789012/bad name",
  "https://sqs.us-east-1.amazonaws.com/123456789012/q?Action=SendMessage",
  `https://sqs.us-east-1.amazonaws.com/123456789012/${"n".repeat(81)}`,
  `https://sqs.us-east-1.amazonaws.com/123456789012/${"f".repeat(76)}.fifo`,
  "https://sqs.us-east-1.amazonaws.com/123456789012/q.fifo.fifo",
  "https://sqs.us-east-1.amazonaws.com/123456789012/q/",
  // Pub/Sub
  "https://pubsub.googleapis.com/v1/projects/acme",
  "https://pubsub.googleapis.com/v1/projects/acme/topics/side:publish/x",
  "projects/acme/subscriptions/s",
  "https://pubsub.googleapis.com/v1/projects/acme/topics/t?x=1",
  "projects/acme/topics/a b",
  // neither a bucket nor a queue
  "https://example.com/q",
  "http://sqs.x/1/q",
  "http://sqs.us-east-1.amazonaws.com/123456789012/q",
  "ftp://x/y",
  "s3://",
  "acme-bucket",
];

/** Accepted by the runtime of the platform, refused by its modules on purpose. */
const STRICTER: { uri: string; platforms: Platform[]; why: string }[] = [
  { uri: "gs://b", platforms: ["aws", "gcp"], why: "not a bucket name (3-63 characters)" },
  { uri: "file:///tmp/x", platforms: ["aws", "gcp"], why: "a local directory: for `psoxy serve` only" },
  {
    uri: " https://sqs-fips.us-gov-west-1.amazonaws.com/123456789012/q ",
    platforms: ["aws"],
    why: "surrounding spaces (the runtime trims them)",
  },
  {
    uri: "HTTPS://SQS.US-EAST-1.AMAZONAWS.COM/123456789012/q",
    platforms: ["aws"],
    why: "upper-case scheme and host (the URL parser lower-cases them)",
  },
  {
    uri: "https://sqs.localhost.localstack.cloud/000000000000/q",
    platforms: ["aws"],
    why: "the host names no region, so no queue ARN can be granted (LocalStack-style hosts are for tests)",
  },
  {
    uri: "https://other.sqs.us-east-1.vpce.amazonaws.com/123456789012/q",
    platforms: ["aws"],
    why: "VPC endpoint hosts are vpce-<id>.sqs.<region>.vpce.amazonaws.com",
  },
  {
    uri: "https://pubsub.googleapis.com:443/v1/projects/acme/topics/side",
    platforms: ["gcp"],
    why: "an explicit port",
  },
  {
    uri: "projects/ACME/topics/side",
    platforms: ["gcp"],
    why: "not a project id (lower-case letters, digits, '-', and '.' / ':' of domain-scoped ones)",
  },
  {
    uri: "projects/acme/topics/1side",
    platforms: ["gcp"],
    why: "not a topic name (starts with a letter)",
  },
];

const SAMPLES = [...BUCKETS, ...SQS, ...PUBSUB, ...MALFORMED, ...STRICTER.map((s) => s.uri)];

/** What the modules of a platform must accept. */
function accepted(platform: Platform, uri: string): boolean {
  return BUCKETS.includes(uri) || (platform === "aws" ? SQS : PUBSUB).includes(uri);
}

const noSender = (kind: "sqs" | "pubsub"): (() => Promise<QueueSender>) => {
  return async () => ({ kind, send: async () => {} });
};

/** Whether the runtime of a platform takes the location (as create-gateway does at start-up). */
function runtimeAccepts(platform: Platform, uri: string): boolean {
  try {
    openSideOutput("SIDE_OUTPUT_SANITIZED", uri, {
      stores: async () => ({}) as never,
      queues: platform === "aws" ? { sqs: noSender("sqs") } : { pubsub: noSender("pubsub") },
    });
    return true;
  } catch {
    return false;
  }
}

interface SideOutputVariable {
  platform: Platform;
  where: string;
  name: string;
  /** string (aws-proxy-lambda), object with location (*-proxy-api), map of {ORIGINAL, SANITIZED} (hosts) */
  shape: "string" | "location" | "map";
  conditions: string[];
  messages: string[];
}

const strip = (expr: string) => expr.replace(/^\$\{/, "").replace(/\}$/, "");
const patternsOf = (expr: string) => [...expr.matchAll(/regex\("([^"\\]*)"/g)].map((m) => m[1]!);

/** Every side-output variable of the modules (the example roots hand custom_side_outputs to the hosts). */
async function sideOutputVariables(): Promise<SideOutputVariable[]> {
  const out: SideOutputVariable[] = [];
  for (const f of await tfFiles()) {
    const module = relative(INFRA, f.dir);
    const m = /^modules\/(aws|gcp)-/.exec(module);
    if (!m) continue;
    for (const [name, blocks] of Object.entries((f.json.variable ?? {}) as Record<string, Hcl[]>)) {
      if (!/^(side_output_(original|sanitized)|custom_side_outputs)$/.test(name)) continue;
      const v = blocks[0]!;
      const type = String(v.type);
      out.push({
        platform: m[1] as Platform,
        where: `${module} var.${name}`,
        name,
        shape: type.startsWith("${map(") ? "map" : type.includes("location") ? "location" : "string",
        conditions: ((v.validation ?? []) as Hcl[]).map((b) => strip(b.condition)),
        messages: ((v.validation ?? []) as Hcl[]).map((b) => b.error_message as string),
      });
    }
  }
  return out;
}

/** The expression of a local of a module. */
async function localOf(module: string, name: string): Promise<string> {
  for (const f of await tfFiles()) {
    if (f.dir !== join(INFRA, module)) continue;
    for (const block of (f.json.locals ?? []) as Hcl[]) if (name in block) return String(block[name]);
  }
  throw new Error(`${module} has no local.${name}`);
}

async function moduleJson(module: string): Promise<Hcl> {
  const merged: Hcl = {};
  for (const f of await tfFiles()) {
    if (f.dir !== join(INFRA, module)) continue;
    for (const [kind, body] of Object.entries(f.json)) {
      merged[kind] ??= {};
      for (const [k, v] of Object.entries(body as Hcl))
        merged[kind][k] = { ...(merged[kind][k] ?? {}), ...(v as Hcl) };
    }
  }
  return merged;
}

const SQS_ARN = (uri: string, partition: string) => {
  const q = parseQueueLocation(uri);
  if (q?.kind !== "sqs" || !q.region) throw new Error(`${uri}: no SQS queue with a region`);
  const [, account, name] = new URL(q.queueUrl).pathname.split("/");
  return `arn:${partition}:sqs:${q.region}:${account}:${name}`;
};

const TOPIC = (uri: string) => {
  const q = parseQueueLocation(uri);
  if (q?.kind !== "pubsub") throw new Error(`${uri}: no Pub/Sub topic`);
  return q.topic;
};

describe("side-output locations: the samples against the runtime", () => {
  it("each sample gets the runtime's verdict on each platform (or is listed as refused on purpose)", () => {
    expect(new Set(SAMPLES).size).toBe(SAMPLES.length);
    for (const platform of ["aws", "gcp"] as const) {
      for (const uri of SAMPLES) {
        const stricter = STRICTER.some((s) => s.uri === uri && s.platforms.includes(platform));
        expect(runtimeAccepts(platform, uri), `${platform}: ${JSON.stringify(uri)}`).toBe(
          accepted(platform, uri) || stricter,
        );
      }
    }
    // a queue of the other platform is refused by that platform's runtime, not by its parser
    for (const uri of SQS) expect(parseQueueLocation(uri)?.kind, uri).toBe("sqs");
    for (const uri of PUBSUB) expect(parseQueueLocation(uri)?.kind, uri).toBe("pubsub");
    // every accepted queue URL names its region: the ARN the modules grant is the queue the SDK signs for
    for (const uri of SQS) expect(SQS_ARN(uri, "aws"), uri).toMatch(/^arn:aws:sqs:[a-z0-9-]+:\d{12}:/);
  });
});

describe("side-output locations: module validations", () => {
  it("every aws-* / gcp-* side-output variable has one validation, with one bucket and one queue pattern", async () => {
    const vars = await sideOutputVariables();
    expect(vars.map((v) => v.where).sort()).toEqual([
      "modules/aws-host var.custom_side_outputs",
      "modules/aws-proxy-api var.side_output_original",
      "modules/aws-proxy-api var.side_output_sanitized",
      "modules/aws-proxy-lambda var.side_output_original",
      "modules/aws-proxy-lambda var.side_output_sanitized",
      "modules/gcp-host var.custom_side_outputs",
      "modules/gcp-proxy-api var.side_output_original",
      "modules/gcp-proxy-api var.side_output_sanitized",
    ]);
    for (const platform of ["aws", "gcp"] as const) {
      const mine = vars.filter((v) => v.platform === platform);
      const sets = mine.map((v) => {
        expect(v.conditions, v.where).toHaveLength(1);
        return JSON.stringify(patternsOf(v.conditions[0]!));
      });
      // the same patterns everywhere on a platform, so a fix in one module cannot miss another
      expect(new Set(sets).size, `${platform}: the modules' patterns differ`).toBe(1);
      expect(JSON.parse(sets[0]!), platform).toHaveLength(2);
    }
  });

  it("the patterns accept exactly the locations the runtime of their platform accepts (JS)", async () => {
    for (const v of await sideOutputVariables()) {
      const patterns = patternsOf(v.conditions[0]!).map((p) => new RegExp(p));
      for (const uri of SAMPLES) {
        expect(
          patterns.some((re) => re.test(uri)),
          `${v.where}: ${JSON.stringify(uri)}`,
        ).toBe(accepted(v.platform, uri));
      }
    }
  });

  it("the error messages name the accepted forms, and the other platform's queues as unavailable", async () => {
    for (const v of await sideOutputVariables()) {
      const msg = v.messages[0]!;
      expect(msg, v.where).toMatch(v.name === "custom_side_outputs" ? /^custom_side_outputs: / : v.name);
      expect(msg, v.where).toContain("s3://bucket[/prefix]");
      expect(msg, v.where).toContain("gs://bucket[/prefix]");
      if (v.platform === "aws") {
        expect(msg, v.where).toContain("https://sqs.<region>.amazonaws.com/<12-digit account>/<queue>");
        expect(msg, v.where).toContain("vpce-<id>.sqs.<region>.vpce.amazonaws.com");
        expect(msg, v.where).toContain("A Pub/Sub topic can be a side output on GCP only");
      } else {
        expect(msg, v.where).toContain("projects/<project>/topics/<topic>");
        expect(msg, v.where).toContain("https://pubsub.googleapis.com/v1/projects/<project>/topics/<topic>");
        expect(msg, v.where).toContain("An SQS queue can be a side output on AWS only");
      }
    }
  });

  it("the ARN / topic derivations use the validations' queue pattern", async () => {
    const vars = await sideOutputVariables();
    const queuePattern = (p: Platform) => patternsOf(vars.find((v) => v.platform === p)!.conditions[0]!)[1];
    // a plain string literal: hcl2json gives its value
    expect(await localOf("modules/aws-proxy-api", "sqs_queue_url_pattern")).toBe(queuePattern("aws"));
    expect(await localOf("modules/gcp-proxy-api", "pubsub_topic_pattern")).toBe(queuePattern("gcp"));
  });
});

describe("side-output locations: permissions to send", () => {
  it("aws-proxy-lambda: sqs:SendMessage on side_output_queue_arns, only when there are some", async () => {
    const m = await moduleJson("modules/aws-proxy-lambda");
    const statements = m.data.aws_iam_policy_document.access[0].dynamic.statement as Hcl[];
    const s = statements.find((d) => d.content[0].sid === "SendSideOutputs");
    expect(s, "no SendSideOutputs statement").toBeDefined();
    expect(s!.for_each).toBe("${length(var.side_output_queue_arns) > 0 ? [1] : []}");
    expect(s!.content[0]).toEqual({
      sid: "SendSideOutputs",
      actions: ["sqs:SendMessage"],
      resources: "${var.side_output_queue_arns}",
    });
    expect(m.variable.side_output_queue_arns[0].default).toEqual([]);
    // the KMS key of an encrypted queue is not in its URL: the key policy has to allow the role
    expect(m.variable.side_output_queue_arns[0].description).toContain("kms:GenerateDataKey and kms:Decrypt");
  });

  it("aws-proxy-api: hands the lambda the ARNs of its side-output queues, in the function's partition", async () => {
    const m = await moduleJson("modules/aws-proxy-api");
    expect(m.module.lambda[0].side_output_queue_arns).toBe("${local.side_output_queue_arns}");
    expect(m.data.aws_partition.current).toBeDefined();
    const expr = await localOf("modules/aws-proxy-api", "side_output_queue_arns");
    expect(expr).toContain("values(local.side_output_requests)");
    expect(expr).toContain("data.aws_partition.current.partition");
  });

  it("gcp-proxy-api: roles/pubsub.publisher for the function SA on each side-output topic", async () => {
    const m = await moduleJson("modules/gcp-proxy-api");
    expect(m.resource.google_pubsub_topic_iam_member.side_output_publisher[0]).toEqual({
      for_each: "${local.side_output_topics}",
      project: '${split("/", each.key)[1]}',
      topic: '${split("/", each.key)[3]}',
      role: "roles/pubsub.publisher",
      member: "serviceAccount:${google_service_account.function.email}",
    });
    const expr = await localOf("modules/gcp-proxy-api", "side_output_topics");
    expect(expr).toContain("values(local.side_output_requests)");
  });
});

// --- the same, evaluated by Terraform ----------------------------------------------------------------

const tfEnv = { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
const hasTerraform = (() => {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore", env: tfEnv });
    return true;
  } catch {
    return false;
  }
})();

/** An HCL string literal (no template sequences). */
const hcl = (s: string | null) =>
  s === null ? "null" : JSON.stringify(s).replaceAll("${", "$${").replaceAll("%{", "%%{");

describe.skipIf(!hasTerraform)("side-output locations: evaluated by terraform console", () => {
  const dir = mkdtempSync(join(tmpdir(), "psoxy-tf-console-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The value of one expression (JSON-encoded by Terraform), evaluated outside any configuration. */
  const evaluate = (expr: string): unknown => {
    const r = spawnSync("terraform", ["console", "-no-color"], {
      cwd: dir,
      env: tfEnv,
      input: `jsonencode(${expr.replace(/\s*\n\s*/g, " ")})\n`,
      encoding: "utf8",
    });
    expect(r.stderr.trim(), "terraform console failed").toBe("");
    expect(r.status).toBe(0);
    return JSON.parse(JSON.parse(r.stdout.trim()));
  };

  const asVariable = (v: SideOutputVariable, uri: string | null) =>
    v.shape === "string"
      ? hcl(uri)
      : v.shape === "location"
        ? `{ location = ${hcl(uri)} }`
        : `{ zoom = { ORIGINAL = ${hcl(uri)}, SANITIZED = null }, gcal = { ORIGINAL = null, SANITIZED = ${hcl(uri)} } }`;

  it("the validation conditions pass exactly the locations the runtime of their platform accepts", async () => {
    for (const v of await sideOutputVariables()) {
      const condition = v.conditions[0]!.replace(new RegExp(`\\bvar\\.${v.name}\\b`, "g"), "v");
      const values = SAMPLES.map((uri) => asVariable(v, uri));
      const results = evaluate(`[for v in [${values.join(", ")}] : ${condition}]`) as boolean[];
      expect(results, v.where).toEqual(SAMPLES.map((uri) => accepted(v.platform, uri)));
      // none / provision: null everywhere, no location, and "" in custom_side_outputs
      const none =
        v.shape === "string"
          ? ["null"]
          : v.shape === "location"
            ? ["null", "{ location = null }", "{}"]
            : ["{}", `{ zoom = { ORIGINAL = "", SANITIZED = null } }`];
      expect(evaluate(`[for v in [${none.join(", ")}] : ${condition}]`), v.where).toEqual(
        none.map(() => true),
      );
    }
  });

  it("aws-proxy-api: the queue ARNs are those of the queues the runtime sends to", async () => {
    const pattern = await localOf("modules/aws-proxy-api", "sqs_queue_url_pattern");
    const expr = strip(await localOf("modules/aws-proxy-api", "side_output_queue_arns"))
      .replaceAll("local.sqs_queue_url_pattern", hcl(pattern))
      .replaceAll("data.aws_partition.current.partition", '"aws-test"')
      .replaceAll("local.side_output_requests", "r");
    const request = (original: string | null, sanitized: string | null) =>
      `{ "side-output-original" = ${original === null ? "null" : `{ location = ${hcl(original)} }`}, "side-output-sanitized" = ${sanitized === null ? "null" : `{ location = ${hcl(sanitized)} }`} }`;
    const cases: [string, string[]][] = [
      ...SAMPLES.map((uri): [string, string[]] => [
        request(uri, null),
        SQS.includes(uri) ? [SQS_ARN(uri, "aws-test")] : [],
      ]),
      [request(SQS[0]!, SQS[0]!), [SQS_ARN(SQS[0]!, "aws-test")]],
      [request(SQS[0]!, SQS[1]!), [SQS_ARN(SQS[0]!, "aws-test"), SQS_ARN(SQS[1]!, "aws-test")]],
      [request("s3://bucket/p", SQS[2]!), [SQS_ARN(SQS[2]!, "aws-test")]],
      [`{ "side-output-original" = { location = null }, "side-output-sanitized" = null }`, []],
    ];
    const results = evaluate(`[for r in [${cases.map((c) => c[0]).join(", ")}] : ${expr}]`);
    expect(results).toEqual(cases.map((c) => c[1]));
  });

  it("gcp-proxy-api: the topics granted are those the runtime publishes to", async () => {
    const pattern = await localOf("modules/gcp-proxy-api", "pubsub_topic_pattern");
    const expr = strip(await localOf("modules/gcp-proxy-api", "side_output_topics"))
      .replaceAll("local.pubsub_topic_pattern", hcl(pattern))
      .replaceAll("local.side_output_requests", "r");
    const cases = SAMPLES.map((uri): [string, string[]] => [
      `{ "side-output-original" = null, "side-output-sanitized" = { location = ${hcl(uri)} } }`,
      PUBSUB.includes(uri) ? [TOPIC(uri)] : [],
    ]);
    const results = evaluate(`[for r in [${cases.map((c) => c[0]).join(", ")}] : ${expr}]`);
    expect(results).toEqual(cases.map((c) => c[1]));
    // the binding's project and topic, from the key
    const m = await moduleJson("modules/gcp-proxy-api");
    const binding = m.resource.google_pubsub_topic_iam_member.side_output_publisher[0];
    const parts = (key: string) =>
      evaluate(
        `[${[binding.project, binding.topic].map((e: string) => strip(e).replaceAll("each.key", hcl(key))).join(", ")}]`,
      );
    expect(parts("projects/example.com:acme/topics/side")).toEqual(["example.com:acme", "side"]);
  });
});
