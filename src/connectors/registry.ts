/** Lookups over the catalogue; built rules are serialized once and memoized. */
import { CATALOG } from "./catalog.js";
import type { ConnectorSpec, RulesVariant } from "./model.js";
import { rulesToYaml } from "./rules-dsl/emit-yaml.js";

const byId = new Map(CATALOG.map((c) => [c.id, c]));
const yamlCache = new WeakMap<RulesVariant, string>();

function yamlOf(v: RulesVariant): string {
  let text = yamlCache.get(v);
  if (text === undefined) {
    text = rulesToYaml(v.build());
    yamlCache.set(v, text);
  }
  return text;
}

/** prebuilt key → [connector, variant]; the first connector in id order wins for shared keys */
const byKey = new Map<string, { connector: ConnectorSpec; variant: RulesVariant }>();
/** reference file (relative to docs/sources) → [connector, variant] */
const byReference = new Map<string, { connector: ConnectorSpec; variant: RulesVariant }>();
for (const connector of CATALOG) {
  for (const variant of connector.rules) {
    if (connector.mode === "api" && variant.key !== undefined && !byKey.has(variant.key)) {
      byKey.set(variant.key, { connector, variant });
    }
    for (const ref of variant.reference) {
      if (!byReference.has(ref.file)) byReference.set(ref.file, { connector, variant });
    }
  }
}

export function listConnectors(): readonly ConnectorSpec[] {
  return CATALOG;
}

export function getConnector(id: string): ConnectorSpec | undefined {
  return byId.get(id);
}

/** The prebuilt API rules keys, as the reference's prebuilt map has them. */
export function builtinRulesKeys(): string[] {
  return [...byKey.keys()].sort();
}

/**
 * Rules YAML the reference's prebuilt map holds under `source` (exact key, e.g. `gdirectory` or
 * `gdirectory_no-app-ids`); undefined when there is none.
 */
export function builtinRules(source: string): string | undefined {
  const hit = byKey.get(source);
  return hit ? yamlOf(hit.variant) : undefined;
}

/**
 * Connectors spec 3.2: with PSEUDONYMIZE_APP_IDS, `<SOURCE>_no-app-ids` is preferred, falling back to
 * `SOURCE`. Returns the key chosen and its YAML, or undefined.
 */
export function selectBuiltinRules(
  source: string,
  pseudonymizeAppIds: boolean,
): { key: string; yaml: string } | undefined {
  const keys = pseudonymizeAppIds ? [`${source}_no-app-ids`, source] : [source];
  for (const key of keys) {
    const yaml = builtinRules(key);
    if (yaml !== undefined) return { key, yaml };
  }
  return undefined;
}

/** A bulk connector's default rules YAML (connectors spec 6.4); undefined for unknown or API ids. */
export function bulkRulesFor(connectorId: string): string | undefined {
  const c = byId.get(connectorId);
  if (c?.mode !== "bulk") return undefined;
  const v = c.rules.find((r) => r.isDefault) ?? c.rules[0];
  return v ? yamlOf(v) : undefined;
}

/**
 * The rules a connector's instance gets from the catalogue with the given settings: the `rules_file`
 * or bulk default when the spec ships one, else the prebuilt rules for its `source_kind`.
 */
export function connectorRules(
  connectorId: string,
  opts: { pseudonymizeAppIds?: boolean } = {},
): { variant: RulesVariant; yaml: string } | undefined {
  const c = byId.get(connectorId);
  if (!c) return undefined;
  if (c.mode === "bulk" || c.rulesFile !== undefined) {
    const v = c.rules.find((r) => r.isDefault) ?? c.rules[0];
    return v ? { variant: v, yaml: yamlOf(v) } : undefined;
  }
  const picked = selectBuiltinRules(c.sourceKind, opts.pseudonymizeAppIds ?? true);
  if (!picked) return undefined;
  const variant = byKey.get(picked.key)!.variant;
  return { variant, yaml: picked.yaml };
}

export interface ReferenceRulesMatch {
  connectorId: string;
  variant: RulesVariant;
  yaml: string;
}

/**
 * The built-in rules that reproduce a reference rules file. `path` may be relative to the reference's
 * `docs/sources/` or carry a prefix ending in `rules/` or `docs/sources/` (as conformance cases do).
 */
export function rulesForReferenceFile(path: string): ReferenceRulesMatch | undefined {
  const hit = byReference.get(normalizeReferencePath(path));
  return hit ? { connectorId: hit.connector.id, variant: hit.variant, yaml: yamlOf(hit.variant) } : undefined;
}

function normalizeReferencePath(path: string): string {
  const p = path.replaceAll("\\", "/");
  const m = /(?:^|\/)(?:docs\/sources|rules)\/(.*)$/.exec(p);
  return (m ? m[1] : p).replace(/^\.?\//, "");
}

/** The YAML of one rules variant of a connector, by prebuilt key or variant label. */
export function variantRules(connectorId: string, which: string): string | undefined {
  const v = byId.get(connectorId)?.rules.find((r) => r.key === which || r.variant === which);
  return v ? yamlOf(v) : undefined;
}

/**
 * The catalogue ids a new deployment enables (connectors spec 1, `tools/init-tfvars.sh`): `hris`
 * always, `gcal` and `gdirectory` with Google Workspace, `outlook-cal` with Microsoft 365.
 */
export function defaultEnabledConnectorIds(opts: {
  googleWorkspace: boolean;
  microsoft365: boolean;
}): string[] {
  const google = new Set(["gcal", "gdirectory"]);
  const microsoft = new Set(["outlook-cal"]);
  return CATALOG.filter((c) => c.enableByDefault)
    .filter((c) => (google.has(c.id) ? opts.googleWorkspace : microsoft.has(c.id) ? opts.microsoft365 : true))
    .map((c) => c.id);
}
