import { u16 } from './bytes.js';
import { type Fault, fault, SHORT } from './fault.js';

/**
 * A GRE header (RFC 2784 with the RFC 2890 key and sequence number): the flags that size it
 * and the EtherType of what it carries. Only version 0 can carry a softwire; version 1 (PPTP's
 * enhanced GRE) is left undecoded.
 */
export interface GreHeader {
  readonly checksum: number | undefined;
  readonly key: number | undefined;
  readonly sequence: number | undefined;
  readonly version: number;
  readonly protocol: number;
}

export const GRE_MIN_LENGTH = 4;
/** The IP protocol number of GRE. */
export const PROTO_GRE = 47;
const C = 0x8000;
const K = 0x2000;
const S = 0x1000;
const OTHER_VERSION: Fault = fault('other_version');

export function decodeGre(buf: Buffer, off: number, end: number): GreHeader | Fault {
  if (end - off < GRE_MIN_LENGTH) return SHORT;
  const flags = u16(buf, off);
  const version = flags & 7;
  if (version !== 0) return OTHER_VERSION;
  if (end - off < greLengthAt(buf, off)) return SHORT;
  let o = off + GRE_MIN_LENGTH;
  let checksum: number | undefined;
  let key: number | undefined;
  let sequence: number | undefined;
  if (flags & C) {
    checksum = u16(buf, o);
    o += 4; // the checksum's 16 bits and the reserved 16 after them
  }
  if (flags & K) {
    key = buf.readUInt32BE(o);
    o += 4;
  }
  if (flags & S) sequence = buf.readUInt32BE(o);
  return { checksum, key, sequence, version, protocol: u16(buf, off + 2) };
}

/** The header's length from its flags at `off` (at least GRE_MIN_LENGTH bytes must be there). */
export function greLengthAt(buf: Buffer, off: number): number {
  const flags = u16(buf, off);
  return GRE_MIN_LENGTH + (flags & C ? 4 : 0) + (flags & K ? 4 : 0) + (flags & S ? 4 : 0);
}

export const lengthGre = (h: GreHeader): number =>
  GRE_MIN_LENGTH +
  (h.checksum !== undefined ? 4 : 0) +
  (h.key !== undefined ? 4 : 0) +
  (h.sequence !== undefined ? 4 : 0);

export function encodeGre(h: GreHeader, buf: Buffer, off: number): number {
  const flags =
    (h.checksum !== undefined ? C : 0) |
    (h.key !== undefined ? K : 0) |
    (h.sequence !== undefined ? S : 0) |
    (h.version & 7);
  buf.writeUInt16BE(flags, off);
  buf.writeUInt16BE(h.protocol, off + 2);
  let o = off + GRE_MIN_LENGTH;
  if (h.checksum !== undefined) {
    buf.writeUInt16BE(h.checksum, o);
    buf.writeUInt16BE(0, o + 2);
    o += 4;
  }
  if (h.key !== undefined) {
    buf.writeUInt32BE(h.key >>> 0, o);
    o += 4;
  }
  if (h.sequence !== undefined) {
    buf.writeUInt32BE(h.sequence >>> 0, o);
    o += 4;
  }
  return o;
}
