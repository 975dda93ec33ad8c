import { describe, expect, it } from "vitest";
import { canonicalIp } from "./ip.js";

describe("canonicalIp: IPv4 (Java InetAddress literal parsing)", () => {
  const cases: [string, string | null][] = [
    ["123.234.252.12", "123.234.252.12"],
    ["10.0.0.1", "10.0.0.1"],
    ["010.0.0.1", "10.0.0.1"],
    ["192.168.001.001", "192.168.1.1"],
    ["1", "0.0.0.1"],
    ["1.2", "1.0.0.2"],
    ["1.2.3", "1.2.0.3"],
    ["1.65535", "1.0.255.255"],
    ["4294967295", "255.255.255.255"],
    ["0", "0.0.0.0"],
    ["4294967296", null],
    ["1.16777216", null],
    ["1.2.65536", null],
    ["256.1.1.1", null],
    ["1.2.3.256", null],
    ["1.2.3.4.5", null],
    ["1..2", null],
    ["1.2.", null],
    [".1.2.3", null],
    ["0000000000000001", null], // more than 15 characters
    ["000000000000001", "0.0.0.1"],
  ];
  for (const [input, expected] of cases) {
    it(`${input} -> ${expected}`, () => expect(canonicalIp(input)).toBe(expected));
  }
});

describe("canonicalIp: IPv6", () => {
  const cases: [string, string | null][] = [
    ["2001:0db8::1", "2001:db8:0:0:0:0:0:1"],
    ["2001:DB8::1", "2001:db8:0:0:0:0:0:1"],
    ["::1", "0:0:0:0:0:0:0:1"],
    ["::", "0:0:0:0:0:0:0:0"],
    ["1::", "1:0:0:0:0:0:0:0"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
    ["fe80::1:2", "fe80:0:0:0:0:0:1:2"],
    ["::ffff:192.0.2.128", "192.0.2.128"],
    ["0:0:0:0:0:ffff:c000:0280", "192.0.2.128"],
    ["::ffff:1.2.3.4", "1.2.3.4"],
    ["::1.2.3.4", "0:0:0:0:0:0:102:304"],
    ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"],
    ["00000001::", "1:0:0:0:0:0:0:0"], // Java accepts any number of leading zeros
    ["::1.2.3", null],
    ["::256.1.1.1", null],
    ["1:2:3:4:5:6:7:8:9", null],
    ["1:2:3:4:5:6:7", null],
    ["1::2::3", null],
    [":::", null],
    [":1::", null],
    ["1:", null],
    ["12345::", null],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"], // a trailing "::" may stand for a single group
    ["::1.2.3.4:5", null], // the IPv4 tail runs to the end of the string
  ];
  for (const [input, expected] of cases) {
    it(`${input} -> ${expected}`, () => expect(canonicalIp(input)).toBe(expected));
  }
});

describe("canonicalIp: never a host name", () => {
  for (const input of [
    "abc",
    "dead",
    "beef.cafe",
    "localhost",
    "example.com",
    "",
    " 1.2.3.4",
    "1.2.3.4 ",
    "[::1]",
    "::1%eth0",
  ]) {
    it(JSON.stringify(input), () => expect(canonicalIp(input)).toBeNull());
  }
});
