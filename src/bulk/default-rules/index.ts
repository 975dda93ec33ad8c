/**
 * Default rules of the simple (columnar) bulk connectors, as the reference's Terraform catalogue
 * sets them (bulk-and-cli spec 13). Without `pseudonymFormat`, cells hold JSON pseudonyms, as in the
 * catalogue defaults. Connectors whose defaults are a rules file (workdata-generic, glean) are not
 * here: pass their rules with `--rules`.
 */

const HRIS = `# hris: default rules of the Terraform connector catalogue (parser EMPLOYEE_SNAPSHOT)
columnsToPseudonymize:
  - "EMPLOYEE_ID"
  - "EMPLOYEE_EMAIL"
  - "MANAGER_ID"
columnsToPseudonymizeIfPresent:
  - "MANAGER_EMAIL"
columnsToRedact: []
`;

const SURVEY = `columnsToPseudonymize:
  - "EMPLOYEE_ID"
columnsToPseudonymizeIfPresent:
  - "EMPLOYEE_EMAIL"
columnsToRedact: []
`;

export const DEFAULT_BULK_RULES: Readonly<Record<string, string>> = {
  hris: HRIS,
  badge: `columnsToPseudonymize:
  - "EMPLOYEE_ID"
columnsToRedact: []
`,
  survey: SURVEY,
  qualtrics: SURVEY,
  metrics: `columnsToPseudonymizeIfPresent:
  - "EMPLOYEE_ID"
  - "EMPLOYEE_EMAIL"
`,
  "gemini-usage": `columnsToPseudonymize:
  - "Email"
`,
  "slack-ai-analytics-bulk": `columnsToPseudonymize:
  - "USER_EMAIL"
columnsToPseudonymizeIfPresent:
  - "USER_ID"
  - "USERNAME"
columnsToRedact:
  - "PRIMARY_OWNER_EMAIL"
  - "PRIMARY_OWNER_EMAIL_DOMAIN"
  - "FULL_NAME"
`,
};

/** The default rules YAML of a bulk connector, or undefined when none is shipped. */
export function defaultBulkRules(connectorId: string): string | undefined {
  return Object.hasOwn(DEFAULT_BULK_RULES, connectorId) ? DEFAULT_BULK_RULES[connectorId] : undefined;
}

export const HRIS_DEFAULT_RULES = HRIS;
