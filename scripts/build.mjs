// Bundles each deployable entry point into one ESM file under dist/.

import { chmodSync, existsSync, readFileSync } from "node:fs";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));

const entries = [
  { in: "src/cli/bin.ts", out: "psoxy" },
  { in: "bench/sanitize.ts", out: "bench-sanitize" },
].filter((e) => existsSync(e.in));

await build({
  entryPoints: entries.map((e) => ({ in: e.in, out: e.out })),
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  legalComments: "none",
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __psoxyCreateRequire } from 'node:module'; const require = __psoxyCreateRequire(import.meta.url);",
  },
  define: { __PSOXY_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
});
if (existsSync("dist/psoxy.js")) chmodSync("dist/psoxy.js", 0o755);
