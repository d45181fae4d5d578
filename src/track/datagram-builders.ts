import type { Ip4Packet } from '../dissect/types.js';
import { ICMP4_ERRORS, ICMP_LENGTH, icmpIdAt, icmpTypeAt, nextHopMtu } from '../codec/icmp.js';
import { dstPortAt, PORTS_LENGTH, srcPortAt } from '../codec/ports.js';
import { PROTO_ICMP, PROTO_TCP, PROTO_UDP } from '../codec/ipv4.js';
import { TCP_ACK, TCP_FLAGS_END, tcpFlagsAt, TCP_SYN } from '../codec/tcp.js';
import type { InnerDatagram, Scope } from './defrag-ipv4.js';
import { l4Digest } from './digest.js';
import type { Direction } from '../model/direction.js';
import type { Icmp4Error, Ip4Datagram, Ip4Fragment, Side, TunnelDatagram } from './ip4-datagram.js';
import type { Softwire } from './softwires.js';
import type { OuterDatagram } from './defrag-ipv6.js';

const hasPorts = (protocol: number): boolean => protocol === PROTO_TCP || protocol === PROTO_UDP;

/** ICMP query types whose identifier a NAT maps (RFC 5508 §3.1: echo, timestamp, information, address mask). */
const ICMP_QUERY = new Uint8Array(256);
for (const t of [0, 8, 13, 14, 15, 16, 17, 18]) ICMP_QUERY[t] = 1;

function icmpError(p: Ip4Packet): Icmp4Error | undefined {
  const l4 = p.l4;
  if (l4?.kind !== 'icmp' || !ICMP4_ERRORS.has(l4.hdr.type) || !l4.quoted) return undefined;
  const q = l4.quoted.hdr;
  const ql4 = l4.quoted.l4;
  const [srcPort, dstPort] =
    ql4?.kind === 'tcp' || ql4?.kind === 'udp' || ql4?.kind === 'ports'
      ? [ql4.srcPort, ql4.dstPort]
      : ql4?.kind === 'icmp' && ICMP_QUERY[ql4.hdr.type] === 1
        ? [ql4.hdr.rest >>> 16, ql4.hdr.rest >>> 16]
        : [-1, -1];
  return {
    type: l4.hdr.type,
    code: l4.hdr.code,
    mtu: nextHopMtu(l4.hdr),
    quoted: { src: q.src, dst: q.dst, protocol: q.protocol, id: q.id, srcPort, dstPort },
  };
}

/** How a tunnel datagram travelled: given for the tunnel capture, absent on the others. */
export interface Carrier {
  readonly softwire: Softwire;
  readonly dir: Direction;
  readonly outerBoundaries: readonly number[] | undefined;
  readonly inner: InnerDatagram | undefined;
  readonly outerOverlap: boolean;
  /** The outer Traffic Class (-1: not one packet's, an inner fragment group's). */
  readonly outerTrafficClass: number;
  /** Compute the payload digest (the correlation matches on it; the capture diff hashes all the data itself). */
  readonly digest: boolean;
}

const NO_CARRIER = {
  softwire: undefined!,
  dir: undefined!,
  outerBoundaries: undefined,
  inner: undefined,
  outerOverlap: false,
  outerTrafficClass: -1,
  digest: true,
};

/**
 * The one constructor: every datagram object has the same fields in the same order, the
 * carrier's undefined off the tunnel (one shape for the correlator). The builders name each
 * field; this adds how the tunnel carried it.
 */
function datagram(f: Ip4Datagram, c: Carrier | undefined): Ip4Datagram {
  const k = c ?? NO_CARRIER;
  const d = {
    side: f.side,
    input: f.input,
    time: f.time,
    frames: f.frames,
    src: f.src,
    dst: f.dst,
    protocol: f.protocol,
    id: f.id,
    df: f.df,
    ttl: f.ttl,
    tos: f.tos,
    totalLength: f.totalLength,
    srcPort: f.srcPort,
    dstPort: f.dstPort,
    icmpId: f.icmpId,
    syn: f.syn,
    tcpFlags: f.tcpFlags,
    digest: f.digest,
    fragments: f.fragments,
    outOfOrder: f.outOfOrder,
    icmp: f.icmp,
    softwire: k.softwire,
    dir: k.dir,
    outerBoundaries: k.outerBoundaries,
    inner: k.inner,
    outerOverlap: k.outerOverlap,
    outerTrafficClass: k.outerTrafficClass,
  };
  return d;
}

