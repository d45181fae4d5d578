import type { Ip6Key } from '../codec/addr.js';
import { internetChecksum } from '../codec/checksum.js';
import { encodeIcmp } from '../codec/icmp.js';
import { decodeIpv4, encodeIpv4, fillIpv4Checksum, ipv4ChecksumOk, PROTO_ICMP } from '../codec/ipv4.js';
import { encodeIpv6, IPV6_LENGTH, ipv6Header, NH_DEST_OPTS, NH_FRAGMENT, NH_IPV4 } from '../codec/ipv6.js';
import { encodeExt, FRAGMENT_LENGTH, lengthExt, telHeader } from '../codec/ipv6-ext.js';
import { isFault } from '../codec/fault.js';

/** The reference encapsulator's parameters (catalogue §6.1). */
export interface EncapOptions {
  /** Outer source and destination: the B4 and the AFTR upstream, swapped downstream. */
  readonly src: Ip6Key;
  readonly dst: Ip6Key;
  /** IPv6 link MTU, 1280 to 65535 (RFC 8200 §5). */
  readonly linkMtu: number;
  readonly hopLimit: number;
  readonly flowLabel: number;
  /** RFC 2473 Tunnel Encapsulation Limit; undefined adds no option. */
  readonly encapLimit: number | undefined;
  /** RFC 6040: `normal` copies ECN to the outer header, `compat` sets it to Not-ECT. */
  readonly ecn: 'normal' | 'compat';
  readonly dfProfile: 'rfc6333' | 'rfc2473';
  /** A forwarding endpoint decrements the inner TTL (RFC 2473 §3.1(b), RFC 1812 §5.3.1). */
  readonly decrementTtl: boolean;
  /** IPv4 source of the ICMP errors the endpoint sends (RFC 6333 §5.7 / §6.5: 192.0.0.2 / 192.0.0.1). */
  readonly icmpSource: number;
  /** TTL of those errors (RFC 1812 §4.3.2.3 leaves it to the router). */
  readonly icmpTtl: number;
}

export const DEFAULT_ENCAP: Omit<EncapOptions, 'src' | 'dst'> = {
  linkMtu: 1500,
  hopLimit: 64,
  flowLabel: 0,
  encapLimit: undefined,
  ecn: 'normal',
  dfProfile: 'rfc6333',
  decrementTtl: true,
  icmpSource: 0xc0000002 | 0,
  icmpTtl: 64,
};

export type EncapResult =
  /** The IPv6 packets a conformant endpoint puts on the link (one, or an outer fragment set). */
  | { readonly kind: 'tunnel'; readonly packets: readonly Buffer[] }
  /** No tunnel packet: the ICMPv4 error the endpoint sends back instead. */
  | { readonly kind: 'icmp'; readonly reason: 'too-big' | 'ttl-exceeded'; readonly packet: Buffer }
  /** The input is not an IPv4 packet the endpoint would forward. */
  | { readonly kind: 'invalid'; readonly reason: string };

/** Largest fragment data per outer fragment packet (catalogue §2.3): 1448 at 1500, 1232 at 1280. */
export const fragmentData = (linkMtu: number): number => Math.floor((linkMtu - IPV6_LENGTH - FRAGMENT_LENGTH) / 8) * 8;

/** RFC 1812 §4.3.2.3: an ICMP error quotes as much of the packet as fits in 576 bytes. */
const ICMP_MAX = 576;

/** An ICMPv4 error from `from` to the source of `quoted`, quoting it (RFC 792, RFC 1191 §4 for 3/4). */
function icmpError(from: number, ttl: number, quoted: Buffer, type: number, code: number, rest: number): Buffer {
  const src = decodeIpv4(quoted, 0, quoted.length);
  if (isFault(src)) throw new Error('icmpError: quoted packet has no IPv4 header');
  const quoteLength = Math.min(quoted.length, ICMP_MAX - 28);
  const out = Buffer.alloc(28 + quoteLength);
  encodeIpv4({ version: 4, ihl: 5, tos: 0, totalLength: out.length, id: 0, reserved: false, df: false, mf: false, fragOffset: 0, ttl, protocol: PROTO_ICMP, checksum: 0, src: from, dst: src.src, options: Buffer.alloc(0) }, out, 0);
  fillIpv4Checksum(out, 0);
  encodeIcmp({ type, code, checksum: 0, rest }, out, 20);
  quoted.copy(out, 28, 0, quoteLength);
  out.writeUInt16BE(internetChecksum(out, 20, out.length), 22);
  return out;
}

