/** Helpers for the infra tests: find and parse every .tf file under infra/ with @cdktf/hcl2json. */
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = realpathSync(resolve(dirname(fileURLToPath(import.meta.url)), "..", ".."));
export const INFRA = join(REPO, "infra");

// biome-ignore lint/suspicious/noExplicitAny: hcl2json output is untyped JSON
export type Hcl = Record<string, any>;

/**
 * Loaded without its typings on purpose: they reference the DOM library, which would change the
 * project-wide types of Node's fetch `Headers`/`Response` and break type-checking elsewhere.
 */
export const parse = createRequire(import.meta.url)("@cdktf/hcl2json").parse as (
  filename: string,
  text: string,
) => Promise<Hcl>;

export interface TfFile {
  path: string;
  rel: string;
  dir: string;
  text: string;
  json: Hcl;
}

/** Symbolic links met while walking infra/ (the legacy module aliases), not followed. */
export interface TfSymlink {
  path: string;
  rel: string;
  /** the link's text, e.g. `aws-proxy-api` */
  target: string;
}

function walk(dir: string, out: string[] = [], links: TfSymlink[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === ".terraform" || name === "node_modules") continue;
    const p = join(dir, name);
    // aliases are links to other modules: following them would read those modules twice
    if (lstatSync(p).isSymbolicLink()) {
      links.push({ path: p, rel: relative(REPO, p), target: readlinkSync(p) });
      continue;
    }
    if (statSync(p).isDirectory()) walk(p, out, links);
    else if (name.endsWith(".tf")) out.push(p);
  }
  return out;
}

export function tfSymlinks(): TfSymlink[] {
  const links: TfSymlink[] = [];
  walk(INFRA, [], links);
  return links.sort((a, b) => a.rel.localeCompare(b.rel));
}

/** Directory a module `source` points at, with links (legacy aliases) resolved. */
export function moduleDir(callerDir: string, source: string): string {
  const target = resolve(callerDir, source);
  try {
    return realpathSync(target);
  } catch {
    return target;
  }
}

let cache: Promise<TfFile[]> | undefined;

export function tfFiles(): Promise<TfFile[]> {
  cache ??= Promise.all(
    walk(INFRA)
      .sort()
      .map(async (path) => {
        const text = readFileSync(path, "utf8");
        return { path, rel: relative(REPO, path), dir: dirname(path), text, json: await parse(path, text) };
      }),
  );
  return cache;
}

/** Terraform "directories" (modules and example roots) with their files. */
export async function tfDirs(): Promise<Map<string, TfFile[]>> {
  const dirs = new Map<string, TfFile[]>();
  for (const f of await tfFiles()) dirs.set(f.dir, [...(dirs.get(f.dir) ?? []), f]);
  return dirs;
}

/** variable name -> its (first) block */
export function variablesOf(files: TfFile[]): Map<string, Hcl> {
  const vars = new Map<string, Hcl>();
  for (const f of files)
    for (const [name, blocks] of Object.entries(f.json.variable ?? {})) vars.set(name, (blocks as Hcl[])[0]);
  return vars;
}

/** uncommented text (drops # and // comment lines, which the optional example files are made of) */
export function codeOf(text: string): string {
  return text
    .split("\n")
    .filter((l) => !/^\s*(#|\/\/)/.test(l))
    .join("\n");
}
