/** metrics: arbitrary per-employee metrics (CSV). */
import { bulkConnector, columnar } from "../families/bulk.js";

export const connector = bulkConnector({
  id: "metrics",
  displayName: "Metrics via Psoxy",
  availability: "beta",
  sourceKind: "metrics",
  worklyticsConnectorId: "metrics-import-psoxy",
  exampleFiles: ["docs/sources/metrics/metrics-example.csv"],
  // the reference's docs/sources/metrics/metrics.yaml differs (EMPLOYEE_ID always pseudonymized); the
  // catalogue default, reproduced here, is what deployments get
  rulesDescription: "Pseudonymize EMPLOYEE_ID and EMPLOYEE_EMAIL when present.",
  rules: () => columnar({ columnsToPseudonymizeIfPresent: ["EMPLOYEE_ID", "EMPLOYEE_EMAIL"] }),
});
