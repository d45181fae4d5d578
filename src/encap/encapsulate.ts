import type { Ip6Key } from '../codec/addr.js';
import { encodeIcmp, fillIcmpChecksum, ICMP_LENGTH } from '../codec/icmp.js';
import {
  decodeIpv4,
  encodeIpv4,
  fillIpv4Checksum,
  IPV4_MIN_LENGTH,
  ipv4ChecksumOk,
  ipv4Header,
  PROTO_ICMP,
  setIpv4Ttl,
} from '../codec/ipv4.js';
import {
  encodeIpv6,
  IPV6_LENGTH,
  type Ipv6Header,
  ipv6Header,
  NH_DEST_OPTS,
  NH_FRAGMENT,
  NH_IPV4,
} from '../codec/ipv6.js';
import { encodeExt, FRAGMENT_LENGTH, lengthExt, TEL_HEADER_LENGTH, telHeader } from '../codec/ipv6-ext.js';

/** The RFC 2473 §5.1 Tunnel Encapsulation Limit destination options header: 8 bytes. */
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

/** How a conformant endpoint carries an IPv4 datagram of a given size (catalogue §6.2), before any byte is written. */
export type Carriage =
  | { readonly kind: 'whole'; readonly size: number }
  /** Outer fragments: the data each carries (of [TEL] + the inner packet) and their IPv6 packet sizes. */
  | { readonly kind: 'outer'; readonly data: readonly number[]; readonly sizes: readonly number[] }
  /** rfc2473 profile, DF=1 and too big: ICMPv4 3/4 with this Next-Hop MTU instead. */
  | { readonly kind: 'icmp'; readonly mtu: number };

/** The decision `encapsulate` makes for a datagram of `totalLength` bytes: the checker states it in findings. */
export function planCarriage(
  totalLength: number,
  df: boolean,
  o: Pick<EncapOptions, 'linkMtu' | 'encapLimit' | 'dfProfile'>,
): Carriage {
  const x = o.encapLimit === undefined ? 0 : TEL_HEADER_LENGTH;
  const tunnelMtu = o.linkMtu - IPV6_LENGTH - x;
  if (totalLength <= tunnelMtu) return { kind: 'whole', size: IPV6_LENGTH + x + totalLength };
  if (o.dfProfile === 'rfc2473' && df) return { kind: 'icmp', mtu: tunnelMtu };
  const d = fragmentData(o.linkMtu);
  const data: number[] = [];
  for (let left = x + totalLength; left > 0; left -= d) data.push(Math.min(d, left));
  return { kind: 'outer', data, sizes: data.map((n) => IPV6_LENGTH + FRAGMENT_LENGTH + n) };
}

/** The carriage in words: "1 packet of 1480 bytes", "2 outer fragments of 1496 + 100 bytes", "ICMPv4 3/4 with MTU 1240". */
export function carriageWords(c: Carriage): string {
  if (c.kind === 'whole') return `1 whole packet of ${c.size} bytes`;
  if (c.kind === 'icmp') return `no packet but an ICMPv4 3/4 with Next-Hop MTU ${c.mtu}`;
  return `${c.sizes.length} outer fragments of ${c.sizes.join(' + ')} bytes`;
}

/** RFC 1812 §4.3.2.3: an ICMP error quotes as much of the packet as fits in 576 bytes. */
const ICMP_MAX = 576;

/** An ICMPv4 error from `from` to the source of `quoted`, quoting it (RFC 792, RFC 1191 §4 for 3/4). */
function icmpError(from: number, ttl: number, quoted: Buffer, type: number, code: number, rest: number): Buffer {
  const src = decodeIpv4(quoted, 0, quoted.length);
  if (isFault(src)) throw new Error('icmpError: quoted packet has no IPv4 header');
  // The error's own IPv4 header (no options) and ICMP header, then the quote.
  const head = IPV4_MIN_LENGTH + ICMP_LENGTH;
  const quoteLength = Math.min(quoted.length, ICMP_MAX - head);
  const out = Buffer.alloc(head + quoteLength);
  encodeIpv4(ipv4Header({ totalLength: out.length, ttl, protocol: PROTO_ICMP, src: from, dst: src.src }), out, 0);
  fillIpv4Checksum(out, 0);
  encodeIcmp({ type, code, checksum: 0, rest }, out, IPV4_MIN_LENGTH);
  quoted.copy(out, head, 0, quoteLength);
  fillIcmpChecksum(out, IPV4_MIN_LENGTH, out.length);
  return out;
}

/** The outer addresses as header words, computed once per options object (a run encapsulates millions of packets with one). */
let wordsFor: EncapOptions | undefined;
let words: Ipv6Header | undefined;
function addressWords(o: EncapOptions): Ipv6Header {
  if (wordsFor !== o || !words) {
    words = ipv6Header({
      trafficClass: 0,
      flowLabel: 0,
      payloadLength: 0,
      nextHeader: 0,
      hopLimit: 0,
      src: o.src,
      dst: o.dst,
    });
    wordsFor = o;
  }
  return words;
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
  const r = encapsulateView(packet, o, nextFragId);
  return r.kind === 'tunnel' ? { kind: 'tunnel', packets: r.packets.map((p) => Buffer.from(p)) } : r;
}

