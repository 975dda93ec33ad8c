/**
 * Builds a bulk instance from configuration (bulk-and-cli spec 2, 3): settings, rules, pseudonymizer
 * keys. Properties come from the ConfigService (environment first, then the platform's parameter
 * store); secrets from its secret store, falling back to the environment as the bulk spec allows.
 */

import { existsSync, readFileSync } from "node:fs";
import type { ConfigService } from "../config/types.js";
import { bulkRulesFor } from "../connectors/index.js";
import { isBlank } from "../core/java/strings.js";
import { createPseudonymizer } from "../core/pseudonyms/index.js";
import { loadRulesValue } from "../core/rules/index.js";
import type { AnyRules } from "../core/rules/model.js";
import { readResource, remoteResources, resourceText, resourceUri } from "../gateway/remote-resources.js";
import type { ObjectStore } from "../storage/types.js";
import { parseBulkOutputFormat } from "./content-type.js";
import { BulkError } from "./errors.js";
import {
  type BulkSettings,
  nonBlank,
  parseAdditionalTransforms,
  parseJavaBoolean,
  rulesShaOf,
} from "./object-transforms.js";
import type { BulkInstance, BulkLogger } from "./storage-handler.js";

/** Java source version the metadata reports (`psoxy-version`). */
export const PSOXY_BULK_VERSION = "v0.6.9";

/** Where the reference looks for a `rules.yaml` resource before the remote bucket. */
export const LOCAL_RESOURCES_DIR = "/var/psoxy/resources";

export async function readBulkSettings(config: ConfigService): Promise<BulkSettings> {
  const get = (name: string) => config.getConfig(name);
  const [outputBucket, inputBasePath, outputBasePath, compressAlways, additional] = await Promise.all([
    get("OUTPUT_BUCKET"),
    get("INPUT_BASE_PATH"),
    get("OUTPUT_BASE_PATH"),
    get("COMPRESS_OUTPUT_ALWAYS"),
    get("ADDITIONAL_TRANSFORMS"),
  ]);
  const out = nonBlank(outputBucket);
  if (out === undefined) {
    throw new BulkError(
      "CONFIG",
      "OUTPUT_BUCKET is not set; it names the bucket sanitized files are written to",
    );
  }
  return {
    outputBucket: out,
    inputBasePath: nonBlank(inputBasePath),
    outputBasePath: nonBlank(outputBasePath),
    compressOutputAlways:
      compressAlways === undefined || isBlank(compressAlways) ? true : parseJavaBoolean(compressAlways),
    additionalTransforms: parseAdditionalTransforms(additional),
  };
}

/**
 * The rules (spec 3.1): RULES, else `rules.yaml` in the local resources directory, else (an addition of
 * this project) the default rules of the bulk connector named by SOURCE in the connector catalog, which
 * are what the Terraform modules would have put in RULES.
 */
/** Where REMOTE_RESOURCE_BUCKET is read from: the instance's own bucket store and its name. */
export interface RemoteRulesOptions {
  store: ObjectStore;
  /** function name, for the default instance path */
  instanceId?: string;
}

/**
 * Rules of a bulk instance (bulk spec: RULES, then `rules.yaml` in the local resources folder, then in
 * REMOTE_RESOURCE_BUCKET, then the connector catalog by SOURCE). A bucket read that fails for any
 * reason but "no such object" fails the instance: it never falls back to other rules.
 */
