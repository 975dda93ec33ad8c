/** What `createGateway` needs from its host. */

import type { AuthOptions } from "../auth/index.js";
import type { ConfigService } from "../config/types.js";
import type { ObjectStore } from "../storage/types.js";
import type { AsyncDispatcher } from "./async-dispatch.js";
import type { SideOutputQueues } from "./side-output-queue.js";
import type { OutputScheme } from "./side-outputs.js";
import type { Logger } from "./types.js";

export type GatewayPlatform = "node" | "aws" | "gcp";

export interface GatewayTimeouts {
  /** connect timeout, ms */
  connectMs?: number;
  /** read (headers and body idle) timeout, ms */
  readMs?: number;
}

export interface GatewayOptions {
  config: ConfigService;
  logger: Logger;
  platform: GatewayPlatform;
  /**
   * Function / service name stripped from the front of request paths (spec 1.6 step 4b). Defaults to
   * `AWS_LAMBDA_FUNCTION_NAME` on aws and `K_SERVICE` on gcp.
   */
  instanceId?: string;
  /** Extra CA (PEM) trusted for the source, besides the platform's roots (tests, private sources). */
  ca?: string | Buffer;
  /** Connector catalog: the built-in rules YAML for a SOURCE (or `<SOURCE>_no-app-ids`), if any. */
  builtinRules?: (source: string) => string | undefined;
  /**
   * Object stores for side outputs (SIDE_OUTPUT_ORIGINAL / SIDE_OUTPUT_SANITIZED), by location scheme.
   * Hosts provide it; without it, configured side outputs are reported as a start-up problem.
   */
  sideOutputStore?: (scheme: OutputScheme) => Promise<ObjectStore>;
  /**
   * Queue clients for side outputs to SQS / Pub/Sub, by kind, each loaded on first use. Hosts provide
   * the ones their bundle carries; a side output to another kind is reported as a start-up problem.
   */
  sideOutputQueues?: SideOutputQueues;
  /**
   * The platform queue for `Prefer: respond-async` (api-mode spec 1.12): SQS on AWS, Pub/Sub on GCP.
   * Without it, async requests get 500 ASYNC_HANDLER_DISPATCH. The async leg writes its result with
   * `sideOutputStore`.
   */
  asyncDispatcher?: AsyncDispatcher;
  /** Folder of the `rules.yaml` resource (default `/var/psoxy/resources`, as in the reference). */
  resourcesDir?: string;
  /**
   * The store of REMOTE_RESOURCE_BUCKET (remote `rules.yaml`). Default: S3 on aws, Cloud Storage on
   * gcp, with the platform's default client; on node a set REMOTE_RESOURCE_BUCKET fails the rules.
   */
  remoteResourceStore?: () => Promise<ObjectStore>;
  now?: () => Date;
  /** Overrides the timeouts derived from REQUEST_TIMEOUT_SECONDS (spec 1.11.7). */
  timeouts?: GatewayTimeouts;
  /**
   * Source auth knobs: clock, sleeps and randomness of the token refresh, the token endpoint timeout,
   * the Cognito / GCP metadata endpoints of workload identity federation, ADC options (tests, embedders).
   */
  auth?: AuthOptions;
}
