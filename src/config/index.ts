export {
  CachedStore,
  type CacheTiming,
  INSTANCE_TTL_MS,
  LOAD_ATTEMPTS,
  MAX_CACHE_ENTRIES,
  RETRY_DELAY_MS,
  SHARED_TTL_MS,
} from "./cached-store.js";
export {
  type ConfigDescription,
  type ConfigServiceParts,
  configServiceFromStores,
  PsoxyConfigService,
  type StoresOptions,
} from "./config-service.js";
export {
  type CreateConfigServiceOptions,
  createConfigService,
  detectPlatform,
  type Platform,
  parseSecretsStore,
  SECRETS_STORES,
  type SecretsStoreSetting,
} from "./create-config-service.js";
export { EnvStore } from "./env-store.js";
export { DEFAULT_SECRETS_FILE, GENERATED_KEYS, generateSecret, LocalFileStore } from "./local-file-store.js";
export { MemoryStore } from "./memory-store.js";
export {
  awsPrefix,
  defaultInstancePrefix,
  instanceIdFromEnv,
  instancePrefix,
  sharedPrefix,
} from "./naming.js";
export * from "./types.js";
