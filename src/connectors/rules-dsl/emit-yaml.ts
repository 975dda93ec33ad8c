/**
 * Serializes a built rules set to rules YAML. Transforms and augments carry verbatim tags
 * (`!<pseudonymize>`), the spelling the reference's serializer writes, so the text is also accepted by
 * the Java Psoxy.
 */
import { Document, isNode, type Node, Pair, YAMLMap, YAMLSeq } from "yaml";
import type {
  ApiRulesDoc,
  AugmentDoc,
  BulkRulesDoc,
  EndpointDoc,
  RecordRulesDoc,
  RulesDoc,
  TransformDoc,
} from "./model.js";

type Plain = string | number | boolean | null | undefined | Plain[] | { [k: string]: Plain } | Node;

export function rulesToYaml(rules: RulesDoc): string {
  const doc = new Document();
  doc.contents = toNode(doc, plain(rules)) as never;
  return doc.toString({ lineWidth: 0, indentSeq: true });
}

function plain(rules: RulesDoc): Plain {
  switch (rules.kind) {
    case "api":
      return apiPlain(rules);
    default:
      return bulkPlain(rules);
  }
}

function apiPlain(r: ApiRulesDoc): Plain {
  const out: { [k: string]: Plain } = {};
  if (r.allowAllEndpoints !== undefined) out.allowAllEndpoints = r.allowAllEndpoints;
  if (r.allowedRequestHeaders) out.allowedRequestHeaders = r.allowedRequestHeaders;
  out.endpoints = r.endpoints.map(endpointPlain);
  if (r.definitions) out.definitions = r.definitions as Plain;
  return out;
}

function endpointPlain(e: EndpointDoc): Plain {
  const out: { [k: string]: Plain } = {};
  for (const [k, v] of Object.entries(e)) {
    if (v === undefined) continue;
    if (k === "transforms") out[k] = (v as TransformDoc[]).map((t) => tagged(t.type, t));
    else if (k === "augments") out[k] = (v as AugmentDoc[]).map((a) => tagged(a.type, a));
    else out[k] = v as Plain;
  }
  return out;
}

const TAG = Symbol("tag");

function tagged(tag: string, value: { type: string }): Plain {
  const body: { [k: string]: Plain } = {};
  for (const [k, v] of Object.entries(value)) if (k !== "type" && v !== undefined) body[k] = v as Plain;
  Object.defineProperty(body, TAG, { value: tag, enumerable: false });
  return body;
}

function bulkPlain(r: BulkRulesDoc): Plain {
  const out: { [k: string]: Plain } = {};
  if (r.kind === "multi") {
    const files: { [k: string]: Plain } = {};
    for (const [template, rules] of r.fileRules) files[template] = bulkPlain(rules);
    out.fileRules = files;
    return out;
  }
  if (r.kind === "record") return recordPlain(r);
  for (const [k, v] of Object.entries(r)) if (k !== "kind" && v !== undefined) out[k] = v as Plain;
  return out;
}

function recordPlain(r: RecordRulesDoc): Plain {
  const out: { [k: string]: Plain } = {};
  if (r.format) out.format = r.format;
  out.transforms = r.transforms as Plain;
  if (r.outputSchemaFilter) out.outputSchemaFilter = r.outputSchemaFilter as Plain;
  return out;
}

function toNode(doc: Document, v: Plain): unknown {
  if (isNode(v)) return v;
  if (Array.isArray(v)) {
    const seq = new YAMLSeq();
    for (const item of v) seq.items.push(toNode(doc, item));
    return seq;
  }
  if (v !== null && typeof v === "object") {
    const map = new YAMLMap();
    for (const [k, item] of Object.entries(v)) {
      if (item === undefined) continue;
      map.items.push(new Pair(doc.createNode(k), toNode(doc, item)));
    }
    const tag = (v as Record<symbol, unknown>)[TAG];
    if (typeof tag === "string") map.tag = tag;
    return map;
  }
  return doc.createNode(v);
}
