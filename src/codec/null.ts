import { type Fault, SHORT } from './fault.js';

/**
 * BSD null/loopback (LINKTYPE_NULL, 0): a 4-byte address family in the
 * capturing host's byte order, so both orders are accepted.
 */
export interface NullHeader {
  readonly family: number;
}

export const NULL_LENGTH = 4;

export function decodeNull(buf: Buffer, off: number, end: number): NullHeader | Fault {
  if (end - off < NULL_LENGTH) return SHORT;
  const le = buf.readUInt32LE(off);
  return { family: le < 0x10000 ? le : buf.readUInt32BE(off) };
}

export function encodeNull(h: NullHeader, buf: Buffer, off: number): number {
  buf.writeUInt32LE(h.family, off);
  return off + NULL_LENGTH;
}

export const lengthNull = (_h: NullHeader): number => NULL_LENGTH;

/** AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30 depending on the BSD. */
export const NULL_FAMILY_IPV4 = 2;
export const NULL_FAMILY_IPV6 = new Set([24, 28, 30]);
