/**
 * Canonical text of an IP address literal, as `InetAddress.getByName(s).getHostAddress()` produces it in the
 * reference (spec 4.11). Only literals are recognised: where Java would fall back to a DNS lookup this returns
 * null and never touches the network.
 */

const DOTTED_QUAD = /^([0-9]{1,3}\.){3}[0-9]{1,3}$/;
const IP_CHARS = /^[0-9a-fA-F:.]+$/;

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Java `IPAddressUtil.textToNumericFormatV4`: 1-4 decimal parts, BSD short forms, max 15 chars. */
function parseV4(s: string): number[] | null {
  const len = s.length;
  if (len === 0 || len > 15) return null;
  const res = [0, 0, 0, 0];
  let value = 0;
  let part = 0;
  let newOctet = true;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      if (newOctet || value > 0xff || part === 3) return null;
      res[part++] = value;
      value = 0;
      newOctet = true;
    } else {
      if (c < 0x30 || c > 0x39) return null;
      value = value * 10 + (c - 0x30);
      newOctet = false;
    }
  }
  // the last part fills the remaining bytes: a (32 bits), a.b (24), a.b.c (16), a.b.c.d (8)
  if (newOctet || value >= 2 ** ((4 - part) * 8)) return null;
  for (let i = 3; i >= part; i--) {
    res[i] = value % 256;
    value = Math.floor(value / 256);
  }
  return res;
}

/** Java `IPAddressUtil.textToNumericFormatV6` (no zone ids: '%' never passes the character pre-check). */
function parseV6(s: string): number[] | null {
  const len = s.length;
  if (len < 2) return null;
  const dst = new Array<number>(16).fill(0);
  let i = 0;
  let j = 0;
  let colonp = -1;
  if (s.charCodeAt(0) === 0x3a) {
    i++;
    if (s.charCodeAt(i) !== 0x3a) return null;
  }
  let curtok = i;
  let sawXdigit = false;
  let val = 0;
  while (i < len) {
    const c = s.charCodeAt(i++);
    const d = hexDigit(c);
    if (d !== -1) {
      val = (val << 4) | d;
      if (val > 0xffff) return null;
      sawXdigit = true;
      continue;
    }
    if (c === 0x3a) {
      curtok = i;
      if (!sawXdigit) {
        if (colonp !== -1) return null;
        colonp = j;
        continue;
      }
      if (i === len) return null;
      if (j + 2 > 16) return null;
      dst[j++] = (val >> 8) & 0xff;
      dst[j++] = val & 0xff;
      sawXdigit = false;
      val = 0;
      continue;
    }
    if (c === 0x2e && j + 4 <= 16) {
      const tail = s.slice(curtok);
      let dots = 0;
      for (let k = 0; k < tail.length; k++) if (tail.charCodeAt(k) === 0x2e) dots++;
      if (dots !== 3) return null;
      const v4 = parseV4(tail);
      if (v4 === null) return null;
      for (let k = 0; k < 4; k++) dst[j++] = v4[k];
      sawXdigit = false;
      break;
    }
    return null;
  }
  if (sawXdigit) {
    if (j + 2 > 16) return null;
    dst[j++] = (val >> 8) & 0xff;
    dst[j++] = val & 0xff;
  }
  if (colonp !== -1) {
    const n = j - colonp;
    if (j === 16) return null;
    for (let k = 1; k <= n; k++) {
      dst[16 - k] = dst[colonp + n - k];
      dst[colonp + n - k] = 0;
    }
    j = 16;
  }
  if (j !== 16) return null;
  // IPv4-mapped (::ffff:a.b.c.d) becomes a plain IPv4 address
  let mapped = dst[10] === 0xff && dst[11] === 0xff;
  for (let k = 0; k < 10 && mapped; k++) if (dst[k] !== 0) mapped = false;
  return mapped ? dst.slice(12) : dst;
}

function format(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join(".");
  const groups: string[] = [];
  for (let k = 0; k < 16; k += 2) groups.push(((bytes[k] << 8) | bytes[k + 1]).toString(16));
  return groups.join(":");
}

/**
 * Canonical form of an IP literal (`010.0.0.1` -> `10.0.0.1`, `1.2.3` -> `1.2.0.3`, `2001:DB8::1` ->
 * `2001:db8:0:0:0:0:0:1`, `::ffff:1.2.3.4` -> `1.2.3.4`), or null when `s` is not one.
 */
export function canonicalIp(s: string): string | null {
  if (!(DOTTED_QUAD.test(s) || IP_CHARS.test(s))) return null;
  // InetAddress only treats the string as a literal when it starts with a hex digit or ':'
  const c0 = s.charCodeAt(0);
  if (hexDigit(c0) === -1 && c0 !== 0x3a) return null;
  const bytes = parseV4(s) ?? parseV6(s);
  return bytes === null ? null : format(bytes);
}
