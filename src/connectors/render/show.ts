/**
 * `psoxy connectors show <id>`: what an administrator must do to run one connector — what to grant at
 * the source, which secrets to fill (with their full AWS and GCP names), the settings to enter, the
 * instance's environment, and example calls to test it with.
 */
import { requiredNames } from "../auth-requirements.js";
import type { ConnectorSpec } from "../model.js";
import { fillTemplate } from "../placeholders.js";
import { awsSecretName, gcpSecretName, type SecretNaming } from "../secret-names.js";
import { AVAILABILITY_LABEL, hostText, modeLabel } from "./fields.js";

export interface ShowOptions extends SecretNaming {
  /** values for `<setting>` placeholders (connector_settings) */
  settings?: Readonly<Record<string, string>>;
}

export function renderConnectorShow(c: ConnectorSpec, opts: ShowOptions = {}): string {
  const settings = { ...c.settingDefaults, ...opts.settings };
  const out: string[] = [];
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push("", `${title}:`, ...lines.map((l) => (l === "" ? "" : `  ${l}`)));
  };

  const flags = [modeLabel(c), AVAILABILITY_LABEL[c.availability]];
  if (c.enableByDefault) flags.push("enabled by default");
  out.push(`${c.id}: ${c.displayName} (${flags.join(", ")})`);
  if (c.deprecationNote) out.push(`DEPRECATED: ${c.deprecationNote}`);
  out.push(`  SOURCE=${c.sourceKind}`);
  if (c.mode === "api") {
    out.push(`  TARGET_HOST=${hostText(c, settings)}`);
    out.push(`  SOURCE_AUTH_STRATEGY_IDENTIFIER=${c.sourceAuthStrategy}`);
  } else {
    out.push("  input and output buckets: INPUT_BUCKET, OUTPUT_BUCKET (bulk mode has no source auth)");
  }
  out.push(
    `  Worklytics connector: ${c.worklyticsConnectorId}${c.worklyticsConnectorName ? ` (${c.worklyticsConnectorName})` : ""}`,
  );

  const grant: string[] = [];
  if (c.oauthScopes?.length) grant.push(`Scopes / permissions: ${c.oauthScopes.join(", ")}`);
  if (c.requiredAppRoles?.length)
    grant.push(`Microsoft Graph application permissions: ${c.requiredAppRoles.join(", ")}`);
  if (c.requiredOauth2PermissionScopes?.length)
    grant.push(`Microsoft Graph delegated permissions: ${c.requiredOauth2PermissionScopes.join(", ")}`);
  if (c.apisConsumed?.length) grant.push(`Google Cloud APIs to enable: ${c.apisConsumed.join(", ")}`);
  section("Grant at the source", grant);

  const env = Object.entries(c.environmentVariables ?? {}).map(
    ([k, v]) => `${k}=${fillTemplate(v, settings)}`,
  );
  if (c.oauthScopes?.length && c.sourceAuthStrategy === "gcp_service_account_key")
    env.unshift(`OAUTH_SCOPES=${c.oauthScopes.join(" ")}`);
  section("Environment of the instance (set by the deployment)", env);

  const secrets = c.securedVariables.map((v) => {
    const what = [
      v.valueManagedByTf ? "set by the deployment" : v.leaveEmpty ? "leave empty" : "fill in",
      v.sensitive ? "sensitive" : "not sensitive",
      ...(v.writable ? ["written by the proxy"] : []),
      ...(v.lockable ? ["lock"] : []),
    ].join(", ");
    return [
      `${v.name} (${what})`,
      `    AWS SSM: ${awsSecretName(c.id, v.name, opts)}`,
      `    GCP Secret Manager: ${gcpSecretName(c.id, v.name, opts)}`,
      `    ${v.description}`,
    ].join("\n");
  });
  if (c.mode === "api" && c.securedVariables.length === 0) {
    secrets.push("none: this connector authenticates without stored secrets");
  }
  section("Secrets", secrets);

  if (c.sourceAuthStrategy) {
    const grantType = c.environmentVariables?.GRANT_TYPE;
    const provided = new Set([
      ...c.securedVariables.map((v) => v.name),
      ...Object.keys(c.environmentVariables ?? {}),
      ...(c.sourceAuthStrategy === "gcp_service_account_key" ? ["OAUTH_SCOPES"] : []),
    ]);
    const missing = requiredNames(c.sourceAuthStrategy, grantType).filter((n) => !provided.has(n));
    if (missing.length > 0) section("Also required by the auth strategy", [missing.join(", ")]);
  }

  const toProvide = Object.entries(c.settingsToProvide ?? {}).map(
    ([k, v]) => `${k}: ${fillTemplate(v, settings)}`,
  );
  section("Settings to enter in Worklytics", toProvide);

  if (c.settings?.length)
    section("Deployment settings (connector_settings) this connector reads", [c.settings.join(", ")]);

  if (c.instructions) section("Setup", fillTemplate(c.instructions.text, settings).split("\n"));

  section(
    "Rules",
    c.rules.map((r) => {
      const head = `${r.key ?? "(file only)"}${r.isDefault ? " [default]" : ""}: ${r.description}`;
      const refs = r.reference.map((f) => `    reproduces ${f.file} (${f.selectedBy})`);
      return [head, ...refs].join("\n");
    }),
  );

  const calls = (c.exampleApiRequests ?? []).map((r) => {
    const path = fillTemplate(r.path, settings);
    const extra = [
      ...(r.contentType ? [`content-type ${r.contentType}`] : []),
      ...Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
      ...(r.body ? [`body ${fillTemplate(r.body, settings)}`] : []),
    ];
    return `${r.method} ${path}${extra.length ? `  (${extra.join("; ")})` : ""}`;
  });
  if (c.exampleApiCallsUserToImpersonate) {
    // the example admin falls back to the example user, as in the reference
    const user =
      c.exampleApiCallsUserToImpersonate === "example admin" && !settings.google_workspace_example_admin
        ? "<google_workspace_example_user>"
        : `<google_workspace_${c.exampleApiCallsUserToImpersonate.replace(" ", "_")}>`;
    calls.push(`(each with header X-Psoxy-User-To-Impersonate: ${fillTemplate(user, settings)})`);
  }
  if (c.exampleFiles?.length) calls.push(...c.exampleFiles.map((f) => `sample input: ${f}`));
  section(c.mode === "api" ? "Example calls" : "Examples", calls);

  return `${out.join("\n")}\n`;
}
