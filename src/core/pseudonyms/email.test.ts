import { describe, expect, it } from "vitest";
import {
  canonicalEmail,
  formatMailbox,
  isEmail,
  isValidAddressList,
  parseEmail,
  parseHeaderMailboxes,
} from "./email.js";

describe("A.6 validation vectors", () => {
  const valid: [string, string, string][] = [
    ["alice@acme.com", "alice", "acme.com"],
    ["Alice@ACME.com", "Alice", "ACME.com"],
    ["alice.smith+tag@acme.co.uk", "alice.smith+tag", "acme.co.uk"],
    ['"Alice Smith" <alice@acme.com>', "alice", "acme.com"],
    ["Alice Smith <alice@acme.com>", "alice", "acme.com"],
    ["<alice@acme.com>", "alice", "acme.com"],
    ["alice@acme.com (Alice)", "alice", "acme.com"],
    ["bob@acme.abcdefghijklmnopqrstuvwxyz", "bob", "acme.abcdefghijklmnopqrstuvwxyz"],
    ['"john doe"@acme.com', '"john doe"', "acme.com"],
    ['"john"@acme.com', "john", "acme.com"],
    ['"a+b"@acme.com', "a+b", "acme.com"],
    ["user@sub-domain.acme.com", "user", "sub-domain.acme.com"],
    ["user@123.com", "user", "123.com"],
    [" alice@acme.com", "alice", "acme.com"],
    ["alice@acme.com ", "alice", "acme.com"],
    ["alice @ acme.com", "alice", "acme.com"],
    ['"Bob K. Smith" <bob@acme.com>', "bob", "acme.com"],
    ["=?UTF-8?B?QWxpY2U=?= <alice@acme.com>", "alice", "acme.com"],
    ['"Jöhn" <john@acme.com>', "john", "acme.com"],
    ["a@b.co", "a", "b.co"],
    ["user+@acme.com", "user+", "acme.com"],
    ["+user@acme.com", "+user", "acme.com"],
    ["o'reilly@acme.com", "o'reilly", "acme.com"],
    ["x@y.zz", "x", "y.zz"],
    ["User.Name@Example.COM", "User.Name", "Example.COM"],
    ["first.last@xn--bcher-kva.example", "first.last", "xn--bcher-kva.example"],
    ["(comment)alice@acme.com", "alice", "acme.com"],
    ["alice(comment)@acme.com", "alice", "acme.com"],
    ['"Alice \\"Al\\" Smith" <alice@acme.com>', "alice", "acme.com"],
  ];
  for (const [input, local, domain] of valid) {
    it(`valid: ${input}`, () => {
      expect(isEmail(input)).toBe(true);
      expect(parseEmail(input)).toMatchObject({ local, domain });
    });
  }

  const invalid = [
    "bob@localhost",
    "bob@acme.c",
    `bob@acme.${"a".repeat(27)}`,
    "john..doe@acme.com",
    ".john@acme.com",
    "john.@acme.com",
    "user@-acme.com",
    "user@acme-.com",
    "user@acme.123",
    "alice@acme.com,bob@acme.com",
    "smtp:alice@acme.com",
    "Bob K. Smith <bob@acme.com>",
    "Jöhn <john@acme.com>",
    "jöhn@acme.com",
    "12345",
    "user@[192.168.1.1]",
    "user@acme..com",
    "user@.acme.com",
    "mailto:alice@acme.com",
    "alice@acme.com>",
    '"unterminated@acme.com',
    "user@acme.com.",
    "Alice, Bob <alice@acme.com>",
    '"Alice "Al" Smith" <alice@acme.com>',
    "",
    "@",
  ];
  for (const input of invalid) {
    it(`invalid: ${JSON.stringify(input)}`, () => {
      expect(isEmail(input)).toBe(false);
      expect(parseEmail(input)).toBeNull();
    });
  }
});

describe("section 3.3 table", () => {
  it("CFWS around an address is allowed", () => {
    expect(parseEmail("  alice@acme.com\t")).toEqual({ local: "alice", domain: "acme.com" });
    expect(parseEmail("(c)alice@acme.com")).toEqual({ local: "alice", domain: "acme.com" });
  });
  it("non-e-mails with an @", () => {
    for (const s of [
      "bob@acme.c",
      "user@acme.com.",
      "mailto:a@b.co",
      "a@b.co,c@d.co",
      "Bob K. Smith <b@x.com>",
    ]) {
      expect(isEmail(s)).toBe(false);
    }
    expect(isEmail("a@b.c")).toBe(false);
  });
});

describe("personal (display name)", () => {
  it("comes from the phrase, unquoted and unescaped", () => {
    expect(parseEmail('"Alice Smith" <alice@acme.com>')?.personal).toBe("Alice Smith");
    expect(parseEmail("Alice Smith <alice@acme.com>")?.personal).toBe("Alice Smith");
    expect(parseEmail('"Alice \\"Al\\" Smith" <alice@acme.com>')?.personal).toBe('Alice "Al" Smith');
    expect(parseEmail('"a\\\\b" <x@y.co>')?.personal).toBe("a\\b");
  });
  it("falls back to the first comment after the address", () => {
    expect(parseEmail("alice@acme.com (Alice) (Other)")?.personal).toBe("Alice");
    expect(parseEmail("<alice@acme.com> (Al)")?.personal).toBe("Al");
  });
  it("is absent without phrase or trailing comment", () => {
    expect(parseEmail("alice@acme.com")).toEqual({ local: "alice", domain: "acme.com" });
    expect(parseEmail("<alice@acme.com>")).toEqual({ local: "alice", domain: "acme.com" });
  });
});

