import { describe, expect, it } from "vitest";
import { JsonDouble } from "../json/types.js";
import { formatMailbox, parseHeaderMailboxes } from "./email.js";
import {
  MissingEncryptionKeyError,
  PseudonymizerConfigError,
  TokenDecryptionError,
  UnsupportedValueTypeError,
} from "./errors.js";
import { b64url, hashBytes } from "./hash.js";
import {
  createPseudonymizer,
  type PseudonymizableValue,
  type PseudonymizeOptions,
  type PseudonymizerConfig,
} from "./pseudonymizer.js";

const base: PseudonymizerConfig = { salt: "salt", encryptionKey: "secret" };
const p = createPseudonymizer(base);
const token = (v: PseudonymizableValue, o: PseudonymizeOptions = {}, pz = p) => {
  const id = pz.pseudonymize(v, o);
  return id === null ? null : pz.encodeUrlSafeToken(id);
};
const REV = { includeReversible: true };

describe("section 3.11 vectors (SALT=salt, ENCRYPTION_KEY=secret)", () => {
  it("pseudonymize URL_SAFE_TOKEN", () => {
    expect(token("test")).toBe("t~Tt8H7clbL9y8ryN4_RLYrCEsKqbjJsWcPmKb4wOdZDI");
    expect(token("test", REV)).toBe("p~Tt8H7clbL9y8ryN4_RLYrCEsKqbjJsWcPmKb4wOdZDKAHyevsJLhRTypmrf-DpBZ");
    expect(token("alice@acme.com")).toBe("t~UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMk@acme.com");
    expect(token("alice@acme.com", REV)).toBe(
      "p~UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMnKYUk8FJevl3wvFyZY0eF-@acme.com",
    );
    expect(token("erik@engetc.com", REV)).toBe(
      "p~LXcz2KZpVr7qcXNBiOPmrCvsqG-ZLJfk-ej9nW0DvTivA1eOcdK-TLSItUVkFk4s@engetc.com",
    );
    expect(token("Erik@engetc.com", REV)).toBe(
      "p~LXcz2KZpVr7qcXNBiOPmrCvsqG-ZLJfk-ej9nW0DvTiJ5JbZzFUD8UDYBA_Fqhql@engetc.com",
    );
    expect(token("Bob@worklytics.co")).toBe("t~ANg5l6XVBpn-KyO-ivYDGQwZViEvM2uhytCnKiB0qr4@worklytics.co");
  });

  it("URL_SAFE_HASH_ONLY and JSON", () => {
    const id = p.pseudonymize("alice@acme.com")!;
    expect(p.hashOnly(id)).toBe("UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMk");
    expect(p.encodeJson(id)).toBe(
      '{"domain":"acme.com","hash":"UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMk"}',
    );
  });

  it("STRICT / IGNORE_DOTS", () => {
    const dots = createPseudonymizer({ ...base, emailCanonicalization: "IGNORE_DOTS" });
    expect(token("alice.smith+x@Acme.COM")).toBe("t~kRf-_-CUjwOBOf5FdnUy4xCotn_7FhWp_lDH4qS_Kgo@Acme.COM");
    expect(token("alice.smith+x@Acme.COM", {}, dots)).toBe(
      "t~_Mcz_nxdrKV63zyNcL_J_wjup0ZIE8dbXTrhURkukNs@Acme.COM",
    );
  });

  it("numbers hash their Java toString", () => {
    expect(token(123)).toBe("t~gdQNlP7k-07rGiG7etuTwGqtNbkpwaKwJK4zs6m3niM");
    expect(token(new JsonDouble(1.5))).toBe("t~IlrZ8WlswrTzTpEYzhz0lGJEPbh3zGeguB7NL6mhF6Y");
    expect(token("12345", REV)).toBe("p~r4ONZUfEyn9MUkcyDQkQ5MBNpdIerM24MasxFpuQBaGzFatT5PGvb7S57rNnHGwT");
    expect(token(1, REV)).toBe("p~0zPKqEd-CtbCLB1ZSwX6Zo7uAWUvkpfHGzv9-cuYwZdXBBvmy3XqiT7GJihNnjcZ");
  });

  it("tokenize", () => {
    expect(p.tokenize("asfa")).toBe("p~Z7Bnl_VVOwSmfP9kuT0_Ub-5ic4cCVI4wCHArL1hU0MzTTbTCc7BcR53imT1qZgI");
    expect(p.tokenize("blah")).toBe("p~nVPSMYD7ZO_ptGIMJ65TAFo5_vVVQQ2af5Bfg7bW0Jq9JIOXfBWhts_zA5Ns0r4m");
  });

  it("domain TOKENIZE / ENCRYPT", () => {
    const tok = createPseudonymizer({ ...base, emailDomainHandling: "TOKENIZE" });
    const enc = createPseudonymizer({ ...base, emailDomainHandling: "ENCRYPT" });
    expect(tok.pseudonymize("alice@acme.com")?.domain).toBe("h~v46z63x8plttB_GFx_6FSFM5iQQ-1VrRH6l1LVF5xy4");
    expect(enc.pseudonymize("alice@acme.com")?.domain).toBe(
      "e~v46z63x8plttB_GFx_6FSFM5iQQ-1VrRH6l1LVF5xy5RinGIJPlKhbKeCPO8O04s",
    );
  });

  it("hashIp / encryptIp", () => {
    expect(p.hashIp("123.234.252.12")).toBe("t~7USliSM4GiS0Xfk1DXIAH-4nK-UkLJlSAA_5ZqQh_CI");
    expect(p.hashIp("10.0.0.1")).toBe("t~3BU4goNN07w3ofq8v5ig2enxSWj9xnAnPOThel4mHTk");
    expect(p.hashIp("2001:0db8::1")).toBe("t~njBikXo6n6-7z6JEg8zs_E89aJQ0lje1vW3O9EkS__8");
    expect(p.hashIp("::ffff:192.0.2.128")).toBe("t~SUZ6xYqAE2gCw90EnrhS7ait6lh2xPKj2-SSQVm8o9A");
    expect(p.hashIp("0:0:0:0:0:ffff:c000:0280")).toBe("t~SUZ6xYqAE2gCw90EnrhS7ait6lh2xPKj2-SSQVm8o9A");
    expect(p.encryptIp("123.234.252.12")).toBe(
      "p~7USliSM4GiS0Xfk1DXIAH-4nK-UkLJlSAA_5ZqQh_CJStJlrfaIPHLZUvx-dHHQp",
    );
  });

  it("pseudonymizeRegexMatches building block: the captured text is pseudonymized", () => {
    expect(token("alice")).toBe("t~3YAoyBkqpKrO4rk5ISA0dZSABykOBC7pEMmkL1L0HK4");
  });

  it("pseudonymizeEmailHeader building blocks (A.5 + A.3 + pseudonymize)", () => {
    const tokens = parseHeaderMailboxes("alice@worklytics.co, bob@worklytics.co").map((a) => {
      const id = p.pseudonymize(formatMailbox(a))!;
      return `t~${id.hash}${id.domain === undefined ? "" : `@${id.domain}`}`;
    });
    expect(tokens.join(",")).toBe(
      "t~Qf4dLJ4jfqZLn9ef4VirvYjvOnRaVI5tf5oLnM65YOA@worklytics.co,t~ANg5l6XVBpn-KyO-ivYDGQwZViEvM2uhytCnKiB0qr4@worklytics.co",
    );
  });

  it("PII salt header", async () => {
    const { piiSaltSha256 } = await import("./hash.js");
    expect(piiSaltSha256("salt")).toBe("pRwka918R7CEI6El1noIhIMJzqBGYUvvqXYHyMvxl2Y");
  });
});

