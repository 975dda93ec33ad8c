/**
 * The inbound client-IP allowlist, ALLOWED_DATA_ACCESS_IP_BLOCKS (api-mode spec 7.3): exact addresses and
 * IPv4 / IPv6 CIDR blocks. Deliberate differences from the reference, both recommended by the spec:
 * exact matches compare canonical forms (so `::1` matches `0:0:0:0:0:0:0:1`), and an IPv6 client tested
 * against an IPv4 block is simply no match (the reference fails with a 500). IPv4-mapped IPv6 clients
 * (`::ffff:10.0.0.5`, as Node reports IPv4 peers on dual-stack sockets) are matched as IPv4.
 */
import { isIPv4, isIPv6 } from "node:net";

interface Block {
  bytes: Uint8Array;
  /** prefix length in bits */
  bits: number;
}

export interface IpAllowlist {
  /** entries as configured (trimmed, non-empty), valid or not */
  readonly configured: readonly string[];
  /** entries ignored because they are neither an address nor a CIDR block */
  readonly invalid: readonly string[];
  /** Whether `clientIp` may call; unknown, blank, chained or unparseable addresses never may. */
  allows(clientIp: string | undefined): boolean;
}

/** The allowlist for a CSV value, or null when none is configured (every caller allowed). */
export function parseIpAllowlist(csv: string | undefined): IpAllowlist | null {
  const configured = (csv ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (configured.length === 0) return null;
  const blocks: Block[] = [];
  const invalid: string[] = [];
  for (const entry of configured) {
    const b = parseBlock(entry);
    if (b) blocks.push(b);
    else invalid.push(entry);
  }
  return {
    configured,
    invalid,
    allows(clientIp) {
      const ip = normalizeClientIp(clientIp);
      if (ip === null) return false;
      return blocks.some((b) => inBlock(ip, b));
    },
  };
}

function parseBlock(entry: string): Block | null {
  const slash = entry.indexOf("/");
  if (slash < 0) {
    const bytes = ipBytes(entry);
    return bytes && { bytes, bits: bytes.length * 8 };
  }
  const bytes = ipBytes(entry.slice(0, slash));
  const len = entry.slice(slash + 1);
  if (!bytes || !/^\d{1,3}$/.test(len)) return null;
  const bits = Number(len);
  return bits <= bytes.length * 8 ? { bytes, bits } : null;
}

function inBlock(ip: Uint8Array, b: Block): boolean {
  if (ip.length !== b.bytes.length) return false;
  let bits = b.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip[i] & mask) !== (b.bytes[i] & mask)) return false;
  }
  return true;
}

/**
 * The client address as bytes, after the reference's clean-up: blank or a comma-separated chain is
 * rejected, an IPv4 `:port` (or `[v6]:port`) and a `%zone` are dropped.
 */
export function normalizeClientIp(clientIp: string | undefined): Uint8Array | null {
  if (clientIp === undefined) return null;
  let ip = clientIp.trim();
  if (ip === "" || ip.includes(",")) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) ip = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  const zone = ip.indexOf("%");
  if (zone >= 0) ip = ip.slice(0, zone);
  return ipBytes(ip);
}

/** Bytes of an IP literal (4 for IPv4 and IPv4-mapped IPv6, 16 for other IPv6), or null. */
export function ipBytes(s: string): Uint8Array | null {
  if (isIPv4(s)) return Uint8Array.from(s.split(".").map(Number));
  if (!isIPv6(s)) return null;
  const v6 = ipv6Bytes(s);
  const mapped = v6.slice(0, 10).every((x) => x === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? v6.slice(12) : v6;
}

function ipv6Bytes(s: string): Uint8Array {
  let text = s;
  const tail: number[] = [];
  // a trailing dotted quad stands for the last 32 bits
  if (text.includes(".")) {
    const colon = text.lastIndexOf(":");
    const [a, b, c, d] = text
      .slice(colon + 1)
      .split(".")
      .map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, colon + 1);
    if (!text.endsWith("::")) text = text.slice(0, -1);
  }
  const groups = (part: string) => (part === "" ? [] : part.split(":").map((h) => Number.parseInt(h, 16)));
  const dbl = text.indexOf("::");
  let words: number[];
  const room = 8 - tail.length;
  if (dbl >= 0) {
    const head = groups(text.slice(0, dbl));
    const rest = groups(text.slice(dbl + 2));
    words = [...head, ...new Array(room - head.length - rest.length).fill(0), ...rest];
  } else {
    words = groups(text);
  }
  words.push(...tail);
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}
