import { u16 } from './bytes.js';
import { type Fault, SHORT } from './fault.js';

/** One 802.1Q / 802.1ad tag after its TPID: TCI and the next EtherType. */
export interface VlanTag {
  readonly pcp: number;
  readonly dei: boolean;
  readonly vid: number;
  readonly etherType: number;
}

export const VLAN_LENGTH = 4;

export function decodeVlan(buf: Buffer, off: number, end: number): VlanTag | Fault {
  if (end - off < VLAN_LENGTH) return SHORT;
  const tci = u16(buf, off);
  return { pcp: tci >>> 13, dei: (tci & 0x1000) !== 0, vid: tci & 0xfff, etherType: u16(buf, off + 2) };
}

export function encodeVlan(h: VlanTag, buf: Buffer, off: number): number {
  buf.writeUInt16BE(((h.pcp & 7) << 13) | (h.dei ? 0x1000 : 0) | (h.vid & 0xfff), off);
  buf.writeUInt16BE(h.etherType, off + 2);
  return off + VLAN_LENGTH;
}

export const lengthVlan = (_h: VlanTag): number => VLAN_LENGTH;
