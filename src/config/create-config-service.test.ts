import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConfigService, detectPlatform, parseSecretsStore } from "./create-config-service.js";
import { awsPrefix, defaultInstancePrefix, instancePrefix, sharedPrefix } from "./naming.js";
import {
  type FakeGcpSecretManager,
  startFakeGcpSecretManager,
} from "./test-servers/fake-gcp-secret-manager.js";
import { type FakeSecretsManager, startFakeSecretsManager } from "./test-servers/fake-secrets-manager.js";
import { type FakeSsm, startFakeSsm } from "./test-servers/fake-ssm.js";
import { type FakeVault, startFakeVault } from "./test-servers/fake-vault.js";
import { ConfigError, type ConfigLogger } from "./types.js";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
let ssm: FakeSsm;
let sm: FakeSecretsManager;
let gcp: FakeGcpSecretManager;
let vault: FakeVault;
let dir: string;

beforeAll(async () => {
  ssm = await startFakeSsm({
    PSOXY_ZOOM_CLIENT_ID: "ssm-instance-id",
    "/psoxy/PSOXY_SALT": "ssm-shared-salt",
    "/psoxy/zoom/RULES": "explicit-path-rules",
  });
  sm = await startFakeSecretsManager({
    "/psoxy/PSOXY_SALT": "sm-shared-salt",
    PSOXY_ZOOM_CLIENT_SECRET: "sm-secret",
  });
  gcp = await startFakeGcpSecretManager("proj", {
    PSOXY_GCAL_RULES: "gcp-rules",
    psoxy_PSOXY_SALT: "gcp-salt",
  });
  vault = await startFakeVault({
    "secret/psoxy/PSOXY_SALT": "vault-salt",
    "secret/psoxy/gcal/RULES": "vault-rules",
  });
  dir = await mkdtemp(join(tmpdir(), "psoxy-config-"));
});
afterAll(async () => {
  await Promise.all([ssm.close(), sm.close(), gcp.close(), vault.close()]);
  await rm(dir, { recursive: true, force: true });
});

const aws = () => ({ endpoint: ssm.url, region: "us-east-1", credentials, maxAttempts: 1 });

describe("naming (spec 4.2)", () => {
  it("derives the instance prefix from the function name", () => {
    expect(defaultInstancePrefix("psoxy-zoom")).toBe("PSOXY_ZOOM_");
    expect(defaultInstancePrefix("psoxy-ms-teams")).toBe("PSOXY_MS_TEAMS_");
    expect(instancePrefix({ AWS_LAMBDA_FUNCTION_NAME: "psoxy-zoom" })).toBe("PSOXY_ZOOM_");
    expect(instancePrefix({ K_SERVICE: "psoxy-gcal" })).toBe("PSOXY_GCAL_");
    expect(instancePrefix({ K_SERVICE: "psoxy-gcal", PATH_TO_INSTANCE_CONFIG: "x/" })).toBe("x/");
    expect(instancePrefix({})).toBe("");
    expect(sharedPrefix({})).toBe("");
    expect(sharedPrefix({ PATH_TO_SHARED_CONFIG: "psoxy_" })).toBe("psoxy_");
  });

  it("qualifies AWS prefixes containing a slash", () => {
    expect(awsPrefix("psoxy/")).toBe("/psoxy/");
    expect(awsPrefix("/psoxy/")).toBe("/psoxy/");
    expect(awsPrefix("PSOXY_")).toBe("PSOXY_");
    expect(awsPrefix("")).toBe("");
  });
});

describe("SECRETS_STORE and platform detection", () => {
  it("accepts the known values case-insensitively and rejects others", () => {
    expect(parseSecretsStore(undefined)).toBeUndefined();
    expect(parseSecretsStore("aws_secrets_manager")).toBe("AWS_SECRETS_MANAGER");
    expect(parseSecretsStore("AWS_SSM_PARAMETER_STORE")).toBe("AWS_SSM_PARAMETER_STORE");
    expect(() => parseSecretsStore("AZURE_KEY_VAULT")).toThrow(
      /Unknown secret store implementation.*AZURE_KEY_VAULT/,
    );
  });

  it("detects where it runs", () => {
    expect(detectPlatform({ AWS_LAMBDA_FUNCTION_NAME: "f" })).toBe("aws");
    expect(detectPlatform({ K_SERVICE: "f" })).toBe("gcp");
    expect(detectPlatform({ VAULT_ADDR: "http://v", AWS_LAMBDA_FUNCTION_NAME: "f" })).toBe("vault");
    expect(detectPlatform({ AWS_LAMBDA_FUNCTION_NAME: "f" }, { secretsFile: "x" })).toBe("local");
    expect(detectPlatform({})).toBe("env");
    expect(detectPlatform({}, { platform: "gcp" })).toBe("gcp");
  });

  it("an unknown SECRETS_STORE is a startup error", async () => {
    const error = await createConfigService({
      AWS_LAMBDA_FUNCTION_NAME: "psoxy-zoom",
      SECRETS_STORE: "nope",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).transient).toBe(false);
  });

  it("HASHICORP_VAULT without VAULT_ADDR is a startup error", async () => {
    await expect(createConfigService({ SECRETS_STORE: "hashicorp_vault" })).rejects.toThrow(/VAULT_ADDR/);
  });
});

