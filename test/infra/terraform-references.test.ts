/**
 * A static stand-in for `terraform validate` (no Terraform binary here): within each module, every
 * `var.`, `local.`, `module.`, `data.` and resource reference resolves to something declared, and every
 * `module.<name>.<output>` names an output the called module declares. The example roots are also
 * checked without their optional Microsoft 365 files, as a user without Microsoft 365 deploys them.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codeOf, type Hcl, INFRA, moduleDir, type TfFile, tfDirs } from "./hcl.js";

const PROVIDER_PREFIX = /\b((?:aws|google|random|local|azuread|tls)_[a-z0-9_]+)\.([a-z0-9_]+)\b/g;

function declared(files: TfFile[]) {
  const vars = new Set<string>();
  const locals = new Set<string>();
  const modules = new Map<string, string>();
  const resources = new Set<string>();
  const data = new Set<string>();
  const outputs = new Set<string>();
  for (const f of files) {
    for (const v of Object.keys(f.json.variable ?? {})) vars.add(v);
    for (const block of (f.json.locals ?? []) as Hcl[]) for (const l of Object.keys(block)) locals.add(l);
    for (const [m, blocks] of Object.entries((f.json.module ?? {}) as Record<string, Hcl[]>))
      modules.set(m, blocks[0].source);
    for (const [type, byName] of Object.entries((f.json.resource ?? {}) as Record<string, Hcl>)) {
      for (const name of Object.keys(byName)) resources.add(`${type}.${name}`);
    }
    for (const [type, byName] of Object.entries((f.json.data ?? {}) as Record<string, Hcl>)) {
      for (const name of Object.keys(byName)) data.add(`${type}.${name}`);
    }
    for (const o of Object.keys(f.json.output ?? {})) outputs.add(o);
  }
  return { vars, locals, modules, resources, data, outputs };
}

/** The references of `files` (one configuration directory) that do not resolve, and how many were checked. */
function unresolved(dir: string, files: TfFile[], dirs: Map<string, TfFile[]>) {
  const d = declared(files);
  const problems: string[] = [];
  let checked = 0;
  const check = (ok: boolean, what: string) => {
    checked++;
    if (!ok) problems.push(what);
  };
  for (const f of files) {
    const code = codeOf(f.text);
    const where = (what: string) => `${f.rel}: ${what}`;
    for (const m of code.matchAll(/\bvar\.([A-Za-z0-9_]+)/g))
      check(d.vars.has(m[1]), where(`var.${m[1]} is not declared`));
    for (const m of code.matchAll(/\blocal\.([A-Za-z0-9_]+)/g))
      check(d.locals.has(m[1]), where(`local.${m[1]} is not defined`));
    for (const m of code.matchAll(/\bmodule\.([A-Za-z0-9_]+)(?:\[[^\]]*\])?\.([A-Za-z0-9_]+)/g)) {
      const source = d.modules.get(m[1]);
      if (source === undefined) {
        check(false, where(`module.${m[1]} is not declared`));
        continue;
      }
      const target = dirs.get(moduleDir(dir, source));
      check(
        declared(target ?? []).outputs.has(m[2]),
        where(`module.${m[1]}.${m[2]}: no such output in ${source}`),
      );
    }
    for (const m of code.matchAll(/\bdata\.([a-z0-9_]+)\.([a-z0-9_]+)/g))
      check(d.data.has(`${m[1]}.${m[2]}`), where(`data.${m[1]}.${m[2]} is not declared`));
    for (const m of code.matchAll(PROVIDER_PREFIX)) {
      if (code[m.index - 1] === ".") continue; // data.<type>.<name>, handled above
      check(d.resources.has(`${m[1]}.${m[2]}`), where(`${m[1]}.${m[2]} is not declared`));
    }
  }
  return { problems, checked };
}

describe("Terraform references resolve", () => {
  it("var / local / module / data / resource references are declared", async () => {
    const dirs = await tfDirs();
    let checked = 0;
    for (const [dir, files] of dirs) {
      const r = unresolved(dir, files, dirs);
      expect(r.problems).toEqual([]);
      checked += r.checked;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("the checker finds an undeclared reference (it can fail)", async () => {
    const dirs = await tfDirs();
    const dir = join(INFRA, "modules", "env-id");
    const files = dirs.get(dir) ?? [];
    expect(files.length).toBe(1);
    const broken = { ...files[0], text: `${files[0].text}\nlocals {\n  x = var.nope + local.none\n}\n` };
    expect(unresolved(dir, [broken], dirs).problems).toHaveLength(2);
  });

  it("the example roots stay complete without the msft-365 files (`rm msft-365*.tf`)", async () => {
    const dirs = await tfDirs();
    for (const ex of ["aws", "gcp"]) {
      const dir = join(INFRA, "examples", ex);
      const all = dirs.get(dir) ?? [];
      const without = all.filter((f) => !/\/msft-365[^/]*\.tf$/.test(f.rel));
      expect(all.length - without.length, ex).toBe(3);
      expect(unresolved(dir, without, dirs).problems, ex).toEqual([]);
      // and nothing outside them needs the azuread provider
      for (const f of without) expect(codeOf(f.text).includes("azuread_"), f.rel).toBe(false);
    }
  });

  it("templatefile() templates exist next to the configurations that use them", async () => {
    const { existsSync } = await import("node:fs");
    for (const [dir, files] of await tfDirs()) {
      for (const f of files) {
        for (const m of codeOf(f.text).matchAll(/templatefile\("\$\{path\.module\}\/([^"]+)"/g)) {
          expect(existsSync(join(dir, m[1])), `${f.rel}: ${m[1]}`).toBe(true);
        }
        for (const m of codeOf(f.text).matchAll(/"\$\{path\.module\}\/([^"$]+\.sh)"/g)) {
          expect(existsSync(join(dir, m[1])), `${f.rel}: ${m[1]}`).toBe(true);
        }
      }
    }
  });
});