/**
 * What a conformant B4 or AFTR puts on the link for one IPv4 packet (catalogue §6.2): the
 * inner packet whole (TTL decremented when forwarding), an IPv6 header whose traffic class
 * copies the inner TOS, the TEL option when asked, and — only when the encapsulated packet
 * exceeds the link MTU — outer fragmentation after encapsulation (RFC 6333 §5.3/§6.3,
 * RFC 8200 §4.5), never fragmentation of the inner packet. Under the rfc2473 profile an
 * oversized DF=1 packet is answered with ICMPv4 3/4 carrying the tunnel MTU (RFC 2473 §7.2).
 * Built with the same codecs the dissector decodes with.
 */
export function encapsulate(packet: Buffer, o: EncapOptions, nextFragId: () => number): EncapResult {
  if (o.linkMtu < 1280 || o.linkMtu > 65535) throw new RangeError(`link MTU ${o.linkMtu}: 1280 to 65535 (RFC 8200 §5)`);
  const h = decodeIpv4(packet, 0, packet.length);
  if (isFault(h)) return { kind: 'invalid', reason: `not an IPv4 header (${h.fault})` };
  if (h.totalLength < h.ihl * 4 || h.totalLength > packet.length) return { kind: 'invalid', reason: `Total Length ${h.totalLength} does not fit the ${packet.length} bytes` };
  if (!ipv4ChecksumOk(packet, 0, h.ihl)) return { kind: 'invalid', reason: 'IPv4 header checksum wrong' };
  const inner = Buffer.from(packet.subarray(0, h.totalLength));
  if (o.decrementTtl) {
    if (h.ttl <= 1) return { kind: 'icmp', reason: 'ttl-exceeded', packet: icmpError(o.icmpSource, o.icmpTtl, inner, 11, 0, 0) };
    inner[8] = h.ttl - 1;
    fillIpv4Checksum(inner, 0);
  }
  const tel = o.encapLimit === undefined ? undefined : telHeader(o.encapLimit, NH_IPV4);
  const x = tel ? lengthExt(tel) : 0;
  const length = h.totalLength;
  const tunnelMtu = o.linkMtu - IPV6_LENGTH - x;
  const trafficClass = o.ecn === 'compat' ? h.tos & 0xfc : h.tos;
  const header = (payloadLength: number, nextHeader: number): ReturnType<typeof ipv6Header> =>
    ipv6Header({ trafficClass, flowLabel: o.flowLabel, payloadLength, nextHeader, hopLimit: o.hopLimit, src: o.src, dst: o.dst });

  // The fragmentable content: [TEL] + the whole inner packet.
  const content = Buffer.alloc(x + length);
  if (tel) encodeExt(tel, content, 0);
  inner.copy(content, x);
  const firstNh = tel ? NH_DEST_OPTS : NH_IPV4;

  if (length <= tunnelMtu) {
    const out = Buffer.alloc(IPV6_LENGTH + content.length);
    encodeIpv6(header(content.length, firstNh), out, 0);
    content.copy(out, IPV6_LENGTH);
    return { kind: 'tunnel', packets: [out] };
  }
  if (o.dfProfile === 'rfc2473' && h.df) return { kind: 'icmp', reason: 'too-big', packet: icmpError(o.icmpSource, o.icmpTtl, packet.subarray(0, h.totalLength), 3, 4, tunnelMtu & 0xffff) };

  const d = fragmentData(o.linkMtu);
  const id = nextFragId() >>> 0;
  const packets: Buffer[] = [];
  for (let off = 0; off < content.length; off += d) {
    const piece = content.subarray(off, Math.min(content.length, off + d));
    const more = off + piece.length < content.length;
    const out = Buffer.alloc(IPV6_LENGTH + FRAGMENT_LENGTH + piece.length);
    let p = encodeIpv6(header(FRAGMENT_LENGTH + piece.length, NH_FRAGMENT), out, 0);
    p = encodeExt({ kind: 'fragment', nextHeader: firstNh, reserved: 0, offset: off / 8, res: 0, more, id }, out, p);
    piece.copy(out, p);
    packets.push(out);
  }
  return { kind: 'tunnel', packets };
}
