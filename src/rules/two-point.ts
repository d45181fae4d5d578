import { PROTOCOL_NAMES } from '../codec/ipv4.js';
import { ip4ToString } from '../codec/addr.js';
import type { Confidence } from '../model/report.js';
import type { OtherSide } from '../track/correlate.js';
import type { Ip6Key } from '../codec/addr.js';
import { IPV6_LENGTH, IPV6_MIN_MTU } from '../codec/ipv6.js';
import { TEL_HEADER_LENGTH } from '../codec/ipv6-ext.js';
import type { Direction, PairEvent, SoftwirePacketEvent, UnpairedEvent } from '../track/events.js';
import type { Icmp4Error, Ip4Datagram, TunnelDatagram } from '../track/ip4-datagram.js';
import type { LinkMtuView } from '../track/link-mtu.js';
import { createFifoMap } from '../track/fifo-map.js';
import { createFlowTimes } from '../track/flow-times.js';
import type { CoverageOf, CoverageView, CoverageWatch, ReportDescriptor, RuleConfig } from './types.js';
import { hex } from './words.js';

/** Helpers of the rules that weigh a tunnel datagram against its counterpart on another capture. */

export const SIDE_TEXT: Readonly<Record<OtherSide, string>> = {
  internet: "the AFTR's Internet side",
  lan: "the B4's LAN side",
};

/** The endpoint a side faces: its datagrams enter the tunnel in this direction. */
export const INTO_TUNNEL: Readonly<Record<OtherSide, Direction>> = { internet: 'down', lan: 'up' };
/** And tunnel datagrams going this way leave the tunnel onto that side. */
export const FROM_TUNNEL: Readonly<Record<OtherSide, Direction>> = { internet: 'up', lan: 'down' };

/** Catalogue §10.4: a matched pair is `confirmed` unless another candidate was within the window. */
export const pairConfidence = (ambiguous: boolean): Confidence => (ambiguous ? 'likely' : 'confirmed');

/** Where a finding about a matched pair points: the tunnel frames, the counterpart's as related, the pair's confidence. */
export function pairEvidence(e: PairEvent): Pick<ReportDescriptor, 'frames' | 'input' | 'confidence' | 'related'> {
  return {
    frames: e.tunnel.frames,
    input: e.tunnel.input,
    confidence: pairConfidence(e.ambiguous),
    related: [{ input: e.other.input, frames: e.other.frames }],
  };
}

/**
 * Catalogue §10.2 and §10.4: a finding that rests on a packet's absence is `confirmed` only
 * when both captures say they dropped nothing (pcapng statistics); otherwise `cap` at most.
 */
export function absenceConfidence(
  drops: { readonly tunnel: number | null; readonly other: number | null },
  cap: Confidence = 'confirmed',
): Confidence {
  return drops.tunnel === 0 && drops.other === 0 ? cap : 'possible';
}

export const absenceNote = (c: Confidence): string =>
  c === 'possible' ? ' (a capture may have lost it: neither capture reports zero drops)' : '';

/** "UDP 198.51.100.80:5001 → 203.0.113.1:61001, 1480 bytes, ID 0x3102, DF=0" */
export function datagramText(d: Ip4Datagram): string {
  const proto = PROTOCOL_NAMES[d.protocol]?.toUpperCase() ?? `protocol ${d.protocol}`;
  const ep = (a: number, p: number): string => (p >= 0 ? `${ip4ToString(a)}:${p}` : ip4ToString(a));
  return `${proto} ${ep(d.src, d.srcPort)} → ${ep(d.dst, d.dstPort)}, ${d.totalLength} bytes, ID ${hex(d.id, 4)}, DF=${d.df ? 1 : 0}`;
}

/** Total Length of each fragment in offset order ("1236 + 184"). */
export const fragmentSizes = (d: Ip4Datagram): string =>
  d.fragments
    ? [...d.fragments]
        .sort((a, b) => a.offset - b.offset)
        .map((f) => f.totalLength)
        .join(' + ')
    : String(d.totalLength);

const ICMP_MEMO = 4096;

