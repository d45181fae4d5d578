import { type Ip6Key, type Ip6Prefix, inIp6Prefix, isPrivateIp4 } from '../codec/addr.js';
import { TCP_ACK, TCP_SYN } from '../codec/tcp.js';
import { ip6Dst, ip6Src, type Ipv6Header } from '../codec/ipv6.js';
import type { Ip6Packet } from '../dissect/types.js';
import type { Direction } from './events.js';
import { createIntTable } from './int-table.js';

/** How the AFTR end of a softwire was identified. */
export type AftrEvidence = 'configured' | 'known-aftr' | 'many-peers' | 'private-inner-address' | 'tcp-syn' | 'responder';

export interface DirStats {
  packets: number;
  /** Outer IPv6 bytes (header + payload) as the Payload Length says. */
  bytes: number;
  /** Outer IPv6 fragment packets (every packet carrying a Fragment header). */
  outerFragments: number;
  /** Frames whose inner IPv4 header is a fragment (MF set or offset > 0). */
  innerFragments: number;
  maxOuter: number;
  maxInner: number;
  hopLimits: Histogram;
  trafficClasses: Histogram;
  /** Packets carrying the RFC 2473 TEL option, and with a non-zero flow label. */
  telPackets: number;
  flowLabelled: number;
  firstFlowLabelled: number;
  /** Largest packet that crossed without a Fragment header. */
  maxWhole: number;
}

export interface Softwire {
  readonly id: number;
  b4: Ip6Key;
  aftr: Ip6Key;
  evidence: AftrEvidence;
  up: DirStats;
  down: DirStats;
  firstFrame: number;
  flows: number;
}

/**
 * Counts of byte values. A link carries one or two hop limits and traffic classes per
 * direction: the run of the current value is counted in two fields, and only a change
 * of value touches the arrays (far fewer memory touches per packet than a Map).
 */
export interface Histogram {
  readonly values: number[];
  readonly counts: number[];
  current: number;
  run: number;
}

export const newHistogram = (): Histogram => ({ values: [], counts: [], current: -1, run: 0 });

export function bump(h: Histogram, v: number): void {
  if (v === h.current) {
    h.run++;
    return;
  }
  settle(h);
  h.current = v;
  h.run = 1;
}

/** Folds the current run into the arrays (call before reading them). */
export function settle(h: Histogram): void {
  if (h.run === 0) return;
  const i = h.values.indexOf(h.current);
  if (i >= 0) h.counts[i]! += h.run;
  else {
    h.values.push(h.current);
    h.counts.push(h.run);
  }
  h.run = 0;
}

const MANY = 3;

const newDir = (): DirStats => ({
  packets: 0,
  bytes: 0,
  outerFragments: 0,
  innerFragments: 0,
  maxOuter: 0,
  maxInner: 0,
  hopLimits: newHistogram(),
  trafficClasses: newHistogram(),
  telPackets: 0,
  flowLabelled: 0,
  firstFlowLabelled: 0,
  maxWhole: 0,
});

interface PairEntry {
  readonly sw: Softwire;
  readonly dir: Direction;
}

export interface SoftwireTracker {
  /** The softwire and direction of an IPv4-in-IPv6 packet; decides the AFTR on first sight. */
  classify(p: Ip6Packet, time: number, frame: number): PairEntry;
  /** Whether a (src, dst) pair is a known softwire (for fragments whose chain hides next header 4). */
  lookup(p: Ip6Packet): PairEntry | undefined;
  account(e: PairEntry, p: Ip6Packet, time: number, frame: number): void;
  /** Capture time of the softwire's first and last packet. */
  seen(sw: Softwire): { first: number; last: number };
  all(): Softwire[];
  aftrs(): Map<Ip6Key, AftrEvidence>;
  /** Re-checks inferred directions with the whole capture's peer counts. */
  finish(): void;
}

