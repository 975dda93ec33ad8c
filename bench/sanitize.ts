/**
 * Benchmark: sanitizing large API responses versus a plain JSON.parse + JSON.stringify of the same
 * body, measured in the same run. Bodies are generated here (Directory users and Gmail messages shapes,
 * each at least 10 MB). Last line:
 *   sanitize: mb_per_s=<x> baseline_mb_per_s=<y> ratio=<time/baseline time>
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPseudonymizer } from "../src/core/pseudonyms/index.js";
import { loadRules } from "../src/core/rules/index.js";
import type { ApiRules } from "../src/core/rules/model.js";
import { RestSanitizer } from "../src/core/sanitize/rest-sanitizer.js";

const TARGET_BYTES = Number(process.env.BENCH_MB ?? "10") * 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "5");

// deterministic pseudo-random generator so every run sanitizes the same bodies
let seed = 42;
function rand(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)];
const FIRST = [
  "alice",
  "bob",
  "carol",
  "dave",
  "erin",
  "frank",
  "grace",
  "heidi",
  "ivan",
  "judy",
  "mallory",
  "oscar",
];
const LAST = ["smith", "jones", "garcia", "miller", "davis", "lopez", "wilson", "moore", "taylor", "clark"];
const DOMAINS = ["acme.com", "example.org", "corp.acme.com"];
const person = () => {
  const f = pick(FIRST);
  const l = pick(LAST);
  const n = Math.floor(rand() * 10000);
  return { f, l, email: `${f}.${l}${n}@${pick(DOMAINS)}` };
};

function directoryUsers(): string {
  const users: unknown[] = [];
  let size = 0;
  let i = 0;
  while (size < TARGET_BYTES) {
    const p = person();
    const u = {
      kind: "admin#directory#user",
      id: String(100000000000000000000n + BigInt(i++)),
      etag: `"etag-${i}"`,
      primaryEmail: p.email,
      name: { givenName: p.f, familyName: p.l, fullName: `${p.f} ${p.l}` },
      isAdmin: rand() < 0.05,
      isDelegatedAdmin: false,
      lastLoginTime: "2026-10-01T12:34:56.000Z",
      creationTime: "2020-01-15T08:00:00.000Z",
      agreedToTerms: true,
      suspended: false,
      archived: false,
      changePasswordAtNextLogin: false,
      ipWhitelisted: false,
      emails: [{ address: p.email, primary: true }, { address: `${p.f}@alias.${pick(DOMAINS)}` }],
      aliases: [`${p.f}.${p.l}@${pick(DOMAINS)}`],
      relations: [{ value: person().email, type: "manager" }],
      phones: [{ value: "+1 555 0100", type: "work" }],
      organizations: [
        { title: "Engineer", primary: true, customType: "", department: "R&D", costCenter: "1234" },
      ],
      customerId: "C0123abcd",
      orgUnitPath: "/Engineering",
      isMailboxSetup: true,
      includeInGlobalAddressList: true,
      thumbnailPhotoUrl: `https://lh3.googleusercontent.com/a/${i}`,
    };
    users.push(u);
    size += JSON.stringify(u).length + 1;
  }
  return JSON.stringify({ kind: "admin#directory#users", etag: '"x"', users, nextPageToken: "token" });
}

function gmailMessages(): string {
  const messages: unknown[] = [];
  let size = 0;
  let i = 0;
  while (size < TARGET_BYTES) {
    const from = person();
    const to = [person(), person()];
    const m = {
      id: `18c${(i++).toString(16)}`,
      threadId: `18c${(i >> 2).toString(16)}`,
      labelIds: ["INBOX", "CATEGORY_UPDATES"],
      snippet: "Hi team, the quarterly numbers are in; please review before Thursday's meeting.",
      sizeEstimate: 12345,
      historyId: "987654",
      internalDate: "1700000000000",
      payload: {
        partId: "",
        mimeType: "multipart/alternative",
        filename: "",
        headers: [
          { name: "Delivered-To", value: to[0].email },
          { name: "Received", value: "by 2002:a05:6a10:... with SMTP id x; Mon, 1 Jan 2026 10:00:00 -0800" },
          { name: "From", value: `"${from.f} ${from.l}" <${from.email}>` },
          { name: "To", value: to.map((t) => `${t.f} ${t.l} <${t.email}>`).join(", ") },
          { name: "Subject", value: "Quarterly numbers" },
          { name: "Date", value: "Mon, 1 Jan 2026 10:00:00 -0800" },
          { name: "Message-ID", value: `<CA+${i}@mail.example.com>` },
          { name: "X-Google-Smtp-Source", value: "AGHT+IF..." },
        ],
        body: { size: 0 },
        parts: [
          {
            partId: "0",
            mimeType: "text/plain",
            filename: "",
            body: { size: 120, data: "SGVsbG8gd29ybGQ=" },
          },
          { partId: "1", mimeType: "text/html", filename: "", body: { size: 220, data: "PGI+SGVsbG88L2I+" } },
        ],
      },
    };
    messages.push(m);
    size += JSON.stringify(m).length + 1;
  }
  return JSON.stringify({ messages, nextPageToken: "next", resultSizeEstimate: messages.length });
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const here = dirname(fileURLToPath(import.meta.url));
const rulesPath = [
  join(here, "rules/bench-workspace.yaml"),
  join(here, "../bench/rules/bench-workspace.yaml"),
].find((p) => {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
})!;
const rules = loadRules(readFileSync(rulesPath, "utf8")) as ApiRules;
// BENCH_FAST_PATHS: which of the sanitizer's fast paths to use (comma-separated: text, native; "none")
const fastPaths = (process.env.BENCH_FAST_PATHS ?? "text,native").split(",");
const sanitizer = new RestSanitizer(
  rules,
  createPseudonymizer({
    salt: "bench-salt",
    encryptionKey: "bench-key",
    emailCanonicalization: "STRICT",
    emailDomainHandling: "PRESERVE",
  }),
  { textFastPath: fastPaths.includes("text"), nativeFastPath: fastPaths.includes("native") },
);

const cases = [
  {
    name: "directory-users",
    url: "https://admin.googleapis.com/admin/directory/v1/users?customer=my_customer",
    body: directoryUsers(),
  },
  {
    name: "gmail-messages",
    url: "https://gmail.googleapis.com/gmail/v1/users/me/messages?format=metadata",
    body: gmailMessages(),
  },
];

let totalBytes = 0;
let totalMs = 0;
let totalBaseMs = 0;
for (const c of cases) {
  const bytes = Buffer.byteLength(c.body);
  // warm-up: JIT, and the endpoint's choice between the text pass and the native path (it times both
  // on its first calls; see src/core/sanitize/path-choice.ts)
  for (let i = 0; i < 10; i++) sanitizer.sanitize("GET", c.url, c.body);
  JSON.stringify(JSON.parse(c.body));
  const ours: number[] = [];
  const base: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    base.push(time(() => JSON.stringify(JSON.parse(c.body))));
    (globalThis as { gc?: () => void }).gc?.();
    ours.push(time(() => sanitizer.sanitize("GET", c.url, c.body)));
  }
  const ms = median(ours);
  const baseMs = median(base);
  totalBytes += bytes;
  totalMs += ms;
  totalBaseMs += baseMs;
  const mb = bytes / 1024 / 1024;
  console.log(
    `${c.name}: ${mb.toFixed(1)} MB sanitize ${ms.toFixed(1)} ms (${(mb / (ms / 1000)).toFixed(1)} MB/s), ` +
      `parse+stringify ${baseMs.toFixed(1)} ms (${(mb / (baseMs / 1000)).toFixed(1)} MB/s), ratio ${(ms / baseMs).toFixed(2)}`,
  );
}
const mb = totalBytes / 1024 / 1024;
console.log(
  `sanitize: mb_per_s=${(mb / (totalMs / 1000)).toFixed(2)} baseline_mb_per_s=${(mb / (totalBaseMs / 1000)).toFixed(2)} ratio=${(totalMs / totalBaseMs).toFixed(2)}`,
);
