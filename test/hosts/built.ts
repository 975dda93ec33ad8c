/**
 * The built deployables for black-box tests. `npm ci` builds dist/ (the `prepare` script); here it is
 * rebuilt only when a source is newer than the bundle. Test files run in parallel and another one may
 * rebuild dist/ at any moment, so each test runs a private snapshot, checked to parse before use (a
 * copy taken while esbuild was writing would not).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

const root = process.cwd();
const bundles = ["dist/psoxy.js", "dist/lambda/index.mjs", "dist/gcp/index.js"];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function ensureBuilt(): void {
  const sources = Math.max(
    newestSource(resolve(root, "src")),
    mtime(resolve(root, "scripts/build.mjs")),
    mtime(resolve(root, "package.json")),
  );
  const oldest = Math.min(...bundles.map((b) => mtime(resolve(root, b))));
  if (oldest < sources)
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
}

/**
 * A private copy of a built file, under node_modules/.cache so that its external imports (the AWS SDK,
 * Google's client) still resolve from the project's node_modules.
 */
export async function snapshot(file: string): Promise<string> {
  const dir = resolve(root, "node_modules/.cache/psoxy-hosts-test", `${process.pid}`, dirname(file));
  mkdirSync(dir, { recursive: true });
  const target = join(dir, basename(file));
  for (let attempt = 0; ; attempt++) {
    copyFileSync(resolve(root, file), target);
    try {
      execFileSync(process.execPath, ["--check", target], { stdio: "ignore" });
      return target;
    } catch {
      if (attempt >= 20) throw new Error(`${file} does not parse`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Writes a file next to the snapshots (drivers that import them). */
export function scratchFile(name: string, text: string): string {
  const dir = resolve(root, "node_modules/.cache/psoxy-hosts-test", `${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export function readBuilt(file: string): string {
  return readFileSync(resolve(root, file), "utf8");
}

/** Removes this process' snapshots. */
export function removeSnapshots(): void {
  rmSync(resolve(root, "node_modules/.cache/psoxy-hosts-test", `${process.pid}`), {
    recursive: true,
    force: true,
  });
}
