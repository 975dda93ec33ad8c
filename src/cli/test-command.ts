/**
 * `psoxy test`: checks a deployment from the outside (infra spec 11): `call` makes signed test calls
 * (AWS SigV4 after an optional STS AssumeRole, GCP identity tokens), `bulk` the bulk round trip
 * through S3 / Cloud Storage, `logs` the recent logs (CloudWatch / Cloud Logging),
 * `zoom-meeting-summary` looks for a Zoom meeting with an AI summary. The options keep the names and
 * short flags of the reference's cli-call.js / cli-file-upload.js / cli-logs.js /
 * find-zoom-meeting-summary.js, so that existing scripts and habits keep working.
 */
import type { Command } from "commander";
import { type BulkOptions, runBulk } from "../test-tool/bulk.js";
import { type CallOptions, runCall } from "../test-tool/call.js";
import { environmentNotes } from "../test-tool/environment.js";
import { TestToolError } from "../test-tool/http.js";
import { processIo } from "../test-tool/io.js";
import { type LogsOptions, runLogs } from "../test-tool/logs.js";
import { runZoomSummary, type ZoomSummaryOptions } from "../test-tool/zoom-summary.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

const WEBHOOK_ONLY = "not supported (webhook collectors; this proxy has none)";

async function run(action: () => Promise<number>): Promise<void> {
  // 11.2: notes about the Node.js version first
  for (const note of environmentNotes()) process.stderr.write(`${note}\n`);
  try {
    process.exitCode = await action();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `psoxy test: ${e instanceof TestToolError ? "" : `${(e as Error)?.name ?? "Error"}: `}${message}\n`,
    );
    process.exitCode = 1;
  }
}

/** Options `call` and `zoom-meeting-summary` share: target, deployment, authentication, transport. */
function connectionOptions(command: Command): Command {
  return command
    .option("-u, --url <url>", "the URL, as the reference tool takes it (instead of the argument)")
    .option("-f, --force <type>", "deployment type when the host does not tell: aws, gcp or local")
    .option("-r, --role <arn>", "AWS: role to assume (STS AssumeRole, session lambda_test, 900 s)")
    .option("--region <region>", "AWS region (default: from the host, else us-east-1)")
    .option(
      "--service <name>",
      "AWS: SigV4 service name (default: lambda for function URLs, else from the host)",
    )
    .option("--sts-endpoint <url>", "AWS: STS endpoint (default: AWS_ENDPOINT_URL_STS or the regional one)")
    .option("-t, --token <token>", "GCP: identity token (default: Application Default Credentials or gcloud)")
    .option("-z, --gzip [bool]", 'ask for a gzip-compressed response (default: true; "-z false" to not ask)')
    .option("--no-gzip", 'do not ask for a compressed response (same as "-z false")')
    .option("-v, --verbose", "show the requests and all response headers")
    .option("-H, --header <header>", 'extra request header "Name: Value" (repeatable)', collect)
    .option("--allow-insecure-tls", "do not verify the TLS certificate (self-signed PoC load balancers only)")
    .option("--cacert <pem>", "extra CA certificate (PEM file) to trust")
    .option("--timeout <ms>", "request timeout in milliseconds (default: 25000)");
}

