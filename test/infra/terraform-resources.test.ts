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
import { guarded } from "./templates.js";

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
    // ALLOW_ALL unless gcp-host puts a load balancer in front
    expect(fn.service_config[0]).toMatchObject({ ingress_settings: "${var.ingress_settings}" });
    expect(m.variable.ingress_settings[0].default).toBe("ALLOW_ALL");
    expect(text("modules/gcp-host")).toContain(
      'ingress_settings                  = local.behind_lb ? "ALLOW_INTERNAL_AND_GCLB" : "ALLOW_ALL"',
    );
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
      // Microsoft 365 admin consent (entra-grant-all-users)
      /^TODO \$\{var\.todo_step\} - setup \$\{var\.connector_id\}\.md$/,
      /^TODO \$\{var\.todo_step\} - connect \$\{var\.proxy_instance_id\} in Worklytics\.md$/,
      /^TODO \$\{var\.todo_step\} - configure DNS for API connector load balancer\.md$/,
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
    expect(n).toBeGreaterThanOrEqual(16);
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

describe("Microsoft 365 modules", () => {
  it("azuread-connection: an app with Graph application roles by id, and its service principal", async () => {
    const m = await moduleJson("modules/azuread-connection");
    const app = res(m, "azuread_application", "connector");
    const access = app.required_resource_access[0];
    expect(access.resource_app_id).toBe(
      '${data.azuread_application_published_app_ids.well_known.result["MicrosoftGraph"]}',
    );
    const [roles, scopes] = access.dynamic.resource_access;
    expect(roles.for_each).toBe("${toset(var.required_app_roles)}");
    expect(roles.content[0]).toEqual({
      id: "${data.azuread_service_principal.msgraph.app_role_ids[resource_access.value]}",
      type: "Role",
    });
    expect(scopes.content[0].type).toBe("Scope");
    expect(res(m, "azuread_service_principal", "connector").client_id).toBe(
      "${azuread_application.connector.client_id}",
    );
    // no password or certificate: the app is reached by federation only
    expect(Object.keys(m.resource).sort()).toEqual(["azuread_application", "azuread_service_principal"]);
  });

  it("worklytics-connectors-msft-365: one app per connector, or the shared one; grant TODO for each", async () => {
    const m = await moduleJson("modules/worklytics-connectors-msft-365");
    expect(m.module.connection[0].for_each).toBe(
      "${{ for id, c in local.connectors : id => c if !local.shared_app }}",
    );
    expect(m.module.connection[0].source).toBe("../azuread-connection");
    expect(m.module.connection[0].required_app_roles).toBe("${try(each.value.required_app_roles, [])}");
    expect(m.data.azuread_application.shared[0].object_id).toBe("${var.msft_connector_app_object_id}");
    expect(m.module.grant[0].for_each).toBe("${local.connectors}");
    expect(m.module.grant[0].source).toBe("../entra-grant-all-users");
    expect(m.module.grant[0].app_managed_by_terraform).toBe("${!local.shared_app}");
    const t = text("modules/worklytics-connectors-msft-365");
    expect(t).toContain(
      'app_keys = { for id, c in local.connectors : id => local.shared_app ? "shared" : id }',
    );
    expect(t).toContain("[data.azuread_client_config.current.object_id]");
  });

  it("azuread-federated-credentials: one credential with the given issuer, audience and subject", async () => {
    const m = await moduleJson("modules/azuread-federated-credentials");
    expect(res(m, "azuread_application_federated_identity_credential", "credential")).toMatchObject({
      application_id: "/applications/${var.application_object_id}",
      audiences: ["${var.audience}"],
      issuer: "${var.issuer}",
      subject: "${var.subject}",
    });
  });

  it("aws-cognito-pool and aws-cognito-identity-cli: developer identities only, via the AWS CLI", async () => {
    const m = await moduleJson("modules/aws-cognito-pool");
    expect(res(m, "aws_cognito_identity_pool", "pool")).toMatchObject({
      allow_unauthenticated_identities: false,
      allow_classic_flow: false,
      developer_provider_name: "${var.developer_provider_name}",
    });
    const cli = await moduleJson("modules/aws-cognito-identity-cli");
    const ext = cli.data.external.identity[0];
    expect(ext.for_each).toBe("${var.login_ids}");
    expect(ext.program).toContain('${concat(\n    ["bash", "${path.module}/add-identity.sh"');
    const { statSync } = await import("node:fs");
    const mode = statSync(join(INFRA, "modules/aws-cognito-identity-cli/add-identity.sh")).mode;
    expect(mode & 0o111, "add-identity.sh is executable").not.toBe(0);
  });

  it("examples: the MSFT pieces are wired per spec 3.8 (AWS) and to the function identity (GCP)", async () => {
    const aws = await moduleJson("examples/aws");
    expect(aws.module.msft_365_cognito_pool[0].source).toBe("../../modules/aws-cognito-pool");
    expect(aws.module.msft_365_cognito_identity[0].source).toBe("../../modules/aws-cognito-identity-cli");
    expect(aws.module.msft_365_federated_credential[0].for_each).toBe("${local.msft_365_apps}");
    expect(aws.module.worklytics_connectors_msft_365[0].todo_step).toBe(1);
    expect(res(aws, "aws_iam_role_policy_attachment", "msft_365_cognito").for_each).toBe(
      "${local.msft_365_specs}",
    );
    expect(text("modules/aws-host", "outputs.tf")).toMatch(/execution_role_name\s+= m\.execution_role_name/);
    const gcp = await moduleJson("examples/gcp");
    expect(gcp.module.msft_365_federated_credential[0].for_each).toBe("${local.msft_365_specs}");
    // "MSFT connectors are enabled only when msft_tenant_id is set"
    for (const ex of ["examples/aws", "examples/gcp"])
      expect(text(ex, "msft-365.tf")).toContain(
        'if var.msft_tenant_id != null && try(c.environment_variables.GRANT_TYPE, "") == "workload_identity_federation"',
      );
    // the generic setup TODO is not written for them (entra-grant-all-users writes theirs)
    for (const ex of ["examples/aws", "examples/gcp"])
      expect(text(ex)).toContain(
        "for_each = { for id, c in local.catalog_api_connectors : id => c if var.todos_as_local_files",
      );
  });
});

