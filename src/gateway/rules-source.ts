/**
 * Step 7's rules (api-mode spec 1.8, 4.5): the `RULES` configuration value (plain, base64 or base64-gzip
 * YAML), else the local resource file `/var/psoxy/resources/rules.yaml`, else the connector catalog's
 * built-in rules for SOURCE (the `<SOURCE>_no-app-ids` variant first when PSEUDONYMIZE_APP_IDS is true).
 * Loaded once per process; a failure is not memoized, so the next request retries. The reference's
 * remote resource bucket (REMOTE_RESOURCE_BUCKET) is not read (yet).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConfigService } from "../config/types.js";
import { isBlank } from "../core/java/strings.js";
import { type ApiRules, loadRules, loadRulesValue, RulesValidationError } from "../core/rules/index.js";
import { parseJavaBoolean } from "./java-boolean.js";
import { rulesSha } from "./rules-sha.js";
import type { Logger } from "./types.js";

export type RulesLoadErrorCode = "RULES_INVALID_YAML" | "RULES_INVALID" | "CONFIGURATION_FAILURE";

export class RulesLoadError extends Error {
  constructor(
    readonly code: RulesLoadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RulesLoadError";
  }
}

export interface LoadedRules {
  rules: ApiRules;
  /** `X-Psoxy-Rules-SHA` */
  sha: string;
  /** where the rules came from: "RULES" or the catalog key */
  origin: string;
}

export interface RulesSourceOptions {
  config: ConfigService;
  logger: Logger;
  builtinRules?: (source: string) => string | undefined;
  /** Folder holding the `rules.yaml` resource; default `/var/psoxy/resources` as in the reference. */
  resourcesDir?: string;
}

export const DEFAULT_RESOURCES_DIR = "/var/psoxy/resources";

export class RulesSource {
  private memo: Promise<LoadedRules> | undefined;

  constructor(private readonly opts: RulesSourceOptions) {}

  /** The rules; throws `RulesLoadError`. */
  load(): Promise<LoadedRules> {
    if (!this.memo) {
      const p = this.read();
      this.memo = p;
      p.catch(() => {
        if (this.memo === p) this.memo = undefined;
      });
    }
    return this.memo;
  }

  /** The `RULES` configuration value, if any (blank counts as absent). Throws `RulesLoadError`. */
  async configuredValue(): Promise<string | undefined> {
    let value: string | undefined;
    try {
      value = await this.opts.config.getConfig("RULES");
    } catch (e) {
      throw new RulesLoadError("CONFIGURATION_FAILURE", "could not read RULES from configuration", {
        cause: e,
      });
    }
    return value === undefined || isBlank(value) ? undefined : value;
  }

  private async read(): Promise<LoadedRules> {
    const value = await this.configuredValue();
    let loaded: LoadedRules;
    let resource: { path: string; text: string } | undefined;
    if (value !== undefined) {
      loaded = toLoaded(
        parse(() => loadRulesValue(value, { source: "RULES" })),
        "RULES",
      );
    } else if ((resource = await this.resourceFile()) !== undefined) {
      const file = resource;
      loaded = toLoaded(
        parse(() => loadRulesValue(file.text, { source: file.path })),
        "rules.yaml",
      );
    } else {
      const { text, key } = this.builtin();
      loaded = toLoaded(
        parse(() => loadRules(text, { source: key })),
        key,
      );
    }
    this.opts.logger.info({ rulesOrigin: loaded.origin, rulesSha: loaded.sha }, "rules loaded");
    return loaded;
  }

  /** The `rules.yaml` resource file, if present. */
  private async resourceFile(): Promise<{ path: string; text: string } | undefined> {
    const path = join(this.opts.resourcesDir ?? DEFAULT_RESOURCES_DIR, "rules.yaml");
    try {
      return { path, text: await readFile(path, "utf8") };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new RulesLoadError("CONFIGURATION_FAILURE", `could not read ${path}`, { cause: e });
    }
  }

  private builtin(): { text: string; key: string } {
    const env = this.opts.config.env;
    const source = env.SOURCE;
    if (source === undefined || isBlank(source)) {
      throw new RulesLoadError(
        "CONFIGURATION_FAILURE",
        "No rules found: RULES is not set and neither is SOURCE",
      );
    }
    const keys = parseJavaBoolean(env.PSEUDONYMIZE_APP_IDS) ? [`${source}_no-app-ids`, source] : [source];
    for (const key of keys) {
      const text = this.opts.builtinRules?.(key);
      if (text !== undefined) return { text, key };
    }
    throw new RulesLoadError(
      "CONFIGURATION_FAILURE",
      `No rules found: RULES is not set and there are no built-in rules for SOURCE ${JSON.stringify(source)}`,
    );
  }
}

function parse(load: () => unknown): unknown {
  try {
    return load();
  } catch (e) {
    if (e instanceof RulesValidationError) throw new RulesLoadError(e.code, e.message, { cause: e });
    throw new RulesLoadError("RULES_INVALID", e instanceof Error ? e.message : String(e), { cause: e });
  }
}

function toLoaded(rules: unknown, origin: string): LoadedRules {
  const r = rules as { kind?: string };
  if (r.kind !== "api") {
    throw new RulesLoadError(
      "CONFIGURATION_FAILURE",
      `${origin}: these are ${r.kind} (bulk) rules; API mode needs REST rules with "endpoints"`,
    );
  }
  const api = rules as ApiRules;
  return { rules: api, sha: rulesSha(api), origin };
}
