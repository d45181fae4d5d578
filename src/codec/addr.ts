/**
 * Address representations. IPv4 addresses are 32-bit integers, signed as the decoder reads
 * them (`>>> 0` gives the unsigned value; every helper here accepts either). IPv6
 * addresses are kept as 16-character latin1 strings ("keys"): one slice of the
 * packet, usable directly as a Map key, formatted to RFC 5952 text only for output.
 */
export type Ip6Key = string & { readonly __ip6: unique symbol };

export function ip4ToString(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

export function parseIp4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return undefined;
    v = v * 256 + o;
  }
  return v | 0;
}

/** RFC 5952 canonical text: lower case, longest zero run (≥2 groups) compressed, first on ties. */
export function ip6ToString(key: Ip6Key): string {
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((key.charCodeAt(i) << 8) | key.charCodeAt(i + 1));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':');
  if (bestLen < 2) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

export function parseIp6(text: string): Ip6Key | undefined {
  let s = text.trim().toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  // Embedded dotted IPv4 in the last 32 bits becomes two hex groups.
  if (s.includes('.')) {
    const cut = s.lastIndexOf(':');
    const v4 = cut >= 0 ? parseIp4(s.slice(cut + 1)) : undefined;
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, cut + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const parts = s.split('::');
  if (parts.length > 2) return undefined;
  const parseGroups = (p: string | undefined): number[] | undefined => {
    if (p === undefined || p === '') return [];
    const out: number[] = [];
    for (const h of p.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(h)) return undefined;
      out.push(parseInt(h, 16));
    }
    return out;
  };
  const head = parseGroups(parts[0]);
  const rest = parts.length === 2 ? parseGroups(parts[1]) : [];
  if (!head || !rest) return undefined;
  const total = head.length + rest.length;
  let groups: number[];
  if (parts.length === 2) {
    if (total > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - total).fill(0), ...rest];
  } else {
    if (total !== 8) return undefined;
    groups = head;
  }
  const b = Buffer.alloc(16);
  groups.forEach((v, i) => b.writeUInt16BE(v, i * 2));
  return b.toString('latin1', 0, 16) as Ip6Key;
}

export function macToString(mac: number): string {
  const s = mac.toString(16).padStart(12, '0');
  return s.match(/../g)!.join(':');
}

/** "02:00:00:00:01:02" (or with dashes) → the 48-bit number; undefined when malformed. */
export function parseMac(text: string): number | undefined {
  const m =
    /^([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})$/i.exec(
      text.trim(),
    );
  return m ? Number.parseInt(m.slice(1).join(''), 16) : undefined;
}

export function readMac(buf: Buffer, off: number): number {
  return buf.readUInt16BE(off) * 0x100000000 + buf.readUInt32BE(off + 2);
}

export function writeMac(buf: Buffer, off: number, mac: number): void {
  buf.writeUInt16BE(Math.floor(mac / 0x100000000), off);
  buf.writeUInt32BE(mac % 0x100000000, off + 2);
}

/** True for RFC 1918, 192.0.0.0/29 (RFC 6333 §5.7) and other non-global IPv4 space. */
export function isPrivateIp4(a: number): boolean {
  const top = a >>> 24;
  if (top === 10) return true;
  if (top === 172 && ((a >>> 16) & 0xf0) === 16) return true;
  if (top === 192 && ((a >>> 16) & 255) === 168) return true;
  if ((a & 0xfffffff8) >>> 0 === 0xc0000000) return true; // 192.0.0.0/29
  return false;
}

/** An IPv4 prefix ("203.0.113.0/24"): the network and its mask, or undefined when malformed. */
export function parseIp4Prefix(text: string): { readonly network: number; readonly mask: number } | undefined {
  const [addr, len, ...rest] = text.split('/');
  const a = addr === undefined ? undefined : parseIp4(addr);
  const n = len === undefined ? 32 : /^\d{1,2}$/.test(len) ? Number(len) : NaN;
  if (a === undefined || rest.length || !(n >= 0 && n <= 32)) return undefined;
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) | 0;
  return { network: a & mask, mask };
}

/** An IPv6 prefix ("2001:db8:100::/40"): its address key and length, or undefined when malformed. */
export interface Ip6Prefix {
  readonly key: Ip6Key;
  readonly length: number;
}

export function parseIp6Prefix(text: string): Ip6Prefix | undefined {
  const [addr, len, ...rest] = text.split('/');
  const key = addr === undefined ? undefined : parseIp6(addr);
  const n = len === undefined ? 128 : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (key === undefined || rest.length || !(n >= 0 && n <= 128)) return undefined;
  return { key, length: n };
}

/** Is the address inside the prefix? Keys are 16 latin1 characters, one per byte. */
export function inIp6Prefix(a: Ip6Key, p: Ip6Prefix): boolean {
  const whole = p.length >> 3;
  for (let i = 0; i < whole; i++) if (a.charCodeAt(i) !== p.key.charCodeAt(i)) return false;
  const bits = p.length & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (a.charCodeAt(whole) & mask) === (p.key.charCodeAt(whole) & mask);
}
