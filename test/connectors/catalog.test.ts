/**
 * The catalogue against the connectors spec: the 48 ids with the master table's fields, the rules every
 * connector carries (valid, selected as in spec section 3), and auth strategies / grant types / secret
 * names that the auth code reads (spec section 4, api-mode spec section 5).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AUTH_STRATEGY_NAMES,
  CREDENTIALS_FLOWS,
  GENERAL_ENV_VARS,
  OAUTH2_REFRESH_TOKEN_NAMES,
  TOKEN_RESPONSE_TYPES,
} from "../../src/connectors/auth-requirements.js";
import {
  awsSecretName,
  builtinRules,
  builtinRulesKeys,
  bulkRulesFor,
  configNamesRead,
  connectorRules,
  defaultEnabledConnectorIds,
  gcpSecretName,
  getConnector,
  listConnectors,
  requiredNames,
  rulesForReferenceFile,
  secretNamesRead,
  selectBuiltinRules,
} from "../../src/connectors/index.js";
import { placeholdersIn, settingOf } from "../../src/connectors/placeholders.js";
import { templateLabel } from "../../src/connectors/render/fields.js";
import { rulesToYaml } from "../../src/connectors/rules-dsl/emit-yaml.js";
import { loadRules } from "../../src/core/rules/index.js";

const all = listConnectors();
const api = all.filter((c) => c.mode === "api");
const ids = (xs: readonly { id: string }[]) => xs.map((c) => c.id).sort();

describe("catalogue contents", () => {
  it("has the 48 catalogue ids, 39 API and 9 bulk, in id order", () => {
    expect(all).toHaveLength(48);
    expect(new Set(all.map((c) => c.id)).size).toBe(48);
    expect(api).toHaveLength(39);
    expect(all.map((c) => c.id)).toEqual(ids(all));
  });

  it("counts availability as the spec does (22 GA, 18 beta, 4 alpha, 4 deprecated)", () => {
    const count = (a: string) => all.filter((c) => c.availability === a).length;
    expect([count("ga"), count("beta"), count("alpha"), count("deprecated")]).toEqual([22, 18, 4, 4]);
    expect(ids(all.filter((c) => c.availability === "deprecated"))).toEqual([
      "azure-ad",
      "dropbox-business",
      "gemini-usage",
      "windsurf",
    ]);
    for (const c of all.filter((x) => x.availability === "deprecated"))
      expect(c.deprecationNote).toBeTruthy();
  });

  it("enables only gcal, gdirectory, outlook-cal and hris by default", () => {
    expect(ids(all.filter((c) => c.enableByDefault))).toEqual(["gcal", "gdirectory", "hris", "outlook-cal"]);
    expect(defaultEnabledConnectorIds({ googleWorkspace: false, microsoft365: false })).toEqual(["hris"]);
    expect(defaultEnabledConnectorIds({ googleWorkspace: true, microsoft365: false })).toEqual([
      "gcal",
      "gdirectory",
      "hris",
    ]);
    expect(defaultEnabledConnectorIds({ googleWorkspace: false, microsoft365: true })).toEqual([
      "hris",
      "outlook-cal",
    ]);
  });

  it("names API connectors in Worklytics as '<display name> via Psoxy', with the spec's exceptions", () => {
    const exceptions: Record<string, string> = {
      "gong-metrics": "Gong Metrics via Psoxy",
      "slack-analytics": "Slack Analytics via Psoxy",
      "github-non-enterprise": "GitHub Free/Professional/Team via Psoxy",
      "slack-discovery-api": "Slack via Psoxy",
      "jira-server": "Jira Server REST API via Psoxy",
      "atlassian-organization": "Atlassian Organization Admin API via Psoxy",
      "gitlab-cloud": "GitLab Cloud via Psoxy",
      "gitlab-managed": "GitLab Self-Managed or Dedicated via Psoxy",
    };
    for (const c of api) {
      const googleOrMicrosoft =
        c.sourceAuthStrategy === "gcp_service_account_key" || c.targetHost === "graph.microsoft.com";
      if (googleOrMicrosoft) expect(c.worklyticsConnectorName, c.id).toBeUndefined();
      else expect(c.worklyticsConnectorName, c.id).toBe(exceptions[c.id] ?? `${c.displayName} via Psoxy`);
    }
  });

  const specPath = resolve(process.cwd(), "../shared/spec/connectors.md");
  it.skipIf(!existsSync(specPath))("matches every row of the spec's master table (section 5)", () => {
    const text = readFileSync(specPath, "utf8");
    const section = text.slice(text.indexOf("## 5. Master table"), text.indexOf("## 6."));
    const rows = section
      .split("\n")
      .filter((l) => /^\| [a-z]/.test(l))
      .map((l) =>
        l
          .split("|")
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    expect(rows).toHaveLength(48);
    const AVAIL: Record<string, string> = { GA: "ga", B: "beta", A: "alpha", D: "deprecated" };
    for (const [id, name, mode, avail, def, kind, host, auth, wid] of rows) {
      const c = getConnector(id);
      expect(c, id).toBeDefined();
      if (!c) continue;
      expect(c.displayName, id).toBe(name);
      expect(c.mode, id).toBe(mode.startsWith("API") ? "api" : "bulk");
      expect(Boolean(c.async), id).toBe(mode.includes("async"));
      expect(c.availability, id).toBe(AVAIL[avail]);
      expect(c.enableByDefault, id).toBe(def === "✓");
      expect(c.sourceKind, id).toBe(kind);
      const specHost = host === "—" ? "" : host.replace(/ \(.*\)$/, "").replaceAll("`", "");
      expect(templateLabel(c.targetHost), id).toBe(specHost);
      expect(c.sourceAuthStrategy ?? "—", id).toBe(auth);
      expect(c.worklyticsConnectorId, id).toBe(wid);
    }
  });

  it("fills the fields API connectors need", () => {
    for (const c of api) {
      expect(c.targetHost, c.id).toBeDefined();
      expect(c.sourceAuthStrategy, c.id).toBeDefined();
      expect(c.exampleApiRequests?.length, c.id).toBeGreaterThan(0);
      expect(c.instructions?.text, c.id).toBeTruthy();
      expect(
        c.rules.filter((r) => r.isDefault),
        c.id,
      ).toHaveLength(1);
    }
    for (const c of all.filter((x) => x.mode === "bulk")) {
      expect(c.securedVariables, c.id).toEqual([]);
      expect(c.exampleFiles?.length, c.id).toBeGreaterThan(0);
      expect(c.rules, c.id).toHaveLength(1);
    }
  });

  it("writes settings as `<setting>` placeholders only", () => {
    for (const c of all) expect(JSON.stringify(c), c.id).not.toMatch(/\$\{/);
  });

  it("declares every `<setting>` placeholder it uses in `settings`", () => {
    for (const c of all) {
      const text = JSON.stringify([
        c.targetHost,
        c.environmentVariables,
        c.exampleApiRequests,
        c.settingsToProvide,
      ]);
      // computed example-call dates read the sample-date setting
      for (const u of placeholdersIn(text)) expect(c.settings ?? [], `${c.id}: ${u}`).toContain(settingOf(u));
    }
  });
});

describe("built-in rules", () => {
  const variants = all.flatMap((c) => c.rules.map((v) => ({ c, v })));

  it("every rules set validates with loadRules, API rules for API connectors", () => {
    // 48 defaults, 11 reference variants (_no-app-ids, no-groups, no-user-ids), zoom's legacy 0.5.3 rules
    expect(variants).toHaveLength(60);
    for (const { c, v } of variants) {
      const rules = loadRules(rulesToYaml(v.build()), { source: `${c.id}/${v.variant}` });
      if (c.mode === "api") expect(rules.kind, c.id).toBe("api");
      else expect(rules.kind, c.id).not.toBe("api");
    }
  });

  it("has the reference's prebuilt keys", () => {
    const keys = builtinRulesKeys();
    for (const k of [
      "slack",
      "confluence",
      "azure-ad",
      "azure-ad_no-app-ids",
      "gdirectory_no-app-ids",
      "gemini-in-workspace-apps_no-app-ids",
      "outlook-cal_no-app-ids",
      "outlook-mail_no-app-ids",
      "msft-teams_no-app-ids",
      "msft-copilot_no-app-ids",
      "msft-onedrive_no-app-ids",
      "outlook-cal_no-app-ids-no-groups",
      "outlook-mail_no-app-ids-no-groups",
      "gitlab-cloud",
      "gitlab-managed",
    ]) {
      expect(keys, k).toContain(k);
    }
    expect(keys).not.toContain("gitlab");
    // 37 source kinds (gitlab has none) plus 8 _no-app-ids and 2 no-groups variants
    expect(keys).toHaveLength(37 + 2 + 8 + 2 - 1);
    for (const c of api.filter((x) => x.sourceKind !== "gitlab")) {
      expect(builtinRules(c.sourceKind), c.id).toBeDefined();
    }
  });

  it("selects rules as connectors spec section 3 says", () => {
    expect(selectBuiltinRules("gdirectory", true)?.key).toBe("gdirectory_no-app-ids");
    expect(selectBuiltinRules("gdirectory", false)?.key).toBe("gdirectory");
    expect(selectBuiltinRules("zoom", true)?.key).toBe("zoom");
    expect(selectBuiltinRules("gitlab", true)).toBeUndefined();
    expect(connectorRules("msft-entra-id")?.variant.key).toBe("azure-ad_no-app-ids");
    expect(connectorRules("azure-ad", { pseudonymizeAppIds: false })?.variant.key).toBe("azure-ad");
    expect(connectorRules("msft-teams")?.variant.key).toBe("msft-teams_no-app-ids");
    expect(connectorRules("slack-discovery-api")?.variant.key).toBe("slack");
    expect(connectorRules("gitlab-cloud")?.variant.key).toBe("gitlab-cloud");
    expect(connectorRules("hris")?.yaml).toContain("columnsToPseudonymize");
    // the variants the spec names for the eight connectors with app ids
    const noAppIds = api.filter((c) => c.rules.some((r) => r.key === `${c.sourceKind}_no-app-ids`));
    expect(ids(noAppIds)).toEqual(
      [
        "azure-ad",
        "gdirectory",
        "gemini-in-workspace-apps",
        "msft-copilot",
        "msft-entra-id",
        "msft-onedrive",
        "msft-teams",
        "outlook-cal",
        "outlook-mail",
      ].sort(),
    );
  });

  it("gives bulk connectors their default rules", () => {
    expect(loadRules(bulkRulesFor("hris")!).kind).toBe("columnar");
    expect(loadRules(bulkRulesFor("workdata-generic")!).kind).toBe("multi");
    expect(loadRules(bulkRulesFor("glean-customer-events-log-bulk")!).kind).toBe("record");
    expect(bulkRulesFor("zoom")).toBeUndefined();
    expect(bulkRulesFor("nope")).toBeUndefined();
    for (const c of all.filter((x) => x.mode === "bulk")) expect(bulkRulesFor(c.id), c.id).toBeDefined();
  });

  it("maps reference rules files, with or without a rules/ or docs/sources/ prefix", () => {
    expect(
      rulesForReferenceFile("rules/google-workspace/directory/directory_no-app-ids.yaml")?.variant.key,
    ).toBe("gdirectory_no-app-ids");
    expect(rulesForReferenceFile("docs/sources/zoom/zoom.yaml")?.connectorId).toBe("zoom");
    expect(rulesForReferenceFile("/x/conformance/rules/asana/asana.yaml")?.connectorId).toBe("asana");
    expect(rulesForReferenceFile("microsoft-365/msft-teams/msft-teams_no-userIds.yaml")?.variant.key).toBe(
      "msft-teams_no-app-ids",
    );
    expect(rulesForReferenceFile("inline-rules/RESTApiSanitizerImplTest/get-only.yaml")).toBeUndefined();
    // docs-only files whose content differs from the catalogue defaults are not claimed
    expect(rulesForReferenceFile("hris/csv.yaml")).toBeUndefined();
    expect(rulesForReferenceFile("metrics/metrics.yaml")).toBeUndefined();
  });
});

describe("auth strategies, grant types and secret names", () => {
  it("uses only strategies and grant types the auth code knows", () => {
    for (const c of api) {
      const strategy = c.sourceAuthStrategy!;
      expect(Object.keys(AUTH_STRATEGY_NAMES), c.id).toContain(strategy);
      const env = c.environmentVariables ?? {};
      if (strategy === "oauth2_refresh_token") {
        expect(Object.keys(OAUTH2_REFRESH_TOKEN_NAMES.grantTypes), c.id).toContain(env.GRANT_TYPE);
      } else {
        expect(env.GRANT_TYPE, c.id).toBeUndefined();
      }
      if (env.TOKEN_RESPONSE_TYPE) expect(TOKEN_RESPONSE_TYPES).toContain(env.TOKEN_RESPONSE_TYPE);
      if (env.CREDENTIALS_FLOW) expect(CREDENTIALS_FLOWS).toContain(env.CREDENTIALS_FLOW.toLowerCase());
    }
  });

  it("names only secrets and config values the strategy reads, and provides the required ones", () => {
    for (const c of api) {
      const strategy = c.sourceAuthStrategy!;
      const grant = c.environmentVariables?.GRANT_TYPE;
      const secrets = secretNamesRead(strategy, grant);
      const config = configNamesRead(strategy, grant);
      for (const v of c.securedVariables) {
        expect(secrets.has(v.name) || config.has(v.name), `${c.id}: ${v.name}`).toBe(true);
      }
      for (const name of Object.keys(c.environmentVariables ?? {})) {
        expect(config.has(name) || GENERAL_ENV_VARS.includes(name), `${c.id}: ${name}`).toBe(true);
      }
      const provided = new Set([
        ...c.securedVariables.map((v) => v.name),
        ...Object.keys(c.environmentVariables ?? {}),
        ...(strategy === "gcp_service_account_key" ? ["OAUTH_SCOPES"] : []),
      ]);
      for (const r of requiredNames(strategy, grant))
        expect(provided.has(r), `${c.id} needs ${r}`).toBe(true);
      if (c.environmentVariables?.CREDENTIALS_FLOW === "client_secret")
        expect(provided.has("CLIENT_SECRET")).toBe(true);
    }
  });

  it("gives the shared-token connectors the writable ACCESS_TOKEN and the OAUTH_REFRESH_TOKEN lock", () => {
    const shared = api.filter((c) => c.environmentVariables?.USE_SHARED_TOKEN === "TRUE");
    expect(ids(shared)).toEqual(
      [
        "github",
        "github-copilot",
        "github-enterprise-server",
        "github-non-enterprise",
        "gong-metrics",
        "salesforce",
        "zoom",
        "confluence-cloud",
        "jira-cloud",
      ].sort(),
    );
    for (const c of shared) {
      const lock = c.securedVariables.find((v) => v.name === "OAUTH_REFRESH_TOKEN");
      expect(lock, c.id).toMatchObject({ writable: true, lockable: true, sensitive: false });
      expect(c.securedVariables.find((v) => v.name === "ACCESS_TOKEN")?.writable, c.id).toBe(true);
    }
  });

  it("uses each strategy for the connectors the spec lists", () => {
    const by = (s: string) => ids(api.filter((c) => c.sourceAuthStrategy === s));
    expect(by("gcp_service_account_key")).toHaveLength(7);
    expect(by("oauth2_access_token")).toEqual(
      [
        "asana",
        "chatgpt-enterprise",
        "codex-enterprise-analytics",
        "glean",
        "slack-analytics",
        "slack-discovery-api",
        "jira-server",
        "atlassian-organization",
        "gitlab-cloud",
        "gitlab-managed",
      ].sort(),
    );
    expect(by("basic_auth")).toEqual(["cursor"]);
    expect(by("claude_admin_api_key")).toEqual(["claude", "claude-code", "claude-enterprise-analytics"]);
    expect(by("windsurf_service_key")).toEqual(["windsurf"]);
    expect(by("oauth2_refresh_token")).toHaveLength(7 + 10);
    const msft = api.filter((c) => c.environmentVariables?.GRANT_TYPE === "workload_identity_federation");
    expect(msft).toHaveLength(7);
    for (const c of msft) expect(c.securedVariables, c.id).toEqual([]);
  });

  it("builds the reference's secret names", () => {
    expect(awsSecretName("zoom", "CLIENT_ID")).toBe("PSOXY_ZOOM_CLIENT_ID");
    expect(
      awsSecretName("github-copilot", "PRIVATE_KEY", { envId: "acme-prod", awsSsmRootPath: "psoxy/" }),
    ).toBe("/psoxy/ACME_PROD_GITHUB_COPILOT_PRIVATE_KEY");
    expect(gcpSecretName("zoom", "CLIENT_ID")).toBe("psoxy_ZOOM_CLIENT_ID");
    expect(gcpSecretName("jira-cloud", "REFRESH_TOKEN", { gcpConfigParameterPrefix: "acme_" })).toBe(
      "acme_JIRA_CLOUD_REFRESH_TOKEN",
    );
  });
});
