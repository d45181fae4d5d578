import type { Softwire } from './softwires.js';
import type { Direction } from '../model/direction.js';
import type { InnerDatagram } from './defrag-ipv4.js';

/** Where a capture was taken (catalogue §1.3): the B4–AFTR link, the AFTR's Internet side, the B4's LAN side. */
export type Side = 'tunnel' | 'internet' | 'lan';

/** One IPv4 fragment of a datagram, as it crossed a capture point. */
export interface Ip4Fragment {
  /** Data offset in bytes and data length (after the IPv4 header). */
  readonly offset: number;
  readonly length: number;
  readonly totalLength: number;
  readonly df: boolean;
  readonly frames: readonly number[];
}

/** The part of an ICMPv4 error the correlation rules read. */
export interface Icmp4Error {
  readonly type: number;
  readonly code: number;
  /** Next-Hop MTU of type 3 code 4 (RFC 1191 §4), 0 otherwise. */
  readonly mtu: number;
  /** The quoted datagram's identity: source, destination, protocol, Identification, and its ports (or ICMP query identifier, both) where the quote holds them, else -1. */
  readonly quoted: {
    readonly src: number;
    readonly dst: number;
    readonly protocol: number;
    readonly id: number;
    readonly srcPort: number;
    readonly dstPort: number;
  };
}

/**
 * A whole IPv4 datagram (after any reassembly) seen at one capture point: what the
 * correlation matches across points. Everything here is a copy: it may be kept.
 */
export interface Ip4Datagram {
  readonly side: Side;
  readonly input: number;
  /** Capture time (with the input's clock offset) of the frame that completed it. */
  readonly time: number;
  readonly frames: readonly number[];
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly id: number;
  readonly df: boolean;
  readonly ttl: number;
  /** The IPv4 TOS byte (DSCP and ECN), of the first fragment for a fragmented datagram. */
  readonly tos: number;
  /** Total Length of the whole datagram (header + all data). */
  readonly totalLength: number;
  /** TCP/UDP ports, -1 for other protocols. */
  readonly srcPort: number;
  readonly dstPort: number;
  /** ICMP query identifier (echo, timestamp, information: what a NAT maps like a port), -1 otherwise. */
  readonly icmpId: number;
  /** TCP SYN without ACK (the clock-offset estimate pairs these). */
  readonly syn: boolean;
  /** TCP flags byte, -1 for other protocols or when not captured. */
  readonly tcpFlags: number;
  /** Hash of what address and port translation leave alone (see digest.ts); undefined when the capture cut those bytes. */
  readonly digest: number | undefined;
  /** IPv4 fragments in arrival order, or undefined when the datagram crossed whole. */
  readonly fragments: readonly Ip4Fragment[] | undefined;
  /** The first-offset fragment arrived after a later one. */
  readonly outOfOrder: boolean;
  readonly icmp: Icmp4Error | undefined;
}

/** A datagram carried in a softwire: where it went and how the tunnel carried it. */
export interface TunnelDatagram extends Ip4Datagram {
  readonly side: 'tunnel';
  readonly softwire: Softwire;
  readonly dir: Direction;
  /**
   * When the whole datagram travelled in one outer fragment set: where each outer fragment
   * after the first begins, in bytes of the inner datagram's data (after its IPv4 header).
   */
  readonly outerBoundaries: readonly number[] | undefined;
  /** The inner fragment group, when the datagram was fragmented inside the tunnel. */
  readonly inner: InnerDatagram | undefined;
  /** Its outer fragment set overlapped (RFC 5722: the receiver must discard it). */
  readonly outerOverlap: boolean;
  /** The outer Traffic Class it travelled under; -1 when its inner fragments came in several tunnel packets. */
  readonly outerTrafficClass: number;
}

/** Where each fragment after the first begins, sorted: the boundaries two captures compare. */
export const fragmentBoundaries = (frags: readonly Ip4Fragment[]): number[] =>
  [...new Set(frags.map((f) => f.offset))].filter((o) => o > 0).sort((a, b) => a - b);

/** Do two boundary lists coincide, allowing the rounding of fragment data to 8-byte units? */
export function sameBoundaries(a: readonly number[], b: readonly number[], slack = 8): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) < slack);
}
