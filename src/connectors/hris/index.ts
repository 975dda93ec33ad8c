/** hris: HRIS snapshot import (CSV); enabled by default. */
import { bulkConnector, columnar } from "../families/bulk.js";

export const connector = bulkConnector({
  id: "hris",
  displayName: "HRIS Data Import via Psoxy",
  availability: "ga",
  enableByDefault: true,
  sourceKind: "hris",
  worklyticsConnectorId: "hris-import-psoxy",
  parser: "EMPLOYEE_SNAPSHOT",
  exampleFiles: ["docs/sources/hris/hris-example.csv"],
  rulesDescription: "Pseudonymize EMPLOYEE_ID, EMPLOYEE_EMAIL, MANAGER_ID, and MANAGER_EMAIL when present.",
  rules: () =>
    columnar({
      columnsToPseudonymize: ["EMPLOYEE_ID", "EMPLOYEE_EMAIL", "MANAGER_ID"],
      columnsToPseudonymizeIfPresent: ["MANAGER_EMAIL"],
      columnsToRedact: [],
    }),
});
