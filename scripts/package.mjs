// `npm run package`: deployment packages (infra spec 9), after `npm run build`.
//   dist/aws-lambda.zip    index.mjs (API handler `index.handler`; function URL, API Gateway v1/v2)
//                          + bulk.mjs (S3 handler `bulk.handler`) when src/hosts/bulk/s3-event.ts exists
//                          + VERSION. The AWS SDK clients are bundled in (faster cold start than the
//                          runtime's CommonJS copy; see scripts/build.mjs).
//   dist/gcp-function.zip  index.js + package.json for Cloud Functions gen2: HTTP entry point `psoxy`
//                          and, when src/hosts/bulk/gcs-event.ts exists, the Cloud Storage event entry
//                          point `gcsFileEvent`; + VERSION. Cloud Build installs package.json's
//                          dependencies on deploy.
// Zips are deterministic (fixed order and timestamps), so the same sources give the same hash. Prints
// one JSON line per package: {path, filename, version, deployment_package_hash} where the hash is the
// base64 SHA-256 of the zip (what Terraform's `source_code_hash` expects).
// Options: --skip-build (use dist/ as it is); --out-dir <dir> (where the zips go; default dist).

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, resolve } from "node:path";
import { build } from "esbuild";
import yazl from "yazl";
import { cloudOptions, pkg, stubModules, version } from "./esbuild-common.mjs";

const root = resolve(import.meta.dirname, "..");
const outIndex = process.argv.indexOf("--out-dir");
const outDir = outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? "dist") : resolve(root, "dist");
process.chdir(root);
const FIXED_MTIME = new Date("2020-01-01T00:00:00Z");

if (!process.argv.includes("--skip-build")) {
  const r = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
for (const f of ["dist/lambda/index.mjs", "dist/gcp/index.js", "dist/gcp/package.json"]) {
  if (!existsSync(f)) {
    process.stderr.write(`package: ${f} is missing; run npm run build\n`);
    process.exit(1);
  }
}

const cloud = {
  ...cloudOptions,
  write: false,
};

/** Bundles `contents` (an entry module written in TypeScript, resolved from the repo root). */
async function bundle(contents, options) {
  const result = await build({
    ...cloud,
    stdin: { contents, resolveDir: root, sourcefile: "package-entry.ts", loader: "ts" },
    outfile: "out.js",
    ...options,
  });
  return Buffer.from(result.outputFiles[0].contents);
}

function writeZip(file, entries) {
  return new Promise((ok, fail) => {
    const zip = new yazl.ZipFile();
    for (const [name, data] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name, {
        mtime: FIXED_MTIME,
        mode: 0o100644,
      });
    }
    zip.end();
    const out = createWriteStream(file);
    zip.outputStream.pipe(out).on("close", ok).on("error", fail);
  });
}

async function emit(file, entries) {
  mkdirSync(outDir, { recursive: true });
  rmSync(file, { force: true });
  await writeZip(file, entries);
  const hash = createHash("sha256").update(readFileSync(file)).digest("base64");
  process.stdout.write(
    `${JSON.stringify({
      path: resolve(file),
      filename: basename(file),
      version,
      entries: [...entries.keys()].sort(),
      deployment_package_hash: hash,
    })}\n`,
  );
}

// --- AWS Lambda ---
const lambda = new Map();
lambda.set("index.mjs", readFileSync("dist/lambda/index.mjs"));
lambda.set("VERSION", `${version}\n`);
if (existsSync("src/hosts/bulk/s3-event.ts")) {
  lambda.set(
    "bulk.mjs",
    await bundle(`export { handler } from "./src/hosts/bulk/s3-event.ts";\n`, {
      plugins: [stubModules("AWS Lambda", ["src/config/gcp-secret-manager-store.ts"])],
    }),
  );
}
await emit(resolve(outDir, "aws-lambda.zip"), lambda);

// --- GCP Cloud Functions gen2 ---
const gcp = new Map();
const gcpPackage = JSON.parse(readFileSync("dist/gcp/package.json", "utf8"));
if (existsSync("src/hosts/bulk/gcs-event.ts")) {
  const external = [...Object.keys(gcpPackage.dependencies ?? {}), "@google-cloud/storage"];
  gcp.set(
    "index.js",
    await bundle(
      `export { psoxy } from "./src/hosts/gcp-functions.ts";\nexport { gcsFileEvent } from "./src/hosts/bulk/gcs-event.ts";\n`,
      {
        external,
        plugins: [
          stubModules("GCP Cloud Functions", [
            "src/config/aws-ssm-store.ts",
            "src/config/aws-secrets-manager-store.ts",
          ]),
        ],
      },
    ),
  );
  gcpPackage.dependencies = Object.fromEntries(
    external.map((name) => [name, pkg.dependencies?.[name] ?? gcpPackage.dependencies?.[name] ?? "*"]),
  );
} else {
  gcp.set("index.js", readFileSync("dist/gcp/index.js"));
}
gcpPackage.version = version;
gcp.set("package.json", `${JSON.stringify(gcpPackage, null, 2)}\n`);
gcp.set("VERSION", `${version}\n`);
await emit(resolve(outDir, "gcp-function.zip"), gcp);