describe("section 13 checklist (pseudonyms, e-mail, IP)", () => {
  it("1: hash lower-cased, domain suffix keeps its case", () => {
    expect(token("Alice@ACME.com")).toBe(`t~${b64url(hashBytes("alice@acme.com", "salt"))}@ACME.com`);
  });

  it("2: IGNORE_DOTS merges alice.smith+x and AliceSmith; STRICT does not", () => {
    const dots = createPseudonymizer({ ...base, emailCanonicalization: "IGNORE_DOTS" });
    expect(dots.pseudonymize("alice.smith+x@acme.com")?.hash).toBe(
      dots.pseudonymize("AliceSmith@acme.com")?.hash,
    );
    expect(p.pseudonymize("alice.smith+x@acme.com")?.hash).not.toBe(
      p.pseudonymize("AliceSmith@acme.com")?.hash,
    );
  });

  it("3: integer 123 and string '123' give the same token", () => {
    expect(token(123)).toBe(token("123"));
    expect(token(123n)).toBe(token("123"));
    expect(token(12345678901234567890123n)).toBe(token("12345678901234567890123"));
  });

  it("4: double 1.0 hashes '1.0', 1e20 hashes '1.0E20'", () => {
    expect(token(new JsonDouble(1))).toBe(token("1.0"));
    expect(token(new JsonDouble(1))).not.toBe(token(1));
    expect(token(new JsonDouble(1e20))).toBe(token("1.0E20"));
  });

  it("5: booleans, objects and arrays are rejected with a typed error", () => {
    for (const v of [true, new Map(), [], {}] as unknown[]) {
      expect(() => p.pseudonymize(v as PseudonymizableValue)).toThrow(UnsupportedValueTypeError);
    }
    try {
      p.pseudonymize(true as unknown as string);
    } catch (e) {
      expect((e as UnsupportedValueTypeError).code).toBe("PSEUDONYMIZE_UNSUPPORTED_TYPE");
      expect((e as Error).message).toContain("boolean");
    }
  });

  it("7: null and blank strings have no pseudonym", () => {
    for (const v of [null, undefined, "", "   ", "\t\n", "\u2003"]) expect(p.pseudonymize(v)).toBeNull();
    // NBSP and BOM are not Java whitespace
    expect(p.pseudonymize("\u00a0")).not.toBeNull();
    expect(p.pseudonymize("\ufeff")).not.toBeNull();
  });

  it("8: ' alice@acme.com ' is an e-mail; the reversible plaintext keeps the spaces", () => {
    const id = p.pseudonymize(" alice@acme.com ", REV)!;
    expect(id.hash).toBe(p.pseudonymize("alice@acme.com")!.hash);
    expect(id.domain).toBe("acme.com");
    expect(p.reverseAll(id.reversible!)).toBe(" alice@acme.com ");
  });

  it("9: not e-mails: hashed verbatim, no suffix", () => {
    for (const s of ["smtp:alice@acme.com", "bob@localhost", "a@b.c"]) {
      expect(token(s)).toBe(`t~${b64url(hashBytes(s, "salt"))}`);
    }
  });

  it("10: after p~ and t~ the hash is shared (42 chars + the top 4 bits of the 43rd)", () => {
    // 32 bytes fill 42 base64 chars and 4 bits of the 43rd, whose last 2 bits then come from the ciphertext:
    // the spec's own vectors differ there (t~…OdZDI vs p~…OdZDK).
    const sextet = (c: string) =>
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(c);
    for (const v of ["x", "test", "alice@acme.com", "Alice.Smith+x@ACME.com"]) {
      const rev = token(v, REV)!;
      const plain = token(v)!;
      expect(rev.slice(2, 44)).toBe(plain.slice(2, 44));
      expect(sextet(rev[44]) >> 2).toBe(sextet(plain[44]) >> 2);
    }
  });

  it("11: a reversible token of <= 15 UTF-8 bytes is p~ + 64 chars", () => {
    expect(token("123456789012345", REV)).toMatch(/^p~[A-Za-z0-9_-]{64}$/);
    expect(p.tokenize("abc")).toMatch(/^p~[A-Za-z0-9_-]{64}$/);
  });

  it("44: hashIp short forms, mapped IPv6, and no DNS", () => {
    expect(p.hashIp("1.2.3")).toBe(p.hashIp("1.2.0.3"));
    expect(p.hashIp("::ffff:192.0.2.128")).toBe(p.hashIp("192.0.2.128"));
    expect(p.hashIp("abc")).toBeNull();
    expect(p.encryptIp("dead")).toBeNull();
    expect(p.hashIp("")).toBeNull();
    // encryptIp's plaintext is the canonical literal
    expect(p.reverseAll(p.encryptIp("010.0.0.1")!)).toBe("10.0.0.1");
  });

  it("53: re-pseudonymizing a token with a domain treats it as an e-mail", () => {
    expect(p.pseudonymize("t~AbC@acme.com")?.hash).toBe(b64url(hashBytes("t~abc@acme.com", "salt")));
  });
});