describe("createConfigService", () => {
  it("AWS: SSM with the function-derived instance prefix and a qualified shared prefix", async () => {
    const lines: string[] = [];
    const log = (obj: object, msg?: string) => void lines.push(`${msg} ${JSON.stringify(obj)}`);
    const logger: ConfigLogger = { debug: log, info: log, warn: log, error: log };
    const s = await createConfigService(
      { AWS_LAMBDA_FUNCTION_NAME: "psoxy-zoom", PATH_TO_SHARED_CONFIG: "psoxy/" },
      { aws: aws(), logger, sleep: async () => {} },
    );
    expect(s.description).toEqual({
      configBackend: "aws-ssm",
      secretsBackend: "aws-ssm",
      instancePrefix: "PSOXY_ZOOM_",
      sharedPrefix: "/psoxy/",
    });
    expect(await s.getConfig("CLIENT_ID")).toBe("ssm-instance-id");
    expect(await s.getSecret("PSOXY_SALT")).toBe("ssm-shared-salt");
    expect(lines.join("\n")).toContain("config stores selected");
    expect(lines.join("\n")).not.toContain("ssm-shared-salt");
  });

  it("AWS: an explicit instance path is qualified too", async () => {
    const s = await createConfigService(
      { AWS_LAMBDA_FUNCTION_NAME: "psoxy-zoom", PATH_TO_INSTANCE_CONFIG: "psoxy/zoom/" },
      { aws: aws() },
    );
    expect(await s.getConfig("RULES")).toBe("explicit-path-rules");
  });

  it("AWS + SECRETS_STORE=aws_secrets_manager: secrets from Secrets Manager, config and locks in SSM", async () => {
    const env = {
      AWS_LAMBDA_FUNCTION_NAME: "psoxy-zoom",
      PATH_TO_SHARED_CONFIG: "psoxy/",
      SECRETS_STORE: "aws_secrets_manager",
    };
    const s = await createConfigService(env, { aws: aws(), awsSecretsManager: { endpoint: sm.url } });
    expect(s.description.secretsBackend).toBe("aws-secrets-manager");
    expect(s.description.configBackend).toBe("aws-ssm");
    expect(await s.getSecret("PSOXY_SALT")).toBe("sm-shared-salt");
    expect(await s.getSecret("CLIENT_SECRET")).toBe("sm-secret");
    expect(await s.getConfig("CLIENT_ID")).toBe("ssm-instance-id");
    expect(await s.acquireLock("OAUTH_REFRESH_TOKEN", 120_000)).toBe(true);
    expect(ssm.current("PSOXY_ZOOM_OAUTH_REFRESH_TOKEN_lock")).toBeDefined();
    await s.releaseLock("OAUTH_REFRESH_TOKEN");
  });

  it("GCP: Secret Manager with the service-derived instance prefix", async () => {
    const s = await createConfigService(
      { K_SERVICE: "psoxy-gcal", PATH_TO_SHARED_CONFIG: "psoxy_", GOOGLE_CLOUD_PROJECT: "proj" },
      { gcp: { endpoint: gcp.url, anonymous: true } },
    );
    expect(s.description).toMatchObject({
      configBackend: "gcp-secret-manager",
      instancePrefix: "PSOXY_GCAL_",
    });
    expect(await s.getConfig("RULES")).toBe("gcp-rules");
    expect(await s.getSecret("PSOXY_SALT")).toBe("gcp-salt");
  });

  it("Vault: paths from PATH_TO_*_CONFIG", async () => {
    const s = await createConfigService({
      VAULT_ADDR: vault.url,
      VAULT_TOKEN: vault.token,
      PATH_TO_SHARED_CONFIG: "secret/psoxy/",
      PATH_TO_INSTANCE_CONFIG: "secret/psoxy/gcal/",
    });
    expect(s.description.configBackend).toBe("vault");
    expect(await s.getConfig("RULES")).toBe("vault-rules");
    expect(await s.getSecret("PSOXY_SALT")).toBe("vault-salt");
  });

  it("Vault needs both paths", async () => {
    await expect(createConfigService({ VAULT_ADDR: vault.url, VAULT_TOKEN: "t" })).rejects.toThrow(
      /PATH_TO_SHARED_CONFIG and PATH_TO_INSTANCE_CONFIG/,
    );
  });

  it("local file: generated salt and key under the shared prefix; env still wins for config", async () => {
    const path = join(dir, "local", "secrets.json");
    const s = await createConfigService({ TARGET_HOST: "example.com" }, { secretsFile: path });
    expect(s.description.configBackend).toBe("local-file");
    const salt = await s.getSecret("PSOXY_SALT");
    expect(salt).toMatch(/^[\w-]{43}$/);
    expect(await s.getSecret("PSOXY_ENCRYPTION_KEY")).toMatch(/^[\w-]{43}$/);
    expect(await s.getConfig("TARGET_HOST")).toBe("example.com");
    await s.putSecret("REFRESH_TOKEN", "r1");
    const again = await createConfigService({}, { secretsFile: path });
    expect(await again.getSecret("PSOXY_SALT")).toBe(salt);
    expect(await again.getSecret("REFRESH_TOKEN")).toBe("r1");
    expect(await again.acquireLock("OAUTH_REFRESH_TOKEN", 1000)).toBe(true);
  });

  it("no platform: environment only", async () => {
    const s = await createConfigService({ RULES: "r", PSOXY_SALT: "env-salt" });
    expect(s.description.configBackend).toBe("env");
    expect(await s.getConfig("RULES")).toBe("r");
    expect(await s.getSecret("PSOXY_SALT")).toBeUndefined();
  });
});
