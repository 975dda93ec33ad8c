// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the expected values are Terraform interpolations
/**
 * What the modules provision, read from the parsed HCL: the spec's parity points (bulk triggers, salt
 * handling, caller model, TODO file names, least-privilege lists) and the catalogue's placeholder parts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONNECTORS_JSON, toParts } from "../../infra/scripts/export-connectors.js";
import { codeOf, type Hcl, INFRA, tfFiles } from "./hcl.js";

async function moduleJson(dir: string): Promise<Hcl> {
  const merged: Hcl = {};
  for (const f of await tfFiles()) {
    if (f.dir !== join(INFRA, dir)) continue;
    for (const [kind, body] of Object.entries(f.json)) {
      merged[kind] ??= {};
      for (const [k, v] of Object.entries(body as Hcl))
        merged[kind][k] = { ...(merged[kind][k] ?? {}), ...(v as Hcl) };
    }
  }
  return merged;
}

const res = (m: Hcl, type: string, name: string): Hcl => m.resource?.[type]?.[name]?.[0];
const text = (dir: string, file = "main.tf") => codeOf(readFileSync(join(INFRA, dir, file), "utf8"));

describe("AWS modules", () => {
  it("aws: salt (20) and encryption key (32) generated once, never overwritten, in SSM or Secrets Manager", async () => {
    const m = await moduleJson("modules/aws");
    expect(res(m, "random_password", "salt")).toMatchObject({ length: 20, special: true });
    expect(res(m, "random_password", "encryption_key")).toMatchObject({ length: 32, special: true });
    for (const r of ["salt", "encryption_key"]) {
      expect(res(m, "aws_ssm_parameter", r).type).toBe("SecureString");
      expect(JSON.stringify(res(m, "aws_ssm_parameter", r).lifecycle)).toContain("value");
      expect(JSON.stringify(res(m, "aws_secretsmanager_secret_version", r).lifecycle)).toContain(
        "secret_string",
      );
    }
    const t = text("modules/aws");
    expect(t).toContain('"${local.use_secrets_manager ? local.sm_root : local.ssm_root}PSOXY_SALT"');
  });

  it("aws: caller role trusts caller_aws_arns (AssumeRole) and Google service accounts (web identity, aud)", () => {
    const t = text("modules/aws");
    expect(t).toContain("name                 = local.caller_role_name");
    expect(t).toContain('caller_role_name = "${local.env_id}Caller"');
    expect(t).toContain('"sts:AssumeRoleWithWebIdentity"');
    expect(t).toContain('identifiers = ["accounts.google.com"]');
    expect(t).toContain('variable = "accounts.google.com:aud"');
    expect(t).toContain("permissions_boundary = var.iam_roles_permissions_boundary");
    expect(t).toContain('name          = "${local.env_id}-api"');
    expect(t).toContain('name        = "live"');
  });

  it("aws-proxy-lambda: arm64 Node 20, exec role <fn>_Exec, basic / VPC / override policy, log group", async () => {
    const m = await moduleJson("modules/aws-proxy-lambda");
    const fn = res(m, "aws_lambda_function", "instance");
    expect(fn.architectures).toEqual(["arm64"]);
    expect(fn.runtime).toBe("${var.runtime}");
    expect(m.variable.runtime[0].default).toBe("nodejs20.x");
    expect(res(m, "aws_iam_role", "exec").name).toBe("${var.function_name}_Exec");
    expect(res(m, "aws_iam_policy", "access").name).toBe("${var.function_name}_resourceAccess");
    expect(res(m, "aws_cloudwatch_log_group", "lambda").name).toBe("/aws/lambda/${var.function_name}");
    const t = text("modules/aws-proxy-lambda");
    expect(t).toContain("AWSLambdaBasicExecutionRole");
    expect(t).toContain("AWSLambdaVPCAccessExecutionRole");
    expect(t).toContain("var.aws_lambda_execution_role_policy_arn");
    expect(t).toContain('"ssm:PutParameter", "ssm:DeleteParameter"');
  });

  it("aws-proxy-api: IAM function URL, or API Gateway v2 routes (forced by vpc_config in aws-host)", async () => {
    const m = await moduleJson("modules/aws-proxy-api");
    expect(res(m, "aws_lambda_function_url", "url").authorization_type).toBe("AWS_IAM");
    expect(res(m, "aws_apigatewayv2_route", "routes").authorization_type).toBe("AWS_IAM");
    expect(res(m, "aws_apigatewayv2_route", "routes").route_key).toBe(
      "${each.key} /${local.function_name}/{proxy+}",
    );
    expect(res(m, "aws_apigatewayv2_integration", "lambda").payload_format_version).toBe("1.0");
    expect(text("modules/aws-host")).toContain(
      "use_api_gateway_v2             = var.use_api_gateway_v2 || var.vpc_config != null",
    );
  });

  it("aws-proxy-bulk: unfiltered ObjectCreated trigger, 600 s, 10 GB /tmp, blocked public access, lifecycle", async () => {
    const m = await moduleJson("modules/aws-proxy-bulk");
    const n = res(m, "aws_s3_bucket_notification", "input");
    expect(n.lambda_function[0].events).toEqual(["s3:ObjectCreated:*"]);
    expect(n.lambda_function[0].filter_prefix).toBeUndefined();
    expect(n.lambda_function[0].filter_suffix).toBeUndefined();
    const call = m.module.lambda[0];
    expect(call.timeout_seconds).toBe(600);
    expect(call.ephemeral_storage_mb).toBe(10240);
    expect(call.handler).toBe("bulk.handler");
    for (const b of ["input", "sanitized"]) {
      expect(res(m, "aws_s3_bucket_public_access_block", b)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(res(m, "aws_s3_bucket_lifecycle_configuration", b)).toBeDefined();
    }
    expect(res(m, "aws_ssm_parameter", "rules").name).toBe("${local.instance_prefix}RULES");
    // SOURCE is not set on bulk lambdas
    expect(JSON.stringify(call.environment_variables)).not.toContain("SOURCE");
  });
});

describe("GCP modules", () => {
  it("gcp: salt and key secrets, user-managed replication, DISABLE deletion, never overwritten", async () => {
    const m = await moduleJson("modules/gcp");
    for (const r of ["salt", "encryption_key"]) {
      const v = res(m, "google_secret_manager_secret_version", r);
      expect(v.deletion_policy).toBe("DISABLE");
      expect(JSON.stringify(v.lifecycle)).toContain("secret_data");
      expect(res(m, "google_secret_manager_secret", r).replication[0].user_managed).toBeDefined();
    }
    expect(res(m, "google_project_iam_custom_role", "write_access").permissions).toEqual([
      "storage.objects.create",
      "storage.objects.delete",
    ]);
  });

  it("gcp-proxy-api: gen2 HTTP function, invoker for Worklytics SAs, writable secrets not bound as env", async () => {
    const m = await moduleJson("modules/gcp-proxy-api");
    const fn = res(m, "google_cloudfunctions2_function", "function");
    expect(fn.build_config[0]).toMatchObject({ runtime: "nodejs20", entry_point: "psoxy" });
    expect(fn.service_config[0]).toMatchObject({ ingress_settings: "ALLOW_ALL" });
    expect(res(m, "google_cloud_run_service_iam_member", "invoker").role).toBe("roles/run.invoker");
    const keys = fn.service_config[0].secret_environment_variables.map((s: Hcl) => s.key);
    expect(keys).toEqual(["PSOXY_SALT", "PSOXY_ENCRYPTION_KEY"]);
    expect(res(m, "google_secret_manager_secret_iam_member", "version_manager").role).toBe(
      "${var.secret_version_manager_role_id}",
    );
  });

  it("gcp-proxy-bulk: Eventarc finalize on the input bucket, no retry, internal-only, bucket bindings", async () => {
    const m = await moduleJson("modules/gcp-proxy-bulk");
    const fn = res(m, "google_cloudfunctions2_function", "function");
    expect(fn.build_config[0].entry_point).toBe("gcsFileEvent");
    expect(fn.event_trigger[0]).toMatchObject({
      event_type: "google.cloud.storage.object.v1.finalized",
      retry_policy: "RETRY_POLICY_DO_NOT_RETRY",
    });
    expect(fn.event_trigger[0].event_filters[0]).toMatchObject({
      attribute: "bucket",
      value: "${google_storage_bucket.input.name}",
    });
    expect(fn.service_config[0].ingress_settings).toBe("ALLOW_INTERNAL_ONLY");
    expect(res(m, "google_storage_bucket_iam_member", "worklytics_viewer").role).toBe(
      "roles/storage.objectViewer",
    );
    expect(res(m, "google_storage_bucket_iam_member", "tester_input").role).toBe("roles/storage.objectAdmin");
    expect(res(m, "google_project_iam_member", "event_receiver").role).toBe("roles/eventarc.eventReceiver");
    for (const b of ["input", "sanitized"])
      expect(res(m, "google_storage_bucket", b).uniform_bucket_level_access).toBe(true);
  });
});

describe("generated files and constants", () => {
  it("TODO and test-script file names follow spec 8", async () => {
    const allowed = [
      /^TODO \$\{var\.todo_step\} - test \$\{local\.function_name\}\.md$/,
      /^TODO \$\{var\.todo_step \+ \(var\.instructions != "" \? 1 : 0\)\} - test \$\{(local\.function_name|var\.instance_id)\}\.md$/,
      /^TODO \$\{var\.todo_step\} - setup \$\{var\.instance_id\}\.md$/,
      /^TODO 1 - setup \$\{each\.key\}\.md$/,
      /^TODO \$\{var\.todo_step\} - set up \$\{each\.key\}\.md$/,
      /^TODO 3 - connect \$\{each\.key\} in Worklytics\.md$/,
      /^test-\$\{var\.instance_id\}\.sh$/,
      /^test-all\.sh$/,
    ];
    let n = 0;
    for (const f of await tfFiles()) {
      for (const [name, blocks] of Object.entries(
        (f.json.resource?.local_file ?? {}) as Record<string, Hcl[]>,
      )) {
        const filename = blocks[0].filename as string;
        expect(
          allowed.some((re) => re.test(filename)),
          `${f.rel}: local_file.${name} writes "${filename}"`,
        ).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(14);
  });

  it("psoxy-constants lists the spec's roles and managed policies", async () => {
    const m = await moduleJson("modules/psoxy-constants");
    const gcp = m.output.required_gcp_roles_to_provision_host[0].value as string[];
    expect(gcp).toEqual([
      "roles/storage.admin",
      "roles/iam.roleAdmin",
      "roles/resourcemanager.projectIamAdmin",
      "roles/secretmanager.admin",
      "roles/iam.serviceAccountAdmin",
      "roles/serviceusage.serviceUsageAdmin",
      "roles/cloudfunctions.developer",
      "roles/run.admin",
      "roles/compute.viewer",
      "roles/artifactregistry.editor",
      "roles/pubsub.admin",
      "roles/cloudscheduler.admin",
    ]);
    const aws = (m.output.required_aws_managed_policies_to_provision_host[0].value as string[]).map((a) =>
      a.split("/").pop(),
    );
    expect(aws).toEqual([
      "IAMFullAccess",
      "AmazonS3FullAccess",
      "CloudWatchFullAccess",
      "AmazonSSMFullAccess",
      "AWSLambda_FullAccess",
      "AmazonSQSFullAccess",
      "AWSKeyManagementServicePowerUser",
    ]);
    const t = text("modules/psoxy-constants");
    for (const sid of [
      "IAM",
      "OrganizationsRead",
      "S3",
      "CloudWatchLogsAccess",
      "SSMParameterAccessAccountLevel",
      "SSMParameterAccess",
      "LambdaAccess",
      "SQSAccess",
      "KMSAccess",
    ]) {
      expect(new RegExp(`Sid\\s*=\\s*"${sid}"`).test(t), sid).toBe(true);
    }
  });

  it("connectors.json placeholder parts rebuild the templates", () => {
    const json = JSON.parse(readFileSync(CONNECTORS_JSON, "utf8")) as Record<string, Hcl>;
    const join = (parts: Hcl[]) => parts.map((p) => (p.setting ? `<${p.setting}>` : p.literal)).join("");
    for (const c of Object.values(json)) {
      expect(join(c.target_host_parts), c.id).toBe(c.target_host);
      for (const [k, v] of Object.entries(c.environment_variables as Record<string, string>)) {
        expect(join(c.environment_variable_parts[k]), `${c.id} ${k}`).toBe(v);
      }
    }
    expect(toParts("<a>.x.<b>")).toEqual([{ setting: "a" }, { literal: ".x." }, { setting: "b" }]);
    expect(json.glean.target_host_parts[0]).toEqual({ literal: "", setting: "glean_instance_subdomain" });
  });
});
