/** slack-ai-analytics-bulk: Slack AI analytics exports (CSV). Alpha. */
import { bulkConnector, columnar } from "../families/bulk.js";

export const connector = bulkConnector({
  id: "slack-ai-analytics-bulk",
  displayName: "Slack AI Analytics - Bulk via Psoxy",
  availability: "alpha",
  sourceKind: "slack-ai",
  worklyticsConnectorId: "slack-ai-analytics-bulk-psoxy",
  exampleFiles: ["docs/sources/slack/slack-ai-bulk/slack-ai-analytics-sample.csv"],
  rulesDescription:
    "Pseudonymize USER_EMAIL, and USER_ID and USERNAME when present; redact owner e-mail and full name.",
  rules: () =>
    columnar({
      columnsToPseudonymize: ["USER_EMAIL"],
      columnsToPseudonymizeIfPresent: ["USER_ID", "USERNAME"],
      columnsToRedact: ["PRIMARY_OWNER_EMAIL", "PRIMARY_OWNER_EMAIL_DOMAIN", "FULL_NAME"],
    }),
});
