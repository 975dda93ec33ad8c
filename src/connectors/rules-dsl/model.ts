/**
 * Plain-data form of the rules the catalogue builds (what `emit-yaml.ts` serializes). It mirrors the
 * rules YAML format (rules-engine spec 8, bulk-and-cli spec 8-11) key for key, so a built rules set
 * reads like a hand-written file; `core/rules` stays the only parser and validator.
 */
import type { TransformType } from "../../core/rules/index.js";

export interface SchemaDoc {
  type?: string;
  format?: string;
  $ref?: string;
  properties?: Record<string, SchemaDoc>;
  items?: SchemaDoc;
  anyOf?: SchemaDoc[];
  if?: SchemaDoc;
  then?: SchemaDoc;
  else?: SchemaDoc;
  const?: string;
  definitions?: Record<string, SchemaDoc>;
}

export interface ParamSchemaDoc {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: string[];
  anyOf?: ParamSchemaDoc[];
  required?: boolean;
}

export type PseudonymEncoding = "JSON" | "URL_SAFE_TOKEN" | "URL_SAFE_HASH_ONLY";

export interface TransformDoc {
  type: TransformType;
  jsonPaths: string[];
  applyOnlyWhen?: string;
  encoding?: PseudonymEncoding;
  includeReversible?: boolean;
  includeOriginal?: boolean;
  onlyIfRegex?: string;
  regex?: string;
  redactions?: string[];
  allowedPhrases?: string[];
  exceptions?: string[];
  delimiter?: string;
  filters?: string[];
  keywords?: string[];
  isJsonEscaped?: boolean;
  jsonPathToProcessWhenEscaped?: string;
}

export interface AugmentDoc {
  type: "textDigest";
  jsonPaths: string[];
  keywords?: string[];
  innerJsonPath?: string;
}

export interface RequestBodyDoc {
  required?: boolean;
  content?: Record<string, unknown>;
}

export interface EndpointDoc {
  pathTemplate?: string;
  pathRegex?: string;
  pathParameterSchemas?: Record<string, ParamSchemaDoc>;
  allowedMethods?: string[];
  allowedQueryParams?: string[];
  queryParamSchemas?: Record<string, ParamSchemaDoc>;
  allowedRequestHeaders?: string[];
  requestBody?: RequestBodyDoc;
  responseSchema?: SchemaDoc;
  augments?: AugmentDoc[];
  transforms?: TransformDoc[];
}

export interface ApiRulesDoc {
  kind: "api";
  allowAllEndpoints?: boolean;
  allowedRequestHeaders?: string[];
  endpoints: EndpointDoc[];
  definitions?: Record<string, SchemaDoc>;
}

export interface ColumnarRulesDoc {
  kind: "columnar";
  delimiter?: string;
  pseudonymFormat?: PseudonymEncoding;
  columnsToPseudonymize?: string[];
  columnsToPseudonymizeIfPresent?: string[];
  columnsToRedact?: string[];
  columnsToRename?: Record<string, string>;
  columnsToDuplicate?: Record<string, string>;
  columnsToInclude?: string[];
}

/** one RecordRules transform: a single-key map such as `{ pseudonymize: "$.email" }` */
export type RecordTransformDoc =
  | { pseudonymize: string | string[] }
  | { redact: string | string[] }
  | { tokenize: string | string[] }
  | { textDigest: string | string[] }
  | { textDigestKeywords: { jsonPaths: string[]; keywords: string[] } };

export interface RecordRulesDoc {
  kind: "record";
  format?: "NDJSON" | "CSV" | "JSON_ARRAY" | "PARQUET" | "AUTO";
  transforms: RecordTransformDoc[];
  outputSchemaFilter?: SchemaDoc;
}

export interface MultiTypeRulesDoc {
  kind: "multi";
  /** ordered: the first matching path template wins */
  fileRules: Array<[string, ColumnarRulesDoc | RecordRulesDoc | MultiTypeRulesDoc]>;
}

export type BulkRulesDoc = ColumnarRulesDoc | RecordRulesDoc | MultiTypeRulesDoc;

export type RulesDoc = ApiRulesDoc | BulkRulesDoc;
