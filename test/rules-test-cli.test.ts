/** `psoxy rules test` and `psoxy rules validate` as a user runs them (the built command, a real process). */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const bin = join(process.cwd(), "dist/psoxy.js");

beforeAll(() => {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
});

const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

describe("psoxy rules test", () => {
  it("passes the bundled example and prints the summary line", () => {
    const r = run("rules", "test", "examples/rules-test/manifest.json");
    expect(r.stdout.trim().split("\n").at(-1)).toBe("5 passed, 0 failed, 0 skipped");
    expect(r.status).toBe(0);
  });

  it("reports a failing case with a diff and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "psoxy-rt-"));
    const ex = join(process.cwd(), "examples/rules-test");
    writeFileSync(join(dir, "wrong.json"), '{"kind":"calendar#events","items":[]}');
    writeFileSync(
      join(dir, "manifest.json"),
      JSON.stringify({
        secrets: { salt: "salt", encryptionKey: "secret" },
        api: [
          {
            id: "wrong-expectation",
            rules: join(ex, "calendar-rules.yaml"),
            method: "GET",
            url: "https://www.googleapis.com/calendar/v3/calendars/primary/events",
            original: join(ex, "responses/events.json"),
            expected: join(dir, "wrong.json"),
          },
        ],
      }),
    );
    const r = run("rules", "test", join(dir, "manifest.json"));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("FAIL api wrong-expectation");
    expect(r.stdout).toMatch(/\$\.items\[0\]|\$\.items/);
    expect(r.stdout.trim().split("\n").at(-1)).toBe("0 passed, 1 failed, 0 skipped");
  });
});

describe("psoxy rules validate", () => {
  it("accepts valid rules", () => {
    const r = run("rules", "validate", "examples/rules-test/calendar-rules.yaml");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("ok (API rules, 1 endpoint(s))");
  });
  it("names the place of each problem", () => {
    const dir = mkdtempSync(join(tmpdir(), "psoxy-rv-"));
    const f = join(dir, "bad.yaml");
    writeFileSync(
      f,
      'endpoints:\n  - pathTemplate: "/x"\n    transforms:\n      - !<pseudonymize>\n        jsonPaths: ["$.a."]\n',
    );
    const r = run("rules", "validate", f);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/jsonPaths\[0\]/);
    expect(r.stderr).toMatch(/line 5/);
  });
});
