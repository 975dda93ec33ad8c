/**
 * AWS Lambda host for bulk mode (bulk-and-cli spec 4.1): an S3 `ObjectCreated:*` notification. Only
 * the first record is handled; its key is URL-decoded (S3 event keys are form-encoded). A failure is
 * thrown so that the invocation fails and Lambda's async retries apply.
 */
import { handleStorageObject, type TransformOutcome } from "../../bulk/storage-handler.js";
import { type BulkInstanceFactory, lazyInstance } from "./lazy-instance.js";

export interface S3EventRecord {
  eventName?: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number } };
}

export interface S3Event {
  Records?: S3EventRecord[];
}

export type S3EventHandler = (event: S3Event, context?: unknown) => Promise<TransformOutcome[]>;

/** S3 notification keys are URL-encoded with `+` for spaces. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, " "));
}

export function createS3EventHandler(options: { instance: BulkInstanceFactory }): S3EventHandler {
  const getInstance = lazyInstance(options.instance);
  return async (event) => {
    const record = event?.Records?.[0];
    if (!record?.s3?.bucket?.name || record.s3.object?.key === undefined) {
      throw new Error("not an S3 event notification: expected Records[0].s3.bucket.name and .object.key");
    }
    const instance = await getInstance();
    if ((event.Records?.length ?? 0) > 1) {
      instance.logger?.warn(
        { records: event.Records?.length },
        "S3 event has several records; only the first is processed",
      );
    }
    return handleStorageObject(instance, record.s3.bucket.name, decodeS3Key(record.s3.object.key));
  };
}

/**
 * The deployed handler: configuration from the environment and SSM / Secrets Manager, the instance id
 * is the function name; output staged in /tmp.
 */
export const handler: S3EventHandler = createS3EventHandler({
  instance: async () => {
    const [{ createConfigService }, { createBulkInstance }, { S3Store }, { S3Client }, { createHostLogger }] =
      await Promise.all([
        import("../../config/create-config-service.js"),
        import("../../bulk/bulk-instance.js"),
        import("../../storage/s3-store.js"),
        import("@aws-sdk/client-s3"),
        import("../logger.js"),
      ]);
    const logger = createHostLogger();
    const config = await createConfigService(process.env, { logger });
    return createBulkInstance(config, {
      store: new S3Store({ client: new S3Client({}) }),
      onNoRules: "fail",
      instanceId: process.env.AWS_LAMBDA_FUNCTION_NAME ?? "psoxy-bulk",
      logger,
    });
  },
});
