/**
 * workdata-generic: generic work metadata exports (NDJSON events, items and accounts), with or without
 * an export folder, optionally sharded and compressed.
 */
import { bulkConnector } from "../families/bulk.js";
import type { MultiTypeRulesDoc, RecordRulesDoc } from "../rules-dsl/model.js";

const ndjson = (paths: string[]): RecordRulesDoc => ({
  kind: "record",
  format: "NDJSON",
  transforms: [{ pseudonymize: paths }],
});

const COLLABORATORS = ["$.object.collaborators[*].id", "$.object.collaborators[*].identity.id"];

const KINDS: Array<[string, string[]]> = [
  ["events", ["$.actor.id", "$.actor.identity.id", ...COLLABORATORS]],
  ["items", ["$.collaborators[*].id", "$.collaborators[*].identity.id", ...COLLABORATORS]],
  ["accounts", ["$.accountId", "$.associatedIdentities[*].id"]],
];

export function workdataGenericRules(): MultiTypeRulesDoc {
  return {
    kind: "multi",
    // for each kind: inside an export folder first, then flat at the bucket root
    fileRules: KINDS.flatMap(([kind, paths]): MultiTypeRulesDoc["fileRules"] => [
      [`/{exportId}/${kind}{shardIndex}.ndjson{suffix?}`, ndjson(paths)],
      [`/${kind}{shardIndex}.ndjson{suffix?}`, ndjson(paths)],
    ]),
  };
}

const EXAMPLES = "docs/sources/workdata-generic/example-bulk/original";

export const connector = bulkConnector({
  id: "workdata-generic",
  displayName: "Workplace Metadata via Psoxy",
  availability: "beta",
  sourceKind: "workdata-generic",
  worklyticsConnectorId: "workdata-generic-psoxy",
  exampleFiles: [`${EXAMPLES}/events0.ndjson`, `${EXAMPLES}/items0.ndjson`, `${EXAMPLES}/accounts0.ndjson`],
  rulesFile: "docs/sources/workdata-generic/workdata-generic.yaml",
  rulesDescription:
    "NDJSON events, items and accounts files: actor, collaborator and account ids pseudonymized.",
  reference: [{ file: "workdata-generic/workdata-generic.yaml", selectedBy: "the connector's rules_file" }],
  extraInstructions: [
    "Name files events<N>.ndjson, items<N>.ndjson or accounts<N>.ndjson (optionally .gz), at the bucket root",
    "or inside one export folder.",
  ],
  rules: workdataGenericRules,
});
