import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { RulesValidationError } from "./errors.js";
import { decodeRulesValue, loadRules, loadRulesValue, validateRules } from "./load-rules.js";
import type { ApiRules, ColumnarRules, MultiTypeBulkRules, RecordRules } from "./model.js";
import { relaxQuotedScalarIndentation } from "./yaml-reader.js";

function api(text: string): ApiRules {
  const r = loadRules(text);
  expect(r.kind).toBe("api");
  return r as ApiRules;
}

function rejected(text: string): RulesValidationError {
  try {
    loadRules(text);
  } catch (e) {
    expect(e).toBeInstanceOf(RulesValidationError);
    return e as RulesValidationError;
  }
  throw new Error("expected the rules to be rejected");
}

const oneTransform = (t: string) =>
  api(`endpoints:\n  - pathTemplate: /x\n    transforms:\n${t}`).endpoints[0].transforms[0];

describe("rules kind detection (spec 8.1)", () => {
  it("{} is an empty ColumnarRules with defaults", () => {
    const r = loadRules("{}") as ColumnarRules;
    expect(r.kind).toBe("columnar");
    expect(r.delimiter).toBe(",");
    expect(r.pseudonymFormat).toBe("JSON");
    expect(r.columnsToPseudonymize).toEqual([]);
    expect(r.columnsToRedact).toEqual([]);
    expect(r.columnsToRename.size).toBe(0);
    expect(r.columnsToInclude).toBeUndefined();
  });
  it("detects API, multi-file and record rules", () => {
    expect(loadRules("endpoints: []").kind).toBe("api");
    expect(loadRules("allowAllEndpoints: true").kind).toBe("api");
    expect(loadRules("fileRules:\n  /a.csv:\n    columnsToRedact: [x]").kind).toBe("multi");
    const rec = loadRules('transforms:\n  - redact: foo\n  - pseudonymize: ["$.a", "$.b"]') as RecordRules;
    expect(rec.kind).toBe("record");
    expect(rec.format).toBe("NDJSON");
    expect(rec.transforms).toEqual([
      { type: "redact", jsonPaths: ["foo"] },
      { type: "pseudonymize", jsonPaths: ["$.a", "$.b"] },
    ]);
  });
  it("defaultScopeIdForSource alone is columnar (first kind that accepts it)", () => {
    expect(loadRules("defaultScopeIdForSource: gapps").kind).toBe("columnar");
  });
  it("rejects a top-level key no rules type knows, naming the key and its position", () => {
    const e = rejected("endpoints: []\nendpoint: []\n");
    expect(e.code).toBe("RULES_INVALID");
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({ path: "endpoint", line: 2, col: 1 });
    expect(e.problems[0].message).toContain('did you mean "endpoints"');
  });
  it("rejects an empty file and a non-mapping", () => {
    expect(rejected("").code).toBe("RULES_INVALID");
    expect(rejected("# only a comment\n").problems[0].message).toContain("empty");
    expect(rejected("- a\n- b\n").problems[0].message).toContain("mapping");
  });
  it("reports YAML syntax errors as RULES_INVALID_YAML with a position", () => {
    const e = rejected('endpoints:\n  - pathTemplate: "/x\n');
    expect(e.code).toBe("RULES_INVALID_YAML");
    expect(e.problems[0].line).toBeGreaterThanOrEqual(2);
    const e2 = rejected("a: [1, 2\nb: 3\n");
    expect(e2.code).toBe("RULES_INVALID_YAML");
  });
  it("reads only the first document of a stream", () => {
    expect(loadRules("---\ncolumnsToRedact: [a]\n---\nendpoints: []\n").kind).toBe("columnar");
  });
});

