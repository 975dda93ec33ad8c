import { describe, expect, it } from "vitest";
import { PathChoice } from "./path-choice.js";

/** Runs `calls` calls where the text pass costs `text` ms and the native path `native` ms per 1000 bytes. */
function run(text: number, native: number, calls: number): boolean[] {
  const choice = new PathChoice();
  const tried: boolean[] = [];
  for (let i = 0; i < calls; i++) {
    const t = choice.tryText();
    tried.push(t);
    choice.record(t, t ? text : native, 1000);
  }
  return tried;
}

describe("choice between the text pass and the native path", () => {
  it("measures both first, then keeps to the cheaper one, trying the other now and then", () => {
    const cheapText = run(1, 2, 200);
    expect(cheapText.slice(0, 8).filter(Boolean)).toHaveLength(4);
    const after = cheapText.slice(8);
    expect(after.filter((t) => !t).length).toBeGreaterThan(0); // re-probes
    expect(after.filter((t) => !t).length).toBeLessThan(after.length / 20);
    const cheapNative = run(3, 1, 200).slice(8);
    expect(cheapNative.filter(Boolean).length).toBeGreaterThan(0);
    expect(cheapNative.filter(Boolean).length).toBeLessThan(cheapNative.length / 20);
  });

  it("follows a change in which one is cheaper", () => {
    const choice = new PathChoice();
    const cost = (text: boolean, phase: number) => (text === (phase === 0) ? 1 : 3);
    let last: boolean[] = [];
    for (const phase of [0, 1]) {
      last = [];
      for (let i = 0; i < 400; i++) {
        const t = choice.tryText();
        last.push(t);
        choice.record(t, cost(t, phase), 1000);
      }
    }
    // cheaper text first, cheaper native after: the last calls mostly go native
    expect(last.slice(-100).filter(Boolean).length).toBeLessThan(10);
  });
});
