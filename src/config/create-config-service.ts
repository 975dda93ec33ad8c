/**
 * Builds the ConfigService for where the process runs (api-mode spec 4.1/4.2):
 * - `options.secretsFile` given (`psoxy serve` on a workstation): a local JSON file;
 * - `VAULT_ADDR` set: HashiCorp Vault KV v2 for config and secrets (an addition of this project);
 * - AWS (`AWS_LAMBDA_FUNCTION_NAME`): SSM Parameter Store for config; secrets in SSM too, or in
 *   Secrets Manager when `SECRETS_STORE=AWS_SECRETS_MANAGER` (case-insensitive); locks in SSM;
 * - GCP (`K_SERVICE`): Secret Manager for both, in the function's project;
 * - otherwise: environment only (no remote; secrets are absent).
 * `options.platform` forces a choice. An unknown `SECRETS_STORE` is a startup error. Store modules
 * are imported on demand, so a Lambda never loads the Google client and vice versa.
 */
import type { AwsClientOptions } from "./aws-common.js";
import type { CacheTiming } from "./cached-store.js";
import {
  type ConfigDescription,
  configServiceFromStores,
  type PsoxyConfigService,
} from "./config-service.js";
import { awsPrefix, instanceIdFromEnv, instancePrefix, sharedPrefix } from "./naming.js";
import { ConfigError, type ConfigLogger, type RemoteStore, silentConfigLogger } from "./types.js";

type Env = Readonly<Record<string, string | undefined>>;

export type Platform = "local" | "vault" | "aws" | "gcp" | "env";

export const SECRETS_STORES = ["AWS_SSM_PARAMETER_STORE", "AWS_SECRETS_MANAGER", "HASHICORP_VAULT"] as const;
export type SecretsStoreSetting = (typeof SECRETS_STORES)[number];

export interface CreateConfigServiceOptions extends CacheTiming {
  /** Path of a local secrets file (default `.psoxy/secrets.json` when ""); selects the local store. */
  secretsFile?: string;
  /** Overrides the detection from the environment. */
  platform?: Platform;
  /** Overrides AWS_LAMBDA_FUNCTION_NAME / K_SERVICE for the default instance prefix. */
  instanceId?: string;
  logger?: ConfigLogger;
  instanceTtlMs?: number;
  sharedTtlMs?: number;
  /** SSM and Secrets Manager clients (endpoint, region, static credentials, SDK attempts). */
  aws?: AwsClientOptions;
  /** Overrides of `aws` for the Secrets Manager client (e.g. its own test endpoint). */
  awsSecretsManager?: AwsClientOptions;
  gcp?: { endpoint?: string; anonymous?: boolean; projectId?: string };
  vault?: { mount?: string; fetch?: typeof fetch; renewCheckIntervalMs?: number };
}

/**
 * `SECRETS_STORE`, upper-cased; undefined when unset. Throws a (non-transient) ConfigError for a
 * value that is not one of SECRETS_STORES: the reference fails at startup there too.
 */
export function parseSecretsStore(value: string | undefined): SecretsStoreSetting | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const upper = value.trim().toUpperCase();
  if ((SECRETS_STORES as readonly string[]).includes(upper)) return upper as SecretsStoreSetting;
  throw new ConfigError(
    `Unknown secret store implementation: SECRETS_STORE=${value}; use one of ${SECRETS_STORES.join(", ")}`,
    false,
  );
}

/** Which backends the environment selects (no I/O). */
export function detectPlatform(
  env: Env,
  options: Pick<CreateConfigServiceOptions, "platform" | "secretsFile"> = {},
): Platform {
  if (options.platform) return options.platform;
  if (options.secretsFile !== undefined) return "local";
  if (nonBlank(env.VAULT_ADDR)) return "vault";
  if (nonBlank(env.AWS_LAMBDA_FUNCTION_NAME)) return "aws";
  if (nonBlank(env.K_SERVICE)) return "gcp";
  return "env";
}

export async function createConfigService(
  env: Env,
  options: CreateConfigServiceOptions = {},
): Promise<PsoxyConfigService> {
  const secretsStore = parseSecretsStore(env.SECRETS_STORE);
  const platform = detectPlatform(env, options);
  const logger = options.logger ?? silentConfigLogger;
  const devMode = (env.IS_DEVELOPMENT_MODE ?? "").trim().toLowerCase() === "true";
  const instanceId = options.instanceId ?? instanceIdFromEnv(env);
  let instance = instancePrefix(env, instanceId);
  let shared = sharedPrefix(env);
  const common = {
    env,
    clock: options.clock,
    sleep: options.sleep,
    maxEntries: options.maxEntries,
    attempts: options.attempts,
    retryDelayMs: options.retryDelayMs,
    instanceTtlMs: options.instanceTtlMs,
    sharedTtlMs: options.sharedTtlMs,
    logger,
    devMode,
  };
  if (secretsStore === "HASHICORP_VAULT" && platform !== "vault") {
    throw new ConfigError("SECRETS_STORE=HASHICORP_VAULT needs VAULT_ADDR (and VAULT_TOKEN)", false);
  }

  let store: RemoteStore | undefined;
  let secrets: RemoteStore | undefined;
  switch (platform) {
    case "local": {
      const { LocalFileStore, GENERATED_KEYS } = await import("./local-file-store.js");
      store = new LocalFileStore({
        path: options.secretsFile || undefined,
        // Generated where the shared lookup finds them.
        generatedKeys: GENERATED_KEYS.map((name) => `${shared}${name}`),
        logger,
      });
      break;
    }
    case "vault": {
      if (env.PATH_TO_SHARED_CONFIG === undefined || env.PATH_TO_INSTANCE_CONFIG === undefined) {
        throw new ConfigError(
          "with VAULT_ADDR, set PATH_TO_SHARED_CONFIG and PATH_TO_INSTANCE_CONFIG to Vault paths such as secret/psoxy/shared/",
          false,
        );
      }
      const { VaultStore } = await import("./vault-store.js");
      store = new VaultStore({
        address: env.VAULT_ADDR ?? "",
        token: env.VAULT_TOKEN ?? "",
        namespace: nonBlank(env.VAULT_NAMESPACE),
        logger,
        ...options.vault,
      });
      break;
    }
    case "aws": {
      instance = awsPrefix(instance);
      shared = awsPrefix(shared);
      const { AwsSsmStore } = await import("./aws-ssm-store.js");
      store = new AwsSsmStore({ ...options.aws, logger });
      if (secretsStore === "AWS_SECRETS_MANAGER") {
        const { AwsSecretsManagerStore } = await import("./aws-secrets-manager-store.js");
        secrets = new AwsSecretsManagerStore({ ...options.aws, ...options.awsSecretsManager, logger });
      }
      break;
    }
    case "gcp": {
      const { GcpSecretManagerStore } = await import("./gcp-secret-manager-store.js");
      store = new GcpSecretManagerStore({ ...options.gcp, logger, devMode, env });
      break;
    }
    case "env":
      break;
  }

  const description: ConfigDescription = {
    configBackend: store?.kind ?? "env",
    secretsBackend: (secrets ?? store)?.kind ?? "none",
    instancePrefix: instance,
    sharedPrefix: shared,
  };
  logger.info({ ...description }, "config stores selected");
  return configServiceFromStores({
    ...common,
    store,
    secretsStore: secrets,
    // Locks stay in SSM when secrets are in Secrets Manager (spec 5.13).
    lockStore: store,
    instancePrefix: instance,
    sharedPrefix: shared,
    description,
  });
}

function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value : undefined;
}
