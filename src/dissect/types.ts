import type { Ipv6Header } from '../codec/ipv6.js';
import type { ExtHeader, FragmentHeader, OptionsHeader } from '../codec/ipv6-ext.js';
import type { Ipv4Header } from '../codec/ipv4.js';
import type { TcpHeader } from '../codec/tcp.js';
import type { UdpHeader } from '../codec/udp.js';
import type { IcmpHeader } from '../codec/icmp.js';

export interface IcmpLayer {
  readonly kind: 'icmp';
  readonly hdr: IcmpHeader;
  /** The IPv4 packet an ICMPv4 error quotes, as far as the quote goes. */
  readonly quoted?: Ip4Packet;
}
export interface Icmp6Layer {
  readonly kind: 'icmpv6';
  readonly hdr: IcmpHeader;
  /** The IPv6 packet an ICMPv6 error quotes (possibly IPv4-in-IPv6). */
  readonly quoted?: Ip6Packet;
}
/** Inside ICMP quotes a TCP header is often cut after 8 bytes: the ports are all there is. */
export interface PortsLayer {
  readonly kind: 'ports';
  readonly protocol: number;
  readonly srcPort: number;
  readonly dstPort: number;
}
/** Transport layer: TCP and UDP headers carry their own `kind`; ICMP adds the quoted packet. */
export type L4 = TcpHeader | UdpHeader | IcmpLayer | Icmp6Layer | PortsLayer;

export interface Ip4Packet {
  readonly kind: 'ip4';
  readonly hdr: Ipv4Header;
  readonly offset: number;
  /** Null inside ICMP quotes whose header bytes are incomplete. */
  readonly checksumOk: boolean | null;
  /** Present for unfragmented datagrams and first fragments whose L4 header was decoded. */
  readonly l4?: L4;
}

export interface Ip6Packet {
  readonly kind: 'ip6';
  readonly hdr: Ipv6Header;
  readonly offset: number;
  /** Extension headers in order, the Fragment header included. */
  readonly ext: readonly ExtHeader[];
  readonly frag?: FragmentHeader;
  /** Where the Fragment header starts and where the fragment's data starts (after it), or -1. */
  readonly fragOffset: number;
  readonly fragDataOffset: number;
  /** The RFC 2473 Tunnel Encapsulation Limit destination options header, if any. */
  readonly tel?: OptionsHeader;
  /** Next-header value that ends the chain, and where its bytes start. */
  readonly upper: number;
  readonly upperOffset: number;
  /** End of this packet's bytes within the frame (by Payload Length, bounded by the capture). */
  readonly end: number;
  readonly inner?: Ip4Packet;
  /** First payload byte (IP version and IHL) when the chain ends in next header 4. */
  readonly innerLead?: number;
  readonly l4?: L4;
}

/**
 * IPv4 in IPv6 that is not DS-Lite: 'srv6' carries a Segment Routing Header (RFC 8754; End.DX4
 * VPN traffic, RFC 8986 §4.6); 'address-4in6' has the inner IPv4 address, a public one, written
 * into the tunnel endpoint's IPv6 address (MAP-E and lw4o6 interface identifiers, RFC 7597 §6;
 * 6to4 and RFC 6052 forms): a per-address tunnel, not a B4 behind a carrier-grade NAT.
 */
export type NotDsLite = 'srv6' | 'address-4in6';

export type Category =
  | 'softwire'
  | 'softwire-fragment'
  | 'ipv6-fragment'
  | NotDsLite
  | 'icmpv6'
  | 'ipv6'
  | 'ipv4'
  | 'arp'
  | 'other'
  | 'unsupported'
  | 'malformed';

/** A tunnel packet around the one dissected: IPv6 in IPv4 (protocol 41), GRE (47) over either, IPv6 in IPv6 (next header 41). */
export type Carrier = Ip4Packet | Ip6Packet;

export interface Dissection {
  readonly category: Category;
  readonly vlans: readonly number[];
  readonly pppoeSession: number | undefined;
  /** Tunnel packets around `net`, outermost first; usually the shared empty array. */
  readonly carriers: readonly Carrier[];
  /** The innermost network packet decoded (a softwire's IPv6 packet when it was carried). */
  readonly net: Ip6Packet | Ip4Packet | undefined;
  /** Anomaly IDs (see anomalies.ts); usually the shared empty array. */
  readonly anomalies: readonly string[];
}
