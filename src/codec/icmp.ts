import { internetChecksum } from './checksum.js';
import { u16, u32 } from './bytes.js';
import { type Fault, SHORT } from './fault.js';

/**
 * ICMPv4 (RFC 792) and ICMPv6 (RFC 4443) share the first 8 bytes: type, code,
 * checksum and a 32-bit field whose meaning depends on the type (id/seq, MTU,
 * pointer, unused). One codec serves both; the type tables below tell them apart.
 */
export interface IcmpHeader {
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  readonly rest: number;
}

export const ICMP_LENGTH = 8;
/** Where the code byte, and the type-specific word (`rest`: id/seq, MTU, pointer) sit; the query identifier ends at ICMP_ID_END. */
export const ICMP_CODE_AT = 1;
export const ICMP_REST_AT = 4;
export const ICMP_ID_END = 6;
/** The type byte of the ICMP message at `off`. */
export const icmpTypeAt = (buf: Buffer, off: number): number => buf[off]!;
/** The identifier of the ICMP query at `off` (the high half of `rest`); needs ICMP_LENGTH bytes. */
export const icmpIdAt = (buf: Buffer, off: number): number => u16(buf, off + ICMP_REST_AT);

export function decodeIcmp(buf: Buffer, off: number, end: number): IcmpHeader | Fault {
  if (end - off < ICMP_LENGTH) return SHORT;
  return { type: buf[off]!, code: buf[off + 1]!, checksum: u16(buf, off + 2), rest: u32(buf, off + 4) };
}

export function encodeIcmp(h: IcmpHeader, buf: Buffer, off: number): number {
  buf[off] = h.type;
  buf[off + 1] = h.code;
  buf.writeUInt16BE(h.checksum, off + 2);
  buf.writeUInt32BE(h.rest >>> 0, off + 4);
  return off + ICMP_LENGTH;
}

export const lengthIcmp = (_h: IcmpHeader): number => ICMP_LENGTH;

/** ICMPv4 error types whose body quotes the offending IPv4 packet. */
export const ICMP4_ERRORS: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);
/** ICMPv4 query types whose `rest` is identifier and sequence number. */
export const ICMP4_QUERIES: ReadonlySet<number> = new Set([0, 8, 13, 14, 15, 16, 17, 18]);
/** ICMPv6 error types (RFC 4443 §2.1: types 0–127) that quote the offending IPv6 packet. */
export const ICMP6_ERRORS: ReadonlySet<number> = new Set([1, 2, 3, 4]);
/** ICMPv6 Packet Too Big (RFC 4443 §3.2): its MTU is in `rest`. */
export const ICMP6_PACKET_TOO_BIG = 2;
export const ICMP6_QUERIES: ReadonlySet<number> = new Set([128, 129]);

export const icmpId = (h: IcmpHeader): number => h.rest >>> 16;
export const icmpSeq = (h: IcmpHeader): number => h.rest & 0xffff;
/** The Next-Hop MTU of a Destination Unreachable, Fragmentation Needed (3/4): the low 16 bits of the second word (RFC 1191 §4); 0 for other messages. */
export const nextHopMtu = (h: IcmpHeader): number => (h.type === 3 && h.code === 4 ? h.rest & 0xffff : 0);
/** The bytes an ICMPv4 message of IPv4 Total Length `totalLength` and header length `ihl` words carries after its own 8-byte header. */
export const icmpBodyLength = (totalLength: number, ihl: number): number =>
  Math.max(0, totalLength - ihl * 4 - ICMP_LENGTH);

/** Where the checksum sits in an ICMP header. */
const ICMP_CHECKSUM_OFFSET = 2;

/** Fills the checksum of the ICMPv4 message at [off, end) (RFC 792: over the whole message, field zero first). */
export function fillIcmpChecksum(buf: Buffer, off: number, end: number): void {
  buf.writeUInt16BE(0, off + ICMP_CHECKSUM_OFFSET);
  buf.writeUInt16BE(internetChecksum(buf, off, end), off + ICMP_CHECKSUM_OFFSET);
}