/** An unfragmented IPv4 packet `p` whose captured bytes end at `end` of `buf`. */
export function wholeDatagram(
  side: 'tunnel',
  input: number,
  buf: Buffer,
  end: number,
  p: Ip4Packet,
  frames: readonly number[],
  time: number,
  c: Carrier,
): TunnelDatagram;
export function wholeDatagram(
  side: Side,
  input: number,
  buf: Buffer,
  end: number,
  p: Ip4Packet,
  frames: readonly number[],
  time: number,
): Ip4Datagram;
export function wholeDatagram(
  side: Side,
  input: number,
  buf: Buffer,
  end: number,
  p: Ip4Packet,
  frames: readonly number[],
  time: number,
  c?: Carrier,
): Ip4Datagram {
  const h = p.hdr;
  const start = p.offset + h.ihl * 4;
  const length = Math.max(0, h.totalLength - h.ihl * 4);
  const l4 = p.l4;
  const ports = l4 && (l4.kind === 'tcp' || l4.kind === 'udp');
  const syn = l4?.kind === 'tcp' && (l4.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
  const digest = c && !c.digest ? undefined : l4Digest(h.protocol, buf, start, Math.min(end, start + length), length);
  const icmpId = l4?.kind === 'icmp' && ICMP_QUERY[l4.hdr.type] === 1 ? l4.hdr.rest >>> 16 : -1;
  return datagram(
    {
      side,
      input,
      time,
      frames,
      src: h.src,
      dst: h.dst,
      protocol: h.protocol,
      id: h.id,
      df: h.df,
      ttl: h.ttl,
      tos: h.tos,
      totalLength: h.totalLength,
      srcPort: ports ? l4.srcPort : -1,
      dstPort: ports ? l4.dstPort : -1,
      icmpId,
      syn,
      tcpFlags: l4?.kind === 'tcp' ? l4.flags : -1,
      digest,
      fragments: undefined,
      outOfOrder: false,
      icmp: icmpError(p),
    },
    c,
  );
}

/** A complete IPv4 fragment group, reassembled (`g.payload` present). */
export function groupDatagram<S extends Scope, D>(
  side: 'tunnel',
  input: number,
  g: InnerDatagram<S, D>,
  c: Carrier,
): TunnelDatagram | undefined;
export function groupDatagram<S extends Scope, D>(
  side: Side,
  input: number,
  g: InnerDatagram<S, D>,
): Ip4Datagram | undefined;
export function groupDatagram<S extends Scope, D>(
  side: Side,
  input: number,
  g: InnerDatagram<S, D>,
  c?: Carrier,
): Ip4Datagram | undefined {
  const payload = g.payload;
  if (!payload) return undefined;
  const ports = hasPorts(g.protocol) && payload.length >= PORTS_LENGTH;
  const fragments: Ip4Fragment[] = g.pieces.map((x) => ({
    offset: x.offset,
    length: x.totalLength - g.ihl * 4,
    totalLength: x.totalLength,
    df: x.df,
    frames: x.frames,
  }));
  const tcpFlags = g.protocol === PROTO_TCP && payload.length >= TCP_FLAGS_END ? tcpFlagsAt(payload, 0) : -1;
  const syn = tcpFlags >= 0 && (tcpFlags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
  const digest = c && !c.digest ? undefined : l4Digest(g.protocol, payload, 0, payload.length, payload.length);
  const icmpId =
    g.protocol === PROTO_ICMP && payload.length >= ICMP_LENGTH && ICMP_QUERY[icmpTypeAt(payload, 0)] === 1
      ? icmpIdAt(payload, 0)
      : -1;
  return datagram(
    {
      side,
      input,
      time: g.time,
      frames: g.set.frames,
      src: g.src,
      dst: g.dst,
      protocol: g.protocol,
      id: g.id,
      df: g.first?.df ?? false,
      ttl: g.first?.ttl ?? 0,
      tos: g.first?.tos ?? 0,
      totalLength: g.ihl * 4 + payload.length,
      srcPort: ports ? srcPortAt(payload, 0) : -1,
      dstPort: ports ? dstPortAt(payload, 0) : -1,
      icmpId,
      syn,
      tcpFlags,
      digest,
      fragments,
      outOfOrder: g.outOfOrder,
      icmp: undefined,
    },
    c,
  );
}

/**
 * Where the outer fragments after the first begin, in bytes of the inner datagram's data:
 * what an AFTR or B4 that skipped reassembly would turn into IPv4 fragment offsets.
 */
export function outerBoundaries(o: OuterDatagram, inner: Ip4Packet): number[] | undefined {
  const total = o.set.total;
  if (!o.data || total === undefined) return undefined;
  const innerStart = inner.offset - (o.data.length - total) + inner.hdr.ihl * 4;
  return [...new Set(o.set.pieces.map((x) => x.offset))]
    .filter((x) => x > 0)
    .sort((a, b) => a - b)
    .map((x) => x - innerStart);
}
