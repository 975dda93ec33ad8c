import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonDouble, type JsonValue, serializeJson } from "../json/index.js";
import { EvalCtx, evaluateProgram, newShared } from "./evaluate.js";
import {
  compileJsonPath,
  deletePath,
  JsonPathEvaluationError,
  JsonPathSyntaxError,
  mapPath,
  PathNotFoundError,
  readPath,
} from "./index.js";
import { sortForUpdate } from "./update.js";

const KEYS = ["a", "b", "c", "id", "email", "0"];

const jsonTree: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(new JsonDouble(1.5), new JsonDouble(1e10), new JsonDouble(Number.POSITIVE_INFINITY)),
    fc.constantFrom("x", "a", "ab", "USLACKBOT", "1", "", "$.a", "[1]"),
    fc.array(tie("v"), { maxLength: 4 }),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie("v")), { maxLength: 4, selector: (e) => e[0] })
      .map((entries) => new Map(entries)),
  ),
})).v;

const TOKENS = [
  ".a",
  ".b",
  ".id",
  "['a','b']",
  "['id','email']",
  ".['a','c']",
  "[*]",
  ".*",
  "[0]",
  "[-1]",
  "[0,1]",
  "[0:2]",
  "[-2:]",
  "[:1]",
  "..a",
  "..email",
  "..['id','email']",
  "..['a','b'].c",
  "..[*]",
  "..[0]",
  "[?(@.a)]",
  "[?(!@.b)]",
  "[?(@.a == 1)]",
  "[?(@.b != 'x')]",
  "[?(@ =~ /a.*/i)]",
  "[?(@.id =~ /^(x|ab)$/)]",
  "[?(!(@.a in ['x', 1]))]",
  "[?(@.a nin [1,2])]",
  "[?(@.a > 1 || @.b && @.c)]",
  "[?(@.c == $.a)]",
  "[?(@.email size 2)]",
  "[?(@.a == [1])]",
  "..[?(@.id != 'USLACKBOT')]",
  "..[?(@.x)].id",
  "[?(@ != 'USLACKBOT')]",
];

const pathArb = fc
  .array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 4 })
  .map((ts) => `$${ts.join("")}`);

const allowed = (e: unknown) =>
  e instanceof PathNotFoundError || e instanceof JsonPathEvaluationError || e instanceof JsonPathSyntaxError;

function clone(v: JsonValue): JsonValue {
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, clone(x)]));
  if (Array.isArray(v)) return v.map(clone);
  return v;
}

/** Reference delete: apply the sorted locations one by one (what Jayway does). */
function naiveDelete(root: JsonValue, text: string): void {
  const c = compileJsonPath(text) as unknown as { program: never; slotCount: number };
  const ctx = new EvalCtx(newShared(c.slotCount, root, text), false, false, false);
  ctx.matches = [];
  evaluateProgram(c.program, root, ctx);
  if (ctx.count === 0) throw new PathNotFoundError("none");
  for (const m of sortForUpdate(ctx.matches)) {
    if (m.parent === null) throw new JsonPathEvaluationError("root");
    if (m.keys !== null) for (const k of m.keys) (m.parent as Map<string, JsonValue>).delete(k);
    else if (typeof m.key === "number") {
      const arr = m.parent as JsonValue[];
      if (m.key < 0 || m.key >= arr.length) throw new JsonPathEvaluationError("range");
      arr.splice(m.key, 1);
    } else (m.parent as Map<string, JsonValue>).delete(m.key);
  }
}

function outcome(f: () => void): string {
  try {
    f();
    return "ok";
  } catch (e) {
    if (!allowed(e)) throw e;
    return (e as Error).name;
  }
}

describe("property: operations only fail with the three JSONPath errors", () => {
  it("map / delete / read on random trees and paths", () => {
    fc.assert(
      fc.property(jsonTree, pathArb, (tree, path) => {
        const c = (() => {
          try {
            return compileJsonPath(path);
          } catch (e) {
            if (e instanceof JsonPathSyntaxError) return null;
            throw e;
          }
        })();
        if (c === null) return;
        const before = serializeJson(tree);

        const forMap = clone(tree);
        const r1 = outcome(() => mapPath(forMap, c, (v) => v));
        if (r1 === "ok") expect(serializeJson(forMap)).toBe(before);

        const forMark = clone(tree);
        outcome(() => mapPath(forMark, c, () => "m"));

        const forDelete = clone(tree);
        const r2 = outcome(() => deletePath(forDelete, c));
        const reference = clone(tree);
        const r3 = outcome(() => naiveDelete(reference, path));
        expect(r2).toBe(r3);
        if (r2 === "ok") {
          expect(serializeJson(forDelete)).toBe(serializeJson(reference));
          const holes = (v: JsonValue): boolean =>
            v instanceof Map
              ? [...v.values()].some(holes)
              : Array.isArray(v)
                ? v.some((x) => x === undefined || holes(x))
                : false;
          expect(holes(forDelete)).toBe(false);
        }

        outcome(() => readPath(tree, c));
        expect(serializeJson(tree)).toBe(before);
      }),
      { numRuns: 3000 },
    );
  });
});
