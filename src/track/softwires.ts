import { type Ip6Key, type Ip6Prefix, inIp6Prefix, isPrivateIp4 } from '../codec/addr.js';
import { TCP_ACK, TCP_SYN } from '../codec/tcp.js';
import { ip6Dst, ip6Src, ip6Word, type Ipv6Header } from '../codec/ipv6.js';
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
  /** Creation order in its capture: never reused. */
  readonly id: number;
  /** A dense index, reused once the softwire is evicted (per-softwire arrays are indexed by it). */
  readonly slot: number;
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
  values: number[];
  counts: number[];
  current: number;
  run: number;
}

/** Shared by every histogram until its first settle: a flood of one-packet softwires allocates no arrays. */
const NONE: number[] = [];
export const newHistogram = (): Histogram => ({ values: NONE, counts: NONE, current: -1, run: 0 });

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
  if (h.values === NONE) {
    h.values = [];
    h.counts = [];
  }
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
  /** The live softwire in a slot, if any. */
  atSlot(slot: number): Softwire | undefined;
  /** Softwires seen, and folded away to stay under the limit (least recently seen first). */
  readonly stats: { total: number; evicted: number };
}

/** The counters of every folded-away softwire: one shared object, never counted into (a folded pair seen again is a new softwire). */
const FOLDED: DirStats = newDir();
/** A direction no packet has taken yet: shared and never written, replaced by its own counters on the first packet (half the objects under a flood of one-way softwires). */
const UNUSED: DirStats = newDir();

/** Softwires held at once by default: beyond it the least recently seen eighth is folded away. */
export const MAX_SOFTWIRES = 8_192;

