/**
 * Exports the connector catalogue (src/connectors) as JSON for Terraform:
 * `infra/modules/worklytics-connector-specs/connectors.json`, read with `jsondecode(file(...))`.
 *
 *   npx tsx infra/scripts/export-connectors.ts          # writes the file
 *   npx tsx infra/scripts/export-connectors.ts --check  # exits 1 when the file is stale
 *
 * Values holding `<setting>` placeholders are also given as `parts` (literal / setting tokens), so
 * Terraform >= 1.3 can fill them with a `for` expression and `join` (no `templatestring` needed).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bulkRulesFor, listConnectors } from "../../src/connectors/index.js";

export const CONNECTORS_JSON = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "modules",
  "worklytics-connector-specs",
  "connectors.json",
);

export interface Part {
  literal?: string;
  setting?: string;
}

/** `api.github.com/<github_organization>` -> [{literal:"api.github.com/"},{setting:"github_organization"}] */
export function toParts(text: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(/<([a-z][a-z0-9_]*)>/g)) {
    if (m.index > last) parts.push({ literal: text.slice(last, m.index) });
    parts.push({ setting: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  return parts;
}

// Terraform object types must be uniform across a map's values: every part has both keys
const tfParts = (text: string) =>
  toParts(text).map((p) => ({ literal: p.literal ?? "", setting: p.setting ?? "" }));

export function renderConnectorsCatalog(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of [...listConnectors()].sort((a, b) => a.id.localeCompare(b.id))) {
    const host = c.targetHost === undefined ? "" : typeof c.targetHost === "string" ? c.targetHost : c.targetHost.template;
    const env = c.environmentVariables ?? {};
    out[c.id] = {
      id: c.id,
      mode: c.mode,
      display_name: c.displayName,
      availability: c.availability,
      source_kind: c.sourceKind,
      worklytics_connector_id: c.worklyticsConnectorId,
      worklytics_connector_name: c.worklyticsConnectorName ?? c.displayName,
      target_host: host,
      target_host_parts: tfParts(host),
      source_auth_strategy: c.sourceAuthStrategy ?? "",
      oauth_scopes: c.oauthScopes ?? [],
      // Google Workspace: APIs to enable in the project holding the connector's service account
      apis_consumed: c.apisConsumed ?? [],
      // Microsoft 365: Graph application roles / delegated scopes the connector's Entra app needs
      required_app_roles: c.requiredAppRoles ?? [],
      required_oauth2_permission_scopes: c.requiredOauth2PermissionScopes ?? [],
      environment_variables: env,
      environment_variable_parts: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, tfParts(v)])),
      secured_variables: c.securedVariables.map((s) => ({
        name: s.name,
        writable: s.writable,
        sensitive: s.sensitive,
        lockable: s.lockable,
        value_managed_by_tf: s.valueManagedByTf,
        description: s.description,
      })),
      settings: c.settings ?? [],
      setting_defaults: c.settingDefaults ?? {},
      settings_to_provide: c.settingsToProvide ?? {},
      example_api_calls: (c.exampleApiRequests ?? []).filter((r) => r.method === "GET").map((r) => r.path),
      // every example call, for the generated test scripts and TODOs (infra spec 8): the method, and the
      // content type, body and headers ("Name: Value", the form of `psoxy test call -H`) where it has them
      example_api_requests: (c.exampleApiRequests ?? []).map((r) => ({
        method: r.method,
        path: r.path,
        content_type: r.contentType ?? "",
        body: r.body ?? "",
        headers: Object.entries(r.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
      })),
      example_files: c.exampleFiles ?? [],
      instructions: c.instructions?.text ?? "",
      // API connectors answering `Prefer: respond-async` through a queue and an output bucket (infra spec 3.5, 4.3)
      enable_async_processing: c.mode === "api" && c.async === true,
      // no catalogue connector writes a side output; custom_api_connectors / custom_side_outputs turn it on
      enable_side_output: false,
      // bulk: default rules (YAML) written to the instance's RULES parameter / env
      rules_yaml: c.mode === "bulk" ? (bulkRulesFor(c.id) ?? "") : "",
    };
  }
  return out;
}

export function renderConnectorsJson(): string {
  return `${JSON.stringify(renderConnectorsCatalog(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = renderConnectorsJson();
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(CONNECTORS_JSON, "utf8");
    } catch {}
    if (current !== text) {
      console.error(`${CONNECTORS_JSON} is stale: run npx tsx infra/scripts/export-connectors.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(CONNECTORS_JSON, text);
    console.log(`wrote ${CONNECTORS_JSON}`);
  }
}