describe("canonicalEmail (3.3)", () => {
  it("lower-cases, drops +suffix, optionally dots", () => {
    expect(canonicalEmail("Alice.Smith+x@Acme.COM", "STRICT")).toBe("alice.smith@acme.com");
    expect(canonicalEmail("Alice.Smith+x@Acme.COM", "IGNORE_DOTS")).toBe("alicesmith@acme.com");
    expect(canonicalEmail("AliceSmith@acme.com", "IGNORE_DOTS")).toBe("alicesmith@acme.com");
  });
  it("handles quoted local parts", () => {
    expect(canonicalEmail('"a+b"@acme.com', "STRICT")).toBe("a@acme.com");
    expect(canonicalEmail('"john doe"@acme.com', "STRICT")).toBe('"john doe"@acme.com');
    expect(canonicalEmail('"John+x y"@acme.com', "STRICT")).toBe('"john@acme.com');
  });
  it("returns null for non-e-mails", () => {
    expect(canonicalEmail("smtp:alice@acme.com", "STRICT")).toBeNull();
  });
  it("token-looking locals are e-mails too (checklist 53)", () => {
    expect(canonicalEmail("t~AbC@acme.com", "STRICT")).toBe("t~abc@acme.com");
  });
});

describe("formatMailbox (A.3)", () => {
  it("quotes a non-empty personal", () => {
    expect(formatMailbox({ local: "mike", domain: "x.com", personal: "Mike Smith" })).toBe(
      '"Mike Smith" <mike@x.com>',
    );
    expect(formatMailbox({ local: "mike", domain: "x.com", personal: "" })).toBe("mike@x.com");
    expect(formatMailbox({ local: '"john doe"', domain: "x.com" })).toBe('"john doe"@x.com');
  });
  it("an unescaped quote makes the formatted form unparseable", () => {
    const [a] = parseHeaderMailboxes('"Alice \\"Al\\" Smith" <a@x.com>');
    expect(formatMailbox(a)).toBe('"Alice "Al" Smith" <a@x.com>');
    expect(isEmail(formatMailbox(a))).toBe(false);
  });
});

describe("isValidAddressList (A.4)", () => {
  it("accepts lists of mailboxes and groups", () => {
    expect(isValidAddressList("alice@example.com")).toBe(true);
    expect(isValidAddressList("a@x.com,b@x.com")).toBe(true);
    expect(isValidAddressList("Mike Smith <mike@x.com>, lois@x.com")).toBe(true);
    expect(isValidAddressList("undisclosed-recipients:;")).toBe(true);
    expect(isValidAddressList("team: a@x.com, b@x.com;, c@x.com")).toBe(true);
  });
  it("rejects empty members, trailing commas and junk", () => {
    expect(isValidAddressList("a@x.com, , b@x.com")).toBe(false);
    expect(isValidAddressList("a@x.com,")).toBe(false);
    expect(isValidAddressList("")).toBe(false);
    expect(isValidAddressList("user@domain; another@domain")).toBe(false);
    expect(isValidAddressList('"Invalid" <invalid-email>')).toBe(false);
  });
});

describe("parseHeaderMailboxes (A.5)", () => {
  const locals = (v: string) => parseHeaderMailboxes(v).map((a) => `${a.local}@${a.domain}`);
  it("blank -> []", () => {
    expect(parseHeaderMailboxes("")).toEqual([]);
    expect(parseHeaderMailboxes(" \t \n ")).toEqual([]);
  });
  it("keeps order and display names", () => {
    expect(parseHeaderMailboxes("Mike Smith <mike@x.com>, lois@x.com")).toEqual([
      { local: "mike", domain: "x.com", personal: "Mike Smith" },
      { local: "lois", domain: "x.com" },
    ]);
  });
  it("flattens groups", () => {
    expect(locals("team: a@x.com, b@x.com; c@x.com")).toEqual(["a@x.com", "b@x.com"]);
    expect(locals("team: a@x.com, b@x.com;, c@x.com")).toEqual(["a@x.com", "b@x.com", "c@x.com"]);
    expect(locals("undisclosed-recipients:;")).toEqual([]);
    expect(locals("undisclosed-recipients:;, a@x.com")).toEqual(["a@x.com"]);
  });
  it("a trailing comma is tolerated", () => {
    expect(locals("test.email+alex@leetcode.com,")).toEqual(["test.email+alex@leetcode.com"]);
  });
  it("non-ASCII display names", () => {
    expect(parseHeaderMailboxes('"José López Ñaça"<jose@example.com>')).toEqual([
      { local: "jose", domain: "example.com", personal: "José López Ñaça" },
    ]);
  });
  it("stops at the first unparseable member", () => {
    expect(locals("a@x.com, nonsense, b@x.com")).toEqual(["a@x.com"]);
  });
});
