/**
 * Where to look when a deployed proxy answers 500 / 502 (infra spec 11.1, "Result handling"): the
 * CloudWatch console of the region on AWS (the function's name is not in its URL), the Cloud Run logs
 * page of the service on GCP. A Cloud Functions gen1 host names region and project
 * (`<region>-<project>.cloudfunctions.net/<function>`); a Cloud Run host names the service and either a
 * region code (`<service>-<hash>-uc.a.run.app`) or the region (`<service>-<number>.<region>.run.app`);
 * the project then comes from `gcp_project_id` in ./terraform.tfvars, else `gcloud config get-value
 * project`. Without a known region the Logs Explorer, filtered on the service, is the fallback.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Region codes of `*.a.run.app` hosts that the reference maps. */
const RUN_REGION_CODES: Record<string, string> = { uc: "us-central1", uw: "us-west1", ue: "us-east1" };

export function awsLogsUrl(region: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups`;
}

/** `gcp_project_id` from `<cwd>/terraform.tfvars`, else gcloud's configured project; undefined if neither. */
export function gcpProjectId(cwd: string = process.cwd(), useGcloud = true): string | undefined {
  const tfvars = join(cwd, "terraform.tfvars");
  try {
    if (existsSync(tfvars)) {
      const m = /^\s*gcp_project_id\s*=\s*["']([^"']+)["']/m.exec(readFileSync(tfvars, "utf8"));
      if (m?.[1]) return m[1].trim();
    }
  } catch {
    // unreadable: try gcloud
  }
  if (!useGcloud) return undefined;
  try {
    const out = execFileSync("gcloud", ["config", "get-value", "project"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
    }).trim();
    return out && out !== "(unset)" ? out : undefined;
  } catch {
    return undefined;
  }
}

interface CloudRunTarget {
  service: string;
  region?: string;
  project?: string;
}

/** Service, region and project named by a Cloud Functions / Cloud Run URL; undefined for other hosts. */
export function cloudRunTarget(url: URL): CloudRunTarget | undefined {
  const host = url.hostname.toLowerCase();
  const gen1 = /^([a-z]+(?:-[a-z]+)*\d)-([a-z0-9-]+)\.cloudfunctions\.net$/.exec(host);
  if (gen1) {
    const service = url.pathname.split("/").find((s) => s !== "");
    return service ? { service, region: gen1[1], project: gen1[2] } : undefined;
  }
  const legacy = /^(.+)-[a-z0-9]+-([a-z]{2})\.a\.run\.app$/.exec(host);
  if (legacy) return { service: legacy[1]!, region: RUN_REGION_CODES[legacy[2]!] };
  const regional = /^(.+)-\d+\.([a-z]+-[a-z]+\d+)\.run\.app$/.exec(host);
  if (regional) return { service: regional[1]!, region: regional[2] };
  return undefined;
}

/** The console page with the logs of the Cloud Function / Cloud Run service behind `url`. */
export function gcpLogsUrl(url: URL, project: () => string | undefined = gcpProjectId): string | undefined {
  const target = cloudRunTarget(url);
  if (!target) return undefined;
  const projectId = target.project ?? project();
  const query = projectId ? `?project=${encodeURIComponent(projectId)}` : "";
  if (target.region)
    return `https://console.cloud.google.com/run/detail/${target.region}/${target.service}/observability/logs${query}`;
  const filter = encodeURIComponent(`resource.labels.service_name="${target.service}"`);
  return `https://console.cloud.google.com/logs/query;query=${filter}${query}`;
}
