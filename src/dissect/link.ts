import { isFault } from '../codec/fault.js';
import { etherTypeAt, ETHERNET_LENGTH } from '../codec/ethernet.js';
import { decodeVlan, VLAN_LENGTH } from '../codec/vlan.js';
import { decodePppoe, lengthPppoe, PPPOE_LENGTH, PPP_IPV4, PPP_IPV6 } from '../codec/pppoe.js';
import { decodeSll, decodeSll2, SLL_LENGTH, SLL2_LENGTH } from '../codec/sll.js';
import { decodeNull, NULL_FAMILY_IPV4, NULL_FAMILY_IPV6, NULL_LENGTH } from '../codec/null.js';
import { decodeMpls, MPLS_LENGTH } from '../codec/mpls.js';
import { ipVersionAt } from '../codec/ipv4.js';

export const ETH_IPV4 = 0x0800;
export const ETH_ARP = 0x0806;
export const ETH_IPV6 = 0x86dd;
export const ETH_PPPOE_SESSION = 0x8864;
/** MPLS unicast and multicast (RFC 5332). */
export const ETH_MPLS: ReadonlySet<number> = new Set([0x8847, 0x8848]);
/** 802.1Q, 802.1ad and the pre-standard QinQ TPIDs. */
export const VLAN_TPIDS: ReadonlySet<number> = new Set([0x8100, 0x88a8, 0x9100, 0x9200]);
const MAX_TAGS = 8;
const MAX_LABELS = 8;

/** Where the network layer starts and which EtherType it is (0 = unknown). */
export interface LinkResult {
  readonly etherType: number;
  readonly offset: number;
  readonly vlans: number[];
  readonly pppoeSession: number | undefined;
  /** Anomaly base name of the layer that was short, or a full anomaly ID. */
  readonly problem: { layer: string; need: number } | { id: string } | undefined;
}

/** Every link result has the same shape (the dissector's hot path stays monomorphic). */
function result(
  etherType: number,
  offset: number,
  vlans: number[],
  pppoeSession?: number,
  problem?: LinkResult['problem'],
): LinkResult {
  return { etherType, offset, vlans, pppoeSession, problem };
}

function shortLink(off: number, need: number): LinkResult {
  return result(0, off, NO_VLANS, undefined, { layer: 'link', need });
}

/** Decodes the link header of the frame at [off, end) of `buf`; offsets in the result are absolute. */
export type LinkDecoder = (buf: Buffer, off: number, end: number) => LinkResult;

const NO_VLANS: number[] = [];

/** After an EtherType: peel VLAN tags and PPPoE sessions until a network protocol. */
function fromEtherType(buf: Buffer, off: number, end: number, etherType: number): LinkResult {
  let et = etherType;
  let o = off;
  let vlans = NO_VLANS;
  let pppoeSession: number | undefined;
  for (let n = 0; VLAN_TPIDS.has(et) && n < MAX_TAGS; n++) {
    const tag = decodeVlan(buf, o, end);
    if (isFault(tag)) return result(0, o, vlans, undefined, { layer: 'vlan', need: o + VLAN_LENGTH });
    if (vlans === NO_VLANS) vlans = [];
    vlans.push(tag.vid);
    et = tag.etherType;
    o += VLAN_LENGTH;
  }
  if (et === ETH_PPPOE_SESSION) {
    const p = decodePppoe(buf, o, end);
    if (isFault(p)) {
      const problem = p.fault === 'short' ? { layer: 'pppoe', need: o + PPPOE_LENGTH } : { id: `pppoe.${p.fault}` };
      return result(0, o, vlans, undefined, problem);
    }
    pppoeSession = p.sessionId;
    o += lengthPppoe(p);
    et = p.pppProtocol === PPP_IPV6 ? ETH_IPV6 : p.pppProtocol === PPP_IPV4 ? ETH_IPV4 : 0;
  }
  if (ETH_MPLS.has(et)) return afterLabels(buf, o, end, vlans);
  return result(et, o, vlans, pppoeSession);
}

/**
 * An MPLS label stack says nothing of what follows its bottom label: like tshark and Zeek,
 * read the IP version nibble there (a softwire's carrier is IPv6, an AFTR's Internet side IPv4).
 */
function afterLabels(buf: Buffer, off: number, end: number, vlans: number[]): LinkResult {
  let o = off;
  for (let n = 0; n < MAX_LABELS; n++) {
    const l = decodeMpls(buf, o, end);
    if (isFault(l)) return result(0, o, vlans, undefined, { layer: 'mpls', need: o + MPLS_LENGTH });
    o += MPLS_LENGTH;
    if (l.bottom) {
      if (o >= end) return result(0, o, vlans, undefined, { layer: 'mpls', need: o + 1 });
      const v = ipVersionAt(buf, o);
      return result(v === 6 ? ETH_IPV6 : v === 4 ? ETH_IPV4 : 0, o, vlans);
    }
  }
  return result(0, o, vlans, undefined, { id: 'mpls.stack_too_deep' });
}

function rawIp(buf: Buffer, off: number, end: number): LinkResult {
  if (end - off < 1) return shortLink(off, off + 1);
  const v = ipVersionAt(buf, off);
  return result(v === 6 ? ETH_IPV6 : v === 4 ? ETH_IPV4 : 0, off, NO_VLANS);
}

/** BSD loopback (0, host byte order) and OpenBSD loopback (108, network byte order). */
function nullLink(buf: Buffer, off: number, end: number): LinkResult {
  const h = decodeNull(buf, off, end);
  if (isFault(h)) return shortLink(off, off + NULL_LENGTH);
  const et = h.family === NULL_FAMILY_IPV4 ? ETH_IPV4 : NULL_FAMILY_IPV6.has(h.family) ? ETH_IPV6 : 0;
  return result(et, off + NULL_LENGTH, NO_VLANS);
}

/** Link type (LINKTYPE_* numbers of the pcap spec) → decoder. */
export const LINK_DECODERS: ReadonlyMap<number, LinkDecoder> = new Map<number, LinkDecoder>([
  [0, nullLink],
  [108, nullLink],
  [
    1,
    (buf, off, end) => {
      const et = etherTypeAt(buf, off, end);
      if (isFault(et)) return shortLink(off, off + ETHERNET_LENGTH);
      return fromEtherType(buf, off + ETHERNET_LENGTH, end, et);
    },
  ],
  [12, rawIp],
  [14, rawIp],
  [101, rawIp],
  [228, (_b, off) => result(ETH_IPV4, off, NO_VLANS)],
  [229, (_b, off) => result(ETH_IPV6, off, NO_VLANS)],
  [
    113,
    (buf, off, end) => {
      const h = decodeSll(buf, off, end);
      if (isFault(h)) return shortLink(off, off + SLL_LENGTH);
      return fromEtherType(buf, off + SLL_LENGTH, end, h.protocol);
    },
  ],
  [
    276,
    (buf, off, end) => {
      const h = decodeSll2(buf, off, end);
      if (isFault(h)) return shortLink(off, off + SLL2_LENGTH);
      return fromEtherType(buf, off + SLL2_LENGTH, end, h.protocol);
    },
  ],
]);

export const LINK_NAMES: Readonly<Record<number, string>> = {
  0: 'BSD loopback',
  1: 'Ethernet',
  12: 'raw IP',
  14: 'raw IP',
  101: 'raw IP',
  108: 'OpenBSD loopback',
  113: 'Linux cooked (SLL)',
  228: 'raw IPv4',
  229: 'raw IPv6',
  276: 'Linux cooked v2 (SLL2)',
};