/**
 * ICMPv4 errors seen on a side capture, by the identity of the datagram they quote: a
 * datagram that got no tunnel counterpart may have been answered with Fragmentation Needed.
 */
export function createIcmpMemo(): { note(d: Ip4Datagram): void; find(d: Ip4Datagram): Ip4Datagram | undefined } {
  const memo = createFifoMap<string, Ip4Datagram>();
  const key = (src: number, dst: number, protocol: number, id: number): string => `${src}>${dst}/${protocol}#${id}`;
  return {
    note(d) {
      const q = d.icmp?.quoted;
      if (!q) return;
      memo.set(key(q.src, q.dst, q.protocol, q.id), d);
      if (memo.size > ICMP_MEMO) memo.delete(memo.oldest()![0]);
    },
    find: (d) => memo.get(key(d.src, d.dst, d.protocol, d.id)),
  };
}

/**
 * The link MTU of each direction: configured, or the largest tunnel packet seen (a lower
 * bound, catalogue FRAG-001 "cannot decide"), as the tunnel input's link-MTU learner keeps it.
 */
export function createMtuView(config: RuleConfig): {
  see(e: SoftwirePacketEvent): void;
  mtu(dir: Direction): { value: number; inferred: boolean };
} {
  let view: LinkMtuView | undefined;
  return {
    see(e) {
      view = e.linkMtu;
    },
    mtu(dir) {
      const c = config.mtu[dir];
      return c !== undefined
        ? { value: c, inferred: false }
        : { value: view?.floor(dir) ?? IPV6_MIN_MTU, inferred: true };
    },
  };
}

/**
 * Individual findings that can only be weighed once the captures' drop counters are known,
 * held up to the engine's per-rule limit; `dropped` counts the rest, for the rule to report
 * as suppressed (never a silent loss).
 */
export function createDeferred<T>(limit = 1000): { add(x: T): void; take(): T[]; readonly dropped: number } {
  let list: T[] = [];
  let dropped = 0;
  return {
    add(x) {
      if (list.length < limit) list.push(x);
      else dropped++;
    },
    take() {
      const out = list;
      list = [];
      return out;
    },
    get dropped() {
      return dropped;
    },
  };
}

/** Frames kept per tally: enough for a finding to point at examples. */
const TALLY_FRAMES = 64;

/** A count of datagrams with the frames of the first few: aggregate findings stay exact and bounded. */
export interface Tally {
  count: number;
  readonly frames: number[];
}

export const newTally = (): Tally => ({ count: 0, frames: [] });

export function tally(t: Tally, frames: readonly number[]): void {
  t.count++;
  for (const f of frames) if (t.frames.length < TALLY_FRAMES) t.frames.push(f);
}

/**
 * Datagrams of a side capture too big for the tunnel once encapsulated that never entered it
 * and were answered with ICMPv4 Fragmentation Needed on that side: what FRAG-006 (the profile)
 * and ICMP-001 (the Next-Hop MTU) weigh. Feed it the tunnel's packets and the side's datagrams;
 * `answered` takes an unpaired event and gives the datagram, the answer and the link MTU.
 */
export function createFragNeededWatch(config: RuleConfig): {
  see(e: SoftwirePacketEvent): void;
  note(side: OtherSide, d: Ip4Datagram): void;
  answered(e: UnpairedEvent):
    | {
        readonly d: Ip4Datagram;
        readonly answer: Ip4Datagram & { readonly icmp: Icmp4Error };
        readonly link: { value: number; inferred: boolean };
      }
    | undefined;
} {
  const mtus = createMtuView(config);
  const icmp = { internet: createIcmpMemo(), lan: createIcmpMemo() };
  return {
    see: (e) => mtus.see(e),
    note: (side, d) => icmp[side].note(d),
    answered(e) {
      if (e.origin !== 'other' || !e.inSpan || e.dir !== INTO_TUNNEL[e.side]) return undefined;
      const d = e.datagram;
      const link = mtus.mtu(e.dir);
      if (d.icmp || d.totalLength + IPV6_LENGTH <= link.value) return undefined;
      const answer = icmp[e.side].find(d);
      if (answer?.icmp?.type !== 3 || answer.icmp.code !== 4) return undefined;
      return { d, answer: answer as Ip4Datagram & { readonly icmp: Icmp4Error }, link };
    },
  };
}

