/** Small helpers for API rules: the rules object itself and the parameter schemas the catalogue uses. */
import type { ApiRulesDoc, EndpointDoc, ParamSchemaDoc, SchemaDoc } from "./model.js";

export function apiRules(
  endpoints: EndpointDoc[],
  opts: { definitions?: Record<string, SchemaDoc>; allowedRequestHeaders?: string[] } = {},
): ApiRulesDoc {
  const r: ApiRulesDoc = { kind: "api", endpoints };
  if (opts.allowedRequestHeaders) r.allowedRequestHeaders = opts.allowedRequestHeaders;
  if (opts.definitions && Object.keys(opts.definitions).length > 0) r.definitions = opts.definitions;
  return r;
}

/** path parameter that must be a reversible pseudonym (`p~…`), reversed before the call */
export const REVERSIBLE_PSEUDONYM: ParamSchemaDoc = { type: "string", format: "reversible-pseudonym" };

/** Appends `extra` to `base`, keeping `base`'s order (the reference concatenates parameter lists). */
export function params(...lists: ReadonlyArray<readonly string[]>): string[] {
  return lists.flat();
}