describe("API rules model and defaults (spec 4, 8.2, 8.3)", () => {
  it("accepts !<tag>, !tag and method: spellings", () => {
    const r = api(`endpoints:
  - pathTemplate: /a
    transforms:
      - !<redact>
        jsonPaths: ["$.a"]
      - !pseudonymize
        jsonPaths: ["$.b"]
      - method: hashIp
        jsonPaths: ["$.c"]
      - !<redact> {}
`);
    expect(r.endpoints[0].transforms.map((t) => t.type)).toEqual([
      "redact",
      "pseudonymize",
      "hashIp",
      "redact",
    ]);
  });
  it("applies pseudonymize defaults (encoding URL_SAFE_TOKEN, no reversible, no original)", () => {
    expect(oneTransform('      - !<pseudonymize>\n        jsonPaths: ["$.a"]\n')).toEqual({
      type: "pseudonymize",
      jsonPaths: ["$.a"],
      encoding: "URL_SAFE_TOKEN",
      includeReversible: false,
      includeOriginal: false,
    });
    expect(oneTransform('      - !<pseudonymizeEmailHeader>\n        jsonPaths: ["$.a"]\n')).toMatchObject({
      encoding: "URL_SAFE_TOKEN",
    });
  });
  it("filterTokenByRegex delimiter defaults to \\s+ and keeps an explicit null", () => {
    const d = oneTransform(
      '      - !<filterTokenByRegex>\n        jsonPaths: ["$.a"]\n        filters: ["x.*"]\n',
    );
    expect(d).toMatchObject({ delimiter: "\\s+", filters: ["x.*"] });
    const n = oneTransform(
      '      - !<filterTokenByRegex>\n        jsonPaths: ["$.a"]\n        delimiter: null\n',
    );
    expect(n).toMatchObject({ delimiter: null, filters: [] });
    const s = oneTransform(
      '      - !<filterTokenByRegex>\n        jsonPaths: ["$.a"]\n        delimiter: "\\\\s*,"\n',
    );
    expect(s).toMatchObject({ delimiter: "\\s*," });
  });
  it("fills the defaults of every other transform type", () => {
    const t = (y: string) => oneTransform(`      - ${y}\n`);
    expect(t('!<textDigest> {jsonPaths: ["$.a"]}')).toEqual({
      type: "textDigest",
      jsonPaths: ["$.a"],
      keywords: [],
      isJsonEscaped: false,
    });
    expect(t('!<tokenize> {jsonPaths: ["$.a"]}')).toEqual({ type: "tokenize", jsonPaths: ["$.a"] });
    expect(t('!<pseudonymizeRegexMatches> {jsonPaths: ["$.a"], regex: "(?i)^smtp:(.*)$"}')).toEqual({
      type: "pseudonymizeRegexMatches",
      jsonPaths: ["$.a"],
      regex: "(?i)^smtp:(.*)$",
      includeReversible: false,
    });
    expect(t('!<redactRegexMatches> {jsonPaths: ["$.a"]}')).toMatchObject({ redactions: [] });
    expect(t('!<redactExceptPhrases> {jsonPaths: ["$.a"]}')).toMatchObject({ allowedPhrases: [] });
    expect(t('!<redactExceptSubstringsMatchingRegexes> {jsonPaths: ["$.a"]}')).toMatchObject({
      exceptions: [],
    });
    expect(t("!<encryptIp> {}")).toEqual({ type: "encryptIp", jsonPaths: [] });
    expect(
      t('!<pseudonymize> {jsonPaths: ["$.a"], applyOnlyWhen: "$.records[?(@.type == \'User\')]"}'),
    ).toMatchObject({
      applyOnlyWhen: "$.records[?(@.type == 'User')]",
    });
  });
  it("coerces booleans like Jackson YAML (yes/on and quoted true)", () => {
    const t = oneTransform(
      '      - !<pseudonymize>\n        jsonPaths: ["$.a"]\n        includeReversible: yes\n',
    );
    expect(t).toMatchObject({ includeReversible: true });
    const u = oneTransform(
      '      - !<pseudonymize>\n        jsonPaths: ["$.a"]\n        includeReversible: "true"\n',
    );
    expect(u).toMatchObject({ includeReversible: true });
  });
  it("reads every endpoint key and keeps YAML map order", () => {
    const r = api(`allowedRequestHeaders: [X-A]
endpoints:
  - pathTemplate: "/users/{userId}"
    pathParameterSchemas:
      userId: { type: string, format: reversible-pseudonym }
    allowedMethods: [GET, post]
    allowedQueryParams: ["$top", "$select"]
    queryParamSchemas:
      phrase: { pattern: "a.*", required: true }
    allowedRequestHeaders: [ConsistencyLevel]
    allowedRequestHeadersToForward: [X-Old]
    requestBody: { required: false, content: { application/json: { type: object, minimum: 1.5 } } }
    responseSchema:
      type: object
      properties:
        zeta: { type: string }
        alpha: { $ref: "#/definitions/B" }
        "2": { type: integer }
    augments:
      - !<textDigest> { jsonPaths: ["$..text"], innerJsonPath: "$..body", keywords: [api] }
definitions:
  B: { type: boolean }
  A: { type: number }
defaultScopeIdForSource: x
`);
    const e = r.endpoints[0];
    expect(r.allowedRequestHeaders).toEqual(["X-A"]);
    expect(e.pathParameterSchemas?.get("userId")).toEqual({ type: "string", format: "reversible-pseudonym" });
    expect(e.allowedMethods).toEqual(["GET", "post"]);
    expect(e.queryParamSchemas?.get("phrase")).toEqual({ pattern: "a.*", required: true });
    expect(e.allowedRequestHeadersToForward).toEqual(["X-Old"]);
    expect(e.requestBody?.required).toBe(false);
    const content = e.requestBody?.content?.get("application/json") as Map<string, unknown>;
    expect(content.get("type")).toBe("object");
    expect([...(e.responseSchema?.properties?.keys() ?? [])]).toEqual(["zeta", "alpha", "2"]);
    expect([...(r.definitions?.keys() ?? [])]).toEqual(["B", "A"]);
    expect(e.augments).toEqual([
      { type: "textDigest", jsonPaths: ["$..text"], keywords: ["api"], innerJsonPath: "$..body" },
    ]);
    expect(e.transforms).toEqual([]);
  });
  it("accepts ignored schema keys (title, required, additionalProperties, $schema)", () => {
    const r = api(`endpoints:
  - pathTemplate: /x
    responseSchema:
      $schema: "http://json-schema.org/draft-07/schema#"
      title: T
      type: object
      required: [a]
      additionalProperties: false
      properties: { a: { type: string, format: date-time } }
`);
    expect(r.endpoints[0].responseSchema).toEqual({
      type: "object",
      properties: new Map([["a", { type: "string", format: "date-time" }]]),
    });
  });
  it("stores schema const as text", () => {
    const r = api("endpoints:\n  - pathTemplate: /x\n    responseSchema: { type: string, const: 1.0 }\n");
    expect(r.endpoints[0].responseSchema?.const).toBe("1.0");
  });
  it("resolves YAML anchors and aliases", () => {
    const r = api(`definitions:
  U: &user { type: object, properties: { id: { type: string } } }
endpoints:
  - pathTemplate: /a
    responseSchema: *user
`);
    expect(r.endpoints[0].responseSchema?.properties?.get("id")).toEqual({ type: "string" });
  });
  it("warns about things that load but fail per request", () => {
    const warnings: string[] = [];
    loadRules(
      `endpoints:
  - pathTemplate: "/users/{user_id}"
    responseSchema: { type: object, properties: { a: { $ref: "#/definitions/Missing" }, b: { type: onBehalfOf } } }
`,
      { onWarning: (w) => warnings.push(`${w.path}: ${w.message}`) },
    );
    expect(warnings.some((w) => w.startsWith("endpoints[0].pathTemplate:"))).toBe(true);
    expect(warnings.some((w) => w.includes("Missing"))).toBe(true);
    expect(warnings.some((w) => w.includes("onBehalfOf"))).toBe(true);
  });
});