describe("pseudonymize options and policies", () => {
  it("includeOriginal", () => {
    const id = p.pseudonymize("x@a.com", { includeOriginal: true, includeReversible: true })!;
    expect(Object.keys(id)).toEqual(["domain", "hash", "original", "reversible"]);
    expect(id.original).toBe("x@a.com");
    expect(p.pseudonymize(new JsonDouble(2.5), { includeOriginal: true })?.original).toBe("2.5");
  });

  it("REDACT drops the domain everywhere", () => {
    const r = createPseudonymizer({ ...base, emailDomainHandling: "REDACT" });
    const id = r.pseudonymize("alice@acme.com", REV)!;
    expect(id.domain).toBeUndefined();
    expect(id.hash).toBe("UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMk");
    expect(id.reversible).not.toContain("@");
    expect(r.encodeUrlSafeToken(r.pseudonymize("alice@acme.com")!)).toBe(
      "t~UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMk",
    );
  });

  it("the hash always covers the full address", () => {
    for (const handling of ["PRESERVE", "ENCRYPT", "TOKENIZE", "REDACT"] as const) {
      const q = createPseudonymizer({ ...base, emailDomainHandling: handling });
      expect(q.pseudonymize("alice@a.com")?.hash).not.toBe(q.pseudonymize("alice@b.com")?.hash);
    }
  });

  it("the domain component uses the parsed domain as written", () => {
    const tok = createPseudonymizer({ ...base, emailDomainHandling: "TOKENIZE" });
    expect(tok.pseudonymize("a@ACME.com")?.domain).not.toBe(tok.pseudonymize("a@acme.com")?.domain);
    expect(p.pseudonymize("Alice <a@ACME.com>")?.domain).toBe("ACME.com");
  });

  it("numbers are never e-mails and never get a domain", () => {
    expect(p.pseudonymize(5)?.domain).toBeUndefined();
  });

  it("reversible domain suffix with TOKENIZE", () => {
    const tok = createPseudonymizer({ ...base, emailDomainHandling: "TOKENIZE" });
    const id = tok.pseudonymize("alice@acme.com", REV)!;
    expect(id.reversible).toMatch(/^p~[A-Za-z0-9_-]+@h~v46z63x8plttB_GFx_6FSFM5iQQ-1VrRH6l1LVF5xy4$/);
  });

  it("LEGACY writes reversible pseudonyms as JSON in URL_SAFE_TOKEN", () => {
    const legacy = createPseudonymizer({ ...base, legacy: true });
    expect(legacy.legacy).toBe(true);
    const id = legacy.pseudonymize("alice@acme.com", REV)!;
    expect(legacy.encodeUrlSafeToken(id)).toBe(legacy.encodeJson(id));
    expect(legacy.encodeUrlSafeToken(legacy.pseudonymize("alice@acme.com")!)).toBe(token("alice@acme.com"));
  });

  it("e-mail detection needs the whole string to be a mailbox", () => {
    expect(p.pseudonymize("mail alice@acme.com now")?.domain).toBeUndefined();
  });
});

