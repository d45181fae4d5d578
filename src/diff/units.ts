import type { CaptureInterface, CaptureRecord, InterfaceStats, Mutable, ReaderNotice } from '../capture/types.js';
import type { Ip6Key } from '../codec/addr.js';
import { TEL_OPTION } from '../codec/ipv6-ext.js';
import type { Ip6Packet } from '../dissect/types.js';
import { CATEGORIES, CATEGORY_INDEX } from '../pipeline/counters.js';
import { createTunnelInput, type TunnelInput } from '../pipeline/tunnel-input.js';
import { createAnomalyLog } from '../track/anomaly-log.js';
import type { InnerDatagram } from '../track/defrag-ipv4.js';
import { DEFAULT_LIMITS, type OuterDatagram } from '../track/defrag-ipv6.js';
import type { EventSink, PipelineEvent } from '../track/events.js';
import { createFifoMap } from '../track/fifo-map.js';
import type { TunnelDatagram } from '../track/ip4-datagram.js';
import type { Softwire } from '../track/softwires.js';

/** The inner IPv4 header a tunnel packet carries, when it carries one. */
export interface InnerHead {
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly id: number;
  readonly ihl: number;
  readonly tos: number;
  readonly ttl: number;
  readonly df: boolean;
  /** Fragment offset in bytes; 0 for a whole datagram or its first fragment. */
  readonly fragOffset: number;
  readonly checksumOk: boolean | null;
  readonly srcPort: number;
  readonly dstPort: number;
}

/**
 * One tunnel packet (whole or an outer fragment) as the comparison reads it. The inner header
 * fields live in the same object (one allocation per frame instead of two): `inner` is the
 * object itself when the packet carries an inner IPv4 header, undefined otherwise.
 */
export interface OuterPacket extends InnerHead {
  readonly frame: number;
  readonly hopLimit: number;
  readonly trafficClass: number;
  readonly flowLabel: number;
  /** RFC 2473 Tunnel Encapsulation Limit, -1 without the option. */
  readonly tel: number;
  readonly fragmented: boolean;
  /** Fragment offset in bytes and fragment data length (from the header fields); offset 0 and the payload after the header chain when whole. */
  readonly offset: number;
  readonly dataLength: number;
  readonly more: boolean;
  readonly inner: InnerHead | undefined;
}

/** How a datagram's pieces arrived when some never did. */
export interface Gap {
  readonly layer: 'outer' | 'inner';
  /** Byte ranges received (offset, length) and the total when the last piece came. */
  readonly received: readonly (readonly [number, number])[];
  readonly total: number | undefined;
}

/**
 * One inner IPv4 datagram as a tunnel capture carried it, after any outer and inner
 * reassembly: the unit the capture diff matches and compares.
 */
export interface DiffUnit {
  /** Order among this capture's units. */
  readonly seq: number;
  readonly frames: readonly number[];
  readonly outerSrc: Ip6Key;
  readonly outerDst: Ip6Key;
  readonly src: number;
  readonly dst: number;
  readonly protocol: number;
  readonly id: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly totalLength: number;
  readonly tos: number;
  readonly ttl: number;
  readonly df: boolean;
  readonly checksumOk: boolean | null;
  /** Hash of the whole data after the IPv4 header; undefined when the capture cut it or pieces are missing. */
  readonly hash: number | undefined;
  /** The IPv4 fragments (offset, data length) when the datagram was fragmented inside the tunnel. */
  readonly innerPieces: readonly (readonly [number, number])[] | undefined;
  readonly outer: readonly OuterPacket[];
  /** Set when the datagram never completed: which layer lost pieces. */
  readonly gap: Gap | undefined;
}

/** Tunnel frames that could not be tied to any datagram: fragments of sets whose first piece never came. */
export interface Orphan {
  readonly frames: readonly number[];
  readonly layer: 'outer' | 'inner';
  readonly outerSrc: Ip6Key;
  readonly outerDst: Ip6Key;
}

export interface UnitReader {
  onRecord(rec: CaptureRecord): void;
  onInterface(i: CaptureInterface): void;
  onNotice(n: ReaderNotice): void;
  onStats(s: InterfaceStats): void;
  /** Concludes reassembly: incomplete sets become units with a gap. */
  finish(): void;
  /** Units built so far. */
  readonly produced: () => number;
  /** Frames that carried softwire packets. */
  readonly softwireFrames: () => number;
  readonly tunnel: TunnelInput;
}

const FNV_PRIME = 0x01000193;

/**
 * FNV-1a over 32-bit words in two lanes: a change of one word always changes its lane (every
 * step is a bijection), at an eighth of the byte-wise cost. The data's length is mixed in first.
 */