/** Matched pairs a rule found wrong, per side and B4: counted, a few frames on each capture, the code points seen. */
export interface PairCount {
  count: number;
  /** Every pair had another candidate within the window (the finding is then `likely`). */
  ambiguous: boolean;
  readonly frames: number[];
  readonly other: number[];
  /** A rule's key (code points) → pairs. */
  readonly pairs: Map<number, number>;
  readonly input: number;
  readonly otherInput: number;
}

/** One count per side and B4 (a device that breaks a rule breaks it for every packet: one finding, with the count). */
export function createPairCounts(listed = 20): {
  note(e: PairEvent, key: number): PairCount;
  take(side: OtherSide): [Ip6Key, PairCount][];
} {
  const seen = { lan: new Map<Ip6Key, PairCount>(), internet: new Map<Ip6Key, PairCount>() };
  return {
    note(e, key) {
      const byB4 = seen[e.side];
      const b4 = e.tunnel.softwire.b4;
      let s = byB4.get(b4);
      if (!s)
        byB4.set(
          b4,
          (s = {
            count: 0,
            ambiguous: true,
            frames: [],
            other: [],
            pairs: new Map(),
            input: e.tunnel.input,
            otherInput: e.other.input,
          }),
        );
      s.count++;
      s.ambiguous &&= e.ambiguous;
      s.pairs.set(key, (s.pairs.get(key) ?? 0) + 1);
      if (s.frames.length < listed) s.frames.push(...e.tunnel.frames);
      if (s.other.length < listed) s.other.push(...e.other.frames);
      return s;
    },
    take(side) {
      const out = [...seen[side]];
      seen[side].clear();
      return out;
    },
  };
}

/** How far either side of a moment the other capture's coverage of a flow is weighed (seconds). */
export const COVERAGE_SPAN = 2;
const COVERAGE_HELD = 65536;

/**
 * A flow as one number: softwire, protocol and both endpoints, mixed (no string per packet on
 * the pairing path). Two flows that share a number would lend each other coverage: 32-bit
 * mixing (30 bits kept) makes that rare enough for rules that withhold or count on it.
 */
export function flowHash(
  softwire: number,
  protocol: number,
  src: number,
  srcPort: number,
  dst: number,
  dstPort: number,
): number {
  let h = Math.imul(softwire ^ 0x9e3779b9, 0x85ebca6b) ^ protocol;
  h = Math.imul(h ^ (h >>> 15) ^ src, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15) ^ srcPort, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15) ^ dst, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15) ^ dstPort, 0xc2b2ae35);
  // 30 bits: a small integer in V8, so Map keys and lookups allocate nothing.
  return (h ^ (h >>> 16)) & 0x3fffffff;
}

/** A datagram's flow as the other capture saw it (addresses and ports as they were there). */
export const sideFlow = (d: Ip4Datagram): number => flowHash(0, d.protocol, d.src, d.srcPort, d.dst, d.dstPort);
/** A tunnel datagram's flow, as the tunnel carried it. */
export const tunnelFlow = (t: TunnelDatagram): number =>
  flowHash(t.softwire.id, t.protocol, t.src, t.srcPort, t.dst, t.dstPort);
/** The flow of the datagrams going the other way in the same softwire. */
export const reverseTunnelFlow = (t: TunnelDatagram): number =>
  flowHash(t.softwire.id, t.protocol, t.dst, t.dstPort, t.src, t.srcPort);

interface CoverageHistory extends CoverageView {
  note(e: PairEvent | UnpairedEvent): void;
  clear(): void;
}

/**
 * Like with like (catalogue §10.2): a finding that rests on a datagram's absence from the other
 * capture holds only where that capture demonstrably covered the same flow at that moment: a
 * whole datagram of the flow paired near it, and none went missing (a hole: a capture filter, a
 * late start, a mirror port that drops). It is fed every pair and unpaired event of its side
 * after the rules have seen it, so a watch taken during an event answers as of before that event
 * and the event itself then updates the watch. Per flow it keeps only the last paired time and
 * the last miss, so the pairing path costs a hash and a map write.
 */
