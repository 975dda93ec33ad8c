/**
 * Applying `map` / `delete` to evaluated locations in Jayway's order: `Collections.sort` of the
 * PathRefs, i.e. two array-element locations compare by index (higher first), anything else compares
 * its key text (`a&&b` for a multi-name location, `$` for the root) in descending UTF-16 order.
 *
 * That comparator is not a total order when index and name locations mix, so the result depends on the
 * sorting algorithm. Below 32 elements Java's TimSort is a binary insertion sort after an initial run,
 * which `javaSmallSort` reproduces step for step; above, it matches any stable sort whenever the
 * comparator is consistent (mixed-kind inputs that large are the documented residual divergence).
 */
import {
  type AnyJsonObject,
  type JsonArray,
  type JsonValue,
  objDelete,
  objGet,
  objSet,
} from "../json/types.js";
import { JsonPathEvaluationError } from "./errors.js";
import type { Match } from "./evaluate.js";

type Op = Match;

function accessor(m: Op): string {
  if (m.parent === null) return "$";
  if (m.keys !== null) return m.keys.join("&&");
  return typeof m.key === "number" ? String(m.key) : m.key;
}

function isIndexRef(m: Match): boolean {
  return m.parent !== null && m.keys === null && typeof m.key === "number";
}

/** Java `PathRef.compareTo` (negative: `a` is applied first). */
function compareRefs(a: Op, b: Op): number {
  if (isIndexRef(a) && isIndexRef(b)) {
    const x = b.key as number;
    const y = a.key as number;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const sa = accessor(a);
  const sb = accessor(b);
  return sa < sb ? 1 : sa > sb ? -1 : 0;
}

/** Java `ComparableTimSort.sort` for arrays shorter than MIN_MERGE (32). */
function javaSmallSort(a: Op[]): void {
  const n = a.length;
  if (n < 2) return;
  let runHi = 1;
  if (compareRefs(a[runHi++], a[0]) < 0) {
    while (runHi < n && compareRefs(a[runHi], a[runHi - 1]) < 0) runHi++;
    for (let lo = 0, hi = runHi - 1; lo < hi; lo++, hi--) {
      const t = a[lo];
      a[lo] = a[hi];
      a[hi] = t;
    }
  } else {
    while (runHi < n && compareRefs(a[runHi], a[runHi - 1]) >= 0) runHi++;
  }
  for (let start = runHi; start < n; start++) {
    const pivot = a[start];
    let left = 0;
    let right = start;
    while (left < right) {
      const mid = (left + right) >>> 1;
      if (compareRefs(pivot, a[mid]) < 0) right = mid;
      else left = mid + 1;
    }
    for (let j = start; j > left; j--) a[j] = a[j - 1];
    a[left] = pivot;
  }
}

export function sortForUpdate(matches: Match[]): Match[] {
  const ops = matches;
  if (ops.length < 32) javaSmallSort(ops);
  else ops.sort(compareRefs);
  return ops;
}

function outOfRange(index: number, length: number): JsonPathEvaluationError {
  return new JsonPathEvaluationError(
    `index ${index} out of bounds for length ${length} while updating an array`,
  );
}

/**
 * How many values `applyMap` has written that are objects, arrays or big integers. The API sanitizer's
 * native fast path compares it before and after a response: when nothing of the kind was written, the
 * tree still holds only what the native JSON.stringify writes exactly.
 */
export const writeStats = { nonScalar: 0 };

export function written(v: JsonValue): JsonValue {
  if (v !== null && (typeof v === "object" || typeof v === "bigint")) writeStats.nonScalar++;
  return v;
}

export function applyMap(ops: Match[], fn: (v: JsonValue) => JsonValue): void {
  for (const m of ops) {
    const parent = m.parent;
    if (parent === null)
      throw new JsonPathEvaluationError("invalid map operation: the path selects the document root");
    if (m.keys !== null) {
      const obj = parent as AnyJsonObject;
      for (const k of m.keys) {
        const cur = objGet(obj, k);
        if (cur !== undefined) objSet(obj, k, written(fn(cur)));
      }
    } else if (typeof m.key === "number") {
      const arr = parent as JsonArray;
      const i = m.key;
      if (i < 0 || i >= arr.length) throw outOfRange(i, arr.length);
      arr[i] = written(fn(arr[i]));
    } else {
      const obj = parent as AnyJsonObject;
      const cur = objGet(obj, m.key);
      // Absent only when the member vanished meanwhile, which map never causes; Jayway would pass UNDEFINED.
      if (cur !== undefined) objSet(obj, m.key, written(fn(cur)));
    }
  }
}

interface ArrayPlan {
  ok: boolean;
  last: number;
  indexes: number[];
}

/** Arrays shorter than this are updated one element at a time (cheap enough, no bookkeeping). */
const BATCH_MIN_LENGTH = 64;

/**
 * Deletes in sorted order. Removing elements one by one is quadratic on large arrays, so when the
 * deletions of a large array come in strictly descending, in-range order (the normal case) they are
 * applied in one compaction pass: deleting a higher index never moves a lower one, and no other
 * operation depends on positions inside that array, so the result is the same.
 */
export function applyDelete(ops: Match[]): void {
  let plans: Map<JsonArray, ArrayPlan> | null = null;
  for (const m of ops) {
    if (m.parent === null || m.keys !== null || typeof m.key !== "number") continue;
    const arr = m.parent as JsonArray;
    if (arr.length < BATCH_MIN_LENGTH) continue;
    if (plans === null) plans = new Map();
    let plan = plans.get(arr);
    if (plan === undefined) {
      plan = { ok: true, last: Number.POSITIVE_INFINITY, indexes: [] };
      plans.set(arr, plan);
    }
    if (!plan.ok) continue;
    const i = m.key;
    if (i >= 0 && i < arr.length && i < plan.last) {
      plan.last = i;
      plan.indexes.push(i);
    } else {
      plan.ok = false;
    }
  }
  for (const m of ops) {
    const parent = m.parent;
    if (parent === null) {
      throw new JsonPathEvaluationError("invalid delete operation: the path selects the document root");
    }
    if (m.keys !== null) {
      for (const k of m.keys) objDelete(parent as AnyJsonObject, k);
    } else if (typeof m.key === "number") {
      const arr = parent as JsonArray;
      if (plans !== null && plans.get(arr)?.ok === true) continue;
      const i = m.key;
      if (i < 0 || i >= arr.length) throw outOfRange(i, arr.length);
      arr.splice(i, 1);
    } else {
      objDelete(parent as AnyJsonObject, m.key);
    }
  }
  if (plans === null) return;
  for (const [arr, plan] of plans) {
    if (!plan.ok) continue;
    const idx = plan.indexes;
    // idx is strictly descending: walk it backwards while compacting.
    let k = idx.length - 1;
    let w = idx[k];
    for (let r = w; r < arr.length; r++) {
      if (k >= 0 && r === idx[k]) {
        k--;
        continue;
      }
      arr[w++] = arr[r];
    }
    arr.length = w;
  }
}
