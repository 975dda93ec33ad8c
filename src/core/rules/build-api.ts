/**
 * Reads API-mode rules ("Rules2", rules-engine spec 8.2) from YAML into the model, with load-time
 * validation: every endpoint has a path, `pathRegex` compiles, transform JSONPaths compile, no unknown
 * keys. Things the reference only discovers per request (bad template, unknown parameter format) are
 * reported as warnings.
 */
import type { Node } from "yaml";
import { compileJavaRegex } from "../java/regex.js";
import { isBlank } from "../java/strings.js";
import { formatName } from "../schema/parameter-schema.js";
import { forEachSchema, readSchemaFilter, readSchemaMap } from "./build-schema.js";
import { readAugment, readTransform } from "./build-transforms.js";
import type {
  ApiRules,
  Augment,
  Endpoint,
  JsonSchemaFilter,
  ParameterSchema,
  RequestBodySpec,
  Transform,
} from "./model.js";
import { compileTemplate, templateParameterNames } from "./path-template.js";
import { childPath, indexPath, type MapEntry, type YamlReader } from "./yaml-reader.js";

export const API_KEYS = new Set([
  "allowAllEndpoints",
  "allowedRequestHeaders",
  "endpoints",
  "definitions",
  "defaultScopeIdForSource",
]);

const ENDPOINT_KEYS = new Set([
  "pathTemplate",
  "pathRegex",
  "pathParameterSchemas",
  "allowedMethods",
  "allowedQueryParams",
  "queryParamSchemas",
  "allowedRequestHeaders",
  "allowedRequestHeadersToForward",
  "requestBody",
  "responseSchema",
  "augments",
  "transforms",
]);

const PARAMETER_KEYS = new Set(["type", "format", "pattern", "enum", "anyOf"]);
const QUERY_PARAMETER_KEYS = new Set([...PARAMETER_KEYS, "required"]);
const REQUEST_BODY_KEYS = new Set(["required", "content"]);

export function readApiRules(r: YamlReader, entries: MapEntry[]): ApiRules {
  r.checkKeys(entries, API_KEYS, "API rules");
  const get = (k: string) => entries.find((e) => e.key === k);
  const rules: ApiRules = { kind: "api", allowAllEndpoints: false, endpoints: [] };
  const all = get("allowAllEndpoints");
  if (all) {
    rules.allowAllEndpoints = r.bool(all.value, all.path, false);
    if (rules.allowAllEndpoints) {
      r.warn(
        all.path,
        all.value,
        "allowAllEndpoints is deprecated: every request is allowed and unmatched responses pass unsanitized",
      );
    }
  }
  const headers = get("allowedRequestHeaders");
  if (headers) {
    const l = r.stringList(headers.value, headers.path, "allowedRequestHeaders");
    if (l) rules.allowedRequestHeaders = l;
  }
  const defs = get("definitions");
  if (defs && !r.isNull(defs.value)) {
    const m = readSchemaMap(r, defs.value, defs.path);
    if (m) rules.definitions = m;
  }
  const scope = get("defaultScopeIdForSource");
  if (scope) r.string(scope.value, scope.path, "defaultScopeIdForSource");
  const eps = get("endpoints");
  if (eps) {
    const items = r.seq(eps.value, eps.path, "endpoints");
    items?.forEach((item, i) => {
      const ep = readEndpoint(r, item, indexPath(eps.path, i), rules.definitions);
      if (ep) rules.endpoints.push(ep);
    });
  }
  return rules;
}