describe("API rules validation errors with positions", () => {
  it("13.51: description (any unknown key) in a responseSchema makes the file invalid", () => {
    const e = rejected(`endpoints:
  - pathTemplate: /x
    responseSchema:
      type: object
      properties:
        a:
          type: string
          description: the a
`);
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatchObject({
      path: "endpoints[0].responseSchema.properties.a.description",
      line: 8,
      col: 11,
    });
    expect(e.problems[0].message).toMatch(/unknown key "description"/);
    for (const k of ["enum: [a]", "nullable: true", "oneOf: []", "example: x"]) {
      expect(rejected(`definitions:\n  A:\n    type: string\n    ${k}\nendpoints: []\n`).code).toBe(
        "RULES_INVALID",
      );
    }
  });
  it("unknown endpoint and transform keys", () => {
    const e = rejected(`endpoints:
  - pathTemplate: /x
    allowedQueryParam: [a]
    transforms:
      - !<pseudonymize>
        jsonPaths: ["$.a"]
        encodng: JSON
      - !<redact>
        jsonPaths: ["$.b"]
        encoding: JSON
`);
    expect(e.problems.map((p) => [p.path, p.line, p.col])).toEqual([
      ["endpoints[0].allowedQueryParam", 3, 5],
      ["endpoints[0].transforms[0].encodng", 7, 9],
      ["endpoints[0].transforms[1].encoding", 10, 9],
    ]);
    expect(e.problems[0].message).toContain('did you mean "allowedQueryParams"');
  });
  it("an endpoint needs pathTemplate or pathRegex, and pathRegex must compile", () => {
    const e = rejected('endpoints:\n  - allowedMethods: [GET]\n  - pathRegex: "^/a(b$"\n');
    expect(e.problems.map((p) => p.path)).toEqual(["endpoints[0]", "endpoints[1].pathRegex"]);
    expect(e.problems[1]).toMatchObject({ line: 3, col: 16 });
    expect(e.problems[1].message).toContain("not a valid Java regular expression");
  });
  it("every jsonPaths entry and applyOnlyWhen must compile as JSONPath", () => {
    const e = rejected(`endpoints:
  - pathTemplate: /x
    transforms:
      - !<redact>
        jsonPaths:
          - "$.ok"
          - "$.[broken"
      - !<redact>
        jsonPaths: ["$.ok"]
        applyOnlyWhen: "$[?(@.a =="
`);
    expect(e.problems.map((p) => p.path)).toEqual([
      "endpoints[0].transforms[0].jsonPaths[1]",
      "endpoints[0].transforms[1].applyOnlyWhen",
    ]);
    expect(e.problems[0].message).toContain("not a valid JSONPath");
  });
  it("jsonPaths must be a list, not a single string", () => {
    const e = rejected(
      'endpoints:\n  - pathTemplate: /x\n    transforms:\n      - !<redact>\n        jsonPaths: "$.a"\n',
    );
    expect(e.problems[0].path).toBe("endpoints[0].transforms[0].jsonPaths");
    expect(e.problems[0].message).toContain("list");
  });
  it("rejects pseudonymize with URL_SAFE_TOKEN and includeOriginal", () => {
    const e = rejected(
      'endpoints:\n  - pathTemplate: /x\n    transforms:\n      - !<pseudonymize>\n        jsonPaths: ["$.a"]\n        includeOriginal: true\n',
    );
    expect(e.problems[0].path).toBe("endpoints[0].transforms[0].includeOriginal");
    expect(
      oneTransform(
        '      - !<pseudonymize>\n        jsonPaths: ["$.a"]\n        includeOriginal: true\n        encoding: JSON\n',
      ),
    ).toMatchObject({ includeOriginal: true, encoding: "JSON" });
  });
  it("rejects transforms without a type, with an unknown type, or a wrongly-cased enum", () => {
    const e = rejected(`endpoints:
  - pathTemplate: /x
    transforms:
      - jsonPaths: ["$.a"]
      - !<Redact>
        jsonPaths: ["$.a"]
      - !<pseudonymize>
        jsonPaths: ["$.a"]
        encoding: url_safe_token
`);
    expect(e.problems.map((p) => p.path)).toEqual([
      "endpoints[0].transforms[0]",
      "endpoints[0].transforms[1]",
      "endpoints[0].transforms[2].encoding",
    ]);
    expect(e.problems[0].message).toContain("no type");
    expect(e.problems[1].message).toContain('did you mean "redact"');
    expect(e.problems[2].message).toContain('write "URL_SAFE_TOKEN"');
  });
  it("pseudonymizeRegexMatches needs a regex", () => {
    const e = rejected(
      'endpoints:\n  - pathTemplate: /x\n    transforms:\n      - !<pseudonymizeRegexMatches> {jsonPaths: ["$.a"]}\n',
    );
    expect(e.problems[0].message).toContain("regex");
  });
  it("validateRules returns the error instead of throwing", () => {
    const r = validateRules("endpoints:\n  - pathTemplate: /x\n    bogus: 1\n");
    expect(r.rules).toBeUndefined();
    expect(r.error?.problems[0].path).toBe("endpoints[0].bogus");
    expect(r.error?.message).toContain("endpoints[0].bogus (line 3:5)");
  });
});

