/**
 * Creates the bulk instance (configuration, rules, keys) on the first event and reuses it; a failed
 * creation is retried on the next event.
 */
import type { BulkInstance } from "../../bulk/storage-handler.js";

export type BulkInstanceFactory = () => BulkInstance | Promise<BulkInstance>;

export function lazyInstance(factory: BulkInstanceFactory): () => Promise<BulkInstance> {
  let pending: Promise<BulkInstance> | undefined;
  return () => {
    if (!pending) {
      pending = Promise.resolve()
        .then(factory)
        .catch((e: unknown) => {
          pending = undefined;
          throw e;
        });
    }
    return pending;
  };
}
