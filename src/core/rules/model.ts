/**
 * The in-memory model of a rules file, as produced by the YAML loader (`load-rules.ts`).
 * Names follow the YAML keys of the reference so that a rules file reads the same in both.
 */
import type { JsonValue } from "../json/types.js";

export type PseudonymEncoding = "JSON" | "URL_SAFE_TOKEN" | "URL_SAFE_HASH_ONLY";

interface TransformBase {
  /** JSONPath texts in list order (empty = the transform does nothing). */
  jsonPaths: string[];
  /** Optional document-level condition (JSONPath); blank = always. */
  applyOnlyWhen?: string;
}

export type Transform =
  | (TransformBase & { type: "redact" })
  | (TransformBase & {
      type: "pseudonymize";
      encoding: PseudonymEncoding;
      includeReversible: boolean;
      includeOriginal: boolean;
      onlyIfRegex?: string;
    })
  | (TransformBase & { type: "pseudonymizeEmailHeader"; encoding: PseudonymEncoding })
  | (TransformBase & { type: "pseudonymizeRegexMatches"; regex: string; includeReversible: boolean })
  | (TransformBase & { type: "redactRegexMatches"; redactions: string[] })
  | (TransformBase & { type: "redactExceptPhrases"; allowedPhrases: string[] })
  | (TransformBase & { type: "redactExceptSubstringsMatchingRegexes"; exceptions: string[] })
  /** delimiter: regex text; `null` = the whole value is one token; default "\\s+". */
  | (TransformBase & { type: "filterTokenByRegex"; delimiter: string | null; filters: string[] })
  | (TransformBase & { type: "tokenize"; regex?: string })
  | (TransformBase & {
      type: "textDigest";
      keywords: string[];
      isJsonEscaped: boolean;
      jsonPathToProcessWhenEscaped?: string;
    })
  | (TransformBase & { type: "hashIp" })
  | (TransformBase & { type: "encryptIp" });

export type TransformType = Transform["type"];

export type Augment =
  | {
      type: "textDigest";
      jsonPaths: string[];
      keywords: string[];
      innerJsonPath?: string;
    }
  | { type: "sentenceMetadata"; jsonPaths: string[]; [k: string]: unknown };

/** JSON-schema subset used by the response filter (rules-engine spec section 6). */
export interface JsonSchemaFilter {
  type?: string;
  $ref?: string;
  format?: string;
  properties?: Map<string, JsonSchemaFilter>; // ordered as written
  items?: JsonSchemaFilter;
  definitions?: Map<string, JsonSchemaFilter>;
  anyOf?: JsonSchemaFilter[];
  if?: JsonSchemaFilter;
  then?: JsonSchemaFilter;
  else?: JsonSchemaFilter;
  const?: string;
}

/** Path / query parameter schema (spec section 7.4). */
export interface ParameterSchema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: string[];
  anyOf?: ParameterSchema[];
  /** query parameters only */
  required?: boolean;
}

export interface RequestBodySpec {
  required?: boolean;
  content?: Map<string, JsonValue>;
}

export interface Endpoint {
  pathTemplate?: string;
  pathRegex?: string;
  pathParameterSchemas?: Map<string, ParameterSchema>;
  allowedMethods?: string[];
  allowedQueryParams?: string[];
  queryParamSchemas?: Map<string, ParameterSchema>;
  allowedRequestHeaders?: string[];
  allowedRequestHeadersToForward?: string[];
  requestBody?: RequestBodySpec;
  responseSchema?: JsonSchemaFilter;
  augments?: Augment[];
  transforms: Transform[];
}

/** API-mode rules ("Rules2" in the reference). */
export interface ApiRules {
  kind: "api";
  allowAllEndpoints: boolean;
  allowedRequestHeaders?: string[];
  endpoints: Endpoint[];
  definitions?: Map<string, JsonSchemaFilter>;
}

export type ColumnPseudonymFormat = PseudonymEncoding;

/** Bulk CSV rules ("ColumnarRules"); spec bulk-and-cli / rules-engine section 9.2. */
export interface ColumnarRules {
  kind: "columnar";
  delimiter: string;
  pseudonymFormat: ColumnPseudonymFormat;
  columnsToPseudonymize: string[];
  columnsToPseudonymizeIfPresent: string[];
  columnsToRedact: string[];
  columnsToRename: Map<string, string>;
  columnsToDuplicate: Map<string, string>;
  columnsToInclude?: string[];
  /**
   * Pipelines keyed by source column (or by label when `sourceColumn` is set). Each transform step is a
   * single-key map: `filter` (string), `formatString` (string), `javaRegExpReplace` (map with `regExp`,
   * `replace`), `pseudonymize` (boolean) or `pseudonymizeWithScope` (string).
   */
  fieldsToTransform: Map<
    string,
    { newName?: string; sourceColumn?: string; transforms: Map<string, JsonValue>[] }
  >;
  /** raw YAML map, for anything the bulk layer needs that is not modelled above */
  raw: Map<string, JsonValue>;
}

export type RecordTransform =
  | { type: "pseudonymize" | "redact" | "tokenize" | "textDigest"; jsonPaths: string[] }
  | { type: "textDigestKeywords"; jsonPaths: string[]; keywords: string[] };

/** Bulk record rules ("RecordRules"). */
export interface RecordRules {
  kind: "record";
  format: "NDJSON" | "CSV" | "JSON_ARRAY" | "PARQUET" | "AUTO";
  transforms: RecordTransform[];
  outputSchemaFilter?: JsonSchemaFilter;
}

/** Bulk multi-file rules ("MultiTypeBulkDataRules"): ordered path template -> rules. */
export interface MultiTypeBulkRules {
  kind: "multi";
  fileRules: Array<{ template: string; rules: ColumnarRules | RecordRules | MultiTypeBulkRules }>;
}

export type AnyRules = ApiRules | ColumnarRules | RecordRules | MultiTypeBulkRules;
