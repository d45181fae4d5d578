import { type Fault, SHORT, fault } from './fault.js';
import { type Ip6Key, latin1 } from './addr.js';

/**
 * IPv6 fixed header (RFC 8200 §3). The two addresses travel as one 32-character latin1
 * string, source then destination, exactly as on the wire: one slice per packet that is
 * also the softwire key. `ip6Src`/`ip6Dst` give each address when needed.
 */
export interface Ipv6Header {
  readonly trafficClass: number;
  readonly flowLabel: number;
  readonly payloadLength: number;
  readonly nextHeader: number;
  readonly hopLimit: number;
  /** Source and destination address bytes, 32 latin1 characters. */
  readonly pair: string;
}

export const ip6Src = (h: Ipv6Header): Ip6Key => h.pair.slice(0, 16) as Ip6Key;
export const ip6Dst = (h: Ipv6Header): Ip6Key => h.pair.slice(16, 32) as Ip6Key;

/** Builds a header from separate addresses. */
export function ipv6Header(h: Omit<Ipv6Header, 'pair'> & { readonly src: Ip6Key; readonly dst: Ip6Key }): Ipv6Header {
  const { src, dst, ...rest } = h;
  return { ...rest, pair: src + dst };
}

export const IPV6_LENGTH = 40;
export const BAD_VERSION = fault('bad_version');

export function decodeIpv6(buf: Buffer, off: number, end: number): Ipv6Header | Fault {
  if (end - off < 1) return SHORT;
  if (buf[off]! >>> 4 !== 6) return BAD_VERSION;
  if (end - off < IPV6_LENGTH) return SHORT;
  const w = buf.readUInt32BE(off);
  return {
    trafficClass: (w >>> 20) & 0xff,
    flowLabel: w & 0xfffff,
    payloadLength: buf.readUInt16BE(off + 4),
    nextHeader: buf[off + 6]!,
    hopLimit: buf[off + 7]!,
    pair: latin1(buf, off + 8, off + 40),
  };
}

export function encodeIpv6(h: Ipv6Header, buf: Buffer, off: number): number {
  buf.writeUInt32BE(((6 << 28) | ((h.trafficClass & 0xff) << 20) | (h.flowLabel & 0xfffff)) >>> 0, off);
  buf.writeUInt16BE(h.payloadLength, off + 4);
  buf[off + 6] = h.nextHeader;
  buf[off + 7] = h.hopLimit;
  buf.write(h.pair, off + 8, 32, 'latin1');
  return off + IPV6_LENGTH;
}

export const lengthIpv6 = (_h: Ipv6Header): number => IPV6_LENGTH;

/** Pseudo-header sum for upper-layer checksums over IPv6 (RFC 8200 §8.1). */
export function ipv6PseudoSum(h: Ipv6Header, nextHeader: number, length: number): number {
  let s = 0;
  for (let i = 0; i < 32; i += 2) s += (h.pair.charCodeAt(i) << 8) | h.pair.charCodeAt(i + 1);
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
