import { i32, u16 } from './bytes.js';
import { type Fault, SHORT, fault } from './fault.js';

/**
 * TCP header (RFC 9293 §3.1). Options kept raw; `mss` parsed for convenience. Sequence and
 * acknowledgement numbers are signed 32-bit (unboxed in V8; sequence arithmetic is modulo
 * 2^32 anyway: compare with `(a - b) | 0`).
 */
export interface TcpHeader {
  readonly kind: 'tcp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  readonly dataOffset: number;
  readonly flags: number;
  readonly window: number;
  readonly checksum: number;
  readonly urgent: number;
  readonly options: Buffer;
}

export const TCP_MIN_LENGTH = 20;
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
const BAD_OFFSET = fault('bad_data_offset');
const NO_OPTIONS = Buffer.alloc(0);

/** Where the sequence and acknowledgement numbers sit (bytes [4, 12)): hashed alone by the correlation digest. */
export const TCP_SEQ_AT = 4;
export const TCP_ACK_END = 12;
/** Where the data offset (high nibble) and the flags byte sit: read alone from quoted and reassembled headers. */
const DATA_OFFSET_AT = 12;
const FLAGS_AT = 13;
/** Bytes a TCP header must have for its data offset, and for its flags byte, to be read. */
export const TCP_DATA_OFFSET_END = DATA_OFFSET_AT + 1;
export const TCP_FLAGS_END = FLAGS_AT + 1;
/** The header length the data offset at `off` states (in bytes); needs DATA_OFFSET_AT + 1 bytes. */
export const tcpHeaderLengthAt = (buf: Buffer, off: number): number => (buf[off + DATA_OFFSET_AT]! >>> 4) * 4;
/** The flags byte (CWR … FIN) of the header at `off`; needs TCP_FLAGS_END bytes. */
export const tcpFlagsAt = (buf: Buffer, off: number): number => buf[off + FLAGS_AT]!;

export function decodeTcp(buf: Buffer, off: number, end: number): TcpHeader | Fault {
  if (end - off < TCP_MIN_LENGTH) return SHORT;
  const dataOffset = tcpHeaderLengthAt(buf, off) / 4;
  if (dataOffset < 5) return BAD_OFFSET;
  if (end - off < dataOffset * 4) return SHORT;
  return {
    kind: 'tcp',
    srcPort: u16(buf, off),
    dstPort: u16(buf, off + 2),
    seq: i32(buf, off + 4),
    ack: i32(buf, off + 8),
    dataOffset,
    flags: u16(buf, off + 12) & 0x1ff,
    window: u16(buf, off + 14),
    checksum: u16(buf, off + 16),
    urgent: u16(buf, off + 18),
    // A view, not a copy (most TCP segments carry timestamps): valid while `buf` is, like every decoded field.
    options: dataOffset > 5 ? buf.subarray(off + 20, off + dataOffset * 4) : NO_OPTIONS,
  };
}

export function lengthTcp(h: TcpHeader): number {
  return TCP_MIN_LENGTH + ((h.options.length + 3) & ~3);
}

export function encodeTcp(h: TcpHeader, buf: Buffer, off: number): number {
  const len = lengthTcp(h);
  buf.writeUInt16BE(h.srcPort, off);
  buf.writeUInt16BE(h.dstPort, off + 2);
  buf.writeUInt32BE(h.seq >>> 0, off + 4);
  buf.writeUInt32BE(h.ack >>> 0, off + 8);
  buf.writeUInt16BE(((len / 4) << 12) | (h.flags & 0x1ff), off + 12);
  buf.writeUInt16BE(h.window, off + 14);
  buf.writeUInt16BE(h.checksum, off + 16);
  buf.writeUInt16BE(h.urgent, off + 18);
  h.options.copy(buf, off + 20);
  buf.fill(0, off + 20 + h.options.length, off + len);
  return off + len;
}

/** The MSS option value (kind 2), if present and well-formed. */
export function tcpMss(h: TcpHeader): number | undefined {
  const o = h.options;
  for (let i = 0; i < o.length;) {
    const kind = o[i]!;
    if (kind === 0) return undefined;
    if (kind === 1) {
      i++;
      continue;
    }
    const len = o[i + 1];
    if (len === undefined || len < 2 || i + len > o.length) return undefined;
    if (kind === 2 && len === 4) return o.readUInt16BE(i + 2);
    i += len;
  }
  return undefined;
}
