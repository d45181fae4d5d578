import { u16 } from './bytes.js';
import { type Fault, SHORT } from './fault.js';

/** UDP header (RFC 768). */
export interface UdpHeader {
  readonly kind: 'udp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly length: number;
  readonly checksum: number;
}

export const UDP_LENGTH = 8;

export function decodeUdp(buf: Buffer, off: number, end: number): UdpHeader | Fault {
  if (end - off < UDP_LENGTH) return SHORT;
  return {
    kind: 'udp',
    srcPort: u16(buf, off),
    dstPort: u16(buf, off + 2),
    length: u16(buf, off + 4),
    checksum: u16(buf, off + 6),
  };
}

export function encodeUdp(h: UdpHeader, buf: Buffer, off: number): number {
  buf.writeUInt16BE(h.srcPort, off);
  buf.writeUInt16BE(h.dstPort, off + 2);
  buf.writeUInt16BE(h.length, off + 4);
  buf.writeUInt16BE(h.checksum, off + 6);
  return off + UDP_LENGTH;
}

export const lengthUdp = (_h: UdpHeader): number => UDP_LENGTH;
