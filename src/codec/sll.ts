import { u16, u32 } from './bytes.js';
import { type Fault, SHORT } from './fault.js';

/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113): 16 bytes. */
export interface SllHeader {
  readonly packetType: number;
  readonly arphrdType: number;
  readonly addrLength: number;
  /** Link-layer address bytes as hex (up to 8 bytes are stored). */
  readonly addr: string;
  readonly protocol: number;
}

export const SLL_LENGTH = 16;

export function decodeSll(buf: Buffer, off: number, end: number): SllHeader | Fault {
  if (end - off < SLL_LENGTH) return SHORT;
  const addrLength = u16(buf, off + 4);
  return {
    packetType: u16(buf, off),
    arphrdType: u16(buf, off + 2),
    addrLength,
    addr: buf.toString('hex', off + 6, off + 6 + Math.min(8, addrLength)),
    protocol: u16(buf, off + 14),
  };
}

export function encodeSll(h: SllHeader, buf: Buffer, off: number): number {
  buf.writeUInt16BE(h.packetType, off);
  buf.writeUInt16BE(h.arphrdType, off + 2);
  buf.writeUInt16BE(h.addrLength, off + 4);
  buf.fill(0, off + 6, off + 14);
  Buffer.from(h.addr, 'hex').copy(buf, off + 6, 0, 8);
  buf.writeUInt16BE(h.protocol, off + 14);
  return off + SLL_LENGTH;
}

export const lengthSll = (_h: SllHeader): number => SLL_LENGTH;

/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276): 20 bytes. */
export interface Sll2Header {
  readonly protocol: number;
  readonly interfaceIndex: number;
  readonly arphrdType: number;
  readonly packetType: number;
  readonly addrLength: number;
  readonly addr: string;
}

export const SLL2_LENGTH = 20;

export function decodeSll2(buf: Buffer, off: number, end: number): Sll2Header | Fault {
  if (end - off < SLL2_LENGTH) return SHORT;
  const addrLength = buf[off + 11]!;
  return {
    protocol: u16(buf, off),
    interfaceIndex: u32(buf, off + 4),
    arphrdType: u16(buf, off + 8),
    packetType: buf[off + 10]!,
    addrLength,
    addr: buf.toString('hex', off + 12, off + 12 + Math.min(8, addrLength)),
  };
}

export function encodeSll2(h: Sll2Header, buf: Buffer, off: number): number {
  buf.writeUInt16BE(h.protocol, off);
  buf.writeUInt16BE(0, off + 2);
  buf.writeUInt32BE(h.interfaceIndex, off + 4);
  buf.writeUInt16BE(h.arphrdType, off + 8);
  buf[off + 10] = h.packetType;
  buf[off + 11] = h.addrLength;
  buf.fill(0, off + 12, off + 20);
  Buffer.from(h.addr, 'hex').copy(buf, off + 12, 0, 8);
  return off + SLL2_LENGTH;
}

export const lengthSll2 = (_h: Sll2Header): number => SLL2_LENGTH;
