import { u16 } from './bytes.js';
import { type Fault, SHORT, fault } from './fault.js';

/** PPPoE session header (RFC 2516 §4) with the PPP protocol field that follows it. */
export interface PppoeSession {
  readonly version: number;
  readonly type: number;
  readonly code: number;
  readonly sessionId: number;
  /** PPPoE payload length, which includes the 2-byte PPP protocol field. */
  readonly length: number;
  readonly pppProtocol: number;
  /** 1 when the sender used PPP protocol-field compression (RFC 1661 §6.5), else 2. */
  readonly pppProtocolLength: 1 | 2;
}

/** PPPoE header (6) plus an uncompressed PPP protocol field (2). */
export const PPPOE_LENGTH = 8;
export const PPP_IPV4 = 0x0021;
export const PPP_IPV6 = 0x0057;
const BAD_VERSION = fault('bad_version');

export function decodePppoe(buf: Buffer, off: number, end: number): PppoeSession | Fault {
  if (end - off < 7) return SHORT;
  const vt = buf[off]!;
  if (vt !== 0x11) return BAD_VERSION;
  // A compressed protocol field is one odd byte; an uncompressed one starts with an even byte.
  const pfc = (buf[off + 6]! & 1) === 1;
  if (!pfc && end - off < PPPOE_LENGTH) return SHORT;
  return {
    version: vt >>> 4,
    type: vt & 15,
    code: buf[off + 1]!,
    sessionId: u16(buf, off + 2),
    length: u16(buf, off + 4),
    pppProtocol: pfc ? buf[off + 6]! : u16(buf, off + 6),
    pppProtocolLength: pfc ? 1 : 2,
  };
}

export function encodePppoe(h: PppoeSession, buf: Buffer, off: number): number {
  buf[off] = ((h.version & 15) << 4) | (h.type & 15);
  buf[off + 1] = h.code;
  buf.writeUInt16BE(h.sessionId, off + 2);
  buf.writeUInt16BE(h.length, off + 4);
  if (h.pppProtocolLength === 1) {
    buf[off + 6] = h.pppProtocol;
    return off + 7;
  }
  buf.writeUInt16BE(h.pppProtocol, off + 6);
  return off + PPPOE_LENGTH;
}

export const lengthPppoe = (h: PppoeSession): number => 6 + h.pppProtocolLength;
