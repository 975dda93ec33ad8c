/**
 * Data-source mode of `psoxy test call -d` (infra spec 11.3): a list of example calls made in order
 * against a base URL, values from earlier responses filling placeholders of later ones.
 *
 * Sources: a manifest file (JSON: `[{method?, path, body?, refs?}]` or `{calls: [...]}`), `demo`
 * (the API of `psoxy serve --demo`), or a connector of the catalog (its example API calls).
 * A ref `{accessor: "items[0].id", pathReplacement: "EVENT_ID"}` fills `[EVENT_ID]` / `{EVENT_ID}`
 * in later paths; `{accessor, paramReplacement: "workspace"}` sets that query parameter where later
 * calls have it. Catalog calls have no refs: a `{X_ID}` placeholder left unfilled is guessed from the
 * earlier responses (the first `id` — or `gid`, `key`, ... as the name ends — of an item listed by a
 * response whose path mentions `x`), unless given with `-p X_ID=value`; else the call is skipped.
 */
import { existsSync, readFileSync } from "node:fs";
import { fillTemplate, getConnector, listConnectors } from "../connectors/index.js";
import { TestToolError } from "./http.js";

export interface CallRef {
  accessor: string;
  pathReplacement?: string;
  paramReplacement?: string;
}

export interface ExampleCall {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  refs?: CallRef[];
}

export interface DataSource {
  name: string;
  calls: ExampleCall[];
  /** Google connectors: whom the example calls should impersonate. */
  impersonate?: string;
}

export const DEMO_DATA_SOURCE: DataSource = {
  name: "demo",
  calls: [
    { method: "GET", path: "/calendar/v3/calendars/primary/events?maxResults=10" },
    {
      method: "GET",
      path: "/v2/users/me/meetings?page_size=10",
      refs: [{ accessor: "meetings[0].id", pathReplacement: "MEETING_ID" }],
    },
    { method: "GET", path: "/v2/past_meetings/[MEETING_ID]/participants?page_size=10" },
  ],
};

function parseManifest(name: string, text: string): DataSource {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new TestToolError(`${name}: not valid JSON (${(e as Error).message})`);
  }
  const calls = Array.isArray(parsed) ? parsed : (parsed as { calls?: unknown })?.calls;
  if (!Array.isArray(calls) || calls.length === 0)
    throw new TestToolError(`${name}: expected a non-empty array of calls, or {"calls": [...]}`);
  return {
    name,
    impersonate: (parsed as { impersonate?: string }).impersonate,
    calls: calls.map((c, i) => {
      const call = c as Partial<ExampleCall>;
      if (typeof call?.path !== "string" || !call.path.startsWith("/"))
        throw new TestToolError(`${name}: call ${i + 1} has no path starting with /`);
      return {
        method: (call.method ?? (call.body !== undefined ? "POST" : "GET")).toUpperCase(),
        path: call.path,
        body:
          typeof call.body === "string" || call.body === undefined ? call.body : JSON.stringify(call.body),
        contentType: call.contentType,
        headers: call.headers,
        refs: call.refs,
      };
    }),
  };
}

/** A manifest file, `demo`, or a connector id. */
export function loadDataSource(name: string): DataSource {
  if (existsSync(name)) return parseManifest(name, readFileSync(name, "utf8"));
  if (name === "demo") return DEMO_DATA_SOURCE;
  const connector = getConnector(name);
  if (!connector)
    throw new TestToolError(`Unknown data source: ${name} (a connector id, "demo" or a manifest file)`);
  const requests = connector.exampleApiRequests ?? [];
  if (requests.length === 0) throw new TestToolError(`${name} has no example API calls`);
  return {
    name,
    impersonate: connector.exampleApiCallsUserToImpersonate,
    calls: requests.map((r) => ({
      method: r.method,
      path: r.path,
      body: r.body,
      contentType: r.contentType,
      headers: r.headers,
    })),
  };
}

export interface DeclaredMethod {
  method: string;
  /** the connector whose example call declares it */
  connector: string;
  /** the example's body, if it has one */
  body?: string;
}

/**
 * `-m` omitted and no body (infra spec 11.1): the method an example call of the catalog declares for
 * this exact path (the query is not compared). The URL's path may carry the deployment's base path in
 * front (API Gateway stage / function name, a load balancer's prefix), so a match at the end counts.
 */
