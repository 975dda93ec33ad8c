/**
 * `psoxy test`: checks a deployment from the outside (infra spec 11): `call` makes signed test calls
 * (AWS SigV4 after an optional STS AssumeRole, GCP identity tokens), `bulk` the bulk round trip
 * through S3 / Cloud Storage, `logs` the recent logs (CloudWatch / Cloud Logging).
 */
import type { Command } from "commander";
import { type BulkOptions, runBulk } from "../test-tool/bulk.js";
import { type CallOptions, processIo, runCall } from "../test-tool/call.js";
import { TestToolError } from "../test-tool/http.js";
import { type LogsOptions, runLogs } from "../test-tool/logs.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function run(action: () => Promise<number>): Promise<void> {
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

export function registerTestCommand(program: Command): void {
  const test = program
    .command("test")
    .description("test a deployed proxy: signed API calls (call), bulk round trips (bulk), logs (logs)");

  test
    .command("call")
    .description("call a proxy endpoint (AWS: SigV4-signed; GCP: identity token) and show the result")
    .argument("<url>", "full URL (base plus API path); with -d, the base URL only")
    .option("-f, --force <type>", "deployment type when the host does not tell: aws, gcp or local")
    .option("-r, --role <arn>", "AWS: role to assume (STS AssumeRole, session lambda_test, 900 s)")
    .option("--region <region>", "AWS region (default: from the host, else us-east-1)")
    .option(
      "--service <name>",
      "AWS: SigV4 service name (default: lambda for function URLs, else from the host)",
    )
    .option("--sts-endpoint <url>", "AWS: STS endpoint (default: AWS_ENDPOINT_URL_STS or the regional one)")
    .option("-t, --token <token>", "GCP: identity token (default: Application Default Credentials or gcloud)")
    .option("-i, --impersonate <user>", "send X-Psoxy-User-To-Impersonate (Google Workspace)")
    .option("--skip", "X-Psoxy-Skip-Sanitizer: true (development mode only)")
    .option("--no-gzip", "do not ask for a compressed response")
    .option("-v, --verbose", "show the request and all response headers")
    .option("--health-check", "send X-Psoxy-Health-Check: true")
    .option("-m, --method <method>", "HTTP method (default: POST with a body, else GET)")
    .option("-b, --body <json>", "JSON request body")
    .option("-H, --header <header>", '"Name: Value" (repeatable)', collect)
    .option("--request-no-response", "send X-Psoxy-No-Response-Body: true")
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
    .option("--allow-insecure-tls", "do not verify the TLS certificate")
    .option("--cacert <pem>", "extra CA certificate to trust")
    .option("--timeout <ms>", "request timeout in milliseconds", "25000")
    .action((url: string, opts: CallOptions) => run(() => runCall(url, opts)));

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
    .option("-v, --verbose", "verbose")
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
    .option("-f, --function-name <name>", "GCP: Cloud Function / Cloud Run service name")
    .option("-t, --token <token>", "GCP: OAuth access token (default: Application Default Credentials)")
    .action((opts: LogsOptions) => run(() => runLogs(opts, processIo)));
}