/** `b4Prefixes`: where the B4s are (configured): an end inside one and the other outside decides the direction like a configured AFTR. */
export function createSoftwireTracker(configuredAftrs: ReadonlySet<Ip6Key>, b4Prefixes: readonly Ip6Prefix[] = []): SoftwireTracker {
  /** (src, dst) address words → index into `entries`: no strings per packet. */
  const pairs = createIntTable(8, 1024);
  const entries: PairEntry[] = [];
  function pairKey(h: Ipv6Header, reverse: boolean): void {
    const k = pairs.key;
    const o = reverse ? 4 : 0;
    k[o] = h.s0;
    k[o + 1] = h.s1;
    k[o + 2] = h.s2;
    k[o + 3] = h.s3;
    k[4 - o] = h.d0;
    k[5 - o] = h.d1;
    k[6 - o] = h.d2;
    k[7 - o] = h.d3;
  }
  function find(h: Ipv6Header, reverse: boolean): PairEntry | undefined {
    pairKey(h, reverse);
    const v = pairs.get();
    return v >= 0 ? entries[v] : undefined;
  }
  const softwires: Softwire[] = [];
  const knownAftrs = new Map<Ip6Key, AftrEvidence>();
  for (const a of configuredAftrs) knownAftrs.set(a, 'configured');
  /**
   * IPv6 address → distinct softwire peers, capped at MANY. A B4 may talk to two AFTRs
   * (failover, anycast), so "many" starts at three.
   */
  const peers = new Map<Ip6Key, Set<Ip6Key>>();

  function notePeer(a: Ip6Key, b: Ip6Key): void {
    let s = peers.get(a);
    if (!s) peers.set(a, (s = new Set()));
    if (s.size < MANY) s.add(b);
  }
  const peerCount = (a: Ip6Key): number => peers.get(a)?.size ?? 0;

  /** Which end of a first-seen pair is the AFTR, and on what evidence. */
  function decide(p: Ip6Packet): [aftrIsDst: boolean, AftrEvidence] {
    const src = ip6Src(p.hdr);
    const dst = ip6Dst(p.hdr);
    const ks = knownAftrs.get(src);
    const kd = knownAftrs.get(dst);
    if (kd === 'configured') return [true, 'configured'];
    if (ks === 'configured') return [false, 'configured'];
    if (b4Prefixes.length) {
      const sb = b4Prefixes.some((x) => inIp6Prefix(src, x));
      const db = b4Prefixes.some((x) => inIp6Prefix(dst, x));
      if (sb && !db) return [true, 'configured'];
      if (db && !sb) return [false, 'configured'];
    }
    if (kd) return [true, 'known-aftr'];
    if (ks) return [false, 'known-aftr'];
    if (peerCount(dst) >= MANY && peerCount(src) < MANY) return [true, 'many-peers'];
    if (peerCount(src) >= MANY && peerCount(dst) < MANY) return [false, 'many-peers'];
    const inner = p.inner?.hdr;
    if (inner) {
      const sp = isPrivateIp4(inner.src);
      const dp = isPrivateIp4(inner.dst);
      // RFC 6333: upstream inner sources are private, downstream inner destinations are.
      if (sp && !dp) return [true, 'private-inner-address'];
      if (dp && !sp) return [false, 'private-inner-address'];
      const l4 = p.inner?.l4;
      if (l4?.kind === 'tcp' && (l4.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN) return [true, 'tcp-syn'];
    }
    // The first sender opened the conversation: the responder is the AFTR.
    return [true, 'responder'];
  }

  function classify(p: Ip6Packet, time: number, frame: number): PairEntry {
    const hit = find(p.hdr, false);
    if (hit) return hit;
    const src = ip6Src(p.hdr);
    const dst = ip6Dst(p.hdr);
    notePeer(src, dst);
    notePeer(dst, src);
    const [aftrIsDst, evidence] = decide(p);
    const b4 = aftrIsDst ? src : dst;
    const aftr = aftrIsDst ? dst : src;
    if (!knownAftrs.has(aftr)) knownAftrs.set(aftr, evidence);
    const reverse = find(p.hdr, true);
    const sw: Softwire = reverse?.sw ?? {
      id: softwires.length,
      b4,
      aftr,
      evidence,
      up: newDir(),
      down: newDir(),
      firstFrame: frame,
      flows: 0,
    };
    if (!reverse) {
      softwires.push(sw);
      if (times.length < softwires.length * 2) {
        const t = new Float64Array(times.length * 2);
        t.set(times);
        times = t;
      }
      times[sw.id * 2] = time;
      times[sw.id * 2 + 1] = time;
    }
    const entry: PairEntry = { sw, dir: src === sw.b4 ? 'up' : 'down' };
    pairKey(p.hdr, false);
    pairs.insert(entries.length);
    entries.push(entry);
    return entry;
  }

  /** First and last time per softwire id, unboxed (a double in an object field is a heap box per update). */
  let times = new Float64Array(2048);

  function account(e: PairEntry, p: Ip6Packet, time: number, frame: number): void {
    const t = e.sw.id * 2;
    if (time < times[t]!) times[t] = time;
    if (time > times[t + 1]!) times[t + 1] = time;
    const s = e.dir === 'up' ? e.sw.up : e.sw.down;
    const size = 40 + p.hdr.payloadLength;
    s.packets++;
    s.bytes += size;
    if (size > s.maxOuter) s.maxOuter = size;
    if (p.frag) s.outerFragments++;
    else if (size > s.maxWhole) s.maxWhole = size;
    if (p.hdr.flowLabel !== 0 && s.flowLabelled++ === 0) s.firstFlowLabelled = frame;
    if (p.tel) s.telPackets++;
    const inner = p.inner?.hdr;
    if (inner) {
      if (inner.mf || inner.fragOffset > 0) s.innerFragments++;
      if (inner.totalLength > s.maxInner) s.maxInner = inner.totalLength;
    }
    bump(s.hopLimits, p.hdr.hopLimit);
    bump(s.trafficClasses, p.hdr.trafficClass);
  }

  function finish(): void {
    // An inferred "B4" that turned out to serve many peers while its "AFTR" has one was guessed
    // the wrong way round (only possible before the many-peers evidence existed): swap it.
    for (const sw of softwires) {
      if (sw.evidence === 'configured' || sw.evidence === 'known-aftr') continue;
      if (peerCount(sw.b4) >= MANY && peerCount(sw.aftr) < 2 && knownAftrs.get(sw.b4) !== 'configured') {
        [sw.b4, sw.aftr] = [sw.aftr, sw.b4];
        [sw.up, sw.down] = [sw.down, sw.up];
        sw.evidence = 'many-peers';
      }
    }
    const used = new Map<Ip6Key, AftrEvidence>();
    for (const sw of softwires) if (!used.has(sw.aftr)) used.set(sw.aftr, knownAftrs.get(sw.aftr) ?? sw.evidence);
    for (const [a, ev] of knownAftrs) if (ev === 'configured' && !used.has(a)) used.set(a, ev);
    finalAftrs = used;
  }
  let finalAftrs: Map<Ip6Key, AftrEvidence> | undefined;

  return {
    classify,
    lookup: (p) => find(p.hdr, false),
    seen: (sw) => ({ first: times[sw.id * 2]!, last: times[sw.id * 2 + 1]! }),
    account,
    all: () => softwires,
    aftrs: () => finalAftrs ?? knownAftrs,
    finish,
  };
}
