/**
 * The sanitizers of a process (api-mode spec 1.8, 2): the rules of step 7 compiled with the deployment's
 * pseudonymizer, plus the LEGACY (v0.3) variant a request may ask for with X-Psoxy-Pseudonym-Implementation.
 * Built once; failures (invalid pseudonymization settings, rules that do not compile) are not memoized.
 */
import type { ConfigService } from "../config/types.js";
import type { EmailCanonicalization, EmailDomainHandling } from "../core/pseudonyms/index.js";
import { createPseudonymizer, PseudonymizerConfigError } from "../core/pseudonyms/index.js";
import { compileApiRules, type EndpointMatcher } from "../core/rules/index.js";
import { RestSanitizer } from "../core/sanitize/index.js";
import type { PseudonymKeyStore, PseudonymKeys } from "./pseudonym-keys.js";
import { type LoadedRules, RulesLoadError, type RulesSource } from "./rules-source.js";

export interface SanitizerSet {
  loaded: LoadedRules;
  /** matches requests against the rules exactly as `sanitizer` does */
  matcher: EndpointMatcher;
  sanitizer: RestSanitizer;
  /** the per-request LEGACY variant (built on first use) */
  legacy(): RestSanitizer;
}

export class UnknownPseudonymImplementationError extends Error {
  readonly code = "UNKNOWN_PSEUDONYM_IMPLEMENTATION";
  constructor(value: string) {
    super(`Unknown pseudonym implementation: ${value}; use v0.4 (or v0.3 for LEGACY)`);
    this.name = "UnknownPseudonymImplementationError";
  }
}

/** The sanitizer for a request's X-Psoxy-Pseudonym-Implementation header (absent = the default). */
export function sanitizerFor(set: SanitizerSet, header: string | null): RestSanitizer {
  if (header === null || header === "v0.4") return set.sanitizer;
  if (header === "v0.3") return set.legacy();
  throw new UnknownPseudonymImplementationError(header);
}

export interface SanitizersOptions {
  config: ConfigService;
  rules: RulesSource;
  keys: PseudonymKeyStore;
  /** TARGET_HOST (trimmed), whose path part the rules do not see */
  targetHost: string | undefined;
}

export class Sanitizers {
  private memo: Promise<SanitizerSet> | undefined;

  constructor(private readonly opts: SanitizersOptions) {}

  /** Throws `RulesLoadError`. */
  get(): Promise<SanitizerSet> {
    if (!this.memo) {
      const p = this.build();
      this.memo = p;
      p.catch(() => {
        if (this.memo === p) this.memo = undefined;
      });
    }
    return this.memo;
  }

  private async build(): Promise<SanitizerSet> {
    const loaded = await this.opts.rules.load();
    let keys: PseudonymKeys | undefined;
    try {
      keys = await this.opts.keys.keys();
    } catch (e) {
      throw new RulesLoadError("CONFIGURATION_FAILURE", "could not read the pseudonymization secrets", {
        cause: e,
      });
    }
    if (!keys) throw new RulesLoadError("CONFIGURATION_FAILURE", "PSOXY_SALT is not set in the secret store");
    const env = this.opts.config.env;
    checkPseudonymImplementation(env.PSEUDONYM_IMPLEMENTATION);
    const settings = {
      ...keys,
      emailCanonicalization: env.EMAIL_CANONICALIZATION as EmailCanonicalization | undefined,
      emailDomainHandling: env.EMAIL_DOMAIN_HANDLING as EmailDomainHandling | undefined,
    };
    const targetHost = this.opts.targetHost;
    try {
      const sanitizer = new RestSanitizer(loaded.rules, createPseudonymizer(settings), { targetHost });
      const matcher = compileApiRules(loaded.rules, { targetHost });
      let legacy: RestSanitizer | undefined;
      return {
        loaded,
        matcher,
        sanitizer,
        legacy: () =>
          (legacy ??= new RestSanitizer(loaded.rules, createPseudonymizer({ ...settings, legacy: true }), {
            targetHost,
          })),
      };
    } catch (e) {
      if (e instanceof PseudonymizerConfigError) {
        throw new RulesLoadError("CONFIGURATION_FAILURE", e.message, { cause: e });
      }
      throw new RulesLoadError("RULES_INVALID", e instanceof Error ? e.message : String(e), { cause: e });
    }
  }
}

/** PSEUDONYM_IMPLEMENTATION may only name the default (spec 1.8). */
function checkPseudonymImplementation(value: string | undefined): void {
  if (value === undefined || value === "v0.4") return;
  if (value === "v0.3") {
    throw new RulesLoadError(
      "CONFIGURATION_FAILURE",
      "PSEUDONYM_IMPLEMENTATION=v0.3: LEGACY pseudonymization is no longer supported with v0.5+; remove it or set v0.4",
    );
  }
  throw new RulesLoadError(
    "CONFIGURATION_FAILURE",
    `Unknown pseudonym implementation: ${value}; PSEUDONYM_IMPLEMENTATION must be v0.4`,
  );
}