describe("configuration", () => {
  it("IP and e-mail-domain salts/keys fall back to the main ones", () => {
    const withIp = createPseudonymizer({ ...base, saltIp: "ip-salt" });
    expect(withIp.hashIp("10.0.0.1")).toBe(`t~${b64url(hashBytes("10.0.0.1", "ip-salt"))}`);
    expect(p.hashIp("10.0.0.1")).toBe(`t~${b64url(hashBytes("10.0.0.1", "salt"))}`);
    const domains = createPseudonymizer({
      ...base,
      emailDomainHandling: "ENCRYPT",
      saltEmailDomains: "salt-domains",
      encryptionKeyEmailDomains: "asdfasdf",
    });
    expect(domains.pseudonymize("alice@acme.com")?.domain).toBe(
      "e~XeVeXr3msNs83nxpGuEjUO0Cv7JfkmYhnprXIY-BEgtyvcXqtDujwfr0b5vLmXHQ",
    );
    // the main hash is unaffected by the domain salt
    expect(domains.pseudonymize("alice@acme.com")?.hash).toBe("UFdK0TvVTvZ23c6QslyCy0o2MSq2DRtDjEXfTPJyyMk");
  });

  it("encryptIp uses the IP key set", () => {
    const ip = createPseudonymizer({ salt: "salt", encryptionKeyIp: "ipkey", saltIp: "ipsalt" });
    const t = ip.encryptIp("10.0.0.1")!;
    expect(t.slice(2, 44)).toBe(b64url(hashBytes("10.0.0.1", "ipsalt")).slice(0, 42));
    expect(ip.encryptIp("10.0.0.1")).toBe(t);
    expect(() => ip.tokenize("x")).toThrow(MissingEncryptionKeyError);
  });

  it("policy names are case-insensitive; unknown names are rejected", () => {
    const q = createPseudonymizer({
      salt: "salt",
      emailCanonicalization: "ignore_dots" as never,
      emailDomainHandling: "redact" as never,
    });
    expect(q.emailCanonicalization).toBe("IGNORE_DOTS");
    expect(q.emailDomainHandling).toBe("REDACT");
    expect(() => createPseudonymizer({ salt: "s", emailDomainHandling: "HIDE" as never })).toThrow(
      PseudonymizerConfigError,
    );
    expect(() => createPseudonymizer({} as PseudonymizerConfig)).toThrow(PseudonymizerConfigError);
  });

  it("defaults: STRICT, PRESERVE, not legacy", () => {
    const q = createPseudonymizer({ salt: "salt" });
    expect([q.emailCanonicalization, q.emailDomainHandling, q.legacy]).toEqual(["STRICT", "PRESERVE", false]);
  });
});