export function declaredMethod(pathname: string): DeclaredMethod | undefined {
  for (const connector of listConnectors()) {
    for (const r of connector.exampleApiRequests ?? []) {
      const path = r.path.split("?")[0] ?? "";
      if (path.length < 2) continue;
      if (pathname === path || pathname.endsWith(path))
        return { method: r.method.toUpperCase(), connector: connector.id, body: r.body };
    }
  }
  return undefined;
}

/** lodash-style `a.b[0].c` (also `a.0.c`). */
export function getPath(value: unknown, accessor: string): unknown {
  const parts = accessor.match(/[^.[\]]+/g) ?? [];
  let current: unknown = value;
  for (const p of parts) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[p];
  }
  return current;
}

export interface Resolved {
  path: string;
  /** Placeholders no value was found for. */
  missing: string[];
}

const BRACE = /\{([A-Za-z][A-Za-z0-9_]*)\}|\[([A-Za-z][A-Za-z0-9_]*)\]/g;
const KEY_SUFFIXES = ["id", "gid", "uuid", "key", "name", "email"];

/** Chains values between calls of one data source. */
export class CallChain {
  private readonly values = new Map<string, string>();
  private readonly params = new Map<string, string>();
  private readonly history: { path: string; json: unknown }[] = [];

  constructor(private readonly given: Readonly<Record<string, string>> = {}) {}

  /** Records a response and applies the call's refs. */
  record(call: ExampleCall, json: unknown): void {
    this.history.push({ path: call.path.split("?")[0] ?? "", json });
    for (const ref of call.refs ?? []) {
      const v = getPath(json, ref.accessor);
      if (v === undefined || v === null || typeof v === "object") continue;
      if (ref.pathReplacement) this.values.set(ref.pathReplacement, String(v));
      if (ref.paramReplacement) this.params.set(ref.paramReplacement, String(v));
    }
  }

  resolve(call: ExampleCall): Resolved {
    const missing: string[] = [];
    let path = fillTemplate(call.path, this.given);
    path = path.replace(BRACE, (whole, a?: string, b?: string) => {
      const name = (a ?? b) as string;
      const v = this.given[name] ?? this.values.get(name) ?? (a ? this.guess(name) : undefined);
      if (v === undefined) {
        missing.push(name);
        return whole;
      }
      return encodeURIComponent(v);
    });
    if (this.params.size > 0) {
      const [p, q] = splitQuery(path);
      if (q !== undefined) {
        const search = new URLSearchParams(q);
        for (const [k, v] of this.params) if (search.has(k)) search.set(k, v);
        path = `${p}?${search.toString()}`;
      }
    }
    return { path, missing };
  }

  /** `{EVENT_ID}` → the `id` of the first item of an earlier response about events. */
  private guess(name: string): string | undefined {
    const tokens = name
      .toLowerCase()
      .split("_")
      .filter((t) => t !== "any" && t !== "");
    const last = tokens.at(-1) ?? "id";
    const key = KEY_SUFFIXES.includes(last) ? last : "id";
    const entity = (KEY_SUFFIXES.includes(last) ? tokens.slice(0, -1) : tokens).join("");
    const about = (path: string) => entity !== "" && path.toLowerCase().replace(/[_-]/g, "").includes(entity);
    const newest = [...this.history].reverse();
    for (const h of entity === "" ? newest : newest.filter((h) => about(h.path))) {
      const v = firstListedValue(h.json, key, entity);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

function splitQuery(path: string): [string, string | undefined] {
  const i = path.indexOf("?");
  return i < 0 ? [path, undefined] : [path.slice(0, i), path.slice(i + 1)];
}

/** Depth-first: the first object inside an array with `key` (or `<entity>_<key>`, `<entity>Id`). */
function firstListedValue(json: unknown, key: string, entity: string, depth = 0): string | undefined {
  if (depth > 6 || json === null || typeof json !== "object") return undefined;
  if (Array.isArray(json)) {
    for (const item of json) {
      if (item && typeof item === "object" && !Array.isArray(item)) {
        const o = item as Record<string, unknown>;
        for (const k of [key, `${entity}_${key}`, `${entity}${key[0]?.toUpperCase()}${key.slice(1)}`]) {
          const v = o[k];
          if (typeof v === "string" || typeof v === "number") return String(v);
        }
      }
      const inner = firstListedValue(item, key, entity, depth + 1);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  for (const v of Object.values(json)) {
    const inner = firstListedValue(v, key, entity, depth + 1);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