describe("YAML leniency", () => {
  it("accepts under-indented continuation lines of quoted scalars (as Jackson/SnakeYAML write them)", () => {
    const text =
      "endpoints:\n  - pathRegex: \"^/beta/users/(/p~[a-zA-Z0-9_-]+?)?[^/]*/x(\\\\\\\n    ?.*)?\"\n    transforms:\n      - !<redact>\n        jsonPaths:\n          - \"$.a['b',\\\n      \\ 'c']\"\n";
    const r = api(text);
    expect(r.endpoints[0].pathRegex).toBe("^/beta/users/(/p~[a-zA-Z0-9_-]+?)?[^/]*/x(\\?.*)?");
    expect(r.endpoints[0].transforms[0].jsonPaths).toEqual(["$.a['b', 'c']"]);
    // only spaces are inserted: line count unchanged
    expect(relaxQuotedScalarIndentation(text).split("\n").length).toBe(text.split("\n").length);
  });
  it("duplicate keys: the last value wins", () => {
    expect(
      (loadRules("columnsToRedact: [a]\ncolumnsToRedact: [b]\n") as ColumnarRules).columnsToRedact,
    ).toEqual(["b"]);
  });
});

describe("bulk rules (spec 9)", () => {
  it("columnar rules with every key", () => {
    const r = loadRules(`delimiter: "\\t"
pseudonymFormat: URL_SAFE_TOKEN
columnsToPseudonymize: [a]
columnsToPseudonymizeIfPresent: [b]
columnsToRedact: [c]
columnsToRename: { old: new }
columnsToDuplicate: { src: copy }
columnsToInclude: [a, b]
fieldsToTransform:
  EMAIL:
    newName: GITHUB
    sourceColumn: EMPLOYEE_EMAIL
    transforms:
      - filter: "(.*)@.*"
      - formatString: "%s_x"
      - javaRegExpReplace: { regExp: "^(.*)$", replace: "$1" }
      - pseudonymize: "true"
`) as ColumnarRules;
    expect(r).toMatchObject({
      kind: "columnar",
      delimiter: "\t",
      pseudonymFormat: "URL_SAFE_TOKEN",
      columnsToPseudonymize: ["a"],
      columnsToPseudonymizeIfPresent: ["b"],
      columnsToRedact: ["c"],
      columnsToInclude: ["a", "b"],
    });
    expect(r.columnsToRename).toEqual(new Map([["old", "new"]]));
    expect(r.columnsToDuplicate).toEqual(new Map([["src", "copy"]]));
    const p = r.fieldsToTransform.get("EMAIL")!;
    expect(p.newName).toBe("GITHUB");
    expect(p.sourceColumn).toBe("EMPLOYEE_EMAIL");
    expect(p.transforms).toEqual([
      new Map([["filter", "(.*)@.*"]]),
      new Map([["formatString", "%s_x"]]),
      new Map([
        [
          "javaRegExpReplace",
          new Map([
            ["regExp", "^(.*)$"],
            ["replace", "$1"],
          ]),
        ],
      ]),
      new Map([["pseudonymize", true]]),
    ]);
    expect(r.raw.get("delimiter")).toBe("\t");
  });
  it("columnar: null pseudonymFormat means JSON, empty delimiter means comma", () => {
    const r = loadRules('pseudonymFormat: null\ndelimiter: ""\n') as ColumnarRules;
    expect(r.pseudonymFormat).toBe("JSON");
    expect(r.delimiter).toBe(",");
  });
  it("record rules: formats, textDigestKeywords, outputSchemaFilter, null transforms", () => {
    const r = loadRules(`format: AUTO
transforms:
  - textDigestKeywords: { jsonPaths: "$.q", keywords: [write] }
  - tokenize: "$.id"
outputSchemaFilter:
  type: object
  properties: { a: { $ref: "#/definitions/A" } }
  definitions: { A: { type: string } }
`) as RecordRules;
    expect(r.format).toBe("AUTO");
    expect(r.transforms).toEqual([
      { type: "textDigestKeywords", jsonPaths: ["$.q"], keywords: ["write"] },
      { type: "tokenize", jsonPaths: ["$.id"] },
    ]);
    expect(r.outputSchemaFilter?.definitions?.get("A")).toEqual({ type: "string" });
    expect((loadRules("format: NDJSON\ntransforms:\n") as RecordRules).transforms).toEqual([]);
  });
  it("record rules errors", () => {
    expect(rejected("format: XML\n").problems[0].path).toBe("format");
    expect(rejected("format: null\n").problems[0].message).toContain("must not be null");
    expect(rejected("transforms:\n  - hash: $.a\n").problems[0].path).toBe("transforms[0]");
    expect(rejected("transforms:\n  - redact: $.a\n    pseudonymize: $.b\n").problems[0].message).toContain(
      "exactly one",
    );
  });
  it("multi-file rules deduce the nested type and keep file order", () => {
    const r = loadRules(`fileRules:
  /b/{x}.csv:
    columnsToPseudonymize: [foo]
  /a/{x}.ndjson:
    format: NDJSON
    transforms: [ { redact: "$.a" } ]
  export-{week}/{file}:
    fileRules:
      users.ndjson.gz: { format: NDJSON }
`) as MultiTypeBulkRules;
    expect(r.fileRules.map((f) => [f.template, f.rules.kind])).toEqual([
      ["/b/{x}.csv", "columnar"],
      ["/a/{x}.ndjson", "record"],
      ["export-{week}/{file}", "multi"],
    ]);
  });
  it("multi-file rules warn about literal * and templates without a leading /", () => {
    const warnings: string[] = [];
    loadRules("fileRules:\n  users*:\n    format: AUTO\n", { onWarning: (w) => warnings.push(w.message) });
    expect(warnings.some((w) => w.includes("literal asterisk"))).toBe(true);
    expect(warnings.some((w) => w.includes('should start with "/"'))).toBe(true);
  });
  it("multi-file rules errors: empty map, empty entry, mixed keys", () => {
    expect(rejected("fileRules: {}\n").problems[0].message).toContain("at least one");
    expect(rejected("fileRules:\n  /a: {}\n").problems[0].path).toBe('fileRules["/a"]');
    const e = rejected("fileRules:\n  /a:\n    columnsToRedact: [x]\n    format: CSV\n");
    expect(e.problems[0].path).toBe('fileRules["/a"].format');
  });
});

