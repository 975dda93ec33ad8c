/**
 * The test-manifest format of `psoxy rules test` (the same format as the conformance corpus'
 * cases.json): kinds api, urls, vectors, bulk; every path relative to the manifest's folder.
 */
export interface CaseOptions {
  pseudonymImplementation?: string;
  emailCanonicalization?: "STRICT" | "IGNORE_DOTS";
  emailDomainHandling?: "PRESERVE" | "ENCRYPT" | "TOKENIZE" | "REDACT";
  salt?: string;
  encryptionKey?: string;
  saltEmailDomains?: string;
  encryptionKeyEmailDomains?: string;
  pseudonymizer?: "default" | "stub";
  [k: string]: unknown;
}

export interface ApiCase {
  id: string;
  rules: string;
  method: string;
  url: string;
  original: string;
  expected: string | null;
  ndjson?: boolean;
  options?: CaseOptions;
  targetHost?: string;
}

export interface UrlCase {
  id: string;
  rules: string;
  method: string;
  url: string;
  allowed: boolean;
  via?: string;
}

export interface VectorCase {
  id: string;
  kind: string;
  input: unknown;
  options?: CaseOptions & Record<string, unknown>;
  expected: unknown;
}

export interface BulkCase {
  id: string;
  level?: string;
  rules: string;
  input: string;
  expected: string;
  options?: CaseOptions;
  [k: string]: unknown;
}

export interface Manifest {
  secrets?: { salt?: string; encryptionKey?: string };
  api?: ApiCase[];
  urls?: UrlCase[];
  vectors?: VectorCase[];
  bulk?: BulkCase[];
}

export type CaseKind = "api" | "urls" | "vectors" | "bulk";

export interface CaseResult {
  kind: CaseKind;
  id: string;
  status: "pass" | "fail" | "skip";
  /** failure detail lines (diff, error) */
  detail?: string[];
}
