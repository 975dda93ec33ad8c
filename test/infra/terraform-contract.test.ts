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
import { createPubSubDispatcher } from "../../src/gateway/async-pubsub.js";
import { createSqsDispatcher } from "../../src/gateway/async-sqs.js";
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

/** Settings the gateway reads that a deployment must never set (test switches of client libraries). */
const NOT_DEPLOYED = new Map([
  [
    "PUBSUB_EMULATOR_HOST",
    "the Google client libraries' emulator switch (tests); the Pub/Sub dispatcher honours it",
  ],
  ...["AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"].map(
    (name) =>
      [
        name,
        "the AWS SDK's endpoint switches (LocalStack, tests); the SQS side-output client honours them",
      ] as [string, string],
  ),
]);

type Platform = "aws" | "gcp";

interface GatewaySetting {
  /** read only from the environment (`env.X`, `config.env[...]`), or also from the remote config store */
  envOnly: boolean;
  /** the platforms whose code paths read it */
  platforms: Set<Platform>;
  files: Set<string>;
}

/**
 * The async and side-output settings src/gateway reads (api-mode spec 1.12, 6.2-6.4, 6.7), found in the
 * code rather than listed here: `env.X` and `config.env[name]` over a literal list (env only),
 * `getConfig("X")` and a dispatcher's `queueProperty: "X"` (env or remote store). A setting read only in
 * the SQS or the Pub/Sub code (file name) belongs to that platform; the dispatchers say which queue
 * property each platform reads.
 */
