/**
 * Bulk (file) connectors (connectors spec 6.4, bulk-and-cli spec 13): files dropped in the instance's
 * input bucket are sanitized with the connector's default rules into its output bucket. No source auth,
 * no secrets. The default rules live here, in the catalogue, as in the reference (its runtime ships none).
 */
import type { ConnectorSpec, RulesVariant } from "../model.js";
import type { BulkRulesDoc, ColumnarRulesDoc } from "../rules-dsl/model.js";

export interface BulkOptions {
  id: string;
  displayName: string;
  availability: ConnectorSpec["availability"];
  deprecationNote?: string;
  enableByDefault?: boolean;
  sourceKind: string;
  worklyticsConnectorId: string;
  parser?: string;
  exampleFiles: string[];
  rulesFile?: string;
  rulesDescription: string;
  /** reference docs files these default rules reproduce */
  reference?: RulesVariant["reference"];
  extraInstructions?: string[];
  rules: () => BulkRulesDoc;
}

export function bulkConnector(o: BulkOptions): ConnectorSpec {
  return {
    id: o.id,
    mode: "bulk",
    displayName: o.displayName,
    availability: o.availability,
    ...(o.deprecationNote ? { deprecationNote: o.deprecationNote } : {}),
    enableByDefault: o.enableByDefault ?? false,
    sourceKind: o.sourceKind,
    worklyticsConnectorId: o.worklyticsConnectorId,
    worklyticsConnectorName: o.displayName,
    securedVariables: [],
    ...(o.parser ? { parser: o.parser, settingsToProvide: { Parser: o.parser } } : {}),
    exampleFiles: o.exampleFiles,
    ...(o.rulesFile ? { rulesFile: o.rulesFile } : {}),
    instructions: {
      text: [
        `1. Export the data as ${o.exampleFiles[0]?.endsWith(".csv") ? "CSV" : "NDJSON"} shaped like the example file(s) below.`,
        "2. Upload each file to the connector's input bucket (INPUT_BUCKET); the sanitized copy appears under the",
        "   same name in its output bucket (OUTPUT_BUCKET), which Worklytics reads.",
        ...(o.extraInstructions ?? []),
        "To change what is pseudonymized or redacted, give the deployment custom rules for this connector",
        "(note: custom columnar rules default to URL_SAFE_TOKEN pseudonyms, these defaults to JSON).",
      ].join("\n"),
    },
    rules: [
      {
        variant: "default",
        description: o.rulesDescription,
        isDefault: true,
        reference: o.reference ?? [],
        build: o.rules,
      },
    ],
  };
}

/** columnar (CSV) rules; the catalogue's defaults set no pseudonymFormat, so cells get JSON pseudonyms */
export function columnar(r: Omit<ColumnarRulesDoc, "kind">): ColumnarRulesDoc {
  return { kind: "columnar", ...r };
}
