/**
 * The connector catalogue: one spec per catalogue id with its built-in rules (connectors spec 2-6).
 *
 * - `builtinRules(source)`: the rules YAML the reference's prebuilt map holds under `source` (a SOURCE
 *   value, or `SOURCE_no-app-ids`); the gateway asks for `<SOURCE>_no-app-ids` first when
 *   PSEUDONYMIZE_APP_IDS is true (connectors spec 3).
 * - `bulkRulesFor(id)`: a bulk connector's default rules YAML (the Terraform catalogue's, not the runtime's).
 * - `rulesForReferenceFile(path)`: the built-in rules that reproduce a reference rules file.
 */
export { AUTH_STRATEGY_NAMES, configNamesRead, requiredNames, secretNamesRead } from "./auth-requirements.js";
export type * from "./model.js";
export { fillTemplate, placeholdersIn } from "./placeholders.js";
export {
  builtinRules,
  builtinRulesKeys,
  bulkRulesFor,
  connectorRules,
  defaultEnabledConnectorIds,
  getConnector,
  listConnectors,
  type ReferenceRulesMatch,
  rulesForReferenceFile,
  selectBuiltinRules,
  variantRules,
} from "./registry.js";
export { renderConnectorsJson, renderConnectorsText } from "./render/list.js";
export { renderConnectorsMarkdown } from "./render/markdown.js";
export { renderConnectorShow, type ShowOptions } from "./render/show.js";
export { awsSecretName, gcpSecretName, type SecretNaming } from "./secret-names.js";
