/**
 * Endpoint augments (spec 10): add `+<field>:textDigest` members next to text fields before the schema
 * filter runs. Augments never fail a response: a failing augment is skipped.
 */

import { isBlank } from "../java/strings.js";
import { parsePermissive, serializeSmart } from "../json/json-smart.js";
import { serializeJson } from "../json/serialize.js";
import type { JsonValue } from "../json/types.js";
import { compileJsonPath, locate } from "../jsonpath/index.js";
import type { Augment } from "../rules/model.js";
import { digest } from "../transforms/text-digest.js";

const SEGMENT = /\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g;

function hasPlusKey(v: JsonValue): boolean {
  if (v instanceof Map) {
    for (const [k, val] of v) {
      if (k.startsWith("+") || hasPlusKey(val)) return true;
    }
    return false;
  }
  if (Array.isArray(v)) return v.some(hasPlusKey);
  return false;
}

type Segment = string | number;

function segments(pathString: string): Segment[] {
  const out: Segment[] = [];
  for (const m of pathString.matchAll(SEGMENT)) {
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : Number(m[2]));
  }
  return out;
}

function walk(root: JsonValue, segs: Segment[]): JsonValue | undefined {
  let cur: JsonValue | undefined = root;
  for (const s of segs) {
    if (typeof s === "number") cur = Array.isArray(cur) ? cur[s] : undefined;
    else cur = cur instanceof Map ? cur.get(s) : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

export interface CompiledAugment {
  keywords: string[];
  paths: ReturnType<typeof compileJsonPath>[];
  inner?: ReturnType<typeof compileJsonPath>;
}

export function compileAugments(augments: Augment[] | undefined): CompiledAugment[] {
  const out: CompiledAugment[] = [];
  for (const a of augments ?? []) {
    if (a.type !== "textDigest") continue; // sentenceMetadata needs an NLP model: not supported, skipped
    out.push({
      keywords: a.keywords.filter((k) => !isBlank(k)),
      paths: a.jsonPaths.map((p) => compileJsonPath(p)),
      inner: a.innerJsonPath && a.innerJsonPath !== "" ? compileJsonPath(a.innerJsonPath) : undefined,
    });
  }
  return out;
}

export function applyAugments(doc: JsonValue, augments: CompiledAugment[]): void {
  if (augments.length === 0 || hasPlusKey(doc)) return;
  for (const a of augments) {
    for (const path of a.paths) {
      let locations: ReturnType<typeof locate>;
      try {
        locations = locate(doc, path);
      } catch {
        continue;
      }
      for (const loc of locations) {
        try {
          applyAt(doc, loc.pathString, a);
        } catch {
          // augments never fail the response
        }
      }
    }
  }
}

function applyAt(doc: JsonValue, pathString: string, a: CompiledAugment): void {
  const segs = segments(pathString);
  let leafIdx = -1;
  for (let i = segs.length - 1; i >= 0; i--) {
    if (typeof segs[i] === "string") {
      leafIdx = i;
      break;
    }
  }
  if (leafIdx < 0) return;
  const parent = walk(doc, segs.slice(0, leafIdx));
  if (!(parent instanceof Map)) return;
  const src = walk(doc, segs);
  const prop = `+${segs[leafIdx] as string}:textDigest`;
  if (a.inner && typeof src === "string" && src !== "") {
    let inner: JsonValue;
    try {
      inner = parsePermissive(src);
    } catch {
      return;
    }
    let replaced = false;
    let innerLocs: ReturnType<typeof locate>;
    try {
      innerLocs = locate(inner, a.inner);
    } catch {
      return;
    }
    for (const l of innerLocs) {
      const v =
        l.parent instanceof Map
          ? l.parent.get(l.key as string)
          : Array.isArray(l.parent)
            ? l.parent[l.key as number]
            : undefined;
      if (typeof v !== "string") continue;
      const d = serializeJson(digest(v, a.keywords));
      if (l.parent instanceof Map) l.parent.set(l.key as string, d);
      else if (Array.isArray(l.parent)) l.parent[l.key as number] = d;
      else inner = d;
      replaced = true;
    }
    if (replaced) parent.set(prop, serializeSmart(inner));
  } else if (typeof src === "string") {
    parent.set(prop, digest(src, a.keywords));
  }
}
