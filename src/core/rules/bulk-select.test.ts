import { describe, expect, it } from "vitest";
import { selectFileRules } from "./bulk-select.js";
import { RulesMatchError } from "./errors.js";
import { loadRules } from "./load-rules.js";
import type { ColumnarRules, MultiTypeBulkRules, RecordRules } from "./model.js";

const multi = (yaml: string) => loadRules(yaml) as MultiTypeBulkRules;
const first = (r: ColumnarRules | RecordRules | null) =>
  (r as ColumnarRules | null)?.columnsToPseudonymize[0];

describe("selectFileRules (spec 9.3)", () => {
  const rules = multi(`fileRules:
  /directory/{fileName}.csv:
    columnsToPseudonymize: [foo]
  /directory/file.{extension}:
    columnsToPseudonymize: [bar]
  /data/file{suffix}.csv:
    columnsToPseudonymize: [baz]
  users*:
    columnsToPseudonymize: [star]
  /{exportId}/events{shardIndex}.ndjson{suffix?}:
    format: NDJSON
`);
  it("first match in file order wins; leading / dropped", () => {
    expect(first(selectFileRules(rules, "directory/file.csv"))).toBe("foo");
    expect(first(selectFileRules(rules, "directory/file.ndjson"))).toBe("bar");
    expect(selectFileRules(rules, "/directory/file.csv")).toBeNull();
  });
  it("matches case-sensitively", () => {
    expect(selectFileRules(rules, "Directory/file.csv")).toBeNull();
  });
  it("{param} needs one or more characters; {param?} zero or more", () => {
    expect(first(selectFileRules(rules, "data/file1.csv"))).toBe("baz");
    expect(selectFileRules(rules, "data/file.csv")).toBeNull();
    expect(selectFileRules(rules, "export1/events0.ndjson")?.kind).toBe("record");
    expect(selectFileRules(rules, "export1/events0-123.ndjson.gz")?.kind).toBe("record");
  });
  it("* is a literal asterisk", () => {
    expect(selectFileRules(rules, "users.ndjson")).toBeNull();
    expect(first(selectFileRules(rules, "users*"))).toBe("star");
  });
  it("removes inputBasePath when given", () => {
    expect(first(selectFileRules(rules, "base/directory/file.csv", "base/"))).toBe("foo");
  });
  it("one nesting level, matched with the last captured parameter", () => {
    const h = multi(`fileRules:
  export-{week}/{file}:
    fileRules:
      users.ndjson.gz: { format: NDJSON, transforms: [ { pseudonymize: "$.profile.email" } ] }
      messages-{id}.ndjson.gz: { format: NDJSON, transforms: [ { redact: "$.text" } ] }
`);
    const u = selectFileRules(h, "export-2024-01/users.ndjson.gz") as RecordRules;
    expect(u.transforms[0]).toEqual({ type: "pseudonymize", jsonPaths: ["$.profile.email"] });
    const m = selectFileRules(h, "export-2024-01/messages-7.ndjson.gz") as RecordRules;
    expect(m.transforms[0].type).toBe("redact");
    expect(selectFileRules(h, "export-2024-01/other.ndjson.gz")).toBeNull();
  });
  it("deeper nesting fails at run time", () => {
    const h = multi(`fileRules:
  /{a}:
    fileRules:
      "{b}":
        fileRules:
          x: { columnsToRedact: [c] }
`);
    expect(() => selectFileRules(h, "x")).toThrow(RulesMatchError);
  });
});
