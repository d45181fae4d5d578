import { PROTO_TCP } from '../codec/ipv4.js';
import { ASSUMED_LINK_MTU } from '../config/defaults.js';

/**
 * A TCP segment in one IPv4 packet longer than an Ethernet MTU allows is the capturing host's
 * doing, not the wire's: its segmentation offload (TSO, GSO) or receive offload (GRO, LRO)
 * merged segments (tcpdump and Wireshark show the same). A DS-Lite subscriber's TCP never
 * carries such segments on the wire (its MSS fits the tunnel), so rules that weigh sizes
 * skip them rather than take them for oversized datagrams.
 */
export const isOffloadSegment = (protocol: number, totalLength: number): boolean =>
  protocol === PROTO_TCP && totalLength > ASSUMED_LINK_MTU;
