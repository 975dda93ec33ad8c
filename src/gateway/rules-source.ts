/**
 * Step 7's rules (api-mode spec 1.8, 4.5), from the first of:
 * 1. the `RULES` configuration value (plain, base64 or base64-gzip YAML);
 * 2. the `rules.yaml` resource: the local file `/var/psoxy/resources/rules.yaml`, then, when
 *    REMOTE_RESOURCE_BUCKET is set, the object `<instance resource path>rules.yaml` in that bucket
 *    (S3 on AWS, Cloud Storage on GCP; see remote-resources.ts);
 * 3. the connector catalog's built-in rules for SOURCE (the `<SOURCE>_no-app-ids` variant first when
 *    PSEUDONYMIZE_APP_IDS is true).
 * An absent source falls through to the next; a source that cannot be read (config store down, bucket
 * access denied or unreachable) fails with CONFIGURATION_FAILURE rather than falling back to weaker
 * rules. Loaded once per process; a failure is not memoized, so the next request retries.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConfigService } from "../config/types.js";
import { isBlank } from "../core/java/strings.js";
import { type ApiRules, loadRules, loadRulesValue, RulesValidationError } from "../core/rules/index.js";
import type { ObjectStore } from "../storage/types.js";
import type { GatewayPlatform } from "./gateway-options.js";
import { parseJavaBoolean } from "./java-boolean.js";
import {
  defaultResourceStore,
  readResource,
  remoteResources,
  resourceText,
  resourceUri,
} from "./remote-resources.js";
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
  /** where the rules came from: "RULES", "rules.yaml", the bucket object's URI, or the catalog key */
  origin: string;
}

export interface RulesSourceOptions {
  config: ConfigService;
  logger: Logger;
  builtinRules?: (source: string) => string | undefined;
  /** Folder holding the `rules.yaml` resource; default `/var/psoxy/resources` as in the reference. */
  resourcesDir?: string;
  /** the host; picks the store of REMOTE_RESOURCE_BUCKET (S3 on aws, Cloud Storage on gcp) */
  platform?: GatewayPlatform;
  /** function / service name: the default instance resource path, as for parameters */
  instanceId?: string;
  /** the store of REMOTE_RESOURCE_BUCKET (tests, embedders); default by `platform` */
  remoteStore?: () => Promise<ObjectStore>;
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
    const loaded =
      (await this.fromConfig()) ??
      (await this.fromResourceFile()) ??
      (await this.fromRemoteBucket()) ??
      this.fromCatalog();
    this.opts.logger.info({ rulesOrigin: loaded.origin, rulesSha: loaded.sha }, "rules loaded");
    return loaded;
  }

  private async fromConfig(): Promise<LoadedRules | undefined> {
    const value = await this.configuredValue();
    if (value === undefined) return undefined;
    return toLoaded(
      parse(() => loadRulesValue(value, { source: "RULES" })),
      "RULES",
    );
  }

  /** The local `rules.yaml` resource file, if present. */
  private async fromResourceFile(): Promise<LoadedRules | undefined> {
    const path = join(this.opts.resourcesDir ?? DEFAULT_RESOURCES_DIR, "rules.yaml");
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new RulesLoadError("CONFIGURATION_FAILURE", `could not read ${path}`, { cause: e });
    }
    return toLoaded(
      parse(() => loadRulesValue(text, { source: path })),
      "rules.yaml",
    );
  }

  /** `<instance resource path>rules.yaml` in REMOTE_RESOURCE_BUCKET, when that is set and the object exists. */
  private async fromRemoteBucket(): Promise<LoadedRules | undefined> {
    const where = remoteResources(this.opts.config.env, this.opts.instanceId);
    if (!where) return undefined;
    const key = `${where.instancePrefix}rules.yaml`;
    let store: ObjectStore;
    try {
      store = await (this.opts.remoteStore ?? (() => defaultResourceStore(this.opts.platform)))();
    } catch (e) {
      throw new RulesLoadError(
        "CONFIGURATION_FAILURE",
        `cannot read rules.yaml from REMOTE_RESOURCE_BUCKET ${where.bucket}: ${(e as Error).message}`,
        { cause: e },
      );
    }
    const uri = resourceUri(store, where.bucket, key);
    let text: string;
    try {
      const bytes = await readResource(store, where.bucket, key);
      if (bytes === undefined) {
        this.opts.logger.info({ rulesResource: uri }, "no rules.yaml in the remote resource bucket");
        return undefined;
      }
      text = resourceText(bytes);
    } catch (e) {
      throw new RulesLoadError(
        "CONFIGURATION_FAILURE",
        `could not read ${uri} (REMOTE_RESOURCE_BUCKET): ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    return toLoaded(
      parse(() => loadRulesValue(text, { source: uri })),
      uri,
    );
  }

  private fromCatalog(): LoadedRules {
    const { text, key } = this.builtin();
    return toLoaded(
      parse(() => loadRules(text, { source: key })),
      key,
    );
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
