/**
 * `psoxy test logs` (infra spec 11.8). AWS: the newest log stream of a CloudWatch log group
 * (DescribeLogStreams, descending by last event time, limit 10), its events printed as
 * `timestamp message`, SEVERE / WARNING / error lines flagged. GCP: the newest 50 Cloud Logging entries
 * of a Cloud Function / Cloud Run service (entries:list REST API), shown oldest first, levels from
 * WARNING up flagged, a leading `YYYY-MM-DD hh:mm:ss.mmm` stripped from messages.
 */
import { resolveCredentials } from "./aws.js";
import { TestToolError } from "./http.js";
import type { Io } from "./io.js";

export interface LogsOptions {
  logGroupName?: string;
  role?: string;
  region?: string;
  endpoint?: string;
  stsEndpoint?: string;
  project?: string;
  functionName?: string;
  /** GCP: OAuth access token (default: Application Default Credentials). */
  token?: string;
  /** the streams considered (AWS), the filter sent (GCP) */
  verbose?: boolean;
}

const FLAGGED_GCP = new Set(["WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"]);

export async function runLogs(options: LogsOptions, io: Io): Promise<number> {
  if (options.logGroupName) return awsLogs(options, io);
  if (options.project && options.functionName) return gcpLogs(options, io);
  throw new TestToolError("give -l <log group> (AWS), or -p <project> and -f <function> (GCP)");
}

function awsLine(timestamp: number | undefined, message: string): string {
  const time = new Date(timestamp ?? 0).toISOString();
  const text = message.trimEnd();
  const level = /^(SEVERE|WARNING)\b/.exec(text)?.[1];
  if (level) return `${time} [${level}] ${text}`;
  if (/^error/i.test(text)) return `${time} [ERROR] ${text}`;
  return `${time} ${text}`;
}

async function awsLogs(options: LogsOptions, io: Io): Promise<number> {
  const { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } = await import(
    "@aws-sdk/client-cloudwatch-logs"
  );
  const region = options.region ?? "us-east-1";
  const log = options.verbose ? (l: string) => io.err(l) : undefined;
  const credentials = options.role
    ? await resolveCredentials({ role: options.role, region, stsEndpoint: options.stsEndpoint, log })
    : undefined;
  const client = new CloudWatchLogsClient({
    region,
    ...(credentials ? { credentials } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  try {
    const streams = await client.send(
      new DescribeLogStreamsCommand({
        logGroupName: options.logGroupName,
        orderBy: "LastEventTime",
        descending: true,
        limit: 10,
      }),
    );
    if (options.verbose)
      for (const s of streams.logStreams ?? [])
        io.err(
          `stream ${s.logStreamName} (last event ${s.lastEventTimestamp ? new Date(s.lastEventTimestamp).toISOString() : "-"})`,
        );
    const stream = streams.logStreams?.[0]?.logStreamName;
    if (!stream) {
      io.out(
        `No log streams in ${options.logGroupName}: the log group exists, but the function has not logged yet`,
      );
      return 0;
    }
    io.out(`Log stream ${stream}:`);
    const events = await client.send(
      new GetLogEventsCommand({ logGroupName: options.logGroupName, logStreamName: stream }),
    );
    for (const e of events.events ?? []) io.out(awsLine(e.timestamp, e.message ?? ""));
    if ((events.events ?? []).length === 0) io.out(`No events in stream ${stream}`);
    return 0;
  } catch (e) {
    const name = (e as { name?: string }).name ?? "";
    if (/AccessDenied/i.test(name))
      io.err(
        "Hint: the caller needs logs:DescribeLogStreams and logs:GetLogEvents (e.g. CloudWatchLogsReadOnlyAccess).",
      );
    throw e;
  } finally {
    client.destroy();
  }
}

interface LogEntry {
  timestamp?: string;
  severity?: string;
  textPayload?: string;
  jsonPayload?: { message?: string } & Record<string, unknown>;
}

async function gcpLogs(options: LogsOptions, io: Io): Promise<number> {
  const f = options.functionName!;
  const filter =
    `(resource.type="cloud_function" AND resource.labels.function_name="${f}") OR ` +
    `(resource.type="cloud_run_revision" AND resource.labels.service_name="${f}")`;
  let token = options.token;
  if (!token) {
    const { GoogleAuth } = await import("google-auth-library");
    const auth = new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/logging.read"] });
    token = (await auth.getAccessToken()) ?? undefined;
    if (!token)
      throw new TestToolError(
        "no Google credentials: pass --token or set up Application Default Credentials",
      );
  }
  const endpoint = (options.endpoint ?? "https://logging.googleapis.com").replace(/\/+$/, "");
  if (options.verbose) io.err(`Cloud Logging ${endpoint}, projects/${options.project}, filter: ${filter}`);
  const response = await fetch(`${endpoint}/v2/entries:list`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      resourceNames: [`projects/${options.project}`],
      filter,
      orderBy: "timestamp desc",
      pageSize: 50,
    }),
  });
  if (!response.ok) throw new TestToolError(`Cloud Logging: ${response.status} ${await response.text()}`);
  const { entries = [] } = (await response.json()) as { entries?: LogEntry[] };
  for (const e of [...entries].reverse()) {
    const raw = e.textPayload ?? e.jsonPayload?.message ?? JSON.stringify(e.jsonPayload ?? {});
    const message = raw.replace(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}\s*/, "").trimEnd();
    const severity = (e.severity ?? "").toUpperCase();
    io.out(`${e.timestamp ?? ""} ${FLAGGED_GCP.has(severity) ? `[${severity}] ` : ""}${message}`);
  }
  if (entries.length === 0) io.out(`No log entries for ${f} in ${options.project}`);
  return 0;
}
