/** Console URLs printed on 500 / 502 (infra spec 11.1): CloudWatch on AWS, Cloud Run logs on GCP. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { awsLogsUrl, cloudRunTarget, gcpLogsUrl, gcpProjectId } from "./logs-url.js";

const dir = mkdtempSync(join(tmpdir(), "psoxy-logs-url-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("GCP", () => {
  it("gen1: region and project from the host, the function from the first path segment", () => {
    const url = new URL("https://us-central1-my-project-123.cloudfunctions.net/psoxy-gcal/calendar/v3/x");
    expect(cloudRunTarget(url)).toEqual({
      service: "psoxy-gcal",
      region: "us-central1",
      project: "my-project-123",
    });
    expect(gcpLogsUrl(url, () => "unused")).toBe(
      "https://console.cloud.google.com/run/detail/us-central1/psoxy-gcal/observability/logs?project=my-project-123",
    );
    expect(cloudRunTarget(new URL("https://europe-west1-acme.cloudfunctions.net/f"))?.region).toBe(
      "europe-west1",
    );
  });

  it("gen2 *.a.run.app: service and region code (uc, uw, ue); the project from the lookup", () => {
    expect(gcpLogsUrl(new URL("https://psoxy-dev-gcal-boff2f476q-uc.a.run.app/x"), () => "acme-proj")).toBe(
      "https://console.cloud.google.com/run/detail/us-central1/psoxy-dev-gcal/observability/logs?project=acme-proj",
    );
    expect(cloudRunTarget(new URL("https://svc-abc123-uw.a.run.app"))?.region).toBe("us-west1");
    expect(cloudRunTarget(new URL("https://svc-abc123-ue.a.run.app"))?.region).toBe("us-east1");
  });

  it("gen2 <service>-<number>.<region>.run.app; an unknown region code falls back to the Logs Explorer", () => {
    expect(
      gcpLogsUrl(new URL("https://psoxy-zoom-123456789012.europe-west2.run.app/"), () => undefined),
    ).toBe("https://console.cloud.google.com/run/detail/europe-west2/psoxy-zoom/observability/logs");
    expect(gcpLogsUrl(new URL("https://psoxy-zoom-abc123-ew.a.run.app/"), () => "p")).toBe(
      "https://console.cloud.google.com/logs/query;query=resource.labels.service_name%3D%22psoxy-zoom%22?project=p",
    );
  });

  it("other hosts (load balancers, custom domains) give no URL", () => {
    expect(gcpLogsUrl(new URL("https://35.190.95.41/psoxy-zoom"), () => "p")).toBeUndefined();
  });

  it("the project comes from gcp_project_id in ./terraform.tfvars", () => {
    expect(gcpProjectId(dir, false)).toBeUndefined();
    writeFileSync(
      join(dir, "terraform.tfvars"),
      'environment_name = "dev"\ngcp_project_id   = "acme-psoxy"\n',
    );
    expect(gcpProjectId(dir, false)).toBe("acme-psoxy");
  });
});

describe("AWS", () => {
  it("the CloudWatch console of the region", () => {
    expect(awsLogsUrl("us-west-2")).toBe(
      "https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#logsV2:log-groups",
    );
  });
});
