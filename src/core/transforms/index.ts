export type { Identity, PseudonymizerLike, TransformContext, ValueFunction } from "./context.js";
export { jsonTypeName, TransformError } from "./errors.js";
export {
  applyTransform,
  type CompiledTransform,
  compileTransform,
  conditionHolds,
  valueFunction,
} from "./registry.js";
export { AbortPathApplication, digest } from "./text-digest.js";
