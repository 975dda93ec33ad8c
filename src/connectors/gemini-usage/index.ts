/** gemini-usage: Gemini usage report exports (CSV). Deprecated. */
import { bulkConnector, columnar } from "../families/bulk.js";

export const connector = bulkConnector({
  id: "gemini-usage",
  displayName: "Bulk Data Import via Psoxy",
  availability: "deprecated",
  deprecationNote: "Deprecated by the reference; use gemini-in-workspace-apps for Gemini activity.",
  sourceKind: "gemini",
  worklyticsConnectorId: "bulk-import-psoxy",
  parser: "gemini-usage",
  // the reference names this path, which does not exist (its folder is gemini-usage-bulk/)
  exampleFiles: ["docs/sources/google-workspace/gemini-usage/example.csv"],
  rulesDescription: "Pseudonymize Email.",
  extraInstructions: [
    "In the Google Admin console, export the Gemini usage report (Reports → Apps reports → Gemini) as CSV.",
  ],
  rules: () => columnar({ columnsToPseudonymize: ["Email"] }),
});
