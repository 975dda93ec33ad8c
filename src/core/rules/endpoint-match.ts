/**
 * Endpoint matching for API mode (rules-engine spec 7): which endpoint of the rules, if any, allows a
 * request `method url`, and which request headers may then be forwarded.
 *
 * Regexes are compiled once per rules set: `pathRegex` eagerly (the loader already rejected invalid ones),
 * templates on first use and all together, so that one invalid template fails every request, as in the
 * reference. Where several endpoints match, the first in file order wins (the reference picks an
 * arbitrary one).
 */
import { compileJavaRegex, type JavaRegex } from "../java/regex.js";
import {
  type QueryParameter,
  validateParameter,
  validateQueryParameters,
} from "../schema/parameter-schema.js";
import { RulesMatchError } from "./errors.js";
import type { ApiRules, Endpoint } from "./model.js";
import { normalizeInboundPath, type PathNormalization } from "./normalize-path.js";
import { compileTemplate, templateToRegex } from "./path-template.js";
import { parseQueryString, relativeUrl, splitUrl } from "./url-parts.js";

export interface CompileApiRulesOptions extends PathNormalization {
  /** TARGET_HOST, e.g. `graph.microsoft.com/v1.0`; its path part is removed from request paths before matching */
  targetHost?: string | null;
}

export interface EndpointMatch {
  endpoint: Endpoint;
  /** position of the endpoint in `rules.endpoints` */
  index: number;
}

export interface EndpointMatcher {
  readonly rules: ApiRules;
  /** The first endpoint (file order) allowing the request, or null. Throws `RulesMatchError` / `ParameterSchemaError`. */
  match(method: string, url: string): EndpointMatch | null;
  /** `allowAllEndpoints` or a matching endpoint. */
  isAllowed(method: string, url: string): boolean;
  /**
   * Request headers to forward (spec 7.6): rule-level `allowedRequestHeaders` plus those of the endpoint
   * matching `clearUrl` (the URL with tokens already decrypted), de-duplicated ignoring case, spelled as in the rules.
   */
  allowedHeaders(method: string, clearUrl: string): string[];
  /** A raw request path (or path?query) as the rules see it: target-host path removed, then normalised. */
  rulePath(pathOrRelative: string): string;
}

interface CompiledEndpoint {
  endpoint: Endpoint;
  index: number;
  regex?: JavaRegex;
  template?: JavaRegex;
  allowedQueryParams?: Set<string>;
  allowedMethods?: Set<string>;
}

/** Path part of TARGET_HOST as the reference derives it (`new URL("https://" + host).getPath()`). */
export function targetHostPath(targetHost: string | null | undefined): string {
  if (!targetHost || targetHost.trim() === "") return "";
  const url = targetHost.startsWith("https://") ? targetHost : `https://${targetHost}`;
  return splitUrl(url).path;
}

export function compileApiRules(rules: ApiRules, opts: CompileApiRulesOptions = {}): EndpointMatcher {
  return new ApiEndpointMatcher(rules, opts);
}

class ApiEndpointMatcher implements EndpointMatcher {
  private readonly endpoints: CompiledEndpoint[];
  private templatesCompiled = false;
  private templateError: RulesMatchError | undefined;
  private readonly hostPath: string;

  constructor(
    readonly rules: ApiRules,
    private readonly opts: CompileApiRulesOptions,
  ) {
    this.hostPath = targetHostPath(opts.targetHost);
    this.endpoints = rules.endpoints.map((endpoint, index) => {
      const ce: CompiledEndpoint = { endpoint, index };
      if (endpoint.pathRegex !== undefined) {
        try {
          ce.regex = compileJavaRegex(endpoint.pathRegex, { caseInsensitive: true });
        } catch (e) {
          throw new RulesMatchError(
            `endpoints[${index}].pathRegex is not a valid Java regular expression: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      }
      if (endpoint.allowedQueryParams) {
        ce.allowedQueryParams = new Set(endpoint.allowedQueryParams.map((p) => p.toLowerCase()));
      }
      if (endpoint.allowedMethods) {
        ce.allowedMethods = new Set(endpoint.allowedMethods.map((m) => m.toUpperCase()));
      }
      return ce;
    });
  }

  private compileTemplates(): void {
    if (this.templatesCompiled) return;
    this.templatesCompiled = true;
    for (const ce of this.endpoints) {
      const t = ce.endpoint.pathTemplate;
      if (t === undefined || ce.regex) continue;
      try {
        ce.template = compileTemplate(t, true);
      } catch (e) {
        this.templateError ??= new RulesMatchError(
          `endpoints[${ce.index}].pathTemplate ${JSON.stringify(t)} gives the invalid regex ${templateToRegex(t)} (${
            e instanceof Error ? e.message : String(e)
          }); placeholder names must match [A-Za-z][A-Za-z0-9]*`,
        );
      }
    }
  }

  rulePath(x: string): string {
    if (this.hostPath !== "" && x.startsWith(this.hostPath)) x = x.slice(this.hostPath.length);
    return normalizeInboundPath(x, this.opts);
  }

  match(method: string, url: string): EndpointMatch | null {
    this.compileTemplates();
    if (this.templateError) throw this.templateError;
    const parts = splitUrl(url);
    const path = this.rulePath(parts.path);
    const relative = this.rulePath(relativeUrl(parts));
    let params: QueryParameter[] | undefined;
    const query = () => (params ??= parseQueryString(parts.query));
    const upperMethod = method.toUpperCase();
    for (const ce of this.endpoints) {
      if (!this.pathMatches(ce, path, relative)) continue;
      if (!queryAllowed(ce, query)) continue;
      if (ce.allowedMethods && !ce.allowedMethods.has(upperMethod)) continue;
      return { endpoint: ce.endpoint, index: ce.index };
    }
    return null;
  }

  private pathMatches(ce: CompiledEndpoint, path: string, relative: string): boolean {
    if (ce.regex?.matches(relative)) return true;
    if (ce.endpoint.pathTemplate === undefined) return false;
    const re = ce.regex ?? ce.template;
    if (!re) return false;
    const m = re.matchWhole(path);
    if (!m) return false;
    const schemas = ce.endpoint.pathParameterSchemas;
    if (!schemas) return true;
    for (const [name, schema] of schemas) {
      const groups = m.groups;
      if (!groups || !Object.hasOwn(groups, name)) return false;
      if (!validateParameter(schema, groups[name] ?? null)) return false;
    }
    return true;
  }

  isAllowed(method: string, url: string): boolean {
    return this.rules.allowAllEndpoints || this.match(method, url) !== null;
  }

  allowedHeaders(method: string, clearUrl: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const add = (list: readonly string[] | undefined) => {
      for (const h of list ?? []) {
        const k = h.toLowerCase();
        if (!seen.has(k)) {
          seen.add(k);
          out.push(h);
        }
      }
    };
    add(this.rules.allowedRequestHeaders);
    const m = this.match(method, clearUrl);
    if (m) {
      add(m.endpoint.allowedRequestHeaders);
      add(m.endpoint.allowedRequestHeadersToForward);
    }
    return out;
  }
}

function queryAllowed(ce: CompiledEndpoint, query: () => QueryParameter[]): boolean {
  const allowed = ce.allowedQueryParams;
  if (allowed) {
    for (const p of query()) if (!allowed.has(p.name.toLowerCase())) return false;
  }
  const schemas = ce.endpoint.queryParamSchemas;
  if (schemas && !validateQueryParameters(schemas, query())) return false;
  return true;
}
