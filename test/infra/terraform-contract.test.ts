// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the expected values are Terraform interpolations
/**
 * Contract between the Terraform modules and the runtime: the environment variables and the secret /
 * parameter names the modules set must be the names src/config, src/auth (AUTH_STRATEGIES) and
 * src/connectors read, and the connector catalogue Terraform consumes must be the one src/connectors
 * exports — so neither side can drift.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONNECTORS_JSON, renderConnectorsJson } from "../../infra/scripts/export-connectors.js";
import { AUTH_STRATEGIES, GRANT_TYPE_SPECS } from "../../src/auth/strategy-table.js";
import { defaultInstancePrefix } from "../../src/config/naming.js";
import { awsSecretName, gcpSecretName, listConnectors } from "../../src/connectors/index.js";
import { codeOf, type Hcl, INFRA, REPO, tfFiles } from "./hcl.js";

/** Names Terraform sets that the runtime deliberately does not read (informational, as in the reference). */
const INFORMATIONAL_ENV = new Map([
  ["EXECUTION_ROLE", "set by the reference's Terraform, unused by the proxy (api-mode spec 4.4)"],
  ["CUSTOM_RULES_SHA", "forces a redeploy when custom rules change"],
  [
    "INPUT_BUCKET",
    "the bulk handlers take the input bucket from the event; set for parity with the reference",
  ],
]);

/** HCL all-caps keys that are not environment variables (IAM policy principal types). */
const NOT_ENV = new Set(["AWS"]);

function srcFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) srcFiles(p, out);
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

/** Every ALL_CAPS string literal or `env.NAME` access in the runtime's sources. */
function runtimeNames(): Set<string> {
  const names = new Set<string>();
  for (const f of srcFiles(join(REPO, "src"))) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/["'`]([A-Z][A-Z0-9_]{2,})["'`]/g)) names.add(m[1]);
    for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]{2,})\b/g)) names.add(m[1]);
  }
  return names;
}

/** Names the auth strategies read (config or secrets), including grant types and their variants. */
function authNames(): Set<string> {
  const names = new Set<string>();
  for (const s of AUTH_STRATEGIES) {
    for (const p of s.properties) names.add(p.name);
    for (const g of s.grantTypes) for (const p of g.properties) names.add(p.name);
  }
  for (const g of GRANT_TYPE_SPECS) {
    for (const p of g.properties) names.add(p.name);
    for (const opts of Object.values(g.variants?.options ?? {})) for (const p of opts) names.add(p.name);
  }
  names.add("GRANT_TYPE");
  return names;
}

/** Environment variable names set in the modules: ALL_CAPS keys of HCL maps (env maps, merge(...) literals). */
async function tfEnvNames(pathPart: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const f of await tfFiles()) {
    if (!f.rel.includes(pathPart)) continue;
    // heredocs hold generated scripts and markdown, not HCL maps
    const code = codeOf(f.text).replace(/<<-?(\w+)\n[\s\S]*?\n\s*\1\n/g, "\n");
    for (const m of code.matchAll(/(?:^|[\s{,])([A-Z][A-Z0-9_]+)\s*=(?!=)/gm)) {
      if (!NOT_ENV.has(m[1])) names.add(m[1]);
    }
  }
  return names;
}

/** Parameter / secret names the modules create: the ALL_CAPS suffix of a name = "...}NAME" string. */
async function tfSecretNames(pathPart: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const f of await tfFiles()) {
    if (!f.rel.includes(pathPart)) continue;
    const code = codeOf(f.text);
    for (const m of code.matchAll(/(?:name|secret_id|_name)\s*=\s*"[^"\n]*\}([A-Z][A-Z0-9_]+)"/g))
      names.add(m[1]);
  }
  return names;
}

