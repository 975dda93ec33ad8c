/**
 * Structure of the Terraform under infra/: every .tf parses, variables are typed and documented,
 * module calls pass only (and all required) variables of the called module, and nothing needs a
 * Terraform newer than the `>= 1.3` the modules declare.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  codeOf,
  type Hcl,
  INFRA,
  moduleDir,
  parse,
  REPO,
  tfDirs,
  tfFiles,
  tfSymlinks,
  variablesOf,
} from "./hcl.js";

const META_ARGS = new Set(["source", "version", "providers", "depends_on", "count", "for_each"]);

describe("infra Terraform", () => {
  it("has the modules and examples of the layering", async () => {
    const dirs = [...(await tfDirs()).keys()].map((d) => relative(INFRA, d)).sort();
    for (const m of [
      "modules/aws",
      "modules/aws-host",
      "modules/aws-proxy-lambda",
      "modules/aws-proxy-api",
      "modules/aws-proxy-bulk",
      "modules/gcp",
      "modules/gcp-host",
      "modules/gcp-proxy-api",
      "modules/gcp-proxy-bulk",
      "modules/psoxy-constants",
      "modules/env-id",
      "modules/worklytics-connector-specs",
      "modules/worklytics-connectors-google-workspace",
      "modules/worklytics-connectors-msft-365",
      "modules/azuread-connection",
      "modules/azuread-federated-credentials",
      "modules/entra-grant-all-users",
      "modules/aws-cognito-pool",
      "modules/aws-cognito-identity-cli",
      "modules/gcp-external-api-alb",
      "modules/worklytics-proxy-connection-generic",
      "modules/worklytics-proxy-connection-aws",
      "modules/worklytics-proxy-connection",
      "examples/aws",
      "examples/gcp",
    ]) {
      expect(dirs).toContain(m);
    }
  });

  it("every .tf file parses", async () => {
    const files = await tfFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) expect(f.json, f.rel).toBeTypeOf("object");
  });

  it("every variable has a type and a description", async () => {
    for (const f of await tfFiles()) {
      for (const [name, blocks] of Object.entries((f.json.variable ?? {}) as Record<string, Hcl[]>)) {
        const v = blocks[0];
        expect(v.type, `${f.rel}: variable ${name} has no type`).toBeDefined();
        expect(
          typeof v.description === "string" && v.description.trim().length > 0,
          `${f.rel}: variable ${name} has no description`,
        ).toBe(true);
      }
    }
  });

  it("every output has a description", async () => {
    for (const f of await tfFiles()) {
      for (const [name, blocks] of Object.entries((f.json.output ?? {}) as Record<string, Hcl[]>)) {
        expect(typeof blocks[0].description, `${f.rel}: output ${name}`).toBe("string");
      }
    }
  });

  it("module calls pass only declared variables, and every required one", async () => {
    const dirs = await tfDirs();
    let calls = 0;
    for (const [dir, files] of dirs) {
      for (const f of files) {
        for (const [name, blocks] of Object.entries((f.json.module ?? {}) as Record<string, Hcl[]>)) {
          const call = blocks[0];
          const source = call.source as string;
          expect(
            source.startsWith("../") || source.startsWith("./"),
            `${f.rel}: module ${name} source ${source}`,
          ).toBe(true);
          expect(existsSync(resolve(dir, source)), `${f.rel}: module ${name}: ${source} does not exist`).toBe(
            true,
          );
          const target = moduleDir(dir, source);
          const targetFiles = dirs.get(target);
          expect(targetFiles, `${f.rel}: module ${name}: no .tf in ${source}`).toBeDefined();
          const declared = variablesOf(targetFiles ?? []);
          const passed = Object.keys(call).filter((k) => !META_ARGS.has(k));
          for (const arg of passed) {
            expect(
              declared.has(arg),
              `${f.rel}: module ${name} passes ${arg}, not declared in ${relative(REPO, target)}`,
            ).toBe(true);
          }
          for (const [v, block] of declared) {
            if (!Object.hasOwn(block, "default")) {
              expect(
                passed,
                `${f.rel}: module ${name} misses required ${v} of ${relative(REPO, target)}`,
              ).toContain(v);
            }
          }
          calls++;
        }
      }
    }
    expect(calls).toBeGreaterThan(25);
  });

  it("legacy module names are relative symlinks to the current modules (spec 1.1)", async () => {
    const dirs = await tfDirs();
    const links = new Map(tfSymlinks().map((l) => [relative(INFRA, l.path), l]));
    const expected: Record<string, string> = {
      "modules/aws-psoxy-rest": "aws-proxy-api",
      "modules/aws-psoxy-bulk": "aws-proxy-bulk",
      "modules/aws-psoxy-lambda": "aws-proxy-lambda",
      "modules/gcp-psoxy-rest": "gcp-proxy-api",
      "modules/gcp-psoxy-bulk": "gcp-proxy-bulk",
      "modules/worklytics-psoxy-connection": "worklytics-proxy-connection",
      "modules/worklytics-psoxy-connection-aws": "worklytics-proxy-connection-aws",
      "modules/worklytics-psoxy-connection-generic": "worklytics-proxy-connection-generic",
    };
    for (const [alias, target] of Object.entries(expected)) {
      const link = links.get(alias);
      expect(link, `${alias} is not a symlink`).toBeDefined();
      // relative, within modules/: it survives a git clone (Terraform's git:: module sources)
      expect(link?.target, alias).toBe(target);
    }
    for (const [alias, link] of links) {
      expect(isAbsolute(link.target), `${alias} -> ${link.target} is absolute`).toBe(false);
      const real = moduleDir(dirname(link.path), link.target);
      expect(statSync(real).isDirectory(), `${alias} -> ${link.target} is not a directory`).toBe(true);
      // the target is a real module: it has .tf files of its own (and is no link itself)
      expect(dirs.has(real), `${alias} -> ${link.target} has no .tf files`).toBe(true);
      expect(relative(INFRA, dirname(real)), alias).toBe("modules");
    }
    // the walk does not follow links, so no module is read (and checked) twice
    const files = (await tfFiles()).map((f) => f.rel);
    expect(files.some((f) => f.includes("psoxy-rest"))).toBe(false);
    expect(new Set(files).size).toBe(files.length);
  });

  it("declares required_version >= 1.3 and uses nothing newer (OpenTofu-compatible)", async () => {
    const dirs = await tfDirs();
    for (const [dir, files] of dirs) {
      const versions = files
        .flatMap((f) => (f.json.terraform ?? []).map((t: Hcl) => t.required_version))
        .filter(Boolean);
      expect(versions, `${relative(REPO, dir)} has no required_version`).toEqual([">= 1.3"]);
    }
    for (const f of await tfFiles()) {
      const code = codeOf(f.text);
      // functions and blocks of Terraform 1.5+ (startswith, endswith, strcontains: 1.5; templatestring: 1.9)
      for (const fn of ["startswith(", "endswith(", "strcontains(", "templatestring(", "provider::"]) {
        expect(code.includes(fn), `${f.rel} uses ${fn}`).toBe(false);
      }
      for (const block of ["check", "import", "removed"]) {
        expect(Object.hasOwn(f.json, block), `${f.rel} has a ${block} block`).toBe(false);
      }
    }
  });

  it("example roots ship terraform.tfvars.example and the optional commented files", () => {
    for (const f of [
      "aws/terraform.tfvars.example",
      "aws/vpc.tf",
      "aws/kms-cmek.tf",
      "aws/api-gateway-advanced.tf",
      "aws/msft-365.tf",
      "aws/msft-365-variables.tf",
      "aws/msft-365_override.tf",
      "gcp/terraform.tfvars.example",
      "gcp/kms-cmek.tf",
      "gcp/vpc.tf",
      "gcp/msft-365.tf",
      "gcp/msft-365-variables.tf",
      "gcp/msft-365_override.tf",
    ]) {
      expect(existsSync(join(INFRA, "examples", f)), f).toBe(true);
    }
  });

  it("example roots declare the seed variables with the spec's defaults", async () => {
    const dirs = await tfDirs();
    const aws = variablesOf(dirs.get(join(INFRA, "examples", "aws")) ?? []);
    const expectDefault = (vars: Map<string, Hcl>, name: string, value: unknown) => {
      expect(vars.has(name), name).toBe(true);
      expect(vars.get(name)?.default, name).toEqual(value);
    };
    expectDefault(aws, "environment_name", "psoxy");
    expectDefault(aws, "aws_region", "us-east-1");
    expectDefault(aws, "caller_aws_arns", []);
    expectDefault(aws, "caller_gcp_service_account_ids", []);
    expectDefault(aws, "secrets_store_implementation", "aws_ssm_parameter_store");
    expectDefault(aws, "use_api_gateway_v2", false);
    expectDefault(aws, "vpc_config", null);
    expectDefault(aws, "project_aws_kms_key_arn", null);
    expectDefault(aws, "iam_roles_permissions_boundary", null);
    expectDefault(aws, "aws_lambda_execution_role_policy_arn", null);
    expectDefault(aws, "default_tags", {});
    expectDefault(aws, "lookup_table_builders", {});
    expectDefault(aws, "email_canonicalization", "IGNORE_DOTS");
    expectDefault(aws, "pseudonymize_app_ids", true);
    expectDefault(aws, "bulk_input_expiration_days", 30);
    expectDefault(aws, "bulk_sanitized_expiration_days", 1805);
    expect(aws.get("enabled_connectors")?.default).toBeUndefined();

    const gcp = variablesOf(dirs.get(join(INFRA, "examples", "gcp")) ?? []);
    expectDefault(gcp, "environment_name", "psoxy");
    expectDefault(gcp, "gcp_region", "us-central1");
    expectDefault(gcp, "secret_replica_locations", ["us-central1", "us-west1"]);
    expectDefault(gcp, "lookup_tables", {});
    expectDefault(gcp, "email_canonicalization", "STRICT");
    expect(gcp.has("worklytics_sa_emails")).toBe(true);
    expect(gcp.get("worklytics_sa_emails")?.default).toBeUndefined();
    expectDefault(gcp, "external_api_alb", null);
    expectDefault(gcp, "api_connector_external_lb_host", null);

    // Microsoft 365 (spec 2 / 3.8; init-tfvars writes msft_tenant_id and msft_owners_email): optional,
    // so a terraform.tfvars without them keeps working
    for (const vars of [aws, gcp]) {
      expectDefault(vars, "msft_tenant_id", null);
      expectDefault(vars, "msft_owners_email", []);
      expectDefault(vars, "msft_connector_app_object_id", null);
      expect(vars.get("msft_owners_email")?.type).toContain("set(string)");
    }
  });

  it("the msft-365 override only replaces locals the base configuration defines", async () => {
    // Terraform rejects an override of a value the other files do not define, and override files may
    // hold nothing else here: deleting the three msft-365 files must leave a complete configuration
    const dirs = await tfDirs();
    for (const ex of ["aws", "gcp"]) {
      const files = dirs.get(join(INFRA, "examples", ex)) ?? [];
      const override = files.find((f) => f.rel.endsWith("msft-365_override.tf"));
      expect(override, ex).toBeDefined();
      expect(Object.keys(override?.json ?? {}), ex).toEqual(["locals"]);
      const overridden = ((override?.json.locals ?? []) as Hcl[]).flatMap((b) => Object.keys(b));
      expect(overridden, ex).toEqual(["msft_365_api_connectors"]);
      const base = files.filter((f) => !/msft-365/.test(f.rel));
      const baseLocals = base.flatMap((f) => ((f.json.locals ?? []) as Hcl[]).flatMap((b) => Object.keys(b)));
      for (const l of overridden) expect(baseLocals, `${ex}: ${l}`).toContain(l);
      // the base defaults to no Microsoft 365 connector, and keeps them out of the catalogue set
      const main = codeOf(base.find((f) => f.rel.endsWith("main.tf"))?.text ?? "");
      expect(main).toContain("msft_365_api_connectors = {}");
      expect(main).toContain(
        'if try(c.environment_variables.GRANT_TYPE, "") != "workload_identity_federation"',
      );
      expect(main).toContain(
        "api_connectors = merge(local.catalog_api_connectors, local.msft_365_api_connectors)",
      );
      // only the msft-365 files configure the azuread provider (it needs Entra credentials)
      for (const f of base) expect(Object.hasOwn(f.json.provider ?? {}, "azuread"), f.rel).toBe(false);
      const msft = files.find((f) => f.rel.endsWith(`${ex}/msft-365.tf`));
      expect(Object.hasOwn(msft?.json.provider ?? {}, "azuread"), ex).toBe(true);
    }
  });
});

describe("documentation and tfvars examples", () => {
  it("terraform.tfvars.example sets (and comments) only variables the example declares", async () => {
    const { readFileSync } = await import("node:fs");
    const dirs = await tfDirs();
    for (const ex of ["aws", "gcp"]) {
      const dir = join(INFRA, "examples", ex);
      const declaredVars = variablesOf(dirs.get(dir) ?? []);
      const text = readFileSync(join(dir, "terraform.tfvars.example"), "utf8");
      const active = Object.keys(await parse("terraform.tfvars", text));
      const commented = [...text.matchAll(/^#\s*([a-z][a-z0-9_]*)\s*=/gm)].map((m) => m[1]);
      expect(active.length).toBeGreaterThan(3);
      for (const v of [...active, ...commented])
        expect(declaredVars.has(v), `${ex}/terraform.tfvars.example: ${v}`).toBe(true);
      // every variable without a default is in the example
      for (const [v, block] of declaredVars) {
        if (!Object.hasOwn(block, "default")) expect(active, `${ex}: required ${v}`).toContain(v);
      }
    }
  });

  it("README's variable tables name variables the examples declare", async () => {
    const { readFileSync } = await import("node:fs");
    const dirs = await tfDirs();
    const vars = new Set([
      ...variablesOf(dirs.get(join(INFRA, "examples", "aws")) ?? []).keys(),
      ...variablesOf(dirs.get(join(INFRA, "examples", "gcp")) ?? []).keys(),
    ]);
    const readme = readFileSync(join(INFRA, "README.md"), "utf8");
    const rows = readme.split("\n").filter((l) => /^\| `[a-z_]+`/.test(l));
    expect(rows.length).toBeGreaterThan(15);
    for (const row of rows) {
      const first = row.split("|")[1];
      for (const m of first.matchAll(/`([a-z][a-z0-9_]*)`/g))
        expect(vars.has(m[1]), `README: ${m[1]}`).toBe(true);
    }
  });
});