describe("GCP extras (spec 4.2, 4.5)", () => {
  it("gcp: Artifact Registry repository <prefix>functions keeping the 3 newest versions, used by the functions", async () => {
    const m = await moduleJson("modules/gcp");
    const repo = res(m, "google_artifact_registry_repository", "functions");
    expect(repo.format).toBe("DOCKER");
    const policies = repo.cleanup_policies as Hcl[];
    expect(policies.map((p) => p.action)).toEqual(["DELETE", "KEEP"]);
    expect(policies[1].most_recent_versions[0].keep_count).toBe(3);
    expect(text("modules/gcp")).toContain(
      'lower(local.prefix == "" ? "psoxy-functions" : "${local.prefix}functions")',
    );
    for (const mod of ["modules/gcp-proxy-api", "modules/gcp-proxy-bulk"]) {
      const fn = res(await moduleJson(mod), "google_cloudfunctions2_function", "function");
      expect(fn.build_config[0].docker_repository, mod).toBe("${var.docker_repository}");
    }
    expect(
      text("modules/gcp-host").match(/docker_repository\s+= module\.psoxy\.artifact_repository_id/g),
    ).toHaveLength(2);
  });

  it("gcp-proxy-api: direct VPC egress on network / subnet, else the serverless connector", async () => {
    const m = await moduleJson("modules/gcp-proxy-api");
    const sc = res(m, "google_cloudfunctions2_function", "function").service_config[0];
    expect(sc.direct_vpc_egress).toBe('${local.direct_vpc ? "VPC_EGRESS_ALL_TRAFFIC" : null}');
    expect(sc.vpc_connector).toBe("${local.vpc_connector}");
    const nic = sc.dynamic.direct_vpc_network_interface[0];
    expect(nic.content[0]).toEqual({
      network: "${direct_vpc_network_interface.value.network}",
      subnetwork: "${direct_vpc_network_interface.value.subnet}",
    });
    // the google provider has these fields from 7.21 on
    expect(text("modules/gcp-proxy-api")).toContain('version = ">= 7.21"');
  });

  it("gcp-external-api-alb: serverless NEGs, EXTERNAL_MANAGED backends, HTTPS on 443, Cloud Armor default deny", async () => {
    const m = await moduleJson("modules/gcp-external-api-alb");
    expect(res(m, "google_compute_region_network_endpoint_group", "function")).toMatchObject({
      network_endpoint_type: "SERVERLESS",
      for_each: "${var.api_functions}",
    });
    expect(res(m, "google_compute_backend_service", "function").load_balancing_scheme).toBe(
      "EXTERNAL_MANAGED",
    );
    expect(res(m, "google_compute_global_forwarding_rule", "https")).toMatchObject({
      port_range: "443",
      load_balancing_scheme: "EXTERNAL_MANAGED",
    });
    const rules = res(m, "google_compute_security_policy", "allowed_ips").rule as Hcl[];
    expect(rules[0]).toMatchObject({ action: "deny(403)", priority: 2147483647 });
    const paths = res(m, "google_compute_url_map", "alb").path_matcher[0].dynamic.path_rule[0].content[0]
      .paths;
    // /<function>/...: the path the runtime strips (api-mode spec 1.6, step 4b)
    expect(paths).toEqual(["/${path_rule.value}", "/${path_rule.value}/*"]);
    expect(text("modules/gcp-proxy-api")).toContain(
      '"${trimsuffix(var.external_base_url, "/")}/${local.function_name}"',
    );
  });
});

