/**
 * Handling one object that landed in the input bucket (bulk-and-cli spec 1, 4, 5): for each object
 * transform, skip objects this instance wrote (loop guard), pick the applicable rules, validate the
 * first records, then sanitize and write the output atomically with the Psoxy metadata. The platform
 * handlers (S3 event, GCS event) only translate their event into a call of `handleStorageObject`.
 */
import type { AnyRules } from "../core/rules/model.js";
import type { ObjectStore } from "../storage/types.js";
import { effectiveContentType, type RecordFormat } from "./content-type.js";
import { asBulkError, BulkError } from "./errors.js";
import {
  type BulkSettings,
  buildRequest,
  buildTransforms,
  hasBeenSanitized,
  outputMetadata,
} from "./object-transforms.js";
import { type ObjectRequest, sanitizedStream, selectBulkRules, validateObject } from "./process-object.js";
import type { BulkPseudonymizer, BulkWarning, ShuffleOptions } from "./types.js";

export interface BulkLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silent: BulkLogger = { info() {}, warn() {}, error() {} };

/** Everything a bulk instance needs, built once per cold start. */
export interface BulkInstance {
  store: ObjectStore;
  settings: BulkSettings;
  /** the instance rules (RULES) */
  rules: AnyRules;
  pseudonymizer: BulkPseudonymizer;
  /** AWS_LAMBDA_FUNCTION_NAME / K_SERVICE */
  instanceId: string;
  /** `psoxy-version` metadata */
  version: string;
  /** `psoxy-rules-sha` metadata */
  rulesSha: string;
  /** for `psoxy-salt-sha`; never logged */
  salt?: string;
  /** AWS fails on objects no rule set applies to; GCP skips them (spec 4) */
  onNoRules: "fail" | "skip";
  bulkOutputFormat?: RecordFormat;
  shuffle?: ShuffleOptions;
  tmpDir?: string;
  logger?: BulkLogger;
}

export type TransformOutcome =
  | { status: "written"; destinationBucket: string; destinationKey: string; compressed: boolean }
  | { status: "skipped"; reason: "already-sanitized" | "no-applicable-rules"; destinationBucket: string };

export async function handleStorageObject(
  instance: BulkInstance,
  sourceBucket: string,
  sourceKey: string,
): Promise<TransformOutcome[]> {
  const log = instance.logger ?? silent;
  const outcomes: TransformOutcome[] = [];
  const onWarning = (w: BulkWarning) => log.warn({ code: w.code, file: w.file ?? sourceKey }, w.message);

  for (const transform of buildTransforms(instance.settings, instance.rules)) {
    const info = await instance.store.head(sourceBucket, sourceKey);
    if (hasBeenSanitized(info.metadata, instance.instanceId)) {
      log.warn(
        { bucket: sourceBucket, key: sourceKey },
        "skipping object: it was written by this instance (psoxy-instance-id matches); check the input and output buckets differ",
      );
      outcomes.push({
        status: "skipped",
        reason: "already-sanitized",
        destinationBucket: transform.destinationBucketName,
      });
      continue;
    }
    const req = buildRequest(instance.settings, transform, sourceBucket, sourceKey, info.contentEncoding);
    if (sourceKey.endsWith(".gz") && info.contentEncoding !== "gzip") {
      log.warn(
        { bucket: sourceBucket, key: sourceKey },
        "input key ends with .gz but Content-Encoding is not gzip; decompressing when the content is gzip",
      );
    }
    const rules = selectBulkRules(transform.rules, sourceKey);
    if (rules === null) {
      if (instance.onNoRules === "fail") {
        throw new BulkError("NO_APPLICABLE_RULES", `No applicable rules found for ${sourceKey}`, {
          file: sourceKey,
        });
      }
      log.info({ bucket: sourceBucket, key: sourceKey }, "Skipping object because no rules apply");
      outcomes.push({
        status: "skipped",
        reason: "no-applicable-rules",
        destinationBucket: transform.destinationBucketName,
      });
      continue;
    }
    const request: ObjectRequest = {
      key: sourceKey,
      contentType: info.contentType ?? null,
      decompressInput: req.decompressInput,
      compressOutput: req.compressOutput,
    };
    const options = {
      pseudonymizer: instance.pseudonymizer,
      shuffle: instance.shuffle,
      bulkOutputFormat: instance.bulkOutputFormat,
      tmpDir: instance.tmpDir,
      onWarning,
      file: `${sourceBucket}/${sourceKey}`,
    };
    try {
      await validateObject(rules, request, () => instance.store.read(sourceBucket, sourceKey), options);
      const source = await instance.store.read(sourceBucket, sourceKey);
      const contentType = effectiveContentType(info.contentType, sourceKey);
      await instance.store.put(
        req.destinationBucket,
        req.destinationKey,
        sanitizedStream(rules, request, source, options),
        {
          contentType,
          contentEncoding: req.compressOutput ? "gzip" : (info.contentEncoding ?? null),
          metadata: outputMetadata({
            instanceId: instance.instanceId,
            version: instance.version,
            sourceBucket,
            sourceKey,
            rulesSha: instance.rulesSha,
            salt: instance.salt,
          }),
        },
      );
    } catch (e) {
      const inner = unwrap(e);
      const err =
        inner instanceof BulkError
          ? inner.withFile(`${sourceBucket}/${sourceKey}`)
          : asBulkError(e, `${sourceBucket}/${sourceKey}`, "STORAGE");
      log.error({ code: err.code, bucket: sourceBucket, key: sourceKey }, err.message);
      throw err;
    }
    log.info(
      { from: `${sourceBucket}/${sourceKey}`, to: `${req.destinationBucket}/${req.destinationKey}` },
      "Successfully pseudonymized object",
    );
    outcomes.push({
      status: "written",
      destinationBucket: req.destinationBucket,
      destinationKey: req.destinationKey,
      compressed: req.compressOutput,
    });
  }
  return outcomes;
}

/** A stream error wrapped by a storage client: the BulkError inside, if any. */
function unwrap(e: unknown): unknown {
  let x: unknown = e;
  for (let i = 0; i < 5 && x instanceof Error; i++) {
    if (x instanceof BulkError) return x;
    x = (x as Error & { cause?: unknown }).cause;
  }
  return e;
}