export function contentHash(b: Buffer, start: number, end: number): number {
  // Two lanes over alternate words: the multiplications of one do not wait for the other's.
  let h1 = Math.imul(0x811c9dc5 ^ (end - start), FNV_PRIME);
  let h2 = 0x050c5d1f;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    h1 = Math.imul(h1 ^ (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)), FNV_PRIME);
    h2 = Math.imul(h2 ^ (b[i + 4]! | (b[i + 5]! << 8) | (b[i + 6]! << 16) | (b[i + 7]! << 24)), FNV_PRIME);
  }
  for (; i < end; i++) h1 = Math.imul(h1 ^ b[i]!, FNV_PRIME);
  return (Math.imul(h1 ^ ((h2 << 13) | (h2 >>> 19)), FNV_PRIME) ^ h2) >>> 0;
}

function firstHead(outer: readonly OuterPacket[]): InnerHead | undefined {
  for (const o of outer) if (o.inner !== undefined && o.inner.fragOffset === 0) return o.inner;
  return undefined;
}

function outerPacket(frame: number, p: Ip6Packet): OuterPacket {
  const h = p.hdr;
  const tel = p.tel?.options.find((o) => o.type === TEL_OPTION);
  const f = p.frag;
  // Lengths from the header fields: the same whether or not the snap length cut the frame.
  const chainEnd = f ? p.fragDataOffset : p.upperOffset;
  const i = p.inner;
  const ih = i?.hdr;
  const l4 = i?.l4;
  const ports = l4 !== undefined && (l4.kind === 'tcp' || l4.kind === 'udp');
  const o: Mutable<OuterPacket> = {
    frame,
    hopLimit: h.hopLimit,
    trafficClass: h.trafficClass,
    flowLabel: h.flowLabel,
    tel: tel && tel.data.length === 1 ? tel.data[0]! : -1,
    fragmented: f !== undefined,
    offset: f ? f.offset * 8 : 0,
    dataLength: h.payloadLength - (chainEnd - p.offset - 40),
    more: f?.more ?? false,
    inner: undefined,
    src: ih?.src ?? 0,
    dst: ih?.dst ?? 0,
    protocol: ih?.protocol ?? -1,
    id: ih?.id ?? -1,
    ihl: ih?.ihl ?? 0,
    tos: ih?.tos ?? -1,
    ttl: ih?.ttl ?? -1,
    df: ih?.df ?? false,
    fragOffset: ih ? ih.fragOffset * 8 : -1,
    checksumOk: i?.checksumOk ?? null,
    srcPort: ports ? l4.srcPort : -1,
    dstPort: ports ? l4.dstPort : -1,
  };
  if (i) o.inner = o;
  return o;
}

const ends = (sw: Softwire, dir: 'up' | 'down'): [Ip6Key, Ip6Key] =>
  dir === 'up' ? [sw.b4, sw.aftr] : [sw.aftr, sw.b4];
const unique = (frames: readonly number[]): readonly number[] =>
  frames.length === 1 ? frames : [...new Set(frames)].sort((a, b) => a - b);
const INCOMPLETE = new Set(['timeout', 'end-of-capture', 'evicted', 'too-many-fragments']);

/** Frames remembered while their datagram completes: a bound on the per-frame view. */
const MAX_FRAMES_HELD = 1 << 17;

/**
 * Reads one tunnel capture into diff units: the check's tunnel stages (dissection,
 * softwires, outer and inner reassembly) with no rules, plus a per-frame view of the
 * outer headers, which the units take when their datagram completes.
 */