export function registerTestCommand(program: Command): void {
  const test = program
    .command("test")
    .description(
      "test a deployed proxy: signed API calls (call), bulk round trips (bulk), logs (logs), " +
        "Zoom meeting summaries (zoom-meeting-summary)",
    );

  connectionOptions(
    test
      .command("call")
      .description("call a proxy endpoint (AWS: SigV4-signed; GCP: identity token) and show the result")
      .argument("[url]", "full URL (base plus API path); with -d, the base URL only (or give it with -u)"),
  )
    .option("-i, --impersonate <user>", "send X-Psoxy-User-To-Impersonate (Google Workspace)")
    .option(
      "-s, --save-to-file",
      "save a 200 response as <api-path-with-dashes>-<ISO time>.json (async results: …-async.json)",
    )
    .option("--save-dir <dir>", "with -s: the directory to save into (default: the current one)")
    .option("--skip", "X-Psoxy-Skip-Sanitizer: true (development mode only)")
    .option("--health-check", "send X-Psoxy-Health-Check: true and show the proxy's health report")
    .option(
      "-m, --method <method>",
      "HTTP method (default: POST with a body, else the method of the catalog's example call, else GET)",
    )
    .option("-b, --body <body>", "request body (JSON unless --content-type says otherwise)")
    .option(
      "--content-type <type>",
      "Content-Type of the body (default application/json; signed as such on AWS)",
    )
    .option("--request-no-response", "send X-Psoxy-No-Response-Body: true (side-output tests)")
    .option(
      "--async",
      "ask for async processing (Prefer: respond-async); on 202, poll the Location until the result appears",
    )
    .option("--poll-interval <ms>", "with --async: wait between checks of the Location", "10000")
    .option("--poll-attempts <n>", "with --async: checks before giving up", "12")
    .option(
      "--output-endpoint <url>",
      "with --async: S3 / Cloud Storage endpoint to read the result from (S3-compatible stores, emulators)",
    )
    .option(
      "-d, --data-source <name>",
      'call the example calls of a connector, of "demo", or of a JSON manifest file',
    )
    .option(
      "-p, --param <name=value>",
      "with -d: a value for a {NAME} / [NAME] / <name> placeholder (repeatable)",
      collect,
    )
    .option(
      "--concurrency <n>",
      "fire n copies of the call at once (2 to 5): status, latency, identical responses",
    )
    .option("--signing-key <key-ref>", WEBHOOK_ONLY)
    .option("--identity-issuer <issuer>", WEBHOOK_ONLY)
    .option("--identity-subject <sub>", WEBHOOK_ONLY)
    .option("--verify-collection <bucket>", WEBHOOK_ONLY)
    .option("--scheduler-job <name>", WEBHOOK_ONLY)
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  AWS: psoxy test call https://<id>.lambda-url.<region>.on.aws/<api-path> -r arn:aws:iam::<acct>:role/<caller>\n" +
        "  GCP: psoxy test call -u https://<function-url>/<api-path> -t <identity token>\n" +
        "  all example calls of a connector: psoxy test call https://<base-url> -d gcal -i user@example.com",
    )
    .action((url: string | undefined, opts: CallOptions) => run(() => runCall(url, opts)));

  test
    .command("bulk")
    .description(
      "bulk round trip: upload a file to the input bucket under a timestamped name, wait for the sanitized " +
        "copy in the output bucket, show the columns removed / changed and a sample of pseudonymized values",
    )
    .requiredOption("-d, --deploy <AWS|GCP>", "where the buckets are")
    .requiredOption("-i, --input <bucket[/path/]>", "input bucket (text after the first / is a key prefix)")
    .requiredOption(
      "-o, --output <bucket[/path/]>",
      "output bucket (with OUTPUT_BASE_PATH, add it as a prefix)",
    )
    .requiredOption("-f, --file <path>", "file to upload")
    .option(
      "-r, --role <arn>",
      "AWS: role to assume for the download (and upload, without --write-role-to-assume)",
    )
    .option("--write-role-to-assume <arn>", "AWS: role to assume for the upload and delete")
    .option("--upload-role-to-assume <arn>", "deprecated alias of --write-role-to-assume")
    .option("--region <region>", "AWS region", "us-east-1")
    .option("--endpoint <url>", "S3 / Cloud Storage endpoint (S3-compatible stores, emulators)")
    .option("--sts-endpoint <url>", "AWS: STS endpoint")
    .option("--project <id>", "GCP: project id")
    .option("-s, --save-sanitized-file", "keep a local copy of the sanitized file")
    .option("-k, --keep-sanitized-file", "do not delete the sanitized object from the output bucket")
    .option("--poll-interval <ms>", "wait between checks for the sanitized object", "5000")
    .option("--attempts <n>", "checks before giving up", "60")
    .option("-v, --verbose", "report each check for the sanitized object")
    .action((opts: BulkOptions & { uploadRoleToAssume?: string }) =>
      run(() =>
        runBulk({ ...opts, writeRoleToAssume: opts.writeRoleToAssume ?? opts.uploadRoleToAssume }, processIo),
      ),
    );

  test
    .command("logs")
    .description("show recent logs of a proxy instance: CloudWatch (-l) or Cloud Logging (-p and -f)")
    .option("-l, --log-group-name <name>", "AWS: log group, e.g. /aws/lambda/psoxy-gcal")
    .option("-r, --role <arn>", "AWS: role to assume")
    .option("--region <region>", "AWS region", "us-east-1")
    .option("--endpoint <url>", "CloudWatch Logs / Cloud Logging endpoint")
    .option("--sts-endpoint <url>", "AWS: STS endpoint")
    .option("-p, --project <id>", "GCP: project id")
    .option("--project-id <id>", "GCP: the same as -p (the reference's name)")
    .option("-f, --function-name <name>", "GCP: Cloud Function / Cloud Run service name")
    .option("-t, --token <token>", "GCP: OAuth access token (default: Application Default Credentials)")
    .option("-v, --verbose", "show the log streams considered (AWS) or the filter sent (GCP)")
    .action((opts: LogsOptions & { projectId?: string }) => {
      const { projectId, ...rest } = opts;
      return run(() => runLogs({ ...rest, project: rest.project ?? projectId }, processIo));
    });

  connectionOptions(
    test
      .command("zoom-meeting-summary")
      .alias("find-zoom-meeting-summary")
      .description(
        "through a Zoom proxy instance, find a past meeting instance that has an AI Companion meeting " +
          "summary and fetch /v2/meetings/{uuid}/meeting_summary",
      )
      .argument("[url]", "base URL of the Zoom instance, no API path (or give it with -u)"),
  )
    .option("--lookback-days <n>", "how far back to look for past meetings, in days", "90")
    .option("--page-size <n>", "Zoom page size", "300")
    .option("--max-users <n>", "stop after this many users (0 = all)", "0")
    .action((url: string | undefined, opts: ZoomSummaryOptions) => run(() => runZoomSummary(url, opts)));
}
