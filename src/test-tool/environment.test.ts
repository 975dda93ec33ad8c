/** The environment check (infra spec 11.2). */
import { describe, expect, it } from "vitest";
import { environmentNotes } from "./environment.js";

describe("environmentNotes", () => {
  it("says nothing on an LTS release", () => {
    expect(environmentNotes("20.19.1")).toEqual([]);
    expect(environmentNotes("22.3.0")).toEqual([]);
  });

  it("warns that Node 21 (and other odd releases) print harmless deprecation warnings", () => {
    const [note] = environmentNotes("21.7.3");
    expect(note).toContain("Node.js 21 is not an LTS release");
    expect(note).toContain("deprecation warnings from the Google client libraries");
    expect(environmentNotes("23.1.0")).toHaveLength(1);
  });

  it("warns below Node 20", () => {
    expect(environmentNotes("18.20.0")[0]).toContain("too old for psoxy (it needs 20 or later)");
  });

  it("defaults to the running Node.js", () => {
    expect(environmentNotes()).toEqual(environmentNotes(process.versions.node));
  });
});
