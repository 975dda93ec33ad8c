import { describe, expect, it } from "vitest";
import { runPseudonymVector } from "./vectors.js";

describe("runPseudonymVector", () => {
  it("passes a matching vector and reports the actual value", () => {
    const r = runPseudonymVector({
      kind: "hash-token",
      input: "test",
      options: { salt: "salt" },
      expected: "x",
    });
    expect(r).toEqual({ ok: false, actual: "t~Tt8H7clbL9y8ryN4_RLYrCEsKqbjJsWcPmKb4wOdZDI" });
  });

  it("uses the given corpus secrets", () => {
    const r = runPseudonymVector(
      { kind: "pseudonym-encode", input: "blah", options: { includeReversible: true }, expected: null },
      { salt: "salt", encryptionKey: "other" },
    );
    expect(r.actual).not.toBe("p~nVPSMYD7ZO_ptGIMJ65TAFo5_vVVQQ2af5Bfg7bW0Jq9JIOXfBWhts_zA5Ns0r4m");
    expect(String(r.actual).slice(0, 44)).toBe("p~nVPSMYD7ZO_ptGIMJ65TAFo5_vVVQQ2af5Bfg7bW0J");
  });

  it("turns errors into a failed result instead of throwing", () => {
    expect(runPseudonymVector({ kind: "nope", input: "", expected: "" })).toMatchObject({
      ok: false,
      actual: { error: "Error" },
    });
    const r = runPseudonymVector({ kind: "reverse-pseudonyms", input: `p~${"A".repeat(64)}`, expected: "" });
    expect(r).toMatchObject({ ok: false, actual: { error: "TOKEN_DECRYPTION_FAILED" } });
  });

  it("hash relations report the observed relation", () => {
    const v = { kind: "pseudonymize-hash-relation", input: "Alice@x.co", options: {} };
    expect(runPseudonymVector({ ...v, expected: { sameHashAs: "alice@x.co" } }).ok).toBe(true);
    expect(runPseudonymVector({ ...v, expected: { differentHashFrom: "alice@x.co" } })).toEqual({
      ok: false,
      actual: { sameHashAs: "alice@x.co" },
    });
  });
});
