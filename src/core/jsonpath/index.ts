/**
 * Jayway JsonPath 2.9.0 dialect over the engine's JSON tree (spec section 5): compile, map, delete,
 * read, locate.
 *
 * Why our own implementation: the rules' JSONPaths must select exactly what the Java reference selects,
 * and no JavaScript library implements the Jayway dialect and its corner semantics (property steps that
 * never enter arrays, filters on objects acting as conditions, deep scans that require all keys of a
 * multi-name token, Java-typed filter comparisons, the update order of `map`/`delete`, quirk Q1). Filters
 * are parsed and interpreted, never turned into JavaScript (no eval).
 */
export {
  type CompiledPath,
  compileJsonPath,
  deepScanMemberName,
  deleteMembersEverywhere,
  deletePath,
  type Location,
  locate,
  mapPath,
  readPath,
  type StreamStep,
  streamSteps,
} from "./api.js";
export { JsonPathEvaluationError, JsonPathSyntaxError, PathNotFoundError } from "./errors.js";
