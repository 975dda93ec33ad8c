// What scripts/build.mjs and scripts/package.mjs bundle alike: the version constant, the `require`
// shim that ESM bundles of CommonJS dependencies need, the options of the cloud bundles, and the
// plugin that replaces one cloud's modules by stubs in the other cloud's bundle.

import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";

export const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, "..", "package.json"), "utf8"));
export const version = pkg.version;
export const define = { __PSOXY_VERSION__: JSON.stringify(version) };
export const requireShim =
  "import { createRequire as __psoxyCreateRequire } from 'node:module'; const require = __psoxyCreateRequire(import.meta.url);";

/** esbuild options shared by the Lambda and Cloud Function bundles. */
export const cloudOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  treeShaking: true,
  legalComments: "none",
  banner: { js: requireShim },
  define,
  logLevel: "warning",
};

/** Replaces the given source modules with stubs exporting the same names, each throwing when used. */
export function stubModules(label, files) {
  const targets = new Set(files.map((f) => resolve(f)));
  return {
    name: `stub-${label}`,
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!targets.has(args.path)) return undefined;
        const src = readFileSync(args.path, "utf8");
        const names = [...src.matchAll(/^export (?:const|let|class|function|async function) (\w+)/gm)].map(
          (m) => m[1],
        );
        const body = names
          .map(
            (n) =>
              `export const ${n} = new Proxy(function () {}, { get() { unavailable(); }, apply() { unavailable(); }, construct() { unavailable(); } });`,
          )
          .join("\n");
        return {
          contents: `function unavailable() { throw new Error("${basename(args.path)} is not part of the ${label} bundle"); }\n${body}\n`,
          loader: "js",
        };
      });
    },
  };
}
