/** `psoxy connectors list|show|rules` and the README table renderer, run in-process through the CLI. */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { listConnectors, renderConnectorsMarkdown } from "../../src/connectors/index.js";
import { loadRules } from "../../src/core/rules/index.js";

async function run(...args: string[]): Promise<string> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  });
  try {
    const program = buildProgram().exitOverride();
    await program.parseAsync(["node", "psoxy", ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => {
  process.exitCode = undefined;
});

describe("psoxy connectors list", () => {
  it("prints one aligned row per connector under a header", async () => {
    const out = await run("connectors", "list");
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(49);
    expect(lines[0]).toMatch(/^ID\s+NAME\s+MODE\s+AVAILABILITY\s+SOURCE KIND\s+TARGET HOST\s+AUTH STRATEGY$/);
    const zoom = lines.find((l) => l.startsWith("zoom "));
    expect(zoom).toMatch(/^zoom\s+Zoom\s+API\s+GA\s+zoom\s+api\.zoom\.us\s+oauth2_refresh_token$/);
    expect(lines.find((l) => l.startsWith("hris "))).toMatch(/bulk\s+GA\s+hris\s+-\s+-$/);
    expect(lines.find((l) => l.startsWith("glean "))).toContain("<glean_instance_subdomain>.glean.com");
  });

  it("prints JSON with id, name, mode, availability, source kind, host and auth strategy", async () => {
    const rows = JSON.parse(await run("connectors", "list", "--json")) as Record<string, unknown>[];
    expect(rows).toHaveLength(48);
    expect(rows.find((r) => r.id === "slack-discovery-api")).toMatchObject({
      id: "slack-discovery-api",
      name: "Slack via Discovery API",
      mode: "API",
      availability: "GA",
      sourceKind: "slack",
      host: "www.slack.com",
      authStrategy: "oauth2_access_token",
    });
    expect(rows.find((r) => r.id === "chatgpt-enterprise")?.mode).toBe("API (async)");
  });

  it("prints the README's Markdown table", async () => {
    const out = await run("connectors", "list", "--markdown");
    expect(out).toBe(renderConnectorsMarkdown(listConnectors()));
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(50);
    expect(lines[0]).toBe("| ID | Name | Mode | Availability | Source kind | Target host | Auth strategy |");
    expect(lines).toContain(
      "| `gcal` | Google Calendar (enabled by default) | API | GA | `gcal` | `www.googleapis.com` | `gcp_service_account_key` |",
    );
    expect(lines).toContain("| `badge` | Bulk Data Import via Psoxy | bulk | GA | `badge` | — | — |");
  });

  // the README is maintained elsewhere: when it carries the generated table between these markers, it
  // must be the current one (regenerate with `psoxy connectors list --markdown`)
  const readme = resolve(process.cwd(), "README.md");
  const START = "<!-- connectors-table:start -->";
  const END = "<!-- connectors-table:end -->";
  const text = existsSync(readme) ? readFileSync(readme, "utf8") : "";
  it.skipIf(!text.includes(START))("matches the README's connectors table", () => {
    const inner = text.slice(text.indexOf(START) + START.length, text.indexOf(END)).trim();
    expect(inner).toBe(renderConnectorsMarkdown(listConnectors()).trim());
  });
});

describe("psoxy connectors show", () => {
  it("lists scopes, secrets with their AWS and GCP names, settings and example calls", async () => {
    const out = await run("connectors", "show", "zoom");
    expect(out).toContain("zoom: Zoom (API, GA)");
    expect(out).toContain("SOURCE_AUTH_STRATEGY_IDENTIFIER=oauth2_refresh_token");
    expect(out).toContain("meeting:read:past_meeting:admin");
    expect(out).toContain("GRANT_TYPE=account_credentials");
    expect(out).toContain("AWS SSM: PSOXY_ZOOM_CLIENT_SECRET");
    expect(out).toContain("GCP Secret Manager: psoxy_ZOOM_CLIENT_SECRET");
    expect(out).toMatch(/ACCOUNT_ID \(fill in, not sensitive\)/);
    expect(out).toMatch(/OAUTH_REFRESH_TOKEN \(leave empty, not sensitive, written by the proxy, lock\)/);
    expect(out).toContain("GET /v2/users");
    expect(out).toContain("zoom [default]");
    expect(out).toContain("reproduces zoom/zoom.yaml");
  });

  it("fills settings and naming options", async () => {
    const out = await run(
      "connectors",
      "show",
      "github",
      "--env-id",
      "acme",
      "--gcp-prefix",
      "acme_",
      "-s",
      "github_organization=acme-inc",
      "-s",
      "github_installation_id=42",
    );
    expect(out).toContain("AWS SSM: ACME_GITHUB_PRIVATE_KEY");
    expect(out).toContain("GCP Secret Manager: acme_GITHUB_PRIVATE_KEY");
    expect(out).toContain("REFRESH_ENDPOINT=https://api.github.com/app/installations/42/access_tokens");
    expect(out).toContain("GET /orgs/acme-inc/members");
    expect(out).toContain("GitHub Organization: acme-inc");
    // unfilled settings become YOUR_ placeholders
    expect(out).toContain("/repos/acme-inc/YOUR_GITHUB_EXAMPLE_REPOSITORY/commits");
  });

  it("computes example-call dates from the sample date", async () => {
    const out = await run(
      "connectors",
      "show",
      "claude-enterprise-analytics",
      "-s",
      "example_api_calls_sample_date=2025-03-10",
    );
    expect(out).toContain("GET /v1/organizations/analytics/users?date=2025-03-10");
    expect(out).toContain("user_usage_report?starting_at=2025-03-07&ending_at=2025-03-10");
    const cursor = await run(
      "connectors",
      "show",
      "cursor",
      "-s",
      "example_api_calls_sample_date=2025-03-10",
    );
    expect(cursor).toContain('body {"startDate":1738972800000,"endDate":1741564800000}');
    const teams = await run(
      "connectors",
      "show",
      "msft-teams",
      "-s",
      "example_api_calls_sample_date=2025-03-10",
    );
    expect(teams).toContain(
      "getPstnCalls(fromDateTime=2025-02-08T00:00:00Z,toDateTime=2025-03-10T00:00:00Z)",
    );
  });

  it("shows Microsoft 365 permissions and that no secret is needed", async () => {
    const out = await run("connectors", "show", "msft-teams");
    expect(out).toContain("Microsoft Graph application permissions: User.Read.All, Team.ReadBasic.All");
    expect(out).toContain("GRANT_TYPE=workload_identity_federation");
    expect(out).toContain("none: this connector authenticates without stored secrets");
    expect(out).toContain("Grant-CsApplicationAccessPolicy");
    expect(out).toContain("msft-teams_no-app-ids [default]");
  });

  it("shows Google scopes, the impersonated user and OAUTH_SCOPES", async () => {
    const out = await run("connectors", "show", "gdirectory");
    expect(out).toContain("OAUTH_SCOPES=https://www.googleapis.com/auth/admin.directory.user.readonly");
    expect(out).toContain("Google Cloud APIs to enable: admin.googleapis.com");
    expect(out).toContain("X-Psoxy-User-To-Impersonate: YOUR_GOOGLE_WORKSPACE_EXAMPLE_USER");
    expect(out).toContain("AWS SSM: PSOXY_GDIRECTORY_SERVICE_ACCOUNT_KEY");
  });

  it("shows a bulk connector's buckets, parser and sample files", async () => {
    const out = await run("connectors", "show", "hris");
    expect(out).toContain("hris: HRIS Data Import via Psoxy (bulk, GA, enabled by default)");
    expect(out).toContain("INPUT_BUCKET");
    expect(out).toContain("Parser: EMPLOYEE_SNAPSHOT");
    expect(out).toContain("sample input: docs/sources/hris/hris-example.csv");
  });

  it("marks deprecated connectors", async () => {
    expect(await run("connectors", "show", "azure-ad")).toContain("DEPRECATED: Use msft-entra-id");
  });

  it("prints the spec as JSON", async () => {
    const spec = JSON.parse(await run("connectors", "show", "cursor", "--json"));
    expect(spec).toMatchObject({ id: "cursor", sourceAuthStrategy: "basic_auth", mode: "api" });
    expect(spec.securedVariables[0].name).toBe("BASIC_AUTH_USER_ID");
  });

  it("rejects an unknown id with suggestions", async () => {
    await expect(run("connectors", "show", "slack")).rejects.toThrow(
      /unknown connector "slack"; did you mean/,
    );
  });
});

describe("psoxy connectors rules", () => {
  it("prints the rules a default deployment uses, or a named variant", async () => {
    const def = loadRules(await run("connectors", "rules", "gdirectory"));
    const plain = loadRules(await run("connectors", "rules", "gdirectory", "--variant", "gdirectory"));
    const off = loadRules(await run("connectors", "rules", "gdirectory", "--no-pseudonymize-app-ids"));
    expect(def.kind).toBe("api");
    expect(JSON.stringify(def, mapReplacer)).not.toBe(JSON.stringify(plain, mapReplacer));
    expect(JSON.stringify(off, mapReplacer)).toBe(JSON.stringify(plain, mapReplacer));
    expect(loadRules(await run("connectors", "rules", "survey")).kind).toBe("columnar");
  });
});

function mapReplacer(_k: string, v: unknown) {
  return v instanceof Map ? Object.fromEntries(v) : v;
}

describe("psoxy rules test --builtin-rules", () => {
  const corpus = resolve(process.cwd(), "../shared/conformance/cases.json");
  it.skipIf(!existsSync(corpus))("runs the corpus with the connectors' built-in rules", async () => {
    const out = await run("rules", "test", corpus, "--builtin-rules", "-k", "api,urls");
    const lines = out.trimEnd().split("\n");
    expect(lines).toContain("  api: 314 passed, 0 failed, 0 skipped");
    expect(lines).toContain("  urls: 260 passed, 0 failed, 16 skipped");
    expect(lines).toContain("  16 case(s) skipped: no connector's built-in rules reproduce their rules file");
    expect(lines.at(-1)).toBe("574 passed, 0 failed, 16 skipped");
    expect(process.exitCode).toBe(0);
  });
});
