/**
 * The REST response sanitizer (spec section 1): decides whether a request is allowed by the rules and
 * turns a source response body into its sanitized form. Everything is compiled once per rules set;
 * `sanitize` is the hot path.
 *
 * Fail closed: an unparseable body or a failing transform throws; the caller must not return the raw body.
 */
import { jtrim } from "../java/strings.js";
import { parseNativeIfSafe } from "../json/native.js";
import { parseJson, parseJsonStream } from "../json/parse.js";
import { serializeJson, serializeNativeTree } from "../json/serialize.js";
import type { JsonValue } from "../json/types.js";
import { writeStats } from "../jsonpath/update.js";
import { compileApiRules, type EndpointMatcher } from "../rules/endpoint-match.js";
import type { ApiRules, Endpoint } from "../rules/model.js";
import { filterResponseBySchema } from "../schema/response-schema-filter.js";
import { type PseudonymizerLike, SanitizeSession } from "../transforms/context.js";
import { applyTransform, type CompiledTransform, compileTransform } from "../transforms/registry.js";
import { applyAugments, type CompiledAugment, compileAugments } from "./augments.js";
import { PathChoice } from "./path-choice.js";
import { compileTextPlan, sanitizeText, type TextPlan } from "./text-sanitizer.js";

export class EndpointNotAllowedError extends Error {
  readonly code = "BLOCKED_BY_RULES";
  constructor(method: string, url: string) {
    super(`${method} ${redactUrlForMessage(url)} is not allowed by the rules`);
    this.name = "EndpointNotAllowedError";
  }
}

function redactUrlForMessage(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : `${url.slice(0, q)}?…`;
}

interface CompiledEndpoint {
  endpoint: Endpoint;
  augments: CompiledAugment[];
  transforms: CompiledTransform[];
  /** Set when the one-pass text sanitizer can follow these rules exactly (see text-sanitizer.ts). */
  textPlan: TextPlan | null;
  /** Set when both fast paths apply: which to try first (see path-choice.ts). */
  choice: PathChoice | null;
}

export interface RestSanitizerOptions {
  /** TARGET_HOST (may carry a path such as graph.microsoft.com/v1.0); defaults to the URL's own host. */
  targetHost?: string;
  /**
   * Parse bodies that plain JS values represent exactly with the native JSON.parse (default true).
   * Turning it off forces the exact tree for every body; the output is the same either way.
   */
  nativeFastPath?: boolean;
  /**
   * Sanitize bodies in one pass over the text when the endpoint's rules allow it (default true); see
   * text-sanitizer.ts. The output is the same either way.
   */
  textFastPath?: boolean;
}

export class RestSanitizer {
  private readonly matcher: EndpointMatcher;
  private readonly compiled = new Map<Endpoint, CompiledEndpoint>();
  private readonly session = new SanitizeSession();
  private readonly nativeFastPath: boolean;
  private readonly textFastPath: boolean;

  constructor(
    readonly rules: ApiRules,
    private readonly pseudonymizer: PseudonymizerLike,
    options: RestSanitizerOptions = {},
  ) {
    this.matcher = compileApiRules(rules, { targetHost: options.targetHost });
    this.nativeFastPath = options.nativeFastPath ?? true;
    this.textFastPath = options.textFastPath ?? true;
    // compile everything up front: a bad path or regex surfaces at start-up, not on the first request
    for (const e of rules.endpoints) this.compile(e);
  }

  private compile(endpoint: Endpoint): CompiledEndpoint {
    let c = this.compiled.get(endpoint);
    if (!c) {
      const ctx = { pseudonymizer: this.pseudonymizer, session: this.session };
      const augments = compileAugments(endpoint.augments);
      const transforms = endpoint.transforms.map((t) => compileTransform(t, ctx));
      const textPlan =
        this.textFastPath && augments.length === 0
          ? compileTextPlan(transforms, endpoint.responseSchema, this.rules.definitions)
          : null;
      const both = textPlan !== null && this.nativeFastPath;
      c = { endpoint, augments, transforms, textPlan, choice: both ? new PathChoice() : null };
      this.compiled.set(endpoint, c);
    }
    return c;
  }

  /** The endpoint the rules match for this request, or null. */
  matchEndpoint(method: string, url: string): Endpoint | null {
    return this.matcher.match(method, url)?.endpoint ?? null;
  }

  isAllowed(method: string, url: string): boolean {
    return this.rules.allowAllEndpoints || this.matchEndpoint(method, url) !== null;
  }

  /** Sanitizes one response body for `method url`. */
  sanitize(method: string, url: string, body: string): string {
    if (body === "") return "";
    const endpoint = this.matchEndpoint(method, url);
    if (!endpoint) {
      if (this.rules.allowAllEndpoints) return jtrim(body);
      throw new EndpointNotAllowedError(method, url);
    }
    const c = this.compile(endpoint);
    const choice = c.choice;
    if (choice === null) return this.sanitizeWith(c, body, true);
    const text = choice.tryText();
    const t0 = performance.now();
    const out = this.sanitizeWith(c, body, text);
    choice.record(text, performance.now() - t0, body.length);
    return out;
  }

  private sanitizeWith(c: CompiledEndpoint, body: string, tryText: boolean): string {
    try {
      if (tryText && c.textPlan !== null) {
        const out = sanitizeText(body, c.textPlan);
        if (out !== undefined) return out;
      }
      if (this.nativeFastPath && c.augments.length === 0) {
        // fast path: a body that plain JS values represent exactly (see json/native.ts)
        const parsed = parseNativeIfSafe(body);
        if (parsed !== undefined) {
          let doc = parsed.value;
          // the reference's text round trips around the schema filter change nothing in such a body
          const schema = c.endpoint.responseSchema;
          if (schema)
            doc = filterResponseBySchema(doc, schema, this.rules.definitions, { plainObjects: true });
          const before = writeStats.nonScalar;
          for (const t of c.transforms) doc = applyTransform(doc, t);
          const plain = parsed.plainScalars && writeStats.nonScalar === before;
          return jtrim(plain ? serializeNativeTree(doc) : serializeJson(doc));
        }
      }
      const docs = parseJsonStream(body);
      const out: string[] = [];
      for (const doc of docs) out.push(serializeJson(this.sanitizeDocument(c, doc)));
      return jtrim(out.join("\n"));
    } finally {
      this.session.clear();
    }
  }

  private sanitizeDocument(c: CompiledEndpoint, doc: JsonValue): JsonValue {
    applyAugments(doc, c.augments);
    const schema = c.endpoint.responseSchema;
    if (schema) {
      // the reference round-trips through text around the filter, which normalizes numbers
      doc = parseJson(serializeJson(doc));
      doc = filterResponseBySchema(doc, schema, this.rules.definitions);
      doc = parseJson(serializeJson(doc));
    }
    for (const t of c.transforms) doc = applyTransform(doc, t);
    return doc;
  }
}
