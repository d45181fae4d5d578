import { i32, u16 } from './bytes.js';
import { type Fault, SHORT, fault } from './fault.js';
import { internetChecksum, onesSum } from './checksum.js';

/**
 * IPv4 header (RFC 791 §3.1). `fragOffset` is in 8-byte units, as on the wire. Addresses
 * are decoded as signed 32-bit integers: V8 keeps those unboxed, where half of all unsigned
 * addresses (every 128.0.0.0/1 one) would cost a heap number per packet. See addr.ts.
 */
export interface Ipv4Header {
  readonly version: number;
  readonly ihl: number;
  readonly tos: number;
  readonly totalLength: number;
  readonly id: number;
  readonly reserved: boolean;
  readonly df: boolean;
  readonly mf: boolean;
  readonly fragOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly checksum: number;
  readonly src: number;
  readonly dst: number;
  /** Option bytes (IHL > 5), empty otherwise. */
  readonly options: Buffer;
}

export const IPV4_MIN_LENGTH = 20;
export const BAD_VERSION = fault('bad_version');
export const BAD_IHL = fault('bad_ihl');
const NO_OPTIONS = Buffer.alloc(0);
const TTL_AT = 8;

/**
 * A plain header — version 4, no options, not a fragment, TTL 64, ID 0, checksum left for
 * fillIpv4Checksum — with the given fields set: what every writer of IPv4 starts from.
 */
export const ipv4Header = (
  fields: Pick<Ipv4Header, 'totalLength' | 'protocol' | 'src' | 'dst'> & Partial<Ipv4Header>,
): Ipv4Header => ({
  version: 4,
  ihl: 5,
  tos: 0,
  id: 0,
  reserved: false,
  df: false,
  mf: false,
  fragOffset: 0,
  ttl: 64,
  checksum: 0,
  options: NO_OPTIONS,
  ...fields,
});

/** The IP version nibble of the packet at `off` (IPv4 and IPv6 alike): what a raw-IP link or an MPLS stack's payload is. */
export const ipVersionAt = (buf: Buffer, off: number): number => buf[off]! >>> 4;
/** The header length (bytes) the IHL of the IPv4 header at `off` states; needs one byte. */
export const ipv4HeaderLengthAt = (buf: Buffer, off: number): number => (buf[off]! & 15) * 4;
/** Writes the TTL of the IPv4 header at `off` (the checksum is then stale: fillIpv4Checksum). */
export const setIpv4Ttl = (buf: Buffer, off: number, ttl: number): void => {
  buf[off + TTL_AT] = ttl;
};

export function decodeIpv4(buf: Buffer, off: number, end: number): Ipv4Header | Fault {
  if (end - off < 1) return SHORT;
  const vihl = buf[off]!;
  if (vihl >>> 4 !== 4) return BAD_VERSION;
  const ihl = vihl & 15;
  if (ihl < 5) return BAD_IHL;
  if (end - off < ihl * 4) return SHORT;
  const ff = u16(buf, off + 6);
  return {
    version: 4,
    ihl,
    tos: buf[off + 1]!,
    totalLength: u16(buf, off + 2),
    id: u16(buf, off + 4),
    reserved: (ff & 0x8000) !== 0,
    df: (ff & 0x4000) !== 0,
    mf: (ff & 0x2000) !== 0,
    fragOffset: ff & 0x1fff,
    ttl: buf[off + TTL_AT]!,
    protocol: buf[off + 9]!,
    checksum: u16(buf, off + 10),
    src: i32(buf, off + 12),
    dst: i32(buf, off + 16),
    options: ihl > 5 ? Buffer.from(buf.subarray(off + 20, off + ihl * 4)) : NO_OPTIONS,
  };
}

/** Writes the header with the stored checksum; call `fillIpv4Checksum` to recompute it. */
export function encodeIpv4(h: Ipv4Header, buf: Buffer, off: number): number {
  const len = lengthIpv4(h);
  buf[off] = 0x40 | (len >>> 2);
  buf[off + 1] = h.tos;
  buf.writeUInt16BE(h.totalLength, off + 2);
  buf.writeUInt16BE(h.id, off + 4);
  buf.writeUInt16BE(
    (h.reserved ? 0x8000 : 0) | (h.df ? 0x4000 : 0) | (h.mf ? 0x2000 : 0) | (h.fragOffset & 0x1fff),
    off + 6,
  );
  buf[off + 8] = h.ttl;
  buf[off + 9] = h.protocol;
  buf.writeUInt16BE(h.checksum, off + 10);
  buf.writeUInt32BE(h.src >>> 0, off + 12);
  buf.writeUInt32BE(h.dst >>> 0, off + 16);
  h.options.copy(buf, off + 20);
  buf.fill(0, off + 20 + h.options.length, off + len);
  return off + len;
}

export function lengthIpv4(h: Ipv4Header): number {
  return IPV4_MIN_LENGTH + ((h.options.length + 3) & ~3);
}

export function ipv4ChecksumOk(buf: Buffer, off: number, ihl: number): boolean {
  return onesSum(buf, off, off + ihl * 4) === 0xffff;
}

export function fillIpv4Checksum(buf: Buffer, off: number): void {
  const hl = (buf[off]! & 15) * 4;
  buf.writeUInt16BE(0, off + 10);
  buf.writeUInt16BE(internetChecksum(buf, off, off + hl), off + 10);
}

/** Pseudo-header sum for TCP/UDP checksums over IPv4 (RFC 793 §3.1). */
export function ipv4PseudoSum(src: number, dst: number, protocol: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
}

export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;

/** Names of the transport protocols reports spell out (lower case; messages capitalise them). */
export const PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  [PROTO_ICMP]: 'icmp',
  [PROTO_TCP]: 'tcp',
  [PROTO_UDP]: 'udp',
};
/** "tcp", or "protocol 47" for one without a name. */
export const protocolName = (p: number): string => PROTOCOL_NAMES[p] ?? `protocol ${p}`;