describe("Worklytics connection TODOs (spec 8)", () => {
  it("the deep link maps the settings to the query parameters of spec 8", async () => {
    const m = await moduleJson("modules/worklytics-proxy-connection-generic");
    const params = m.locals[0].query_parameters as string[][];
    expect(Object.fromEntries(params.map(([label, q]) => [q, label]))).toEqual({
      PROXY_AWS_ROLE_ARN: "AWS Psoxy Role ARN",
      PROXY_AWS_REGION: "AWS Psoxy Region",
      PROXY_ENDPOINT: "Psoxy Base URL",
      PROXY_BUCKET_NAME: "Bucket Name",
      parserId: "Parser",
      ATLASSIAN_ORGANIZATION_ID: "Atlassian Organization Id",
      GITHUB_ORGANIZATION: "GitHub Organization",
      WORKSPACE_ID: "Workspace Id",
    });
    expect(text("modules/worklytics-proxy-connection-generic")).toContain(
      '"https://${var.worklytics_host}/analytics/connect/${var.worklytics_connector_id}/settings?"',
    );
    const aws = await moduleJson("modules/worklytics-proxy-connection-aws");
    expect(aws.module.generic[0].proxy_deployment_kind).toBe("AWS");
    const gcp = await moduleJson("modules/worklytics-proxy-connection");
    expect(gcp.module.generic[0].proxy_deployment_kind).toBe("GCP");
  });
});

describe("env-id", () => {
  it("one normaliser, used by the aws module and the least-privilege policy", () => {
    const t = text("modules/env-id");
    expect(t).toContain('cleaned = replace(var.environment_name, "/[^A-Za-z0-9-]/", "-")');
    expect(t).toContain(
      "substr(local.cleaned, 0, var.max_length - 7)}-${substr(sha1(var.environment_name), 0, 6)}",
    );
    for (const mod of ["modules/aws", "modules/psoxy-constants"]) {
      expect(text(mod), mod).toContain('source = "../env-id"');
      expect(text(mod), mod).not.toContain("sha1(");
    }
  });
});

