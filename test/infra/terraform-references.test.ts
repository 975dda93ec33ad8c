/**
 * A static stand-in for `terraform validate` (no Terraform binary here): within each module, every
 * `var.`, `local.`, `module.`, `data.` and resource reference resolves to something declared, and every
 * `module.<name>.<output>` names an output the called module declares.
 */
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { codeOf, type Hcl, INFRA, type TfFile, tfDirs } from "./hcl.js";

const PROVIDER_PREFIX = /\b((?:aws|google|random|local)_[a-z0-9_]+)\.([a-z0-9_]+)\b/g;

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

describe("Terraform references resolve", () => {
  it("var / local / module / data / resource references are declared", async () => {
    const dirs = await tfDirs();
    let checked = 0;
    for (const [dir, files] of dirs) {
      const d = declared(files);
      for (const f of files) {
        const code = codeOf(f.text);
        const where = (what: string) => `${f.rel}: ${what}`;
        for (const m of code.matchAll(/\bvar\.([A-Za-z0-9_]+)/g)) {
          expect(d.vars.has(m[1]), where(`var.${m[1]} is not declared`)).toBe(true);
          checked++;
        }
        for (const m of code.matchAll(/\blocal\.([A-Za-z0-9_]+)/g)) {
          expect(d.locals.has(m[1]), where(`local.${m[1]} is not defined`)).toBe(true);
          checked++;
        }
        for (const m of code.matchAll(/\bmodule\.([A-Za-z0-9_]+)(?:\[[^\]]*\])?\.([A-Za-z0-9_]+)/g)) {
          const source = d.modules.get(m[1]);
          expect(source, where(`module.${m[1]} is not declared`)).toBeDefined();
          const target = dirs.get(resolve(dir, source ?? "."));
          expect(
            declared(target ?? []).outputs.has(m[2]),
            where(`module.${m[1]}.${m[2]}: no such output in ${source}`),
          ).toBe(true);
          checked++;
        }
        for (const m of code.matchAll(/\bdata\.([a-z0-9_]+)\.([a-z0-9_]+)/g)) {
          expect(d.data.has(`${m[1]}.${m[2]}`), where(`data.${m[1]}.${m[2]} is not declared`)).toBe(true);
          checked++;
        }
        for (const m of code.matchAll(PROVIDER_PREFIX)) {
          if (code[m.index - 1] === ".") continue; // data.<type>.<name>, handled above
          expect(d.resources.has(`${m[1]}.${m[2]}`), where(`${m[1]}.${m[2]} is not declared`)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("templatefile() templates exist next to the configurations that use them", async () => {
    const { existsSync } = await import("node:fs");
    for (const [dir, files] of await tfDirs()) {
      for (const f of files) {
        for (const m of codeOf(f.text).matchAll(/templatefile\("\$\{path\.module\}\/([^"]+)"/g)) {
          expect(existsSync(join(dir, m[1])), `${f.rel}: ${m[1]}`).toBe(true);
        }
      }
    }
    expect(existsSync(join(INFRA, "examples/aws/connect-todo.md.tftpl"))).toBe(true);
  });
});
