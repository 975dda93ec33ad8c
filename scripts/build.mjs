// Bundles each deployable entry point under dist/:
//   dist/psoxy.js            the command line (`psoxy`), ESM, executable
//   dist/lambda/index.mjs    AWS Lambda handler `handler` (function URL, API Gateway v1/v2)
//   dist/gcp/index.js        GCP Cloud Functions gen2 HTTP function `psoxy` (+ its package.json)
//   dist/bench-*.js          benchmarks (npm run bench:sanitize, bench:proxy, bench:coldstart, bench:bulk, bench:corpus)
// The cloud bundles are minified and tree-shaken. Each leaves out the other cloud's secret store
// (replaced by a stub that throws if ever reached): a Lambda never loads Google's client, a Cloud
// Function never loads the AWS SDK. The Lambda bundle includes the AWS SDK v3 clients it uses rather
// than loading the runtime's copy: one pre-bundled ESM file starts about 60 ms sooner than resolving and
// lexing the SDK's CommonJS files (npm run bench:coldstart), and the version is the one tested. The
// Cloud Function keeps the Google Secret Manager client external and lists it in dist/gcp/package.json,
// which Cloud Build installs on deploy.

import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { cloudOptions, define, pkg, requireShim, stubModules } from "./esbuild-common.mjs";

const entries = [
  { in: "src/cli/bin.ts", out: "psoxy" },
  { in: "bench/sanitize.ts", out: "bench-sanitize" },
  { in: "bench/proxy.ts", out: "bench-proxy" },
  { in: "bench/coldstart.ts", out: "bench-coldstart" },
  { in: "bench/bulk.ts", out: "bench-bulk" },
  { in: "bench/corpus.ts", out: "bench-corpus" },
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
  banner: { js: `#!/usr/bin/env node\n${requireShim}` },
  define,
  logLevel: "warning",
});
if (existsSync("dist/psoxy.js")) chmodSync("dist/psoxy.js", 0o755);

const cloud = {
  ...cloudOptions,
  sourcemap: "external",
  metafile: true,
};

/** `PSOXY_BUILD_META=1`: write esbuild's metafile beside a bundle (inspect with esbuild's analyzer). */
function writeMeta(result, file) {
  if (process.env.PSOXY_BUILD_META === "1")
    writeFileSync(`${file}.meta.json`, JSON.stringify(result.metafile));
}

const lambdaEntry = "src/hosts/lambda-entry.ts";
if (existsSync(lambdaEntry)) {
  const result = await build({
    ...cloud,
    entryPoints: [lambdaEntry],
    outfile: "dist/lambda/index.mjs",
    plugins: [
      stubModules("AWS Lambda", ["src/config/gcp-secret-manager-store.ts", "src/storage/gcs-store.ts"]),
    ],
  });
  writeMeta(result, "dist/lambda/index.mjs");
}

const gcpEntry = "src/hosts/gcp-entry.ts";
if (existsSync(gcpEntry)) {
  const external = ["@google-cloud/secret-manager", "google-auth-library"];
  const result = await build({
    ...cloud,
    entryPoints: [gcpEntry],
    outfile: "dist/gcp/index.js",
    external,
    plugins: [
      stubModules("GCP Cloud Functions", [
        "src/config/aws-ssm-store.ts",
        "src/config/aws-secrets-manager-store.ts",
        "src/storage/s3-store.ts",
      ]),
    ],
  });
  writeMeta(result, "dist/gcp/index.js");
  mkdirSync("dist/gcp", { recursive: true });
  const dependencies = Object.fromEntries(external.map((name) => [name, pkg.dependencies?.[name] ?? "*"]));
  writeFileSync(
    "dist/gcp/package.json",
    `${JSON.stringify(
      {
        name: "psoxy-gcp-function",
        version: pkg.version,
        private: true,
        type: "module",
        main: "index.js",
        engines: { node: ">=20" },
        dependencies,
      },
      null,
      2,
    )}\n`,
  );
}