describe("async processing and side outputs (spec 3.3-3.5, 4.3, 8)", () => {
  /** The env var keys of the multi-line `cond ? { NAME = ... } : {}` blocks of a module's code. */
  function guardedEnvKeys(code: string, cond: string): string[] {
    const escaped = cond.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const blocks = [
      ...code.matchAll(
        new RegExp(`${escaped} \\? \\{\\n((?:\\s*[A-Z][A-Z0-9_]*\\s*=.*\\n)+)\\s*\\} : \\{\\}`, "g"),
      ),
    ];
    expect(blocks.length, `no "${cond} ? { NAME = ... } : {}" block`).toBeGreaterThan(0);
    return blocks.flatMap((b) => [...b[1].matchAll(/^\s*([A-Z][A-Z0-9_]+)\s*=/gm)].map((m) => m[1])).sort();
  }

  it("aws-proxy-api: SQS queue + DLQ, event source mapping to the same lambda, only with enable_async_processing", async () => {
    const m = await moduleJson("modules/aws-proxy-api");
    expect(m.variable.enable_async_processing[0]).toMatchObject({ type: "${bool}", default: false });
    const on = "${var.enable_async_processing ? 1 : 0}";
    const queue = res(m, "aws_sqs_queue", "async");
    expect(queue).toMatchObject({
      count: on,
      name: "${local.function_name}-async-request-queue",
      visibility_timeout_seconds: "${max(var.timeout_seconds, 120)}",
      message_retention_seconds: 86400,
      receive_wait_time_seconds: 20,
    });
    expect(queue.redrive_policy).toContain("deadLetterTargetArn = aws_sqs_queue.async_dlq[0].arn");
    expect(queue.redrive_policy).toMatch(/maxReceiveCount\s+= 3\b/);
    expect(res(m, "aws_sqs_queue", "async_dlq")).toMatchObject({
      count: on,
      message_retention_seconds: 1209600,
    });
    expect(res(m, "aws_lambda_event_source_mapping", "async")).toEqual({
      count: on,
      event_source_arn: "${aws_sqs_queue.async[0].arn}",
      function_name: "${module.lambda.function_arn}",
      batch_size: 10,
      maximum_batching_window_in_seconds: 60,
    });
    // one entry point: the same handler takes HTTP events and SQS batches
    const call = m.module.lambda[0];
    expect(call.handler).toBe("index.handler");
    expect(call.memory_size_mb).toBe(
      "${coalesce(var.memory_size_mb, var.enable_async_processing ? 1024 : 512)}",
    );
    expect(m.variable.memory_size_mb[0].default).toBeNull();
    // the lambda may send to and consume its own queue, and write its buckets
    expect(call.sqs_send_queue_arns).toBe("${aws_sqs_queue.async[*].arn}");
    expect(call.sqs_trigger_queue_arns).toBe("${aws_sqs_queue.async[*].arn}");
    expect(call.output_bucket_arns).toBe("${[for k, b in aws_s3_bucket.output : b.arn]}");
    // env: destination and queue, behind the same condition
    expect(guardedEnvKeys(text("modules/aws-proxy-api"), "var.enable_async_processing")).toEqual([
      "ASYNC_API_REQUEST_QUEUE_URL",
      "ASYNC_OUTPUT_DESTINATION",
    ]);
    const t = text("modules/aws-proxy-api");
    expect(t).toContain("ASYNC_API_REQUEST_QUEUE_URL = aws_sqs_queue.async[0].url");
    expect(t).toContain(
      'async_output_destination = var.enable_async_processing ? local.provisioned["async-output"] : null',
    );
    expect(t).toContain('provisioned   = { for k, b in aws_s3_bucket.output : k => "s3://${b.bucket}" }');
  });

  it("aws-proxy-api: async output (90 days) and side-output (720 days) buckets, public access blocked", async () => {
    const m = await moduleJson("modules/aws-proxy-api");
    expect(m.variable.async_output_expiration_days[0].default).toBe(90);
    expect(m.variable.side_output_expiration_days[0].default).toBe(720);
    const t = text("modules/aws-proxy-api");
    expect(t).toContain(
      'var.enable_async_processing ? { "async-output" = var.async_output_expiration_days } : {}',
    );
    expect(t).toContain("k => var.side_output_expiration_days if v != null && try(v.location, null) == null");
    expect(res(m, "aws_s3_bucket", "output").for_each).toBe("${local.output_buckets}");
    expect(res(m, "aws_s3_bucket_lifecycle_configuration", "output").rule[0].expiration[0].days).toBe(
      "${each.value}",
    );
    expect(res(m, "aws_s3_bucket_public_access_block", "output")).toMatchObject({
      for_each: "${var.provision_bucket_public_access_block ? local.output_buckets : {}}",
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    // the longest name, <32>-<8>-side-output-sanitized, fits S3's 63 characters
    expect(32 + 1 + 8 + 1 + "side-output-sanitized".length).toBeLessThanOrEqual(63);
    expect(t).toContain('bucket_prefix = replace(substr(lower(local.function_name), 0, 32), "/-+$/", "")');
    // the caller may read the async output and a provisioned sanitized side output, not the raw one
    expect(text("modules/aws-proxy-api", "outputs.tf")).toContain(
      'value       = [for k, b in aws_s3_bucket.output : b.arn if k != "side-output-original"]',
    );
  });

  it("aws-proxy-lambda: SIDE_OUTPUT_* env when configured; SQS send / consume and output writes in the exec policy", async () => {
    const m = await moduleJson("modules/aws-proxy-lambda");
    const t = text("modules/aws-proxy-lambda");
    expect(t).toContain(
      "var.side_output_original == null ? {} : { SIDE_OUTPUT_ORIGINAL = var.side_output_original }",
    );
    expect(t).toContain(
      "var.side_output_sanitized == null ? {} : { SIDE_OUTPUT_SANITIZED = var.side_output_sanitized }",
    );
    const statements = m.data.aws_iam_policy_document.access[0];
    const bySid = Object.fromEntries(
      (statements.dynamic.statement as Hcl[]).map((d) => [d.content[0].sid, d]),
    );
    expect(bySid.SendToQueues.content[0]).toMatchObject({
      actions: ["sqs:SendMessage"],
      resources: "${var.sqs_send_queue_arns}",
    });
    expect(bySid.SendToQueues.for_each).toBe("${length(var.sqs_send_queue_arns) > 0 ? [1] : []}");
    expect(bySid.ConsumeQueues.content[0].actions).toEqual(
      expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]),
    );
    expect(bySid.ConsumeQueues.content[0].resources).toBe("${var.sqs_trigger_queue_arns}");
    expect(bySid.WriteOutput.content[0]).toMatchObject({
      actions: ["s3:PutObject"],
      resources: '${concat([for b in var.output_bucket_arns : "${b}/*"], var.output_object_arns)}',
    });
  });

  it("aws-host: async from the spec, side outputs from custom_side_outputs / enable_side_output, caller reads", async () => {
    const m = await moduleJson("modules/aws-host");
    const call = m.module.api_connector[0];
    expect(call.enable_async_processing).toBe("${contains(local.async_connector_ids, each.key)}");
    expect(call.side_output_original).toBe("${local.side_outputs[each.key].original}");
    expect(call.side_output_sanitized).toBe("${local.side_outputs[each.key].sanitized}");
    const t = text("modules/aws-host");
    expect(t).toContain(
      "async_connector_ids = [for id, c in var.api_connectors : id if try(c.enable_async_processing, false) == true]",
    );
    expect(t).toContain("(try(c.enable_side_output, false) == true ? { location = null } : null)");
    expect(m.variable.custom_side_outputs[0].default).toEqual({});
    // <env>CallerAccess: function URLs and/or the outputs (spec 3.3)
    const policy = res(m, "aws_iam_policy", "caller_access");
    expect(policy.name).toBe("${local.env_id}CallerAccess");
    expect(policy.count).toBe(
      "${length(var.api_connectors) > 0 && (local.use_function_urls || local.caller_reads_outputs) ? 1 : 0}",
    );
    expect(t).toMatch(
      /local\.caller_reads_outputs \? \[\{\s+Effect\s+= "Allow"\s+Action\s+= \["s3:GetObject", "s3:ListBucket"\]/,
    );
    expect(t).toContain('[for b in m.caller_readable_bucket_arns : [b, "${b}/*"]]');
  });

  it("gcp-proxy-api: topic, push subscription to the function URL with its SA's OIDC token, SERVICE_URL secret", async () => {
    const m = await moduleJson("modules/gcp-proxy-api");
    const on = "${var.enable_async_processing ? 1 : 0}";
    expect(m.variable.enable_async_processing[0]).toMatchObject({ type: "${bool}", default: false });
    expect(res(m, "google_pubsub_topic", "async")).toMatchObject({
      count: on,
      name: "${local.function_name}-async-requests",
    });
    const sub = res(m, "google_pubsub_subscription", "async");
    expect(sub).toMatchObject({
      count: on,
      topic: "${google_pubsub_topic.async[0].id}",
      ack_deadline_seconds: 600,
      message_retention_duration: "604800s",
    });
    expect(sub.push_config[0].push_endpoint).toBe("${local.service_url}");
    expect(sub.push_config[0].oidc_token[0]).toEqual({
      service_account_email: "${google_service_account.function.email}",
      audience: "${local.service_url}",
    });
    expect(sub.expiration_policy[0].ttl).toBe("");
    // SERVICE_URL: the function's URL, written as an instance secret once the function exists
    const t = text("modules/gcp-proxy-api");
    expect(t).toContain("service_url = google_cloudfunctions2_function.function.service_config[0].uri");
    expect(res(m, "google_secret_manager_secret", "service_url")).toMatchObject({
      count: on,
      secret_id: "${local.instance_prefix}SERVICE_URL",
    });
    expect(res(m, "google_secret_manager_secret_version", "service_url").secret_data).toBe(
      "${local.service_url}",
    );
    expect(res(m, "google_secret_manager_secret_iam_member", "service_url")).toMatchObject({
      count: on,
      role: "roles/secretmanager.secretAccessor",
      member: "serviceAccount:${google_service_account.function.email}",
    });
    expect(sub.depends_on).toEqual(
      expect.arrayContaining([
        "${google_cloud_run_service_iam_member.async_self_invoker}",
        "${google_secret_manager_secret_version.service_url}",
      ]),
    );
    // the function SA invokes itself (push) and publishes to its topic
    expect(res(m, "google_cloud_run_service_iam_member", "async_self_invoker")).toMatchObject({
      count: on,
      role: "roles/run.invoker",
      member: "serviceAccount:${google_service_account.function.email}",
    });
    expect(res(m, "google_pubsub_topic_iam_member", "async_publisher")).toMatchObject({
      count: on,
      role: "roles/pubsub.publisher",
      topic: "${google_pubsub_topic.async[0].name}",
      member: "serviceAccount:${google_service_account.function.email}",
    });
    // env: destination and topic behind the condition; SERVICE_URL is not an env var (it would be a cycle)
    expect(guardedEnvKeys(t, "var.enable_async_processing")).toEqual([
      "ASYNC_OUTPUT_DESTINATION",
      "ASYNC_PUB_SUB_QUEUE",
    ]);
    expect(t).toContain("ASYNC_PUB_SUB_QUEUE      = google_pubsub_topic.async[0].id");
    expect(t).not.toMatch(/SERVICE_URL\s*=/);
  });

  it("gcp-proxy-api: output buckets (90 / 720 days), writable by the function SA, readable by Worklytics", async () => {
    const m = await moduleJson("modules/gcp-proxy-api");
    const b = res(m, "google_storage_bucket", "output");
    expect(b).toMatchObject({
      for_each: "${local.output_buckets}",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
    });
    expect(b.lifecycle_rule[0].condition[0].age).toBe("${each.value}");
    expect(m.variable.async_output_expiration_days[0].default).toBe(90);
    expect(m.variable.side_output_expiration_days[0].default).toBe(720);
    expect(res(m, "google_storage_bucket_iam_member", "output_writer").member).toBe(
      "serviceAccount:${google_service_account.function.email}",
    );
    expect(res(m, "google_storage_bucket_iam_member", "output_reader").role).toBe(
      "roles/storage.objectViewer",
    );
    const t = text("modules/gcp-proxy-api");
    expect(t).toContain(
      'provisioned   = { for k, b in google_storage_bucket.output : k => "gs://${b.name}" }',
    );
    expect(t).toContain(
      'readable_buckets = [for k in keys(local.output_buckets) : k if k != "side-output-original"]',
    );
    expect(t).toContain('{ SIDE_OUTPUT_ORIGINAL = local.side_outputs["side-output-original"] }');
    expect(t).toContain('{ SIDE_OUTPUT_SANITIZED = local.side_outputs["side-output-sanitized"] }');
  });

  it("gcp / gcp-host: Pub/Sub API and the async flag wired from the connector specs", async () => {
    expect(text("modules/gcp")).toContain('var.enable_async && !var.enable_bulk ? ["pubsub"] : []');
    const host = await moduleJson("modules/gcp-host");
    expect(host.module.psoxy[0].enable_async).toBe("${length(local.async_connector_ids) > 0}");
    const call = host.module.api_connector[0];
    expect(call.enable_async_processing).toBe("${contains(local.async_connector_ids, each.key)}");
    expect(call.project_services).toBe("${module.psoxy.enabled_apis}");
    expect(call.bucket_write_role_id).toBe("${module.psoxy.bucket_write_role_id}");
    expect(text("modules/gcp-host")).toContain(
      "async_connector_ids = [for id, c in var.api_connectors : id if try(c.enable_async_processing, false) == true]",
    );
  });

  it("test TODOs and scripts list the --async variant, only when async is on (spec 8)", async () => {
    for (const mod of ["modules/aws-proxy-api", "modules/gcp-proxy-api"]) {
      const m = await moduleJson(mod);
      for (const [file, template] of [
        ["todo", "test_todo.tftpl"],
        ["test_script", "test_script.tftpl"],
      ] as const) {
        // the template renders --async lines under `%{ if async }`, and gets async = enable_async_processing
        const content = res(m, "local_file", file).content as string;
        expect(content, `${mod} ${file}`).toContain(`templatefile("\${path.module}/${template}", {`);
        expect(content, `${mod} ${file}`).toMatch(/\n\s+async\s+= var\.enable_async_processing\n/);
        const g = guarded(readFileSync(join(INFRA, mod, template), "utf8"), "async");
        expect(g.inside, `${mod} ${template}`).toContain("${call_command} --async");
        expect(g.outside, `${mod} ${template}: --async outside the condition`).not.toContain("--async");
      }
    }
  });

  it("examples: custom_api_connectors overrides reach the specs, custom_side_outputs the host", async () => {
    const specs = await moduleJson("modules/worklytics-connector-specs");
    expect(specs.variable.custom_api_connectors[0].default).toEqual({});
    const st = text("modules/worklytics-connector-specs");
    expect(st).toContain("for id, c in local.resolved : id => merge(c, try(local.custom_fields[id], {}), {");
    expect(st).toContain("enable_async_processing = false");
    for (const ex of ["examples/aws", "examples/gcp"]) {
      const m = await moduleJson(ex);
      expect(m.module.connector_specs[0].custom_api_connectors, ex).toBe("${var.custom_api_connectors}");
      expect(m.module.psoxy[0].custom_side_outputs, ex).toBe("${var.custom_side_outputs}");
      expect(m.variable.custom_api_connectors[0].default, ex).toEqual({});
      expect(m.variable.custom_side_outputs[0].default, ex).toEqual({});
    }
  });

  it("psoxy-constants: SQS and event source mappings in the AWS policy, Pub/Sub in the GCP roles", async () => {
    const t = text("modules/psoxy-constants");
    expect(t).toMatch(/Sid\s*=\s*"LambdaEventSourceMappings"/);
    expect(t).toContain('"lambda:CreateEventSourceMapping"');
    expect(t).toContain(
      'Condition = { ArnLike = { "lambda:FunctionArn" = "arn:aws:lambda:*:*:function:${local.env}*" } }',
    );
    expect(t).toMatch(/"sqs:CreateQueue"[\s\S]*Resource = "arn:aws:sqs:\*:\*:\$\{local\.env\}\*"/);
    const m = await moduleJson("modules/psoxy-constants");
    expect(m.output.required_gcp_roles_to_provision_host[0].value).toContain("roles/pubsub.admin");
  });
});
