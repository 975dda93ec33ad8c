/**
 * Black-box conformance of `psoxy serve`: the built command runs as a real process, configured only the
 * way a user would (RULES, TARGET_HOST, SOURCE_AUTH_STRATEGY_IDENTIFIER in the environment; PSOXY_SALT,
 * PSOXY_ENCRYPTION_KEY and ACCESS_TOKEN in the secrets file), in front of a loopback HTTPS source that
 * answers with each `api` case's original example response. Its body must equal the expected
 * sanitized file of the reference's corpus (parsed JSON, member order ignored). One proxy process per
 * rules file; the source's certificate is trusted through NODE_EXTRA_CA_CERTS.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPseudonymizer } from "../../src/core/pseudonyms/index.js";
import {
  createSelfSignedCertificate,
  type HttpsSource,
  startHttpsSource,
} from "../../src/demo/https-source.js";
import type { ApiCase, Manifest } from "../../src/rules-test/manifest.js";
import { ensureBuilt, removeSnapshots, snapshot } from "./built.js";

const corpusDir = resolve(process.cwd(), "../shared/conformance");
const casesFile = join(corpusDir, "cases.json");
let manifest: Manifest | undefined;
try {
  manifest = JSON.parse(readFileSync(casesFile, "utf8")) as Manifest;
} catch {
  manifest = undefined;
}
const ci = process.env.CI === "true";

/**
 * The request target a client sends for a case URL, or null when no HTTP client would send it as
 * written. Braces (in URLs that still hold a `{placeholder}`) are percent-encoded as clients do; a
 * backslash is refused by the server (and by most clients) and the case is left out.
 */