describe("missing encryption key", () => {
  const noKey = createPseudonymizer({ salt: "salt" });
  it("hashing still works", () => {
    expect(token("test", {}, noKey)).toBe("t~Tt8H7clbL9y8ryN4_RLYrCEsKqbjJsWcPmKb4wOdZDI");
    expect(noKey.hashIp("10.0.0.1")).toBe(p.hashIp("10.0.0.1"));
    expect(noKey.canReverse).toBe(false);
  });
  it("every reversible operation throws MissingEncryptionKeyError without leaking secrets", () => {
    const ops = [
      () => noKey.pseudonymize("x", REV),
      () => noKey.tokenize("x"),
      () => noKey.encryptIp("10.0.0.1"),
      () => createPseudonymizer({ salt: "salt", emailDomainHandling: "ENCRYPT" }).pseudonymize("a@b.co"),
    ];
    for (const op of ops) {
      expect(op).toThrow(MissingEncryptionKeyError);
      try {
        op();
      } catch (e) {
        expect((e as MissingEncryptionKeyError).code).toBe("PSEUDONYM_NOT_REVERSIBLE");
        expect((e as Error).message).toMatch(/ENCRYPTION_KEY/);
        expect((e as Error).message).not.toContain("salt\b");
      }
    }
  });
  it("reverseAll throws TokenDecryptionError (NO_KEY) only when a token is present", () => {
    expect(noKey.reverseAll("https://x/y?z=1")).toBe("https://x/y?z=1");
    const t = p.tokenize("blah");
    expect(() => noKey.reverseAll(`/users/${t}`)).toThrow(TokenDecryptionError);
    try {
      noKey.reverseAll(t);
    } catch (e) {
      expect((e as TokenDecryptionError).reason).toBe("NO_KEY");
      expect((e as Error).message).toContain("PSOXY_ENCRYPTION_KEY");
      expect((e as Error).message).not.toContain(t);
    }
  });
});

describe("reverseAll (3.9)", () => {
  const alice = token("alice@acme.com", REV)!;
  const blah = p.tokenize("blah");

  it("replaces token and @domain suffix by the original", () => {
    expect(p.reverseAll(`https://x/users/${alice}/events`)).toBe("https://x/users/alice@acme.com/events");
    expect(p.reverseAll(`a=${blah}&b=${blah}`)).toBe("a=blah&b=blah");
    expect(p.reverseAll("")).toBe("");
  });

  it("does not consume a %40-encoded suffix", () => {
    const bare = alice.slice(0, alice.indexOf("@"));
    expect(p.reverseAll(`/u/${bare}%40acme.com`)).toBe("/u/alice@acme.com%40acme.com");
  });

  it("with ENCRYPT domains only '@e' of the suffix is consumed", () => {
    const enc = createPseudonymizer({ ...base, emailDomainHandling: "ENCRYPT" });
    const t = enc.pseudonymize("alice@acme.com", REV)!.reversible!;
    const suffix = t.slice(t.indexOf("@") + 2);
    expect(enc.reverseAll(t)).toBe(`alice@acme.com${suffix}`);
  });

  it("inserts the plaintext literally ($ patterns are not expanded)", () => {
    const t = p.tokenize("$& $1 $$");
    expect(p.reverseAll(`x/${t}/y`)).toBe("x/$& $1 $$/y");
  });

  it("short p~ strings are left alone; undecryptable tokens throw", () => {
    expect(p.reverseAll("p~12adsfasdfasdf31")).toBe("p~12adsfasdfasdf31");
    expect(() => p.reverseAll(`${blah}x`)).toThrow(TokenDecryptionError);
    expect(() => p.reverseAll(`p~${"A".repeat(64)}`)).toThrow(TokenDecryptionError);
    expect(() => p.reverseAll(`p~${"A".repeat(45)}`)).toThrow(TokenDecryptionError);
    const other = createPseudonymizer({ salt: "salt", encryptionKey: "other" });
    expect(() => other.reverseAll(blah)).toThrow(TokenDecryptionError);
  });

  it("decryptToken takes the text after p~", () => {
    expect(p.decryptToken(blah.slice(2))).toBe("blah");
    expect(() => p.decryptToken("not base64!")).toThrow(TokenDecryptionError);
  });
});

describe("hot path", () => {
  it("pseudonymizes 20k e-mails quickly", () => {
    const t0 = performance.now();
    for (let i = 0; i < 20000; i++) p.pseudonymize(`user${i}@example${i % 7}.com`, REV);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
