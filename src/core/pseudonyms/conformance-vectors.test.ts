/**
 * Runs every pseudonym / e-mail vector of the shared conformance corpus through `runPseudonymVector`.
 * The corpus lives next to the repository; without it the suite is skipped locally and fails in CI.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  PSEUDONYM_VECTOR_KINDS,
  type PseudonymVector,
  runPseudonymVector,
  type VectorSecrets,
} from "./index.js";

const corpusPath = path.resolve(process.cwd(), "../shared/conformance/cases.json");
const found = existsSync(corpusPath);

interface Corpus {
  secrets?: VectorSecrets;
  vectors?: (PseudonymVector & { id: string })[];
}

const corpus: Corpus = found ? JSON.parse(readFileSync(corpusPath, "utf8")) : {};
const vectors = (corpus.vectors ?? []).filter((v) => PSEUDONYM_VECTOR_KINDS.includes(v.kind));

describe("conformance corpus: pseudonym and e-mail vectors", () => {
  it("corpus is present", () => {
    if (!found && process.env.CI === "true") {
      throw new Error(
        `conformance corpus not found at ${corpusPath}; check out the shared corpus next to the repo`,
      );
    }
  });

  describe.skipIf(!found)("vectors", () => {
    it("covers every kind", () => {
      const kinds = new Set(vectors.map((v) => v.kind));
      expect([...kinds].sort()).toEqual([...PSEUDONYM_VECTOR_KINDS].sort());
    });

    for (const v of vectors) {
      it(`${v.kind} ${v.id}`, () => {
        const r = runPseudonymVector(v, corpus.secrets);
        expect({ ok: r.ok, actual: r.actual }).toEqual({ ok: true, actual: v.expected });
      });
    }
  });
});