function createCoverageHistory(side: OtherSide, of: CoverageOf): CoverageHistory {
  const lastPaired = createFlowTimes(COVERAGE_HELD);
  const lastMissed = new Map<number, { readonly time: number; readonly frames: readonly number[] }>();
  const watching = new Map<number, { readonly time: number; readonly w: CoverageWatch }[]>();
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= COVERAGE_SPAN;
  // Past the bound the history starts again: a flow then shows neither pairs nor misses, and
  // a rule that needs a pair near its candidate withholds the finding.
  const remember = <V>(m: Map<number, V>, k: number, v: V): void => {
    if (m.size >= COVERAGE_HELD && !m.has(k)) m.clear();
    m.set(k, v);
  };
  return {
    note(e) {
      if (e.side !== side) return;
      // Unpaired out of span counts as a miss too: the other capture was not shown to run then.
      const paired = e.type === 'pair';
      let t: Ip4Datagram | undefined;
      let flow: number;
      if (of === 'tunnel') {
        const td = paired ? e.tunnel : e.origin === 'tunnel' ? (e.datagram as TunnelDatagram) : undefined;
        // Whole datagrams only: fragmented ones are what the rules weigh, not evidence of coverage.
        if (!td || td.outerBoundaries || td.inner) return;
        t = td;
        flow = tunnelFlow(td);
      } else {
        // The tunnel capture's coverage of a flow seen on the other side: its whole datagrams
        // paired, and missing ones small enough for any tunnel link (their absence is the capture's).
        // Only datagrams bound into the tunnel, not ICMP errors (an endpoint's own answers stay on its side).
        t = paired ? e.other : e.origin === 'other' && e.dir === INTO_TUNNEL[side] ? e.datagram : undefined;
        if (
          !t ||
          t.fragments ||
          (!paired && (t.icmp !== undefined || t.totalLength + IPV6_LENGTH + TEL_HEADER_LENGTH > IPV6_MIN_MTU))
        )
          return;
        flow = sideFlow(t);
      }
      if (paired) lastPaired.set(flow, t.time);
      else remember(lastMissed, flow, { time: t.time, frames: t.frames });
      const ws = watching.size ? watching.get(flow) : undefined;
      if (ws)
        for (const { time, w } of ws)
          if (near(t.time, time)) {
            if (paired) w.covered = true;
            else (w.hole ??= []).push(...t.frames);
          }
    },
    watch(flow, time) {
      const p = lastPaired.get(flow);
      const m = lastMissed.get(flow);
      const w: CoverageWatch = {
        covered: p !== undefined && near(p, time),
        hole: m && near(m.time, time) ? [...m.frames] : undefined,
      };
      let ws = watching.get(flow);
      if (!ws) watching.set(flow, (ws = []));
      ws.push({ time, w });
      return w;
    },
    clear: () => watching.clear(),
  };
}

/**
 * The coverage histories of one run, shared by every rule that weighs an absence (one per side
 * and whose datagrams, made on first use): the engine notes each pair and unpaired event once,
 * after the rules' handlers, instead of each rule keeping the same history.
 */
export interface CoverageBook {
  of(side: OtherSide, of: CoverageOf): CoverageView;
  note(e: PairEvent | UnpairedEvent): void;
  /** The correlation of `side` ended: its watches are read and dropped. */
  end(side: OtherSide): void;
}

export function createCoverageBook(): CoverageBook {
  const made = new Map<string, CoverageHistory>();
  let histories: { side: OtherSide; h: CoverageHistory }[] = [];
  return {
    of(side, of) {
      let h = made.get(`${side} ${of}`);
      if (!h) {
        made.set(`${side} ${of}`, (h = createCoverageHistory(side, of)));
        histories = [...histories, { side, h }];
      }
      return h;
    },
    note(e) {
      for (const x of histories) x.h.note(e);
    },
    end(side) {
      for (const x of histories) if (x.side === side) x.h.clear();
    },
  };
}
