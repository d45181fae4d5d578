import { u16 } from './bytes.js';
import { type Fault, SHORT } from './fault.js';
import { readMac, writeMac } from './addr.js';

/** Ethernet II header (IEEE 802.3 framing with EtherType). MACs as 48-bit numbers. */
export interface EthernetHeader {
  readonly dst: number;
  readonly src: number;
  readonly etherType: number;
}

export const ETHERNET_LENGTH = 14;

export function decodeEthernet(buf: Buffer, off: number, end: number): EthernetHeader | Fault {
  if (end - off < ETHERNET_LENGTH) return SHORT;
  return { dst: readMac(buf, off), src: readMac(buf, off + 6), etherType: u16(buf, off + 12) };
}

export function encodeEthernet(h: EthernetHeader, buf: Buffer, off: number): number {
  writeMac(buf, off, h.dst);
  writeMac(buf, off + 6, h.src);
  buf.writeUInt16BE(h.etherType, off + 12);
  return off + ETHERNET_LENGTH;
}

/** The EtherType alone, for the dissector's hot path (it never needs the MACs). */
export function etherTypeAt(buf: Buffer, off: number, end: number): number | Fault {
  return end - off < ETHERNET_LENGTH ? SHORT : u16(buf, off + 12);
}

export const lengthEthernet = (_h: EthernetHeader): number => ETHERNET_LENGTH;
