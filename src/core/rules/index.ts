export { selectFileRules } from "./bulk-select.js";
export {
  type CaseResult,
  loadCaseRules,
  type ReadText,
  RULES_VECTOR_KINDS,
  type RulesVector,
  runRulesVector,
  runUrlCase,
  type UrlCase,
} from "./conformance.js";
export {
  type CompileApiRulesOptions,
  compileApiRules,
  type EndpointMatch,
  type EndpointMatcher,
  targetHostPath,
} from "./endpoint-match.js";
export {
  formatProblem,
  type RulesErrorCode,
  RulesMatchError,
  type RulesProblem,
  RulesValidationError,
} from "./errors.js";
export {
  decodeRulesValue,
  type LoadRulesOptions,
  loadRules,
  loadRulesValue,
  type RulesValidationResult,
  validateRules,
} from "./load-rules.js";
export type * from "./model.js";
export {
  normalizeInboundPath,
  type PathNormalization,
  stripFunctionName,
  stripPathPrefix,
} from "./normalize-path.js";
export { compileTemplate, templateParameterNames, templateToRegex } from "./path-template.js";
export { formDecode, parseQueryString, relativeUrl, splitUrl, type UrlParts } from "./url-parts.js";
