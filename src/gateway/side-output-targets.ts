/**
 * Resolves a SIDE_OUTPUT_ORIGINAL / SIDE_OUTPUT_SANITIZED setting (api-mode spec 6.7) to its writer: a
 * queue (SQS, Pub/Sub) or an object store (S3, GCS, a local directory). The setting is checked at
 * start-up (a malformed location, or a kind this host has no client for, is a configuration problem);
 * the store or queue client is created on first write, and again after a failed creation.
 */
import type { ObjectStore } from "../storage/types.js";
import {
  parseQueueLocation,
  QUEUE_LABEL,
  QueueSideOutput,
  type SideOutputQueues,
} from "./side-output-queue.js";
import { type OutputScheme, parseOutputLocation, SideOutput, type SideOutputWriter } from "./side-outputs.js";
import type { Logger } from "./types.js";

export interface SideOutputClients {
  /** object stores by scheme (the host's) */
  stores?: (scheme: OutputScheme) => Promise<ObjectStore>;
  /** queue clients by kind (the host's) */
  queues?: SideOutputQueues;
  logger?: Logger;
}

const ACCEPTED =
  "use s3://bucket[/prefix], gs://bucket[/prefix], file:///dir, an SQS queue URL " +
  "(https://sqs.<region>.amazonaws.com/<account>/<queue>) or a Pub/Sub topic " +
  "(https://pubsub.googleapis.com/v1/projects/<project>/topics/<topic>)";

/**
 * The lazily opened writer of one side-output setting. Throws an Error (to report at start-up) when the
 * location is malformed or this host cannot write to its kind.
 */
export function openSideOutput(
  name: string,
  uri: string,
  clients: SideOutputClients,
): () => Promise<SideOutputWriter> {
  const queue = parseQueueLocation(uri);
  let open: () => Promise<SideOutputWriter>;
  if (queue) {
    const factory = clients.queues?.[queue.kind];
    if (!factory) throw new Error(`${QUEUE_LABEL[queue.kind]} side outputs are not available on this host`);
    open = async () => new QueueSideOutput(queue, await factory(), { name, logger: clients.logger });
  } else {
    let location: ReturnType<typeof parseOutputLocation>;
    try {
      location = parseOutputLocation(uri);
    } catch (e) {
      if (/^\s*(?:s3|gs|file):\/\//.test(uri)) throw e;
      throw new Error(`unsupported side output location "${uri}": ${ACCEPTED}`);
    }
    const stores = clients.stores;
    if (!stores) throw new Error("side outputs are not available on this host");
    open = async () => new SideOutput(location, await stores(location.scheme));
  }
  let pending: Promise<SideOutputWriter> | undefined;
  return () => {
    pending ??= open();
    pending.catch(() => {
      pending = undefined;
    });
    return pending;
  };
}
