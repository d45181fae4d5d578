import { i32, u16, u32 } from './bytes.js';
import { type Fault, SHORT, fault } from './fault.js';
import type { Ip6Key } from './addr.js';

/**
 * IPv6 fixed header (RFC 8200 §3). Each address is kept as four big-endian int32 words
 * (s0..s3, d0..d3): eight integer reads per packet, no string or object, and they key the
 * softwire table directly. `ip6Src`/`ip6Dst` build the 16-byte key string when needed.
 */
export interface Ipv6Header {
  readonly trafficClass: number;
  readonly flowLabel: number;
  readonly payloadLength: number;
  readonly nextHeader: number;
  readonly hopLimit: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly s3: number;
  readonly d0: number;
  readonly d1: number;
  readonly d2: number;
  readonly d3: number;
}

/**
 * The address key of four 32-bit words, as one flat 16-character string (a `+=` chain builds
 * a cons string, flattened again, with an allocation, wherever it is hashed).
 */
export function ip6KeyOf(a: number, b: number, c: number, d: number): Ip6Key {
  return String.fromCharCode(
    (a >>> 24) & 255,
    (a >>> 16) & 255,
    (a >>> 8) & 255,
    a & 255,
    (b >>> 24) & 255,
    (b >>> 16) & 255,
    (b >>> 8) & 255,
    b & 255,
    (c >>> 24) & 255,
    (c >>> 16) & 255,
    (c >>> 8) & 255,
    c & 255,
    (d >>> 24) & 255,
    (d >>> 16) & 255,
    (d >>> 8) & 255,
    d & 255,
  ) as Ip6Key;
}

/** Word `w` (0–3) of an address key, signed as the header decoder reads it. */
export const ip6Word = (k: Ip6Key, w: number): number =>
  (k.charCodeAt(w * 4) << 24) |
  (k.charCodeAt(w * 4 + 1) << 16) |
  (k.charCodeAt(w * 4 + 2) << 8) |
  k.charCodeAt(w * 4 + 3);

function wordsOf(k: Ip6Key): [number, number, number, number] {
  return [ip6Word(k, 0), ip6Word(k, 1), ip6Word(k, 2), ip6Word(k, 3)];
}

export const ip6Src = (h: Ipv6Header): Ip6Key => ip6KeyOf(h.s0, h.s1, h.s2, h.s3);
export const ip6Dst = (h: Ipv6Header): Ip6Key => ip6KeyOf(h.d0, h.d1, h.d2, h.d3);

/** Builds a header from address keys. */
export function ipv6Header(
  h: Omit<Ipv6Header, 's0' | 's1' | 's2' | 's3' | 'd0' | 'd1' | 'd2' | 'd3'> & {
    readonly src: Ip6Key;
    readonly dst: Ip6Key;
  },
): Ipv6Header {
  const [s0, s1, s2, s3] = wordsOf(h.src);
  const [d0, d1, d2, d3] = wordsOf(h.dst);
  return {
    trafficClass: h.trafficClass,
    flowLabel: h.flowLabel,
    payloadLength: h.payloadLength,
    nextHeader: h.nextHeader,
    hopLimit: h.hopLimit,
    s0,
    s1,
    s2,
    s3,
    d0,
    d1,
    d2,
    d3,
  };
}

export const IPV6_LENGTH = 40;
/** Where the Next Header field sits in the fixed header. */
export const IPV6_NEXT_HEADER_OFFSET = 6;
/** The IPv6 minimum link MTU (RFC 8200 §5): every link carries it, and ICMPv6 errors fill up to it (RFC 4443 §2.4(c)). */
export const IPV6_MIN_MTU = 1280;
export const BAD_VERSION = fault('bad_version');

export function decodeIpv6(buf: Buffer, off: number, end: number): Ipv6Header | Fault {
  if (end - off < 1) return SHORT;
  if (buf[off]! >>> 4 !== 6) return BAD_VERSION;
  if (end - off < IPV6_LENGTH) return SHORT;
  const w = u32(buf, off);
  return {
    trafficClass: (w >>> 20) & 0xff,
    flowLabel: w & 0xfffff,
    payloadLength: u16(buf, off + 4),
    nextHeader: buf[off + IPV6_NEXT_HEADER_OFFSET]!,
    hopLimit: buf[off + 7]!,
    s0: i32(buf, off + 8),
    s1: i32(buf, off + 12),
    s2: i32(buf, off + 16),
    s3: i32(buf, off + 20),
    d0: i32(buf, off + 24),
    d1: i32(buf, off + 28),
    d2: i32(buf, off + 32),
    d3: i32(buf, off + 36),
  };
}

export function encodeIpv6(h: Ipv6Header, buf: Buffer, off: number): number {
  buf.writeUInt32BE(((6 << 28) | ((h.trafficClass & 0xff) << 20) | (h.flowLabel & 0xfffff)) >>> 0, off);
  buf.writeUInt16BE(h.payloadLength, off + 4);
  buf[off + IPV6_NEXT_HEADER_OFFSET] = h.nextHeader;
  buf[off + 7] = h.hopLimit;
  // Word by word: an array of the eight per packet showed in the encapsulator's profile.
  buf.writeInt32BE(h.s0, off + 8);
  buf.writeInt32BE(h.s1, off + 12);
  buf.writeInt32BE(h.s2, off + 16);
  buf.writeInt32BE(h.s3, off + 20);
  buf.writeInt32BE(h.d0, off + 24);
  buf.writeInt32BE(h.d1, off + 28);
  buf.writeInt32BE(h.d2, off + 32);
  buf.writeInt32BE(h.d3, off + 36);
  return off + IPV6_LENGTH;
}

export const lengthIpv6 = (_h: Ipv6Header): number => IPV6_LENGTH;

/** Pseudo-header sum for upper-layer checksums over IPv6 (RFC 8200 §8.1). */
export function ipv6PseudoSum(h: Ipv6Header, nextHeader: number, length: number): number {
  let s = 0;
  for (const w of [h.s0, h.s1, h.s2, h.s3, h.d0, h.d1, h.d2, h.d3]) s += (w >>> 16) + (w & 0xffff);
  return s + (length >>> 16) + (length & 0xffff) + nextHeader;
}

export const NH_HOP_BY_HOP = 0;
export const NH_IPV4 = 4;
export const NH_TCP = 6;
export const NH_UDP = 17;
export const NH_IPV6 = 41;
export const NH_ROUTING = 43;
export const NH_FRAGMENT = 44;
export const NH_ESP = 50;
export const NH_AH = 51;
export const NH_ICMPV6 = 58;
export const NH_NONE = 59;
export const NH_DEST_OPTS = 60;
export const NH_MOBILITY = 135;
