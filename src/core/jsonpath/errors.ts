/**
 * Typed errors of the JSONPath engine. Three are public (their `code`s are stable); the fourth is the
 * engine-internal equivalent of Jayway's `InvalidPathException` raised while evaluating, which a filter
 * swallows (the filter is then false) and which otherwise surfaces as a `JsonPathEvaluationError`.
 */

/** The path text does not compile (rules fail to load). */
export class JsonPathSyntaxError extends Error {
  readonly code = "JSONPATH_INVALID";
  constructor(
    readonly path: string,
    readonly detail: string,
    readonly position?: number,
  ) {
    super(
      `invalid JSONPath ${JSON.stringify(path)}: ${detail}${position === undefined ? "" : ` (at position ${position})`}`,
    );
    this.name = "JsonPathSyntaxError";
  }
}

/** A definite path is missing (Jayway `PathNotFoundException`): callers treat it as "rule doesn't apply". */
export class PathNotFoundError extends Error {
  readonly code = "PATH_NOT_FOUND";
  constructor(message: string) {
    super(message);
    this.name = "PathNotFoundError";
  }
}

/** Evaluation or update failed the way Jayway fails (invalid path at runtime, invalid modification...): the request must fail. */
export class JsonPathEvaluationError extends Error {
  readonly code = "JSONPATH_EVALUATION";
  constructor(message: string) {
    super(message);
    this.name = "JsonPathEvaluationError";
  }
}

/** Jayway `InvalidPathException` thrown during evaluation: a filter catches it and evaluates to false. */
export class InvalidPathAtRuntime extends JsonPathEvaluationError {}
