import { describe, expect, it } from "vitest";
import { serializeJson } from "../json/serialize.js";
import { JsonDouble, type JsonValue } from "../json/types.js";
import { createPseudonymizer } from "../pseudonyms/index.js";
import type { Transform } from "../rules/model.js";
import { TransformError } from "./errors.js";
import { valueFunction } from "./registry.js";
import { digest } from "./text-digest.js";

const pseudonymizer = createPseudonymizer({
  salt: "salt",
  encryptionKey: "secret",
  emailCanonicalization: "STRICT",
  emailDomainHandling: "PRESERVE",
});
const ctx = { pseudonymizer };
const base = { jsonPaths: ["$.x"] };
const fn = (t: Transform) => valueFunction(t, ctx)!;
const pseudo = (o: Partial<Extract<Transform, { type: "pseudonymize" }>> = {}) =>
  fn({
    ...base,
    type: "pseudonymize",
    encoding: "URL_SAFE_TOKEN",
    includeReversible: false,
    includeOriginal: false,
    ...o,
  });

describe("pseudonymize", () => {
  it("matches the reference vectors", () => {
    expect(pseudo()("test")).toBe("t~Tt8H7clbL9y8ryN4_RLYrCEsKqbjJsWcPmKb4wOdZDI");
    expect(pseudo({ includeReversible: true })("test")).toBe(
      "p~Tt8H7clbL9y8ryN4_RLYrCEsKqbjJsWcPmKb4wOdZDKAHyevsJLhRTypmrf-DpBZ",
    );
    expect(pseudo()("alice@acme.com")).toBe("t~UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMk@acme.com");
    expect(pseudo({ encoding: "URL_SAFE_HASH_ONLY" })("alice@acme.com")).toBe(
      "UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMk",
    );
    expect(pseudo({ encoding: "JSON" })("alice@acme.com")).toBe(
      '{"domain":"acme.com","hash":"UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMk"}',
    );
    expect(pseudo()(123)).toBe("t~gdQNlP7k-07rGiG7etuTwGqtNbkpwaKwJK4zs6m3niM");
    expect(pseudo()("123")).toBe("t~gdQNlP7k-07rGiG7etuTwGqtNbkpwaKwJK4zs6m3niM");
    expect(pseudo()(new JsonDouble(1.5))).toBe("t~IlrZ8WlswrTzTpEYzhz0lGJEPbh3zGeguB7NL6mhF6Y");
  });
  it("follows the value-type matrix", () => {
    expect(pseudo()(null)).toBeNull();
    expect(pseudo()("   ")).toBeNull();
    expect(pseudo({ encoding: "JSON" })(null)).toBe("null");
    expect(pseudo({ encoding: "JSON" })("")).toBe("null");
    expect(() => pseudo({ encoding: "URL_SAFE_HASH_ONLY" })(null)).toThrow(TransformError);
    for (const bad of [true, new Map(), []] as JsonValue[]) expect(() => pseudo()(bad)).toThrow();
  });
  it("re-pseudonymizing a token hashes it as an e-mail (reproduced, not fixed)", () => {
    const once = pseudo()("alice@acme.com") as string;
    const twice = pseudo()(once) as string;
    expect(twice).toBe(pseudo()(once.toLowerCase()));
    expect(twice).not.toBe(once);
  });
});

describe("pseudonymizeRegexMatches", () => {
  const t = (regex: string, includeReversible = false) =>
    fn({ ...base, type: "pseudonymizeRegexMatches", regex, includeReversible });
  it("replaces only the captured span", () => {
    expect(t("@([\\w.-]+)")("assigned to @alice")).toBe(
      "assigned to @t~3YAoyBkqpKrO4rk5ISA0dZSABykOBC7pEMmkL1L0HK4",
    );
    expect(t("(?i)^smtp:(.*)$")("SMTP:Alice@ACME.com")).toBe(
      `SMTP:${pseudo()("alice@acme.com")!.toString().replace("@acme.com", "@ACME.com")}`,
    );
  });
  it("nulls values without a usable match and rejects numbers", () => {
    expect(t("(?i)^smtp:(.*)$")("X500:/o=x")).toBeNull();
    expect(t(".*")("something")).toBe(pseudo()("something"));
    expect(t(".*")(null)).toBeNull();
    expect(() => t(".*")(5)).toThrow(TransformError);
  });
});

describe("pseudonymizeEmailHeader", () => {
  const t = fn({ ...base, type: "pseudonymizeEmailHeader", encoding: "URL_SAFE_TOKEN" });
  it("pseudonymizes each address, comma-joined without spaces", () => {
    expect(t("alice@worklytics.co, bob@worklytics.co")).toBe(
      "t~Qf4dLJ4jfqZLn9ef4VirvYjvOnRaVI5tf5oLnM65YOA@worklytics.co,t~ANg5l6XVBpn-KyO-ivYDGQwZViEvM2uhytCnKiB0qr4@worklytics.co",
    );
    expect((t("Mike Smith <mike@x.com>, lois@x.com") as string).split(",")).toHaveLength(2);
  });
  it("blank -> empty, invalid list -> null", () => {
    expect(t("")).toBe("");
    expect(t("a@x.com, , b@x.com")).toBeNull();
    expect(t(null)).toBeNull();
    expect(() => t(1)).toThrow(TransformError);
  });
});