export function createUnitReader(
  input: number,
  name: string,
  aftrs: ReadonlySet<Ip6Key>,
  emit: (u: DiffUnit) => void,
  orphan: (o: Orphan) => void,
): UnitReader {
  // The last softwire packet waits in a slot of its own: a whole packet becomes its datagram
  // before the next frame, so only fragments go into the map (a map entry per frame was a
  // sixth of a diff's time).
  const held = createFifoMap<number, OuterPacket>();
  let lastFrame = -1;
  let last: OuterPacket | undefined;
  let seq = 0;
  const take = (frames: readonly number[]): OuterPacket[] => {
    if (frames.length === 1 && frames[0] === lastFrame && last) {
      const o = last;
      last = undefined;
      return [o];
    }
    const out: OuterPacket[] = [];
    for (const f of unique(frames)) {
      if (f === lastFrame && last) {
        out.push(last);
        last = undefined;
        continue;
      }
      const o = held.get(f);
      if (o) {
        out.push(o);
        held.delete(f);
      }
    }
    return out;
  };

  const onDatagram = (d: TunnelDatagram, data: Buffer | undefined, start: number, end: number): void => {
    const outer = take(d.frames);
    const head = firstHead(outer);
    const up = d.dir === 'up';
    const outerSrc = up ? d.softwire.b4 : d.softwire.aftr;
    const outerDst = up ? d.softwire.aftr : d.softwire.b4;
    const whole = data !== undefined && head !== undefined && end - start === d.totalLength - head.ihl * 4;
    emit({
      seq: seq++,
      frames: unique(d.frames),
      outerSrc,
      outerDst,
      src: d.src,
      dst: d.dst,
      protocol: d.protocol,
      id: d.id,
      srcPort: d.srcPort,
      dstPort: d.dstPort,
      totalLength: d.totalLength,
      tos: head?.tos ?? -1,
      ttl: d.ttl,
      df: d.df,
      checksumOk: head?.checksumOk ?? null,
      hash: whole ? contentHash(data!, start, end) : undefined,
      innerPieces: d.fragments
        ? d.fragments.map((f) => [f.offset, f.length] as const).sort((a, b) => a[0] - b[0])
        : undefined,
      outer,
      gap: undefined,
    });
  };

  const incompleteOuter = (o: OuterDatagram): void => {
    const outer = take(o.set.frames);
    const first = outer.find((x) => x.offset === 0 && x.inner !== undefined);
    const [outerSrc, outerDst] = ends(o.softwire, o.dir);
    const frames = unique(o.set.frames);
    const head = first?.inner;
    // A set without its first fragment names no datagram; nor does one whose first fragment held an inner fragment (that group reports itself).
    if (!head || head.fragOffset > 0) {
      if (!head) orphan({ frames, layer: 'outer', outerSrc, outerDst });
      return;
    }
    const received = o.set.pieces.map((p) => [p.offset, p.length] as const).sort((a, b) => a[0] - b[0]);
    emit({
      seq: seq++,
      frames,
      outerSrc,
      outerDst,
      src: head.src,
      dst: head.dst,
      protocol: head.protocol,
      id: head.id,
      srcPort: head.srcPort,
      dstPort: head.dstPort,
      totalLength: -1,
      tos: head.tos,
      ttl: head.ttl,
      df: head.df,
      checksumOk: head.checksumOk,
      hash: undefined,
      innerPieces: undefined,
      outer,
      gap: { layer: 'outer', received, total: o.set.total },
    });
  };

  const incompleteInner = (g: InnerDatagram): void => {
    const frames = unique(g.set.frames);
    const outer = take(frames);
    const head = outer.find((o) => o.inner !== undefined && o.inner.fragOffset === 0)?.inner;
    const [outerSrc, outerDst] = ends(g.softwire, g.dir);
    const received = g.pieces.map((p) => [p.offset, p.totalLength - g.ihl * 4] as const).sort((a, b) => a[0] - b[0]);
    emit({
      seq: seq++,
      frames,
      outerSrc,
      outerDst,
      src: g.src,
      dst: g.dst,
      protocol: g.protocol,
      id: g.id,
      srcPort: head?.srcPort ?? -1,
      dstPort: head?.dstPort ?? -1,
      totalLength: -1,
      tos: head?.tos ?? -1,
      ttl: g.first?.ttl ?? -1,
      df: g.first?.df ?? false,
      checksumOk: head?.checksumOk ?? null,
      hash: undefined,
      innerPieces: received,
      outer,
      gap: { layer: 'inner', received, total: undefined },
    });
  };

  // The tunnel stages report what they conclude as events; this listener stands where the rule engine would.
  const listener: EventSink = {
    dispatch(e: PipelineEvent) {
      if (e.type === 'outer-datagram' && INCOMPLETE.has(e.datagram.status)) incompleteOuter(e.datagram);
      else if (e.type === 'inner-datagram' && INCOMPLETE.has(e.datagram.status)) incompleteInner(e.datagram);
    },
    handlers: () => [],
    enter: () => {},
  };
  const categoryCounts = new Float64Array(CATEGORIES.length);
  const tunnel = createTunnelInput({
    input,
    name,
    sink: listener,
    anomalies: createAnomalyLog(),
    categoryCounts,
    categoryIndex: CATEGORY_INDEX,
    limits: DEFAULT_LIMITS,
    overlap: 'first',
    warnings: [],
    configured: aftrs,
    maxFlows: 1,
    top: 0,
    trackFlows: false,
    digests: false,
    onDatagram,
    onSoftwirePacket(frame, p) {
      if (last) {
        held.set(lastFrame, last);
        if (held.size > MAX_FRAMES_HELD) held.delete(held.oldest()![0]);
      }
      lastFrame = frame;
      last = outerPacket(frame, p);
    },
  });
  return {
    onRecord: tunnel.onRecord,
    onInterface: tunnel.onInterface,
    onNotice: tunnel.onNotice,
    onStats: tunnel.onStats,
    finish: tunnel.finish,
    produced: () => seq,
    softwireFrames: () =>
      categoryCounts[CATEGORY_INDEX.get('softwire')!]! + categoryCounts[CATEGORY_INDEX.get('softwire-fragment')!]!,
    tunnel,
  };
}
