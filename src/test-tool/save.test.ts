/** `-s` file names and contents (infra spec 11.1, 11.4). */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { responseFileName, savedContent, saveResponse } from "./save.js";

const dir = mkdtempSync(join(tmpdir(), "psoxy-save-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = new Date("2026-03-12T10:15:00.000Z");

describe("responseFileName", () => {
  it("is the API path with / as -, then the ISO time (the query is left out)", () => {
    expect(responseFileName(new URL("https://h/calendar/v3/calendars/primary?x=1"), ".json", at)).toBe(
      "calendar-v3-calendars-primary-2026-03-12T10:15:00.000Z.json",
    );
    expect(responseFileName(new URL("https://h/v2/users"), "-async.json", at)).toBe(
      "v2-users-2026-03-12T10:15:00.000Z-async.json",
    );
    expect(responseFileName(new URL("https://h/"), ".json", at)).toBe(
      "response-2026-03-12T10:15:00.000Z.json",
    );
  });
});

describe("saveResponse", () => {
  it("creates the directory, pretty-prints JSON, keeps text as is, never overwrites", () => {
    const target = join(dir, "a", "b");
    const url = new URL("https://h/v2/users");
    const p1 = saveResponse(target, url, savedContent('{"a":1}', { a: 1 }));
    const p2 = saveResponse(target, url, savedContent("plain", undefined));
    const p3 = saveResponse(target, url, savedContent("plain", undefined));
    expect(readFileSync(p1, "utf8")).toBe('{\n  "a": 1\n}\n');
    expect(readFileSync(p2, "utf8")).toBe("plain");
    expect(new Set([p1, p2, p3]).size).toBe(3);
    expect(readdirSync(target)).toHaveLength(3);
  });
});