describe("tokenize", () => {
  const plain = fn({ ...base, type: "tokenize" });
  it("matches the reference vectors and the type matrix", () => {
    expect(plain("asfa")).toBe("p~Z7Bnl_VVOwSmfP9kuT0_Ub-5ic4cCVI4wCHArL1hU0MzTTbTCc7BcR53imT1qZgI");
    expect(plain("blah")).toBe("p~nVPSMYD7ZO_ptGIMJ65TAFo5_vVVQQ2af5Bfg7bW0Jq9JIOXfBWhts_zA5Ns0r4m");
    expect(plain(5)).toBeNull();
    expect(plain("")).toBe("");
  });
  it("with a regex replaces every occurrence of the captured text", () => {
    const t = fn({ ...base, type: "tokenize", regex: "^https://x/users/([a-z]+)/.*$" });
    const tok = plain("bob") as string;
    expect(t("https://x/users/bob/items?owner=bob")).toBe(`https://x/users/${tok}/items?owner=${tok}`);
    expect(t("https://y/other")).toBe("https://y/other");
  });
});

describe("textDigest", () => {
  const t = fn({ ...base, type: "textDigest", keywords: [], isJsonEscaped: false });
  it("digests text into a JSON string", () => {
    expect(t("Hello world")).toBe('{"length":11,"word_count":2}');
    expect(t("   ")).toBe('{"length":3,"word_count":1}');
    expect(t("")).toBe('{"length":0,"word_count":0}');
    expect(t(3)).toBeNull();
  });
  it("counts keywords case-insensitively, sorted", () => {
    expect(serializeJson(digest("Write an email, then WRITE again. api!", ["write", "API", "none"]))).toBe(
      '{"keywords":{"api":1,"write":2},"length":38,"word_count":7}',
    );
  });
});

describe("string filters", () => {
  it("redactRegexMatches", () => {
    const t = fn({ ...base, type: "redactRegexMatches", redactions: ["(?i)pwd=[^&]*"] });
    expect(t("https://a/?x=1&PWD=abc&y=2")).toBe("https://a/?x=1&&y=2");
    expect(t(5)).toBeNull();
    expect(t(" ")).toBe(" ");
  });
  it("redactExceptPhrases", () => {
    const t = fn({
      ...base,
      type: "redactExceptPhrases",
      allowedPhrases: ["phrase1", "phrase2 2", "Phrase3"],
    });
    expect(t("blah phrase1: blah")).toBe("phrase1");
    expect(t("Phrase1")).toBe("Phrase1");
    expect(t("phrase4")).toBe("");
    expect(t("x phrase3 y phrase1")).toBe("phrase1,phrase3");
  });
  it("redactExceptSubstringsMatchingRegexes keeps the longest", () => {
    const t = fn({ ...base, type: "redactExceptSubstringsMatchingRegexes", exceptions: ["a+", "b+"] });
    expect(t("xxaayybbbzz")).toBe("bbb");
    expect(t("none")).toBe("");
  });
  it("filterTokenByRegex", () => {
    const t = fn({
      ...base,
      type: "filterTokenByRegex",
      delimiter: "\\s+",
      filters: ["https://[^.]+\\.zoom\\.us/.*"],
    });
    expect(t("come to my zoom meeting! \r\nhttps://acme.zoom.us/123?pwd=x\r\n")).toBe(
      "https://acme.zoom.us/123?pwd=x",
    );
    expect(t("nothing here")).toBeNull();
    const whole = fn({ ...base, type: "filterTokenByRegex", delimiter: null, filters: ["a b"] });
    expect(whole("a b")).toBe("a b");
  });
  it("hashIp / encryptIp", () => {
    expect(fn({ ...base, type: "hashIp" })("123.234.252.12")).toBe(
      "t~7USliSM4GiS0Xfk1DXIAH-4nK-UkLJlSAA_5ZqQh_CI",
    );
    expect(fn({ ...base, type: "hashIp" })("1.2.3")).toBe(fn({ ...base, type: "hashIp" })("1.2.0.3"));
    expect(fn({ ...base, type: "hashIp" })("abc")).toBeNull();
    expect(fn({ ...base, type: "encryptIp" })("123.234.252.12")).toBe(
      "p~7USliSM4GiS0Xfk1DXIAH-4nK-UkLJlSAA_5ZqQh_CJStJlrfaIPHLZUvx-dHHQp",
    );
  });
});
