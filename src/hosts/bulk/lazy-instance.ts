/** The bulk instance (configuration, rules, keys), created on the first event and reused (see lazy-once.ts). */
import type { BulkInstance } from "../../bulk/storage-handler.js";
import { lazyOnce } from "../lazy-once.js";

export type BulkInstanceFactory = () => BulkInstance | Promise<BulkInstance>;

export function lazyInstance(factory: BulkInstanceFactory): () => Promise<BulkInstance> {
  return lazyOnce(factory);
}