describe("Terraform <-> runtime contract", () => {
  const runtime = runtimeNames();
  const auth = authNames();

  it("connectors.json is the catalogue src/connectors exports (re-run infra/scripts/export-connectors.ts)", () => {
    expect(readFileSync(CONNECTORS_JSON, "utf8")).toBe(renderConnectorsJson());
    const json = JSON.parse(readFileSync(CONNECTORS_JSON, "utf8"));
    expect(Object.keys(json).sort()).toEqual(
      listConnectors()
        .map((c) => c.id)
        .sort(),
    );
  });

  it("every env var the AWS modules set is read by the runtime (or is documented as informational)", async () => {
    const env = await tfEnvNames("infra/modules/aws");
    for (const must of [
      "SOURCE",
      "TARGET_HOST",
      "SOURCE_AUTH_STRATEGY_IDENTIFIER",
      "OAUTH_SCOPES",
      "REQUEST_TIMEOUT_SECONDS",
      "PATH_TO_SHARED_CONFIG",
      "PATH_TO_INSTANCE_CONFIG",
      "SECRETS_STORE",
      "INPUT_BUCKET",
      "OUTPUT_BUCKET",
      "IS_DEVELOPMENT_MODE",
      "PSEUDONYMIZE_APP_IDS",
      "EMAIL_CANONICALIZATION",
      "BUNDLE_FILENAME",
      "ALLOWED_DATA_ACCESS_IP_BLOCKS",
      "REQUEST_PATH_PREFIX_TO_TRIM",
    ]) {
      expect(env, `AWS modules do not set ${must}`).toContain(must);
    }
    for (const name of env) {
      expect(
        runtime.has(name) || INFORMATIONAL_ENV.has(name),
        `AWS modules set ${name}, which nothing in src/ reads`,
      ).toBe(true);
    }
  });

  it("every env var the GCP modules set is read by the runtime (or is documented as informational)", async () => {
    const env = await tfEnvNames("infra/modules/gcp");
    for (const must of [
      "SOURCE",
      "TARGET_HOST",
      "SOURCE_AUTH_STRATEGY_IDENTIFIER",
      "OAUTH_SCOPES",
      "PATH_TO_SHARED_CONFIG",
      "PATH_TO_INSTANCE_CONFIG",
      "INPUT_BUCKET",
      "OUTPUT_BUCKET",
      "RULES",
      "BUNDLE_FILENAME",
    ]) {
      expect(env, `GCP modules do not set ${must}`).toContain(must);
    }
    for (const name of env) {
      expect(
        runtime.has(name) || INFORMATIONAL_ENV.has(name),
        `GCP modules set ${name}, which nothing in src/ reads`,
      ).toBe(true);
    }
  });

  it("shared and instance secrets the modules create are the names the runtime reads", async () => {
    for (const part of ["infra/modules/aws", "infra/modules/gcp"]) {
      const names = await tfSecretNames(part);
      expect(names, part).toContain("PSOXY_SALT");
      expect(names, part).toContain("PSOXY_ENCRYPTION_KEY");
      for (const n of names)
        expect(runtime.has(n), `${part} creates ${n}, which src/ never reads`).toBe(true);
    }
    expect(await tfSecretNames("infra/modules/aws")).toContain("RULES");
    expect(await tfSecretNames("infra/modules/aws")).toContain("ADDITIONAL_TRANSFORMS");
  });

  it("SECRETS_STORE values Terraform can set are the ones src/config accepts", async () => {
    const text = readFileSync(join(INFRA, "modules/aws/variables.tf"), "utf8");
    const list = /contains\(\[([^\]]*)\], var\.secrets_store_implementation\)/.exec(text)?.[1] ?? "";
    const values = [...list.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
    expect(values.sort()).toEqual(["aws_secrets_manager", "aws_ssm_parameter_store"]);
    for (const v of values) expect(runtime, v).toContain(v.toUpperCase());
    expect(codeOf(readFileSync(join(INFRA, "modules/aws-proxy-lambda/main.tf"), "utf8"))).toContain(
      "SECRETS_STORE   = upper(var.secrets_store_implementation)",
    );
  });

  it("instance prefixes follow the runtime's default naming", () => {
    const lambda = codeOf(readFileSync(join(INFRA, "modules/aws-proxy-lambda/main.tf"), "utf8"));
    expect(lambda).toContain('default_instance_prefix = "${upper(replace(var.function_name, "-", "_"))}_"');
    // what that expression computes for psoxy-zoom, and what the runtime and the catalogue naming expect
    const tfDefault = `${"psoxy-zoom".replaceAll("-", "_").toUpperCase()}_`;
    expect(defaultInstancePrefix("psoxy-zoom")).toBe(tfDefault);
    expect(awsSecretName("zoom", "CLIENT_ID")).toBe(`${tfDefault}CLIENT_ID`);
    const host = codeOf(readFileSync(join(INFRA, "modules/aws-host/main.tf"), "utf8"));
    expect(host).toContain(
      '"${var.aws_ssm_param_root_path}${upper(replace("${local.env_id}-${id}", "-", "_"))}_"',
    );
    const gcpApi = codeOf(readFileSync(join(INFRA, "modules/gcp-proxy-api/main.tf"), "utf8"));
    expect(gcpApi).toContain('"${var.config_parameter_prefix}${upper(replace(var.instance_id, "-", "_"))}_"');
    expect(gcpSecretName("zoom", "CLIENT_ID", { gcpConfigParameterPrefix: "psoxy_" })).toBe(
      "psoxy_ZOOM_CLIENT_ID",
    );
  });

  it("every connector's secured variables and env vars are names the auth strategies or runtime read", () => {
    for (const c of listConnectors()) {
      for (const v of c.securedVariables) {
        expect(
          auth.has(v.name) || runtime.has(v.name),
          `${c.id}: secured variable ${v.name} is read by nothing`,
        ).toBe(true);
      }
      for (const k of Object.keys(c.environmentVariables ?? {})) {
        expect(auth.has(k) || runtime.has(k), `${c.id}: env ${k} is read by nothing`).toBe(true);
      }
      if (c.mode === "api") {
        expect(
          AUTH_STRATEGIES.map((s) => s.id),
          c.id,
        ).toContain(c.sourceAuthStrategy);
      }
    }
  });

  it("with Secrets Manager, each secured variable lands in the store the runtime reads it from", () => {
    // aws-host's rule: sensitive and not a lock -> Secrets Manager (read by the SecretStore); the rest ->
    // SSM (read by the ConfigService, E/R, or the SSM lock of spec 5)
    const host = codeOf(readFileSync(join(INFRA, "modules/aws-host/main.tf"), "utf8"));
    expect(host).toContain("in_sm       = local.use_secrets_manager && v.sensitive && !v.lockable");
    const sources = new Map<string, Set<string>>();
    const add = (p: { name: string; source: string; secretFallback?: true }) => {
      const set = sources.get(p.name) ?? new Set<string>();
      set.add(p.secretFallback ? "E/R+S" : p.source);
      sources.set(p.name, set);
    };
    for (const s of AUTH_STRATEGIES) {
      s.properties.forEach(add);
      for (const g of s.grantTypes) g.properties.forEach(add);
    }
    for (const g of GRANT_TYPE_SPECS) {
      g.properties.forEach(add);
      for (const opts of Object.values(g.variants?.options ?? {})) opts.forEach(add);
    }
    for (const c of listConnectors()) {
      for (const v of c.securedVariables) {
        const src = [...(sources.get(v.name) ?? [])];
        const inSm = v.sensitive && !v.lockable;
        const where = `${c.id}: ${v.name} (sensitive=${v.sensitive}, sources ${src.join("|")})`;
        if (v.lockable) continue; // the refresh lock is an SSM parameter on AWS (spec 5)
        if (inSm)
          expect(
            src.some((s) => s === "S" || s === "E/R+S"),
            where,
          ).toBe(true);
        else
          expect(
            src.some((s) => s === "E/R" || s === "E/R+S"),
            where,
          ).toBe(true);
      }
    }
  });

  it("the catalogue's auth strategy ids are the SOURCE_AUTH_STRATEGY_IDENTIFIER values Terraform passes through", () => {
    const json = JSON.parse(readFileSync(CONNECTORS_JSON, "utf8")) as Record<string, Hcl>;
    const ids = new Set(AUTH_STRATEGIES.map((s) => s.id));
    for (const c of Object.values(json))
      if (c.mode === "api") expect(ids.has(c.source_auth_strategy), c.id).toBe(true);
  });
});
