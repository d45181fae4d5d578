import { IPV6_LENGTH, IPV6_MIN_MTU } from '../codec/ipv6.js';
import type { Ip6Packet } from '../dissect/types.js';
import type { Direction } from '../model/direction.js';

/**
 * Where a link MTU learned from the capture comes from: an ICMPv6 Packet Too Big about a
 * tunnel packet (the path MTU itself), the first of a set of outer fragments (the sender's
 * MTU, to within the 8-byte rounding of fragment data), the largest tunnel packet that
 * carried a whole inner datagram (a lower bound: the link carried it).
 */
export type MtuEvidence = 'packet-too-big' | 'outer-fragments' | 'largest-packet';

export interface LearnedMtu {
  readonly value: number;
  readonly frame: number;
  readonly how: MtuEvidence;
}

/** Whether it tells anything of the link: a floor below the IPv6 minimum MTU (RFC 8200 §5) says less than the minimum itself. */
export const tellsLinkMtu = (l: LearnedMtu): boolean => l.value >= IPV6_MIN_MTU;

/** What rules read while the capture goes on. */
export interface LinkMtuView {
  /** What the capture showed of the direction's link MTU, most telling first. */
  learned(dir: Direction): readonly LearnedMtu[];
  /** The largest tunnel packet of any kind seen that way, or the IPv6 minimum MTU: the link carries at least that. */
  floor(dir: Direction): number;
}

export interface LinkMtuLearner extends LinkMtuView {
  /** A tunnel packet on the link, in direction `dir`. */
  packet(dir: Direction, p: Ip6Packet, frame: number): void;
  /** An ICMPv6 Packet Too Big about a tunnel packet that went `dir`. */
  tooBig(dir: Direction, mtu: number, frame: number): void;
}

/** The evidence kinds in the order they tell the MTU: exact, nearly exact, a lower bound. */
const ORDER: readonly MtuEvidence[] = ['packet-too-big', 'outer-fragments', 'largest-packet'];

export function createLinkMtuLearner(): LinkMtuLearner {
  // Per direction and kind: value and frame (a Packet Too Big keeps the smallest, the others the largest).
  const value = { up: new Float64Array(3), down: new Float64Array(3) };
  const frame = { up: new Float64Array(3), down: new Float64Array(3) };
  const floor = { up: IPV6_MIN_MTU, down: IPV6_MIN_MTU };
  const keep = (dir: Direction, kind: number, v: number, f: number, smaller: boolean): void => {
    const cur = value[dir][kind]!;
    if (cur === 0 || (smaller ? v < cur : v > cur)) {
      value[dir][kind] = v;
      frame[dir][kind] = f;
    }
  };
  return {
    packet(dir, p, f) {
      const size = IPV6_LENGTH + p.hdr.payloadLength;
      if (size > floor[dir]) floor[dir] = size;
      const fr = p.frag;
      if (fr) {
        if (fr.offset === 0 && fr.more) keep(dir, 1, size, f, false);
        return;
      }
      // Only packets around a whole inner datagram: an endpoint that cuts inner datagrams for its
      // tunnel would otherwise teach the very tunnel MTU its fragments are then judged against.
      const h = p.inner?.hdr;
      if (h && !h.mf && h.fragOffset === 0) keep(dir, 2, size, f, false);
    },
    tooBig(dir, mtu, f) {
      if (mtu >= IPV6_MIN_MTU) keep(dir, 0, mtu, f, true);
    },
    floor: (dir) => floor[dir],
    learned(dir) {
      const out: LearnedMtu[] = [];
      ORDER.forEach((how, i) => {
        if (value[dir][i]! > 0) out.push({ value: value[dir][i]!, frame: frame[dir][i]!, how });
      });
      return out;
    },
  };
}