function readEndpoint(
  r: YamlReader,
  node: Node | null,
  path: string,
  definitions: Map<string, JsonSchemaFilter> | undefined,
): Endpoint | undefined {
  const entries = r.map(node, path, "an endpoint");
  if (!entries) return undefined;
  r.checkKeys(entries, ENDPOINT_KEYS, "an endpoint");
  const get = (k: string) => entries.find((e) => e.key === k);
  const ep: Endpoint = { transforms: [] };
  const str = (k: string): string | undefined => {
    const e = get(k);
    if (!e) return undefined;
    const s = r.string(e.value, e.path, k);
    return typeof s === "string" ? s : undefined;
  };
  const list = (
    k: "allowedMethods" | "allowedQueryParams" | "allowedRequestHeaders" | "allowedRequestHeadersToForward",
  ) => {
    const e = get(k);
    if (!e) return;
    const l = r.stringList(e.value, e.path, k);
    if (l) ep[k] = l;
  };

  const template = str("pathTemplate");
  const regex = str("pathRegex");
  if (template !== undefined) ep.pathTemplate = template;
  if (regex !== undefined) ep.pathRegex = regex;
  if (isBlank(template) && isBlank(regex)) {
    r.error(path, node, 'endpoint needs a non-blank "pathTemplate" (e.g. /users/{id}) or "pathRegex"');
  }
  if (regex !== undefined && !isBlank(regex)) {
    try {
      compileJavaRegex(regex, { caseInsensitive: true });
    } catch (e) {
      const ent = get("pathRegex")!;
      r.error(
        ent.path,
        ent.value,
        `pathRegex is not a valid Java regular expression: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  if (template !== undefined && !isBlank(template) && (regex === undefined || isBlank(regex))) {
    try {
      compileTemplate(template, true);
    } catch (e) {
      const ent = get("pathTemplate")!;
      r.warn(
        ent.path,
        ent.value,
        `pathTemplate does not compile to a valid Java regex (${e instanceof Error ? e.message : String(e)}); every request will fail with 500. Placeholder names must match [A-Za-z][A-Za-z0-9]*`,
      );
    }
  }

  const pps = get("pathParameterSchemas");
  if (pps && !r.isNull(pps.value)) {
    const m = readParameterSchemas(r, pps.value, pps.path, false);
    if (m) {
      ep.pathParameterSchemas = m;
      if (template !== undefined && (regex === undefined || isBlank(regex))) {
        const names = new Set(templateParameterNames(template));
        for (const name of m.keys()) {
          if (!names.has(name)) {
            r.warn(
              childPath(pps.path, name),
              pps.value,
              `"${name}" is not a parameter of the pathTemplate; this endpoint can never match`,
            );
          }
        }
      } else if (template === undefined) {
        r.warn(pps.path, pps.value, "pathParameterSchemas only apply to endpoints with a pathTemplate");
      }
    }
  }
  list("allowedMethods");
  list("allowedQueryParams");
  const qps = get("queryParamSchemas");
  if (qps && !r.isNull(qps.value)) {
    const m = readParameterSchemas(r, qps.value, qps.path, true);
    if (m) ep.queryParamSchemas = m;
  }
  list("allowedRequestHeaders");
  list("allowedRequestHeadersToForward");
  const body = get("requestBody");
  if (body && !r.isNull(body.value)) {
    const b = readRequestBody(r, body.value, body.path);
    if (b) ep.requestBody = b;
  }
  const schema = get("responseSchema");
  if (schema && !r.isNull(schema.value)) {
    const s = readSchemaFilter(r, schema.value, schema.path);
    if (s) {
      ep.responseSchema = s;
      checkRefs(r, s, schema.path, schema.value, definitions);
    }
  }
  const augments = get("augments");
  if (augments) {
    const items = r.seq(augments.value, augments.path, "augments");
    if (items) {
      const out: Augment[] = [];
      items.forEach((it, i) => {
        const a = readAugment(r, it, indexPath(augments.path, i));
        if (a) out.push(a);
      });
      ep.augments = out;
    }
  }
  const transforms = get("transforms");
  if (transforms) {
    const items = r.seq(transforms.value, transforms.path, "transforms");
    const out: Transform[] = [];
    items?.forEach((it, i) => {
      const t = readTransform(r, it, indexPath(transforms.path, i));
      if (t) out.push(t);
    });
    ep.transforms = out;
  }
  return ep;
}

/** Warns about `$ref`s the API-mode filter cannot resolve (it only looks at top-level `definitions`). */
function checkRefs(
  r: YamlReader,
  schema: JsonSchemaFilter,
  path: string,
  node: Node | null,
  definitions: Map<string, JsonSchemaFilter> | undefined,
): void {
  forEachSchema(schema, (s, sub) => {
    const at = sub ? `${path}.${sub}` : path;
    if (s.definitions) {
      r.warn(
        at,
        node,
        "definitions inside a responseSchema are ignored; $ref resolves against the top-level definitions",
      );
    }
    const ref = s.$ref;
    if (ref?.startsWith("#/definitions/")) {
      const name = ref.slice("#/definitions/".length);
      if (!definitions?.has(name)) {
        r.warn(
          at,
          node,
          `$ref "${ref}" has no matching top-level definition; responses reaching it will fail`,
        );
      }
    }
  });
}

function readParameterSchemas(
  r: YamlReader,
  node: Node | null,
  path: string,
  query: boolean,
): Map<string, ParameterSchema> | undefined {
  const entries = r.map(node, path, "a mapping of parameter names to schemas");
  if (!entries) return undefined;
  const out = new Map<string, ParameterSchema>();
  for (const e of entries) {
    const s = readParameterSchema(r, e.value, e.path, query, 0);
    if (s) out.set(e.key, s);
  }
  return out;
}

function readParameterSchema(
  r: YamlReader,
  node: Node | null,
  path: string,
  query: boolean,
  depth: number,
): ParameterSchema | undefined {
  if (depth > 50) {
    r.error(path, node, "parameter schema nesting is too deep");
    return undefined;
  }
  const entries = r.map(node, path, "a parameter schema");
  if (!entries) return undefined;
  r.checkKeys(
    entries,
    query ? QUERY_PARAMETER_KEYS : PARAMETER_KEYS,
    query ? "a query parameter schema" : "a parameter schema",
  );
  const s: ParameterSchema = {};
  for (const e of entries) {
    if (r.isNull(e.value)) continue;
    switch (e.key) {
      case "type":
      case "format":
      case "pattern": {
        const v = r.string(e.value, e.path, e.key);
        if (typeof v !== "string") break;
        s[e.key] = v;
        if (e.key === "format") {
          const name = formatName(v);
          if (name !== "REVERSIBLE_PSEUDONYM" && name !== "PSEUDONYM") {
            r.warn(
              e.path,
              e.value,
              `unsupported format "${v}" (use reversible-pseudonym or pseudonym); requests with this parameter will fail`,
            );
          }
        } else if (e.key === "pattern") {
          try {
            compileJavaRegex(v);
          } catch (err) {
            r.warn(
              e.path,
              e.value,
              `not a valid Java regular expression (${err instanceof Error ? err.message : String(err)}); requests with this parameter will fail`,
            );
          }
        }
        break;
      }
      case "enum": {
        const l = r.stringList(e.value, e.path, "enum");
        if (l) s.enum = l;
        break;
      }
      case "anyOf": {
        const items = r.seq(e.value, e.path, "anyOf");
        if (items) {
          const list: ParameterSchema[] = [];
          items.forEach((it, i) => {
            const c = readParameterSchema(r, it, indexPath(e.path, i), false, depth + 1);
            if (c) list.push(c);
          });
          s.anyOf = list;
        }
        break;
      }
      case "required":
        s.required = r.bool(e.value, e.path, false);
        break;
    }
  }
  return s;
}

function readRequestBody(r: YamlReader, node: Node | null, path: string): RequestBodySpec | undefined {
  const entries = r.map(node, path, "requestBody");
  if (!entries) return undefined;
  r.checkKeys(entries, REQUEST_BODY_KEYS, "requestBody");
  const spec: RequestBodySpec = {};
  for (const e of entries) {
    if (e.key === "required") spec.required = r.bool(e.value, e.path, false);
    else if (e.key === "content" && !r.isNull(e.value)) {
      const content = r.map(e.value, e.path, "requestBody content (media type -> JSON schema)");
      if (content) {
        const m = new Map<string, ReturnType<YamlReader["json"]>>();
        for (const c of content) m.set(c.key, r.json(c.value, c.path));
        spec.content = m;
      }
    }
  }
  return spec;
}