function gatewayAsyncSettings(): Map<string, GatewaySetting> {
  const dir = join(REPO, "src", "gateway");
  const settings = new Map<string, GatewaySetting>();
  const add = (name: string, envOnly: boolean, file: string) => {
    if (NOT_DEPLOYED.has(name)) return;
    const platforms: Platform[] = /sqs/.test(file) ? ["aws"] : /pubsub/.test(file) ? ["gcp"] : ["aws", "gcp"];
    const s = settings.get(name) ?? { envOnly, platforms: new Set<Platform>(), files: new Set<string>() };
    s.envOnly &&= envOnly;
    for (const p of platforms) s.platforms.add(p);
    s.files.add(file);
    settings.set(name, s);
  };
  for (const path of srcFiles(dir)) {
    const file = path.slice(dir.length + 1);
    const text = readFileSync(path, "utf8");
    const asyncCode = /^(async-|side-output)/.test(file);
    if (asyncCode) {
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b/g)) add(m[1], true, file);
      for (const m of text.matchAll(/\bgetConfig\("([A-Z][A-Z0-9_]+)"\)/g)) add(m[1], false, file);
      for (const m of text.matchAll(/\bqueueProperty:\s*"([A-Z][A-Z0-9_]+)"/g)) add(m[1], false, file);
    }
    // side outputs: `for (const name of ["SIDE_OUTPUT_...", ...] as const) { const uri = config.env[name]`
    for (const m of text.matchAll(
      /for \(const (\w+) of \[([^\]]*)\] as const\) \{\s*const \w+ = config\.env\[\1\]/g,
    ))
      for (const n of m[2].matchAll(/"([A-Z][A-Z0-9_]+)"/g)) add(n[1], true, file);
  }
  // a queue setting read generically (getConfig(property)) belongs to its dispatcher's platform only
  for (const [platform, dispatcher] of [
    ["aws", createSqsDispatcher()],
    ["gcp", createPubSubDispatcher({ accessToken: null })],
  ] as const) {
    const s = settings.get(dispatcher.queueProperty);
    if (s) s.platforms = new Set([platform]);
  }
  return settings;
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
    // `NAME = optional(...)` is an attribute of an object type (custom_side_outputs' ORIGINAL / SANITIZED)
    for (const m of code.matchAll(/(?:^|[\s{,])([A-Z][A-Z0-9_]+)\s*=(?!=)(?!\s*optional\()/gm)) {
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

  it("every env var the example roots add is read by the runtime", async () => {
    for (const ex of ["infra/examples/aws", "infra/examples/gcp"]) {
      const env = await tfEnvNames(ex);
      expect(env.size, ex).toBeGreaterThan(0);
      for (const name of env)
        expect(runtime.has(name) || INFORMATIONAL_ENV.has(name), `${ex} sets ${name}, read by nothing`).toBe(
          true,
        );
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

  it("async and side-output settings the gateway reads are set by the modules of the platform that reads them", async () => {
    const settings = gatewayAsyncSettings();
    // what the scan must find for the contract to mean anything: each platform's queue, an env-only
    // setting, and one read through the config store
    expect(settings.get(createSqsDispatcher().queueProperty)?.platforms).toEqual(new Set(["aws"]));
    expect(settings.get(createPubSubDispatcher({ accessToken: null }).queueProperty)?.platforms).toEqual(
      new Set(["gcp"]),
    );
    expect([...settings.values()].some((s) => s.envOnly)).toBe(true);
    expect([...settings.values()].some((s) => !s.envOnly && s.platforms.size === 1)).toBe(true);
    expect(settings.size).toBeGreaterThanOrEqual(5);

    for (const platform of ["aws", "gcp"] as const) {
      const part = `infra/modules/${platform}`;
      const env = await tfEnvNames(part);
      const secrets = await tfSecretNames(part);
      for (const [name, s] of settings) {
        const where = `${name} (read in ${[...s.files].join(", ")})`;
        if (!s.platforms.has(platform)) {
          expect(
            env.has(name) || secrets.has(name),
            `${part} sets ${where}, a setting of another platform`,
          ).toBe(false);
        } else if (s.envOnly) {
          expect(
            env.has(name),
            `${part} does not set env ${where}, which the runtime reads from env only`,
          ).toBe(true);
          expect(secrets.has(name), `${part} stores ${where}, which the runtime reads from env only`).toBe(
            false,
          );
        } else {
          expect(env.has(name) || secrets.has(name), `${part} provides no ${where}`).toBe(true);
        }
      }
    }
  });

  it("the catalogue's async connectors are the ones src/connectors marks async", () => {
    const json = JSON.parse(readFileSync(CONNECTORS_JSON, "utf8")) as Record<string, Hcl>;
    const exported = Object.values(json)
      .filter((c) => c.enable_async_processing === true)
      .map((c) => c.id)
      .sort();
    const marked = listConnectors()
      .filter((c) => c.mode === "api" && c.async === true)
      .map((c) => c.id)
      .sort();
    expect(exported).toEqual(marked);
    expect(exported.length).toBeGreaterThan(0);
    for (const c of Object.values(json)) expect(typeof c.enable_side_output, c.id).toBe("boolean");
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

describe("Microsoft 365: what Terraform sets is what workload_identity_federation reads", () => {
  const wif = GRANT_TYPE_SPECS.find((g) => g.id === "workload_identity_federation");
  const catalog = JSON.parse(readFileSync(CONNECTORS_JSON, "utf8")) as Record<string, Hcl>;
  const msft = Object.values(catalog).filter(
    (c) => c.environment_variables?.GRANT_TYPE === "workload_identity_federation",
  );
  const required = (wif?.properties ?? []).filter((p) => p.required).map((p) => p.name);
  const variant = (platform: string) => (wif?.variants?.options[platform] ?? []).map((p) => p.name);

  it("the runtime's grant and the catalogue agree on the Microsoft 365 connectors", () => {
    expect(wif, "GRANT_TYPE_SPECS has no workload_identity_federation").toBeDefined();
    expect(required.sort()).toEqual(["CLIENT_ID", "TOKEN_SCOPE"]);
    expect(variant("aws").sort()).toEqual(["DEVELOPER_NAME_ID", "IDENTITY_ID", "IDENTITY_POOL_ID"]);
    expect(variant("gcp")).toEqual(["AUDIENCE"]);
    expect(msft.map((c) => c.id).sort()).toEqual([...(wif?.usedBy ?? [])].sort());
    for (const c of msft) {
      // no secret: the identity is the proxy's own cloud identity
      expect(c.secured_variables, c.id).toEqual([]);
      expect(c.environment_variables.TOKEN_SCOPE, c.id).toBe("https://graph.microsoft.com/.default");
      expect(c.environment_variables.REFRESH_ENDPOINT, c.id).toBe(
        "https://login.microsoftonline.com/<msft_tenant_id>/oauth2/v2.0/token",
      );
      expect(c.required_app_roles.length, c.id).toBeGreaterThan(0);
      expect(c.required_oauth2_permission_scopes, c.id).toEqual([]);
    }
  });

  it("worklytics-connectors-msft-365 picks those connectors and fills CLIENT_ID and REFRESH_ENDPOINT", async () => {
    const dir = "infra/modules/worklytics-connectors-msft-365";
    const env = await tfEnvNames(dir);
    expect([...env].sort()).toEqual(["CLIENT_ID", "REFRESH_ENDPOINT"]);
    const main = codeOf(readFileSync(join(REPO, dir, "main.tf"), "utf8"));
    const outputs = codeOf(readFileSync(join(REPO, dir, "outputs.tf"), "utf8"));
    expect(main).toContain(
      'if try(c.environment_variables.GRANT_TYPE, "") == "workload_identity_federation"',
    );
    // the catalogue's endpoint template, with the tenant placeholder filled
    expect(main).toContain(
      `refresh_endpoint = "${msft[0].environment_variables.REFRESH_ENDPOINT.replace("<msft_tenant_id>", "${var.msft_tenant_id}")}"`,
    );
    expect(outputs).toContain("CLIENT_ID        = local.apps[local.app_keys[id]].client_id");
    expect(outputs).toContain("REFRESH_ENDPOINT = local.refresh_endpoint");
  });

  it("AWS example: Cognito federation variables, and nothing the AWS variant does not read", async () => {
    const added = await tfEnvNames("infra/examples/aws/msft-365.tf");
    expect([...added].sort()).toEqual(variant("aws").sort());
    // with the module's and the catalogue's names, every name the grant needs on AWS is set
    const all = new Set([
      ...added,
      ...(await tfEnvNames("infra/modules/worklytics-connectors-msft-365")),
      ...Object.keys(msft[0].environment_variables),
    ]);
    for (const n of [...required, ...variant("aws")]) expect(all, n).toContain(n);

    const t = codeOf(readFileSync(join(INFRA, "examples/aws/msft-365.tf"), "utf8"));
    expect(t).toContain("IDENTITY_POOL_ID  = module.msft_365_cognito_pool[0].pool_id");
    expect(t).toContain("DEVELOPER_NAME_ID = module.msft_365_cognito_pool[0].developer_provider_name");
    expect(t).toContain("IDENTITY_ID       = module.msft_365_cognito_identity[0].identity_id[");
    // the runtime logs in as Logins = {DEVELOPER_NAME_ID: CLIENT_ID}: the identities' login ids are the
    // apps' client ids, and the federated credential trusts exactly that identity
    const grant = readFileSync(join(REPO, "src/auth/grants/workload-identity-federation.ts"), "utf8");
    expect(grant).toContain("GetOpenIdTokenForDeveloperIdentityCommand");
    expect(grant).toMatch(/Logins: \{ \[developerName\]: clientId \}/);
    expect(t).toContain(
      "login_ids               = { for k, app in local.msft_365_apps : k => app.client_id }",
    );
    expect(t).toContain('issuer                = "https://cognito-identity.amazonaws.com"');
    expect(t).toContain("audience              = module.msft_365_cognito_pool[0].pool_id");
    expect(t).toContain("subject               = module.msft_365_cognito_identity[0].identity_id[each.key]");
    expect(t).toContain('name                    = "${module.msft_365_env_id.id}-azure-ad-federation"');
    // the lambdas may call exactly what the runtime calls
    const pool = codeOf(readFileSync(join(INFRA, "modules/aws-cognito-pool/main.tf"), "utf8"));
    expect(pool).toContain('Action   = ["cognito-identity:GetOpenIdTokenForDeveloperIdentity"]');
    expect(t).toContain("role       = module.psoxy.api_connector_instances[each.key].execution_role_name");
    const script = readFileSync(join(INFRA, "modules/aws-cognito-identity-cli/add-identity.sh"), "utf8");
    expect(script).toContain("aws cognito-identity get-open-id-token-for-developer-identity");
    expect(script).toContain('--logins "${DEVELOPER_PROVIDER}=${LOGIN_ID}"');
  });

  it("GCP example: AUDIENCE, equal to the federated credential's audience", async () => {
    const added = await tfEnvNames("infra/examples/gcp/msft-365.tf");
    expect([...added]).toEqual(variant("gcp"));
    const t = codeOf(readFileSync(join(INFRA, "examples/gcp/msft-365.tf"), "utf8"));
    expect(t).toContain('msft_365_token_audience = "api://AzureADTokenExchange"');
    expect(t).toContain("AUDIENCE = local.msft_365_token_audience");
    expect(t).toContain("audience              = local.msft_365_token_audience");
    expect(t).toContain('issuer                = "https://accounts.google.com"');
    // Google identity tokens carry the service account's unique id as `sub`
    expect(t).toContain(
      "subject               = module.psoxy.api_connector_instances[each.key].service_account_unique_id",
    );
    const hostOut = codeOf(readFileSync(join(INFRA, "modules/gcp-host/outputs.tf"), "utf8"));
    expect(hostOut).toContain("service_account_unique_id = m.service_account_unique_id");
    const apiOut = codeOf(readFileSync(join(INFRA, "modules/gcp-proxy-api/outputs.tf"), "utf8"));
    expect(apiOut).toContain("value       = google_service_account.function.unique_id");
  });
});
