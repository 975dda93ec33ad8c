import { describe, expect, it } from "vitest";
import { loadRules } from "../core/rules/index.js";
import { BulkError } from "./errors.js";
import {
  type BulkSettings,
  buildRequest,
  buildTransforms,
  hasBeenSanitized,
  outputMetadata,
  parseAdditionalTransforms,
  rulesShaOf,
} from "./object-transforms.js";

const rules = loadRules("columnsToPseudonymize: [foo]");

function settings(over: Partial<BulkSettings> = {}): BulkSettings {
  return { outputBucket: "out-bucket", compressOutputAlways: true, additionalTransforms: [], ...over };
}

describe("object transforms (bulk-and-cli spec 5, 6.1, 12)", () => {
  it("builds destination keys as the reference's tests show", () => {
    const cases: Array<[string | undefined, string | undefined, string]> = [
      [undefined, undefined, "directory/file.csv"],
      ["directory/", undefined, "file.csv"],
      [undefined, "out/", "out/directory/file.csv"],
      ["directory/", "out/", "out/file.csv"],
      ["in/", "out/", "out/directory/file.csv"],
    ];
    for (const [inputBasePath, outputBasePath, expected] of cases) {
      const s = settings({ inputBasePath, outputBasePath });
      const [t] = buildTransforms(s, rules);
      expect(buildRequest(s, t, "in-bucket", "directory/file.csv", undefined).destinationKey).toBe(expected);
    }
  });

  it("removes every occurrence of INPUT_BASE_PATH and applies OUTPUT_BASE_PATH to the default transform only", () => {
    const s = settings({
      inputBasePath: "x/",
      outputBasePath: "o/",
      additionalTransforms: parseAdditionalTransforms(
        "- destinationBucketName: lookup\n  pathWithinBucket: lk/\n  rules: {columnsToPseudonymize: [foo]}\n",
      ),
    });
    const [def, extra] = buildTransforms(s, rules);
    expect(buildRequest(s, def, "b", "x/a/x/f.csv", undefined).destinationKey).toBe("o/a/f.csv");
    expect(buildRequest(s, extra, "b", "x/a/x/f.csv", undefined)).toMatchObject({
      destinationBucket: "lookup",
      destinationKey: "lk/a/f.csv",
    });
  });

  it("compresses output by default, follows the source when COMPRESS_OUTPUT_ALWAYS=false, obeys the transform", () => {
    const [t] = buildTransforms(settings(), rules);
    expect(buildRequest(settings(), t, "b", "file.csv", "gzip")).toMatchObject({
      decompressInput: true,
      compressOutput: true,
    });
    expect(buildRequest(settings(), t, "b", "file.json.gz", undefined)).toMatchObject({
      decompressInput: true,
      compressOutput: true,
    });
    expect(buildRequest(settings(), t, "b", "file.json", undefined)).toMatchObject({
      decompressInput: false,
      compressOutput: true,
    });
    const off = settings({ compressOutputAlways: false });
    expect(buildRequest(off, t, "b", "file.json", undefined).compressOutput).toBe(false);
    expect(buildRequest(off, t, "b", "file.json.gz", undefined).compressOutput).toBe(true);
    expect(
      buildRequest(settings(), { ...t, compressOutput: false }, "b", "f.csv.gz", undefined).compressOutput,
    ).toBe(false);
  });

  it("parses ADDITIONAL_TRANSFORMS lookup-table rules and rejects bad values", () => {
    const [t] = parseAdditionalTransforms(`- destinationBucketName: env-lookup-hris
  rules:
    pseudonymFormat: URL_SAFE_TOKEN
    columnsToRedact: [EMPLOYEE_EMAIL]
    columnsToPseudonymize: [EMPLOYEE_ID]
    columnsToDuplicate: {EMPLOYEE_ID: EMPLOYEE_ID_ORIG}
  compressOutput: false
`);
    expect(t.destinationBucketName).toBe("env-lookup-hris");
    expect(t.pathWithinBucket).toBe("");
    expect(t.compressOutput).toBe(false);
    expect(t.rules.kind).toBe("columnar");
    expect(parseAdditionalTransforms("")).toEqual([]);
    expect(() => parseAdditionalTransforms("foo: bar")).toThrow(BulkError);
    expect(() => parseAdditionalTransforms("- rules: {columnsToPseudonymize: [a]}")).toThrow(
      /destinationBucketName/,
    );
    expect(() => parseAdditionalTransforms("- destinationBucketName: x\n  rules: {endpoints: []}")).toThrow(
      /ADDITIONAL_TRANSFORMS/,
    );
  });

  it("writes the metadata keys and recognises its own output", () => {
    const m = outputMetadata({
      instanceId: "psoxy-hris",
      version: "v0.6.9",
      sourceBucket: "in",
      sourceKey: "a/b.csv",
      rulesSha: rulesShaOf("columnsToPseudonymize: [foo]"),
      salt: "salt",
    });
    expect(m).toMatchObject({
      "psoxy-instance-id": "psoxy-hris",
      "psoxy-version": "v0.6.9",
      "psoxy-original-object-key": "in/a/b.csv",
    });
    expect(m["psoxy-rules-sha"]).toMatch(/^[0-9a-f]{40}$/);
    expect(m["psoxy-salt-sha"]).toMatch(/^[A-Za-z0-9_.]{43}$/);
    expect(rulesShaOf(undefined)).toBe("unknown");
    expect(hasBeenSanitized(m, "psoxy-hris")).toBe(true);
    expect(hasBeenSanitized(m, "other")).toBe(false);
    expect(hasBeenSanitized(null, "psoxy-hris")).toBe(false);
  });
});
