/** glean-customer-events-log-bulk: Glean customer event logs exported to a bucket (NDJSON). */
import { bulkConnector } from "../families/bulk.js";
import { gleanCustomerEventsRules } from "./rules.js";

const FOLDER = "glean/glean-customer-events-log-bulk";

export const connector = bulkConnector({
  id: "glean-customer-events-log-bulk",
  displayName: "Glean Customer Event Logs - Bulk via Psoxy",
  availability: "beta",
  sourceKind: "glean",
  worklyticsConnectorId: "glean-customer-events-log-bulk-psoxy",
  exampleFiles: [`docs/sources/${FOLDER}/example-bulk/original/sample.ndjson`],
  rulesFile: `docs/sources/${FOLDER}/glean-customer-events-log-bulk.yaml`,
  rulesDescription:
    "Documented event fields only; users pseudonymized, document ids and URLs tokenized, text digested.",
  reference: [
    { file: `${FOLDER}/glean-customer-events-log-bulk.yaml`, selectedBy: "the connector's rules_file" },
  ],
  extraInstructions: [
    "In Glean, route the glean-customer-event log stream (Cloud Logging sink or Firehose) to the input bucket.",
  ],
  rules: gleanCustomerEventsRules,
});