function requestTarget(url: string): string | null {
  const noFragment = url.split("#")[0]!;
  const afterScheme = noFragment.replace(/^https?:\/\/[^/?]*/i, "");
  const target = (afterScheme.startsWith("/") ? afterScheme : `/${afterScheme}`)
    .replaceAll("{", "%7B")
    .replaceAll("}", "%7D");
  if (/[^\x21-\x7e]|[\\"<>^`|]/.test(target)) return null;
  return target;
}

/**
 * What the source must receive for a request target: reversible pseudonyms (`p~...`) decrypted with
 * the case's keys, or null when a token does not decrypt with them (the proxy answers 500
 * FAILED_TO_BUILD_URL there, as the reference does; such a case cannot be served through a proxy).
 */
function sourceTarget(target: string, salt: string, encryptionKey: string): string | null {
  try {
    return createPseudonymizer({ salt, encryptionKey }).reverseAll(target);
  } catch {
    return null;
  }
}

function saltOf(c: ApiCase): string {
  return c.options?.salt ?? manifest?.secrets?.salt ?? "salt";
}

function keyOf(c: ApiCase): string {
  return c.options?.encryptionKey ?? manifest?.secrets?.encryptionKey ?? "secret";
}

function servableTarget(c: ApiCase): { target: string; atSource: string } | null {
  const target = requestTarget(c.url);
  if (target === null) return null;
  const atSource = sourceTarget(target, saltOf(c), keyOf(c));
  return atSource === null ? null : { target, atSource };
}

interface Group {
  rules: string;
  options: ApiCase["options"];
  cases: ApiCase[];
}

function groups(cases: ApiCase[]): Group[] {
  const byKey = new Map<string, Group>();
  for (const c of cases) {
    const options = { ...c.options };
    delete options.defaultScopeId;
    delete options.pseudonymImplementation;
    const key = `${c.rules}\u0000${JSON.stringify(options)}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { rules: c.rules, options, cases: [] }));
    g.cases.push(c);
  }
  return [...byKey.values()];
}

/** Parsed JSON documents of a body: one, or one per line for NDJSON; [] for an empty body. */
function documents(text: string, ndjson: boolean): unknown[] {
  const t = text.trim();
  if (t === "") return [];
  if (!ndjson) return [JSON.parse(t)];
  return t
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
}

function get(
  url: string,
  method: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolveResponse, reject) => {
    const body = method === "POST" ? "{}" : undefined;
    const req = httpRequest(
      url,
      { method, headers: body ? { "content-type": "application/json", "content-length": body.length } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolveResponse({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            headers: res.headers,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A running `psoxy serve`, its URL read from the "psoxy listening" log line. */
async function startProxy(bin: string, env: Record<string, string>, secretsFile: string, cwd: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, "serve", "--port", "0", "--secrets", secretsFile],
    {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr!.on("data", (c) => (stderr += c));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`psoxy serve did not start in 15 s: ${stderr}`)), 15_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "psoxy listening" && entry.url) {
          clearTimeout(timer);
          resolveUrl(entry.url);
        }
      } catch {
        // not a log line
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`psoxy serve exited with ${code}: ${stderr}`));
    });
  });
  const stop = () =>
    new Promise<number | null>((resolveExit) => {
      if (child.exitCode !== null) return resolveExit(child.exitCode);
      child.once("exit", (code) => resolveExit(code));
      child.kill("SIGTERM");
    });
  return { url, stop };
}

describe("psoxy serve: conformance corpus as a black box", () => {
  it.runIf(!manifest && ci)("corpus is present under CI", () => {
    expect.fail(`conformance corpus not found at ${casesFile}`);
  });

  const cases = manifest?.api ?? [];
  const servable = cases.filter((c) => servableTarget(c) !== null);
  let bin = "";
  let work = "";
  let source: HttpsSource;
  let current: { target: string; body: Buffer; contentType: string } | undefined;
  let received: string[] = [];

  beforeAll(async () => {
    if (!manifest) return;
    ensureBuilt();
    bin = await snapshot("dist/psoxy.js");
    work = mkdtempSync(join(tmpdir(), "psoxy-serve-conf-"));
    const certificate = await createSelfSignedCertificate();
    writeFileSync(join(work, "source-ca.pem"), certificate.cert);
    source = await startHttpsSource(
      (req, res) => {
        received.push(req.url ?? "");
        if (!current) {
          res.writeHead(500).end();
          return;
        }
        if (req.headers.authorization !== "Bearer conformance-token") {
          res.writeHead(401, { "content-type": "application/json" }).end('{"error":"no token"}');
          return;
        }
        res.writeHead(200, { "content-type": current.contentType, "content-length": current.body.length });
        res.end(current.body);
      },
      { certificate },
    );
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    removeSnapshots();
  });

  it.skipIf(!manifest)("serves nearly every api case of the corpus", () => {
    expect(cases.length).toBeGreaterThan(300);
    const left = cases.filter((c) => servableTarget(c) === null).map((c) => c.url);
    // Left out: URLs with a character no HTTP client sends as written (a backslash), and URLs holding
    // a reversible pseudonym made with other keys than the corpus' (the proxy must refuse those).
    expect(left.length, left.join("\n")).toBeLessThanOrEqual(5);
  });

  it.skipIf(!manifest)(
    "every servable api case: the proxy's response equals the expected sanitized file",
    async () => {
      const failures: string[] = [];
      let compared = 0;
      for (const group of groups(servable)) {
        const secrets: Record<string, string> = {
          PSOXY_SALT: saltOf(group.cases[0]!),
          PSOXY_ENCRYPTION_KEY: keyOf(group.cases[0]!),
          ACCESS_TOKEN: "conformance-token",
        };
        const secretsFile = join(work, `secrets-${compared}.json`);
        writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
        const env: Record<string, string> = {
          PATH: process.env.PATH ?? "",
          NODE_EXTRA_CA_CERTS: join(work, "source-ca.pem"),
          TARGET_HOST: source.hostPort,
          SOURCE_AUTH_STRATEGY_IDENTIFIER: "oauth2_access_token",
          RULES: readFileSync(join(corpusDir, group.rules), "utf8"),
        };
        if (group.options?.emailCanonicalization)
          env.EMAIL_CANONICALIZATION = group.options.emailCanonicalization;
        if (group.options?.emailDomainHandling) env.EMAIL_DOMAIN_HANDLING = group.options.emailDomainHandling;
        const proxy = await startProxy(bin, env, secretsFile, work);
        try {
          for (const c of group.cases) {
            const { target, atSource } = servableTarget(c)!;
            current = {
              target: atSource,
              body: readFileSync(join(corpusDir, c.original)),
              contentType: c.ndjson ? "application/x-ndjson" : "application/json",
            };
            received = [];
            const res = await get(`${proxy.url}${target}`, c.method);
            compared++;
            if (res.status !== 200) {
              failures.push(
                `${c.id}: status ${res.status} ${String(res.headers["x-psoxy-error"] ?? "")} ${res.body.slice(0, 200)}`,
              );
              continue;
            }
            if (received[0] !== atSource)
              failures.push(`${c.id}: source saw ${received[0]}, expected ${atSource}`);
            const expectedText = c.expected ? readFileSync(join(corpusDir, c.expected), "utf8") : "";
            try {
              expect(documents(res.body, c.ndjson === true)).toEqual(
                documents(expectedText, c.ndjson === true),
              );
            } catch (e) {
              failures.push(`${c.id}: ${(e as Error).message.split("\n").slice(0, 12).join("\n  ")}`);
            }
          }
        } finally {
          current = undefined;
          expect(await proxy.stop()).toBe(0);
        }
      }
      expect(compared).toBe(servable.length);
      expect(failures, failures.slice(0, 10).join("\n\n")).toEqual([]);
    },
    600_000,
  );
});
