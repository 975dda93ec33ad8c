/**
 * Object transforms (bulk-and-cli spec 5, 12): each pairs a destination (bucket + key prefix) with a
 * rule set. The default one writes the instance rules to OUTPUT_BUCKET; ADDITIONAL_TRANSFORMS adds
 * more, which is how lookup tables are built. Also the output key, the compression decision and the
 * metadata written on each output object.
 */
import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { isBlank } from "../core/java/strings.js";
import { piiSaltSha256 } from "../core/pseudonyms/index.js";
import { loadRules } from "../core/rules/index.js";
import type { AnyRules } from "../core/rules/model.js";
import { isSourceCompressed } from "./content-type.js";
import { BulkError } from "./errors.js";

export interface ObjectTransform {
  destinationBucketName: string;
  /** prefix of the output key, used verbatim (no `/` added) */
  pathWithinBucket: string;
  rules: AnyRules;
  /** null = decided by the source and COMPRESS_OUTPUT_ALWAYS */
  compressOutput: boolean | null;
}

export interface BulkSettings {
  /** OUTPUT_BUCKET (required) */
  outputBucket: string;
  /** INPUT_BASE_PATH: every occurrence is removed from the source key */
  inputBasePath?: string;
  /** OUTPUT_BASE_PATH: prefix of the default transform's output keys only */
  outputBasePath?: string;
  /** COMPRESS_OUTPUT_ALWAYS; default true */
  compressOutputAlways: boolean;
  /** ADDITIONAL_TRANSFORMS, parsed */
  additionalTransforms: ObjectTransform[];
}

export const METADATA_KEYS = {
  instanceId: "psoxy-instance-id",
  version: "psoxy-version",
  originalObjectKey: "psoxy-original-object-key",
  rulesSha: "psoxy-rules-sha",
  saltSha: "psoxy-salt-sha",
} as const;

/** Blank settings count as unset. */
export function nonBlank(v: string | null | undefined): string | undefined {
  return v === null || v === undefined || isBlank(v) ? undefined : v;
}

/** `true`/`false` as Java's `Boolean.parseBoolean` (anything but "true", any case, is false). */
export function parseJavaBoolean(v: string): boolean {
  return v.trim().toLowerCase() === "true";
}

/**
 * ADDITIONAL_TRANSFORMS: a YAML list of `{destinationBucketName, pathWithinBucket?, rules,
 * compressOutput?}`. Anything else is a fatal configuration error, as in the reference.
 */
export function parseAdditionalTransforms(text: string | undefined): ObjectTransform[] {
  if (text === undefined || isBlank(text)) return [];
  const fail = (why: string): never => {
    throw new BulkError("CONFIG", `Failed to parse ADDITIONAL_TRANSFORMS: ${why}`);
  };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) return fail("expected a YAML list of transforms");
  return doc.map((item, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item))
      return fail(`item ${i + 1} is not a mapping`);
    const t = item as Record<string, unknown>;
    for (const k of Object.keys(t)) {
      if (!["destinationBucketName", "pathWithinBucket", "rules", "compressOutput"].includes(k)) {
        fail(`item ${i + 1} has an unknown key "${k}"`);
      }
    }
    if (typeof t.destinationBucketName !== "string" || isBlank(t.destinationBucketName)) {
      fail(`item ${i + 1} needs destinationBucketName`);
    }
    if (t.rules === null || typeof t.rules !== "object") fail(`item ${i + 1} needs rules`);
    let rules: AnyRules;
    try {
      rules = loadRules(JSON.stringify(t.rules), { source: `ADDITIONAL_TRANSFORMS[${i}].rules` });
    } catch (e) {
      return fail((e as Error).message);
    }
    if (rules.kind === "api") fail(`item ${i + 1} has API rules; bulk rules are needed`);
    const path = t.pathWithinBucket;
    if (path !== undefined && path !== null && typeof path !== "string")
      fail(`item ${i + 1}: pathWithinBucket must be text`);
    const c = t.compressOutput;
    if (c !== undefined && c !== null && typeof c !== "boolean")
      fail(`item ${i + 1}: compressOutput must be true or false`);
    return {
      destinationBucketName: t.destinationBucketName as string,
      pathWithinBucket: (path as string | null | undefined) ?? "",
      rules,
      compressOutput: (c as boolean | null | undefined) ?? null,
    };
  });
}

/** The default transform followed by the additional ones. */
export function buildTransforms(settings: BulkSettings, instanceRules: AnyRules): ObjectTransform[] {
  return [
    {
      destinationBucketName: settings.outputBucket,
      pathWithinBucket: settings.outputBasePath ?? "",
      rules: instanceRules,
      compressOutput: null,
    },
    ...settings.additionalTransforms,
  ];
}

export interface TransformRequest {
  sourceBucket: string;
  sourceKey: string;
  destinationBucket: string;
  destinationKey: string;
  decompressInput: boolean;
  compressOutput: boolean;
}

/** Output key and compression for one source object and transform (spec 5.3, 6.1). */
export function buildRequest(
  settings: BulkSettings,
  transform: ObjectTransform,
  sourceBucket: string,
  sourceKey: string,
  sourceContentEncoding: string | null | undefined,
): TransformRequest {
  const base = nonBlank(settings.inputBasePath);
  const withinBase = base === undefined ? sourceKey : sourceKey.replaceAll(base, "");
  const decompressInput = isSourceCompressed(sourceContentEncoding, sourceKey);
  const compressOutput = transform.compressOutput ?? (decompressInput || settings.compressOutputAlways);
  return {
    sourceBucket,
    sourceKey,
    destinationBucket: transform.destinationBucketName,
    destinationKey: transform.pathWithinBucket + withinBase,
    decompressInput,
    compressOutput,
  };
}

/** SHA-1 hex of the raw RULES value, or "unknown" (metadata `psoxy-rules-sha`). */
export function rulesShaOf(rawRules: string | undefined): string {
  return rawRules === undefined ? "unknown" : createHash("sha1").update(rawRules, "utf8").digest("hex");
}

export interface MetadataInputs {
  instanceId: string;
  version: string;
  sourceBucket: string;
  sourceKey: string;
  rulesSha: string;
  salt?: string;
}

const saltShaCache = new Map<string, string>();

/** User metadata of an output object (spec 5.3). */
export function outputMetadata(m: MetadataInputs): Record<string, string> {
  const meta: Record<string, string> = {
    [METADATA_KEYS.instanceId]: m.instanceId,
    [METADATA_KEYS.version]: m.version,
    [METADATA_KEYS.originalObjectKey]: `${m.sourceBucket}/${m.sourceKey}`,
    [METADATA_KEYS.rulesSha]: m.rulesSha,
  };
  if (m.salt !== undefined) {
    let sha = saltShaCache.get(m.salt);
    if (sha === undefined) {
      sha = piiSaltSha256(m.salt);
      saltShaCache.clear();
      saltShaCache.set(m.salt, sha);
    }
    meta[METADATA_KEYS.saltSha] = sha;
  }
  return meta;
}

/** Loop guard (spec 5.4): written by this very instance. Null metadata (GCS) = not sanitized. */
export function hasBeenSanitized(
  metadata: Record<string, string> | null | undefined,
  instanceId: string,
): boolean {
  if (!metadata) return false;
  return (metadata[METADATA_KEYS.instanceId] ?? "") === instanceId;
}