describe("RULES value decoding (spec 8.1)", () => {
  const yaml = "endpoints:\n  - pathTemplate: /x\n";
  it("decodes strict base64, base64 of gzip, or passes raw YAML through", () => {
    expect(decodeRulesValue(yaml)).toBe(yaml);
    expect(decodeRulesValue(Buffer.from(yaml).toString("base64"))).toBe(yaml);
    expect(decodeRulesValue(gzipSync(Buffer.from(yaml)).toString("base64"))).toBe(yaml);
    expect(decodeRulesValue(Buffer.from(yaml).toString("base64").replace(/=+$/, ""))).toBe(yaml);
  });
  it("is strict: white space, url-safe alphabet or bad padding mean raw text", () => {
    const b64 = Buffer.from(yaml).toString("base64");
    expect(decodeRulesValue(`${b64.slice(0, 8)}\n${b64.slice(8)}`)).toBe(
      `${b64.slice(0, 8)}\n${b64.slice(8)}`,
    );
    expect(decodeRulesValue("a-b_")).toBe("a-b_");
    expect(decodeRulesValue("QUJD=")).toBe("QUJD=");
    expect(decodeRulesValue("QQ==")).toBe("A");
  });
  it("loadRulesValue retries the raw value when the decoded text is rejected", () => {
    expect(loadRulesValue(Buffer.from(yaml).toString("base64")).kind).toBe("api");
    // "abcd" decodes to binary garbage and is not a mapping as raw text either
    expect(() => loadRulesValue("abcd")).toThrow(RulesValidationError);
  });
});
