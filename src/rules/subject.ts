import { ip4ToString, ip6ToString, type Ip6Key } from '../codec/addr.js';
import { protocolName } from '../codec/ipv4.js';
import type { Ip4Datagram, TunnelDatagram } from '../track/ip4-datagram.js';
import type { Direction, PipelineEvent } from '../track/events.js';
import type { Softwire } from '../track/softwires.js';
import type { FindingLayout, LayoutPiece } from '../model/report.js';

/**
 * What a finding is about, beyond its frames: the softwire, the inner flow and, for
 * fragmentation, how the datagram's bytes were split. Read off the event being handled when
 * the rule reported, so the 51 rules need not each name it; a baseline matches findings by
 * softwire and flow because frame numbers change with every re-capture.
 */
export interface Subject {
  readonly softwire?: { readonly b4: string; readonly aftr: string };
  readonly flow?: string;
  readonly layout?: FindingLayout;
}

export const softwireText = (sw: { readonly b4: Ip6Key; readonly aftr: Ip6Key }): { b4: string; aftr: string } => ({
  b4: ip6ToString(sw.b4),
  aftr: ip6ToString(sw.aftr),
});

/** "udp 192.168.1.10:40000 ⇄ 198.51.100.80:5001", internal (B4 side) first when the direction is known. */
export function flowText(
  protocol: number,
  src: number,
  srcPort: number,
  dst: number,
  dstPort: number,
  dir: Direction | undefined,
): string {
  const end = (a: number, p: number): string => (p >= 0 ? `${ip4ToString(a)}:${p}` : ip4ToString(a));
  const [a, b] = dir === 'down' ? [end(dst, dstPort), end(src, srcPort)] : [end(src, srcPort), end(dst, dstPort)];
  return `${protocolName(protocol)} ${a} ⇄ ${b}`;
}

function datagramFlow(d: Ip4Datagram, dir: Direction | undefined): string {
  // ICMP queries: the identifier stands for both ports, as the NAT maps it.
  const sp = d.srcPort >= 0 ? d.srcPort : d.icmpId;
  const dp = d.dstPort >= 0 ? d.dstPort : d.icmpId;
  return flowText(d.protocol, d.src, sp, d.dst, dp, dir);
}

const spans = (pieces: readonly { offset: number; length: number; frames: readonly number[] }[]): LayoutPiece[] =>
  pieces
    .map((p) => ({ offset: p.offset, length: p.length, frames: [...p.frames] }))
    .sort((a, b) => a.offset - b.offset || a.length - b.length);

/** Layout of a tunnel datagram: its inner IPv4 fragments and its outer fragments, in bytes of the inner datagram's data. */
function tunnelLayout(t: TunnelDatagram, other?: Ip4Datagram): FindingLayout | undefined {
  const dataLength = t.totalLength - 20;
  // The inner fragments are the tunnel's, or for a whole tunnel datagram those the other capture saw (a B4 that cut it after decapsulating).
  const frags =
    t.fragments && t.fragments.length > 1
      ? t.fragments
      : other?.fragments && other.fragments.length > 1
        ? other.fragments
        : undefined;
  const inner = frags ? spans(frags) : undefined;
  let outer: LayoutPiece[] | undefined;
  if (t.outerBoundaries?.length) {
    const cuts = [0, ...t.outerBoundaries, dataLength];
    outer = cuts.slice(0, -1).map((c, i) => ({ offset: c, length: cuts[i + 1]! - c, frames: [] }));
  }
  if (!inner && !outer) return undefined;
  return { unit: 'inner-data', total: dataLength, ...(outer && { outer }), ...(inner && { inner }) };
}

function swOf(sw: Softwire): Subject['softwire'] {
  return softwireText(sw);
}

/** The subject of the event a rule is handling (nothing for the end-of-input summaries). */
export function subjectOf(e: PipelineEvent | undefined): Subject {
  if (!e) return {};
  switch (e.type) {
    case 'softwire-packet':
    case 'outer-fragment': {
      const h = e.inner?.hdr;
      const l4 = e.inner?.l4;
      const ports =
        l4 && (l4.kind === 'tcp' || l4.kind === 'udp' || l4.kind === 'ports') ? [l4.srcPort, l4.dstPort] : [-1, -1];
      return {
        softwire: swOf(e.softwire),
        ...(h && { flow: flowText(h.protocol, h.src, ports[0]!, h.dst, ports[1]!, e.dir) }),
      };
    }
    case 'outer-datagram': {
      const set = e.datagram.set;
      const total = set.total ?? set.pieces.reduce((m, p) => Math.max(m, p.offset + p.length), 0);
      return {
        softwire: swOf(e.datagram.softwire),
        layout: {
          unit: 'outer-fragmentable',
          total,
          outer: spans(set.pieces.map((p) => ({ offset: p.offset, length: p.length, frames: [p.frame] }))),
        },
      };
    }
    case 'inner-datagram': {
      const d = e.datagram;
      const hl = d.ihl <= 15 ? d.ihl * 4 : d.ihl;
      const inner = spans(
        d.pieces.map((p) => ({ offset: p.offset, length: Math.max(0, p.totalLength - hl), frames: p.frames })),
      );
      const total = d.set.total ?? inner.reduce((m, p) => Math.max(m, p.offset + p.length), 0);
      return {
        softwire: swOf(d.softwire),
        flow: flowText(d.protocol, d.src, -1, d.dst, -1, d.dir),
        layout: { unit: 'inner-data', total, inner },
      };
    }
    case 'pair':
      return tunnelSubject(e.tunnel, e.other);
    case 'nat':
      return tunnelSubject(e.pair.tunnel, e.pair.other);
    case 'nat-hairpin':
      return tunnelSubject(e.nat.up);
    case 'nat-unmapped':
      return tunnelSubject(e.nat.datagram);
    case 'nat-undelivered': {
      return { flow: datagramFlow(e.nat.datagram, 'down') };
    }
    case 'unpaired':
      return e.datagram.side === 'tunnel'
        ? tunnelSubject(e.datagram as TunnelDatagram)
        : { flow: datagramFlow(e.datagram, e.dir) };
    case 'side-datagram':
      return { flow: datagramFlow(e.datagram, undefined) };
    case 'icmpv6-error':
    case 'input-end':
    case 'correlation-end':
      return {};
  }
}

function tunnelSubject(t: TunnelDatagram, other?: Ip4Datagram): Subject {
  const layout = tunnelLayout(t, other);
  return { softwire: swOf(t.softwire), flow: datagramFlow(t, t.dir), ...(layout && { layout }) };
}
