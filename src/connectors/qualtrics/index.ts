/** qualtrics: Qualtrics survey exports (CSV); same rules as survey. */
import { bulkConnector } from "../families/bulk.js";
import { surveyRules } from "../survey/index.js";

export const connector = bulkConnector({
  id: "qualtrics",
  displayName: "Survey Data Import via Psoxy",
  availability: "beta",
  sourceKind: "qualtrics",
  worklyticsConnectorId: "survey-import-psoxy",
  exampleFiles: ["docs/sources/survey/survey-example.csv"],
  rulesDescription: "As survey: pseudonymize EMPLOYEE_ID, and EMPLOYEE_EMAIL when present.",
  rules: surveyRules,
});
