/**
 * `psoxy test logs`: CloudWatch Logs through the real SDK against a loopback fake (AWS JSON 1.1,
 * target prefix Logs_20140328), and Cloud Logging's entries:list against a loopback server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AwsJsonError,
  type AwsJsonServer,
  startAwsJsonServer,
} from "../../src/config/test-servers/aws-json.js";
import { type LoopbackServer, startLoopbackServer } from "../../src/config/test-servers/loopback.js";
import { runLogs } from "../../src/test-tool/logs.js";

let cw: AwsJsonServer;
let gcp: LoopbackServer;
const calls: Record<string, unknown>[] = [];

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
  process.env.AWS_CONFIG_FILE = "/nonexistent/config";
  cw = await startAwsJsonServer("Logs_20140328", {
    DescribeLogStreams: (input) => {
      calls.push(input);
      if (input.logGroupName === "/aws/lambda/denied")
        throw new AwsJsonError(
          "AccessDeniedException",
          "User: arn:aws:sts::1:assumed-role/x/y is not authorized to perform: logs:DescribeLogStreams",
        );
      if (input.logGroupName === "/aws/lambda/new") return { logStreams: [] };
      return {
        logStreams: [
          { logStreamName: "2026/11/25/[$LATEST]abc", lastEventTimestamp: Date.UTC(2026, 10, 25, 10, 0, 2) },
          { logStreamName: "older" },
        ],
      };
    },
    GetLogEvents: (input) => {
      calls.push(input);
      if (input.logGroupName === "/aws/lambda/quiet") return { events: [] };
      return {
        events: [
          { timestamp: Date.UTC(2026, 10, 25, 10, 0, 0), message: "INIT_START Runtime Version: nodejs:20\n" },
          { timestamp: Date.UTC(2026, 10, 25, 10, 0, 1), message: "WARNING rules not found\n" },
          { timestamp: Date.UTC(2026, 10, 25, 10, 0, 2), message: "error calling source\n" },
        ],
      };
    },
  });
  gcp = await startLoopbackServer(() => ({
    body: {
      entries: [
        { timestamp: "2026-11-25T10:00:02Z", severity: "ERROR", textPayload: "2026-11-25 10:00:02.123 boom" },
        { timestamp: "2026-11-25T10:00:01Z", severity: "INFO", jsonPayload: { message: "started" } },
      ],
    },
  }));
});

afterAll(async () => {
  await cw?.close();
  await gcp?.close();
});

describe("psoxy test logs", () => {
  it("AWS: prints the newest stream's events with levels flagged", async () => {
    const out: string[] = [];
    const code = await runLogs(
      { logGroupName: "/aws/lambda/psoxy-gcal", endpoint: cw.url, region: "us-east-1" },
      { out: (t) => out.push(t), err: () => undefined },
    );
    expect(code).toBe(0);
    expect(calls[0]).toMatchObject({
      logGroupName: "/aws/lambda/psoxy-gcal",
      orderBy: "LastEventTime",
      descending: true,
      limit: 10,
    });
    expect(calls[1]).toMatchObject({ logStreamName: "2026/11/25/[$LATEST]abc" });
    expect(out).toEqual([
      "Log stream 2026/11/25/[$LATEST]abc:",
      "2026-11-25T10:00:00.000Z INIT_START Runtime Version: nodejs:20",
      "2026-11-25T10:00:01.000Z [WARNING] WARNING rules not found",
      "2026-11-25T10:00:02.000Z [ERROR] error calling source",
    ]);
  });

  it("GCP: filters by function / service, shows entries oldest first", async () => {
    const out: string[] = [];
    const code = await runLogs(
      { project: "my-project", functionName: "psoxy-gcal", endpoint: gcp.url, token: "tok" },
      { out: (t) => out.push(t), err: () => undefined },
    );
    expect(code).toBe(0);
    const req = gcp.requests[0]!;
    expect(req.url).toBe("/v2/entries:list");
    expect(req.headers.authorization).toBe("Bearer tok");
    const body = JSON.parse(req.body);
    expect(body.resourceNames).toEqual(["projects/my-project"]);
    expect(body.filter).toContain('resource.labels.function_name="psoxy-gcal"');
    expect(body.filter).toContain('resource.labels.service_name="psoxy-gcal"');
    expect(body.pageSize).toBe(50);
    expect(out).toEqual(["2026-11-25T10:00:01Z started", "2026-11-25T10:00:02Z [ERROR] boom"]);
  });

  it("AWS -v lists the streams considered; an empty stream or group is said so", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    expect(await runLogs({ logGroupName: "/aws/lambda/quiet", endpoint: cw.url, verbose: true }, io)).toBe(0);
    expect(err).toEqual([
      "stream 2026/11/25/[$LATEST]abc (last event 2026-11-25T10:00:02.000Z)",
      "stream older (last event -)",
    ]);
    expect(out).toEqual([
      "Log stream 2026/11/25/[$LATEST]abc:",
      "No events in stream 2026/11/25/[$LATEST]abc",
    ]);
    out.length = 0;
    expect(await runLogs({ logGroupName: "/aws/lambda/new", endpoint: cw.url }, io)).toBe(0);
    expect(out[0]).toContain("No log streams in /aws/lambda/new");
  });

  it("AWS access denied: the error, with a hint about the permissions needed", async () => {
    const err: string[] = [];
    await expect(
      runLogs(
        { logGroupName: "/aws/lambda/denied", endpoint: cw.url },
        { out: () => undefined, err: (t) => err.push(t) },
      ),
    ).rejects.toThrow(/not authorized to perform: logs:DescribeLogStreams/);
    expect(err.join("\n")).toContain("logs:DescribeLogStreams and logs:GetLogEvents");
    expect(err.join("\n")).toContain("CloudWatchLogsReadOnlyAccess");
  });

  it("GCP -v shows the filter sent", async () => {
    const err: string[] = [];
    await runLogs(
      { project: "p", functionName: "psoxy-zoom", endpoint: gcp.url, token: "tok", verbose: true },
      { out: () => undefined, err: (t) => err.push(t) },
    );
    expect(err[0]).toContain('projects/p, filter: (resource.type="cloud_function" AND');
    expect(err[0]).toContain('resource.labels.service_name="psoxy-zoom"');
  });
});
