/**
 * GCP Cloud Functions host for bulk mode (bulk-and-cli spec 4.2): a Cloud Storage "object finalized"
 * event, as a CloudEvent (`google.cloud.storage.object.v1.finalized`, gen2 / Eventarc) or as a
 * legacy background event (`google.storage.object.finalize`). Other event types are logged and
 * ignored; objects no rule set applies to are skipped (unlike AWS, which fails).
 */
import { handleStorageObject, type TransformOutcome } from "../../bulk/storage-handler.js";
import { type BulkInstanceFactory, lazyInstance } from "./lazy-instance.js";

export interface GcsObjectData {
  bucket: string;
  name: string;
  contentType?: string;
  metadata?: Record<string, string> | null;
}

/** CloudEvent as the functions framework passes it (`cloudEvent(name, fn)`). */
export interface GcsCloudEvent {
  type: string;
  source?: string;
  subject?: string;
  data?: GcsObjectData;
}

/** Legacy background-function context. */
export interface GcsLegacyContext {
  eventType: string;
  resource?: unknown;
}

export const FINALIZE_EVENT_TYPES = new Set([
  "google.cloud.storage.object.v1.finalized",
  "google.storage.object.finalize",
]);

export type GcsEventHandler = (
  event: GcsCloudEvent | GcsObjectData,
  context?: GcsLegacyContext,
) => Promise<TransformOutcome[]>;

export function createGcsEventHandler(options: { instance: BulkInstanceFactory }): GcsEventHandler {
  const getInstance = lazyInstance(options.instance);
  return async (event, context) => {
    let type: string | undefined;
    let data: GcsObjectData | undefined;
    if (context && typeof context.eventType === "string") {
      type = context.eventType;
      data = event as GcsObjectData;
    } else {
      type = (event as GcsCloudEvent).type;
      data = (event as GcsCloudEvent).data;
    }
    const instance = await getInstance();
    if (type === undefined || !FINALIZE_EVENT_TYPES.has(type)) {
      instance.logger?.warn({ eventType: type }, "ignoring event: not a Cloud Storage object finalize event");
      return [];
    }
    if (!data?.bucket || data.name === undefined) {
      throw new Error("Cloud Storage event without data.bucket / data.name");
    }
    return handleStorageObject(instance, data.bucket, data.name);
  };
}

/** The deployed function (entry point `gcsFileEvent`): Secret Manager config, instance id K_SERVICE. */
export const gcsFileEvent: GcsEventHandler = createGcsEventHandler({
  instance: async () => {
    const [{ createConfigService }, { createBulkInstance }, { GcsStore }, { Storage }, { createHostLogger }] =
      await Promise.all([
        import("../../config/create-config-service.js"),
        import("../../bulk/bulk-instance.js"),
        import("../../storage/gcs-store.js"),
        import("@google-cloud/storage"),
        import("../logger.js"),
      ]);
    const logger = createHostLogger();
    const config = await createConfigService(process.env, { logger });
    return createBulkInstance(config, {
      store: new GcsStore({ storage: new Storage() }),
      onNoRules: "skip",
      instanceId: process.env.K_SERVICE ?? "psoxy-bulk",
      logger,
    });
  },
});
