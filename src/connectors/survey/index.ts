/** survey: survey responses keyed by employee (CSV). */
import { bulkConnector, columnar } from "../families/bulk.js";

export const surveyRules = () =>
  columnar({
    columnsToPseudonymize: ["EMPLOYEE_ID"],
    columnsToPseudonymizeIfPresent: ["EMPLOYEE_EMAIL"],
    columnsToRedact: [],
  });

export const connector = bulkConnector({
  id: "survey",
  displayName: "Survey Data Import via Psoxy",
  availability: "ga",
  sourceKind: "survey",
  worklyticsConnectorId: "survey-import-psoxy",
  exampleFiles: ["docs/sources/survey/survey-example.csv"],
  rulesDescription: "Pseudonymize EMPLOYEE_ID, and EMPLOYEE_EMAIL when present; answers kept.",
  rules: surveyRules,
});