/** `b4Prefixes`: where the B4s are (configured): an end inside one and the other outside decides the direction like a configured AFTR. */
export function createSoftwireTracker(configuredAftrs: ReadonlySet<Ip6Key>, b4Prefixes: readonly Ip6Prefix[] = [], maxSoftwires = MAX_SOFTWIRES): SoftwireTracker {
  /** (src, dst) address words → index into `entries`: no strings per packet. */
  const pairs = createIntTable(8, 1024);
  const entries: (PairEntry | undefined)[] = [];
  const freeEntries: number[] = [];
  const stats = { total: 0, evicted: 0 };
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
  /** Live softwires by slot (undefined: free). */
  const softwires: (Softwire | undefined)[] = [];
  const freeSlots: number[] = [];
  let live = 0;
  const knownAftrs = new Map<Ip6Key, AftrEvidence>();
  for (const a of configuredAftrs) knownAftrs.set(a, 'configured');
  /**
   * IPv6 address → distinct softwire peers, capped at MANY. A B4 may talk to two AFTRs
   * (failover, anycast), so "many" starts at three.
   */
  const peers = new Map<Ip6Key, Ip6Key[]>();

  // A short array, not a Set: one per address, and at most MANY long (a Set costs ten times the memory under a flood of B4s).
  function notePeer(a: Ip6Key, b: Ip6Key): void {
    let s = peers.get(a);
    if (!s) peers.set(a, (s = []));
    if (s.length < MANY && !s.includes(b)) s.push(b);
  }
  const peerCount = (a: Ip6Key): number => peers.get(a)?.length ?? 0;

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
    if (!reverse && live >= maxSoftwires) evict();
    const sw: Softwire = reverse?.sw ?? {
      id: stats.total,
      slot: freeSlots.pop() ?? softwires.length,
      b4,
      aftr,
      evidence,
      up: UNUSED,
      down: UNUSED,
      firstFrame: frame,
      flows: 0,
    };
    if (!reverse) {
      softwires[sw.slot] = sw;
      live++;
      stats.total++;
      if (times.length < softwires.length * 2) {
        const t = new Float64Array(times.length * 2);
        t.set(times);
        times = t;
      }
      times[sw.slot * 2] = time;
      times[sw.slot * 2 + 1] = time;
    }
    const entry: PairEntry = { sw, dir: src === sw.b4 ? 'up' : 'down' };
    pairKey(p.hdr, false);
    const at = freeEntries.pop() ?? entries.length;
    pairs.insert(at);
    entries[at] = entry;
    return entry;
  }

  /** Removes the (src, dst) pair key of one direction, if present, and frees its entry. */
  function forget(src: Ip6Key, dst: Ip6Key): void {
    const k = pairs.key;
    for (let w = 0; w < 4; w++) {
      k[w] = ip6Word(src, w);
      k[4 + w] = ip6Word(dst, w);
    }
    const at = pairs.remove();
    if (at >= 0) {
      entries[at] = undefined;
      freeEntries.push(at);
    }
  }

  /**
   * Folds away the least recently seen eighth of the softwires (bounded memory under a flood
   * of B4s): their pair keys, slots and peer notes go; what they counted is gone from the
   * report, which says how many were evicted. A folded softwire seen again starts afresh.
   */
  function evict(): void {
    // The cut between the oldest eighth and the rest, by a native sort of last-seen times (not a sort of objects).
    const last = new Float64Array(live);
    let k = 0;
    for (const x of softwires) if (x) last[k++] = times[x.slot * 2 + 1]!;
    last.sort();
    const n = Math.max(1, Math.floor(live / 8));
    const cut = last[n - 1]!;
    // Older than the cut all go; at the cut, the oldest created first (deterministic whatever the slots).
    const victims: Softwire[] = [];
    const atCut: Softwire[] = [];
    for (const sw of softwires) {
      if (!sw) continue;
      const t = times[sw.slot * 2 + 1]!;
      if (t < cut) victims.push(sw);
      else if (t === cut) atCut.push(sw);
    }
    atCut.sort((a, b) => a.id - b.id);
    for (const sw of atCut) if (victims.length < n) victims.push(sw);
    for (const sw of victims) {
      forget(sw.b4, sw.aftr);
      forget(sw.aftr, sw.b4);
      // Its B4's peer note goes, unless that address serves many (then it is an AFTR seen the wrong way round, and its count is evidence).
      if ((peers.get(sw.b4)?.length ?? 0) < MANY) peers.delete(sw.b4);
      // What flows and rules still point at keeps only the softwire's identity, not its counters.
      sw.up = FOLDED;
      sw.down = FOLDED;
      softwires[sw.slot] = undefined;
      freeSlots.push(sw.slot);
      live--;
    }
    const folded = victims.length;
    stats.evicted += folded;
  }

  const liveSoftwires = (): Softwire[] => softwires.filter((x): x is Softwire => x !== undefined).sort((a, b) => a.id - b.id);

  /** First and last time per softwire id, unboxed (a double in an object field is a heap box per update). */
  let times = new Float64Array(2048);

  function account(e: PairEntry, p: Ip6Packet, time: number, frame: number): void {
    const t = e.sw.slot * 2;
    if (time < times[t]!) times[t] = time;
    if (time > times[t + 1]!) times[t + 1] = time;
    let s = e.dir === 'up' ? e.sw.up : e.sw.down;
    if (s === UNUSED || s === FOLDED) {
      s = newDir();
      if (e.dir === 'up') e.sw.up = s;
      else e.sw.down = s;
    }
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
    const all = liveSoftwires();
    for (const sw of all) {
      if (sw.evidence === 'configured' || sw.evidence === 'known-aftr') continue;
      if (peerCount(sw.b4) >= MANY && peerCount(sw.aftr) < 2 && knownAftrs.get(sw.b4) !== 'configured') {
        [sw.b4, sw.aftr] = [sw.aftr, sw.b4];
        [sw.up, sw.down] = [sw.down, sw.up];
        sw.evidence = 'many-peers';
      }
    }
    const used = new Map<Ip6Key, AftrEvidence>();
    for (const sw of all) if (!used.has(sw.aftr)) used.set(sw.aftr, knownAftrs.get(sw.aftr) ?? sw.evidence);
    for (const [a, ev] of knownAftrs) if (ev === 'configured' && !used.has(a)) used.set(a, ev);
    finalAftrs = used;
  }
  let finalAftrs: Map<Ip6Key, AftrEvidence> | undefined;

  return {
    classify,
    lookup: (p) => find(p.hdr, false),
    seen: (sw) => ({ first: times[sw.slot * 2]!, last: times[sw.slot * 2 + 1]! }),
    account,
    all: liveSoftwires,
    atSlot: (slot) => softwires[slot],
    stats,
    aftrs: () => finalAftrs ?? knownAftrs,
    finish,
  };
}