/** Reused output space: a run writes millions of packets, each copied out before the next is made. */
let scratch: Buffer = Buffer.allocUnsafe(1 << 17);
let contentScratch: Buffer = Buffer.allocUnsafe(1 << 17);
const room = (b: Buffer, n: number): Buffer => (b.length >= n ? b : Buffer.allocUnsafe(Math.max(n, b.length * 2)));

/**
 * `encapsulate`, with the tunnel packets as views of one reused buffer: valid until the next
 * call (the encap command copies them straight into its output; no allocation per packet).
 */
export function encapsulateView(packet: Buffer, o: EncapOptions, nextFragId: () => number): EncapResult {
  if (o.linkMtu < 1280 || o.linkMtu > 65535) throw new RangeError(`link MTU ${o.linkMtu}: 1280 to 65535 (RFC 8200 §5)`);
  const h = decodeIpv4(packet, 0, packet.length);
  if (isFault(h)) return { kind: 'invalid', reason: `not an IPv4 header (${h.fault})` };
  if (h.totalLength < h.ihl * 4 || h.totalLength > packet.length)
    return { kind: 'invalid', reason: `Total Length ${h.totalLength} does not fit the ${packet.length} bytes` };
  if (!ipv4ChecksumOk(packet, 0, h.ihl)) return { kind: 'invalid', reason: 'IPv4 header checksum wrong' };
  if (o.decrementTtl && h.ttl <= 1)
    return {
      kind: 'icmp',
      reason: 'ttl-exceeded',
      packet: icmpError(o.icmpSource, o.icmpTtl, packet.subarray(0, h.totalLength), 11, 0, 0),
    };
  const tel = o.encapLimit === undefined ? undefined : telHeader(o.encapLimit, NH_IPV4);
  const x = tel ? lengthExt(tel) : 0;
  const length = h.totalLength;
  const trafficClass = o.ecn === 'compat' ? h.tos & 0xfc : h.tos;
  const w = addressWords(o);
  const header = (payloadLength: number, nextHeader: number): Ipv6Header => ({
    trafficClass,
    flowLabel: o.flowLabel,
    payloadLength,
    nextHeader,
    hopLimit: o.hopLimit,
    s0: w.s0,
    s1: w.s1,
    s2: w.s2,
    s3: w.s3,
    d0: w.d0,
    d1: w.d1,
    d2: w.d2,
    d3: w.d3,
  });
  const firstNh = tel ? NH_DEST_OPTS : NH_IPV4;
  const plan = planCarriage(length, h.df, o);
  if (plan.kind === 'icmp')
    return {
      kind: 'icmp',
      reason: 'too-big',
      packet: icmpError(o.icmpSource, o.icmpTtl, packet.subarray(0, h.totalLength), 3, 4, plan.mtu & 0xffff),
    };

  // The fragmentable content, [TEL] + the whole inner packet, written once where it will be
  // sent: straight after the IPv6 header when it fits. (allocUnsafe: every byte is written.)
  const fits = plan.kind === 'whole';
  const at = fits ? IPV6_LENGTH : 0;
  const n = at + x + length;
  if (fits) scratch = room(scratch, n);
  else contentScratch = room(contentScratch, n);
  const buf = (fits ? scratch : contentScratch).subarray(0, n);
  if (tel) encodeExt(tel, buf, at);
  packet.copy(buf, at + x, 0, length);
  if (o.decrementTtl) {
    setIpv4Ttl(buf, at + x, h.ttl - 1);
    fillIpv4Checksum(buf, at + x);
  }
  if (fits) {
    encodeIpv6(header(x + length, firstNh), buf, 0);
    return { kind: 'tunnel', packets: [buf] };
  }
  const content = buf;

  const d = fragmentData(o.linkMtu);
  const id = nextFragId() >>> 0;
  const packets: Buffer[] = [];
  const count = Math.ceil(content.length / d);
  scratch = room(scratch, content.length + count * (IPV6_LENGTH + FRAGMENT_LENGTH));
  let used = 0;
  for (let off = 0; off < content.length; off += d) {
    const piece = content.subarray(off, Math.min(content.length, off + d));
    const more = off + piece.length < content.length;
    const out = scratch.subarray(used, used + IPV6_LENGTH + FRAGMENT_LENGTH + piece.length);
    used += out.length;
    let p = encodeIpv6(header(FRAGMENT_LENGTH + piece.length, NH_FRAGMENT), out, 0);
    p = encodeExt({ kind: 'fragment', nextHeader: firstNh, reserved: 0, offset: off / 8, res: 0, more, id }, out, p);
    piece.copy(out, p);
    packets.push(out);
  }
  return { kind: 'tunnel', packets };
}
