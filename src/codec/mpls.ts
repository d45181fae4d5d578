import { type Fault, SHORT } from './fault.js';

/** One MPLS label stack entry (RFC 3032 §2.1). */
export interface MplsLabel {
  readonly label: number;
  readonly tc: number;
  readonly bottom: boolean;
  readonly ttl: number;
}

export const MPLS_LENGTH = 4;

export function decodeMpls(buf: Buffer, off: number, end: number): MplsLabel | Fault {
  if (end - off < MPLS_LENGTH) return SHORT;
  const w = buf.readUInt32BE(off);
  return { label: w >>> 12, tc: (w >>> 9) & 7, bottom: (w & 0x100) !== 0, ttl: w & 0xff };
}

export function encodeMpls(h: MplsLabel, buf: Buffer, off: number): number {
  buf.writeUInt32BE(
    (((h.label & 0xfffff) << 12) | ((h.tc & 7) << 9) | (h.bottom ? 0x100 : 0) | (h.ttl & 0xff)) >>> 0,
    off,
  );
  return off + MPLS_LENGTH;
}

export const lengthMpls = (_h: MplsLabel): number => MPLS_LENGTH;
