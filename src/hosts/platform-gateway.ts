/**
 * Wiring shared by the hosts: logger + configuration service + gateway for one platform. Nothing is
 * decided here beyond which platform's stores and naming apply; the config service and the gateway
 * own every rule.
 */
import { createConfigService, type PsoxyConfigService } from "../config/index.js";
import { builtinRules } from "../connectors/index.js";
import type { AsyncDispatcher } from "../gateway/async-dispatch.js";
import type { GatewayPlatform } from "../gateway/gateway-options.js";
import { createGateway, type GatewayInstance } from "../gateway/index.js";
import type { SideOutputQueues } from "../gateway/side-output-queue.js";
import type { OutputScheme } from "../gateway/side-outputs.js";
import type { ObjectStore } from "../storage/types.js";
import { createHostLogger, type HostLogger } from "./logger.js";

export interface PlatformGatewayOptions {
  platform: GatewayPlatform;
  env: Readonly<Record<string, string | undefined>>;
  /** Function / service name (AWS_LAMBDA_FUNCTION_NAME, K_SERVICE); none for the node server. */
  instanceId?: string;
  /** node only: the local secrets file (default `.psoxy/secrets.json`). */
  secretsFile?: string;
  /** Extra CA trusted for the source (the demo's self-signed certificate). */
  ca?: string | Buffer;
  logger?: HostLogger;
  /** The platform queue for `Prefer: respond-async` (SQS on AWS, Pub/Sub on GCP). */
  asyncDispatcher?: AsyncDispatcher;
  /**
   * Queue clients for SIDE_OUTPUT_* queue locations. Given by the host entry, not chosen here, so that
   * each bundle carries only its own cloud's client (as with `asyncDispatcher`).
   */
  sideOutputQueues?: SideOutputQueues;
}

export interface PlatformGateway {
  gateway: GatewayInstance;
  config: PsoxyConfigService;
  logger: HostLogger;
}

/** Object stores for side outputs and the async output, loaded only when one is configured. */
async function sideOutputStore(scheme: OutputScheme): Promise<ObjectStore> {
  switch (scheme) {
    case "s3":
      return (await import("../storage/s3-store.js")).defaultS3Store();
    case "gs":
      return (await import("../storage/gcs-store.js")).defaultGcsStore();
    case "file": {
      const { LocalFsStore } = await import("../storage/local-fs-store.js");
      return new LocalFsStore({ root: "/", sidecarMetadata: true });
    }
  }
}

export async function createPlatformGateway(options: PlatformGatewayOptions): Promise<PlatformGateway> {
  const logger = options.logger ?? createHostLogger({ env: options.env });
  const instanceId = options.instanceId?.trim() ? options.instanceId : undefined;
  const config = await createConfigService(options.env, {
    ...(options.platform === "node"
      ? { platform: "local", secretsFile: options.secretsFile ?? "" }
      : { platform: options.platform }),
    instanceId,
    logger,
  });
  const gateway = createGateway({
    config,
    logger,
    platform: options.platform,
    instanceId,
    ca: options.ca,
    builtinRules,
    sideOutputStore,
    asyncDispatcher: options.asyncDispatcher,
    sideOutputQueues: options.sideOutputQueues,
  });
  return { gateway, config, logger };
}