export async function readBulkRules(
  config: ConfigService,
  resourcesDir = LOCAL_RESOURCES_DIR,
  remote?: RemoteRulesOptions,
): Promise<{ rules: AnyRules; raw: string | undefined }> {
  const raw = await config.getConfig("RULES");
  if (raw !== undefined && !isBlank(raw) && raw.trim() !== "null") {
    return { rules: loadRulesValue(raw, { source: "RULES" }), raw };
  }
  const file = `${resourcesDir}/rules.yaml`;
  if (existsSync(file)) {
    const text = readFileSync(file, "utf8");
    return { rules: loadRulesValue(text, { source: file }), raw: undefined };
  }
  const where = remoteResources(config.env, remote?.instanceId);
  if (where !== undefined) {
    if (remote === undefined) {
      throw new BulkError(
        "CONFIG",
        "REMOTE_RESOURCE_BUCKET is set, but this host has no bucket store to read it",
      );
    }
    const key = `${where.instancePrefix}rules.yaml`;
    const uri = resourceUri(remote.store, where.bucket, key);
    let bytes: Buffer | undefined;
    try {
      bytes = await readResource(remote.store, where.bucket, key);
    } catch (e) {
      throw new BulkError("CONFIG", `Cannot read the rules at ${uri}: ${(e as Error).message}`);
    }
    if (bytes !== undefined) {
      return { rules: loadRulesValue(resourceText(bytes), { source: uri }), raw: undefined };
    }
  }
  const source = await config.getConfig("SOURCE");
  const catalogRules = source !== undefined && !isBlank(source) ? bulkRulesFor(source.trim()) : undefined;
  if (catalogRules !== undefined) {
    return { rules: loadRulesValue(catalogRules, { source: `connector ${source!.trim()}` }), raw: undefined };
  }
  throw new BulkError(
    "CONFIG",
    "No rules found: set RULES (YAML, base64 YAML or base64 gzipped YAML), provide rules.yaml, or set SOURCE to a bulk connector id with built-in rules",
  );
}

async function secret(config: ConfigService, name: string): Promise<string | undefined> {
  const v = (await config.getSecret(name)) ?? config.env[name];
  return v === undefined || v === "" ? undefined : v;
}

export interface BulkInstanceOptions {
  store: ObjectStore;
  onNoRules: "fail" | "skip";
  instanceId: string;
  logger?: BulkLogger;
  tmpDir?: string;
}

export async function createBulkInstance(
  config: ConfigService,
  options: BulkInstanceOptions,
): Promise<BulkInstance> {
  const [settings, { rules, raw }] = await Promise.all([
    readBulkSettings(config),
    readBulkRules(config, LOCAL_RESOURCES_DIR, { store: options.store, instanceId: options.instanceId }),
  ]);
  if (rules.kind === "api") {
    throw new BulkError(
      "RULES_INVALID",
      "Configured RuleSet are not BulkDataRules: RULES holds API rules (endpoints)",
    );
  }
  const impl = await config.getConfig("PSEUDONYM_IMPLEMENTATION");
  if (
    impl !== undefined &&
    !isBlank(impl) &&
    impl.trim().toLowerCase() !== "v0.4" &&
    impl.trim().toUpperCase() !== "DEFAULT"
  ) {
    throw new BulkError(
      "CONFIG",
      `PSEUDONYM_IMPLEMENTATION=${impl} is not supported in bulk mode; only v0.4 (the default) is allowed`,
    );
  }
  const salt = await secret(config, "PSOXY_SALT");
  if (salt === undefined)
    throw new BulkError("CONFIG", "PSOXY_SALT is not set; bulk mode cannot pseudonymize without it");
  const [encryptionKey, saltEmailDomains, encryptionKeyEmailDomains, canon, domains, outputFormat] =
    await Promise.all([
      secret(config, "PSOXY_ENCRYPTION_KEY"),
      secret(config, "SALT_EMAIL_DOMAINS"),
      secret(config, "ENCRYPTION_KEY_EMAIL_DOMAINS"),
      config.getConfig("EMAIL_CANONICALIZATION"),
      config.getConfig("EMAIL_DOMAIN_HANDLING"),
      config.getConfig("BULK_OUTPUT_FORMAT"),
    ]);
  let bulkOutputFormat: BulkInstance["bulkOutputFormat"];
  try {
    bulkOutputFormat = parseBulkOutputFormat(outputFormat);
  } catch (e) {
    throw new BulkError("CONFIG", (e as Error).message);
  }
  const pseudonymizer = createPseudonymizer({
    salt,
    encryptionKey,
    saltEmailDomains,
    encryptionKeyEmailDomains,
    emailCanonicalization: nonBlank(canon) as "STRICT" | "IGNORE_DOTS" | undefined,
    emailDomainHandling: nonBlank(domains) as "PRESERVE" | "ENCRYPT" | "TOKENIZE" | "REDACT" | undefined,
  });
  return {
    store: options.store,
    settings,
    rules,
    pseudonymizer,
    instanceId: options.instanceId,
    version: PSOXY_BULK_VERSION,
    rulesSha: rulesShaOf(raw),
    salt,
    onNoRules: options.onNoRules,
    bulkOutputFormat,
    tmpDir: options.tmpDir,
    logger: options.logger,
  };
}
