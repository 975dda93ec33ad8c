/** badge: office badge swipes (CSV). */
import { bulkConnector, columnar } from "../families/bulk.js";

export const connector = bulkConnector({
  id: "badge",
  displayName: "Bulk Data Import via Psoxy",
  availability: "ga",
  sourceKind: "badge",
  worklyticsConnectorId: "bulk-import-psoxy",
  parser: "badge",
  exampleFiles: ["docs/sources/badge/badge-example.csv"],
  rulesDescription:
    "Pseudonymize EMPLOYEE_ID (columns EMPLOYEE_ID, SWIPE_DATE, BUILDING_ID, BUILDING_ASSIGNED).",
  reference: [{ file: "badge/badge.yaml", selectedBy: "the connector's default rules (docs copy)" }],
  rules: () => columnar({ columnsToPseudonymize: ["EMPLOYEE_ID"], columnsToRedact: [] }),
});
