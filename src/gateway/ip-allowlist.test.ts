import { describe, expect, it } from "vitest";
import { ipBytes, normalizeClientIp, parseIpAllowlist } from "./ip-allowlist.js";

describe("ALLOWED_DATA_ACCESS_IP_BLOCKS", () => {
  it("is off when unset, empty or only separators", () => {
    expect(parseIpAllowlist(undefined)).toBeNull();
    expect(parseIpAllowlist("")).toBeNull();
    expect(parseIpAllowlist(" , ,")).toBeNull();
  });

  it("matches IPv4 CIDRs inclusive of network and broadcast addresses", () => {
    const list = parseIpAllowlist("10.0.0.0/8, 192.168.1.0/24")!;
    for (const ip of ["10.0.0.0", "10.255.255.255", "10.0.0.5", "192.168.1.0", "192.168.1.255"])
      expect(list.allows(ip)).toBe(true);
    for (const ip of ["11.0.0.1", "192.168.2.1", "9.255.255.255"]) expect(list.allows(ip)).toBe(false);
  });

  it("matches unaligned blocks, /0 and /32", () => {
    expect(parseIpAllowlist("10.1.2.3/8")!.allows("10.9.9.9")).toBe(true);
    expect(parseIpAllowlist("0.0.0.0/0")!.allows("203.0.113.7")).toBe(true);
    expect(parseIpAllowlist("203.0.113.7/32")!.allows("203.0.113.7")).toBe(true);
    expect(parseIpAllowlist("203.0.113.7/32")!.allows("203.0.113.8")).toBe(false);
  });

  it("matches exact addresses and IPv6 blocks in canonical form", () => {
    const list = parseIpAllowlist("203.0.113.7,2001:db8::/32,::1")!;
    expect(list.allows("203.0.113.7")).toBe(true);
    expect(list.allows("2001:db8:ffff::1")).toBe(true);
    expect(list.allows("2001:0db8:0:0:0:0:0:9")).toBe(true);
    expect(list.allows("0:0:0:0:0:0:0:1")).toBe(true);
    expect(list.allows("2001:db9::1")).toBe(false);
  });

  it("strips an IPv4 port, a bracketed IPv6 port and a zone", () => {
    const list = parseIpAllowlist("10.0.0.0/8,fe80::/10")!;
    expect(list.allows("10.0.0.5:443")).toBe(true);
    expect(list.allows("fe80::1%eth0")).toBe(true);
    expect(list.allows("[fe80::1]:8443")).toBe(true);
  });

  it("treats IPv4-mapped IPv6 clients as IPv4, and an IPv6 client never matches an IPv4 block", () => {
    const list = parseIpAllowlist("10.0.0.0/8")!;
    expect(list.allows("::ffff:10.1.2.3")).toBe(true);
    expect(list.allows("2001:db8::1")).toBe(false);
  });

  it("denies unknown, blank, chained and malformed client addresses", () => {
    const list = parseIpAllowlist("0.0.0.0/0,::/0")!;
    for (const ip of [undefined, "", "  ", "10.0.0.1, 10.0.0.2", "not-an-ip", "300.1.1.1"])
      expect(list.allows(ip)).toBe(false);
  });

  it("ignores invalid entries, and denies everyone when all entries are invalid", () => {
    const some = parseIpAllowlist("bogus,10.0.0.0/33,10.0.0.0/8")!;
    expect(some.invalid).toEqual(["bogus", "10.0.0.0/33"]);
    expect(some.allows("10.1.1.1")).toBe(true);
    const none = parseIpAllowlist("bogus, 1.2.3/8")!;
    expect(none.allows("1.2.3.4")).toBe(false);
  });

  it("parses IPv6 literals to bytes", () => {
    expect([...ipBytes("::")!]).toEqual(new Array(16).fill(0));
    expect([...ipBytes("1:2:3:4:5:6:7:8")!]).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    expect([...ipBytes("64:ff9b::192.0.2.33")!].slice(12)).toEqual([192, 0, 2, 33]);
    expect([...ipBytes("::ffff:1.2.3.4")!]).toEqual([1, 2, 3, 4]);
    expect(normalizeClientIp("1.2.3.4:80")).toEqual(Uint8Array.from([1, 2, 3, 4]));
  });
});
