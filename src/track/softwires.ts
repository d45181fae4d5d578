import { type Ip6Key, type Ip6Prefix, inIp6Prefix, isPrivateIp4 } from '../codec/addr.js';
import { TCP_ACK, TCP_SYN } from '../codec/tcp.js';
import { ip6Dst, ip6Src, ip6Word, IPV6_LENGTH, type Ipv6Header } from '../codec/ipv6.js';
import type { Ip6Packet } from '../dissect/types.js';
import type { ValueCount } from '../model/report.js';
import type { Direction } from '../model/direction.js';
import { createIntTable } from './int-table.js';
import { createPeerNotes, MANY } from './peer-notes.js';
import { kthSmallest } from './select.js';
import { DEFAULT_TABLES } from '../config/defaults.js';

/** How the AFTR end of a softwire was identified. */
export type AftrEvidence =
  'configured' | 'known-aftr' | 'many-peers' | 'private-inner-address' | 'tcp-syn' | 'responder';

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
  /** Hop limits seen: the current value and its run, the rest in `hopLimits` (see ByteTally). */
  hopLimit: number;
  hopRun: number;
  hopLimits: ByteTally | undefined;
  /** Traffic classes seen, the same way. */
  trafficClass: number;
  tcRun: number;
  trafficClasses: ByteTally | undefined;
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
  /** Tunnels the softwire was carried in (see describeCarriage), when it was; bounded. */
  carriage: string[] | undefined;
}

/**
 * Counts of byte values (hop limits, traffic classes). A link carries one or two per
 * direction, so the run of the current value is counted in two fields of the direction and
 * only a change of value touches these arrays, made on the first change: a flood of
 * one-packet softwires makes none.
 */
export interface ByteTally {
  readonly values: number[];
  readonly counts: number[];
}

/** Adds a finished run of `value` to a tally (made if absent). */
function fold(t: ByteTally | undefined, value: number, run: number): ByteTally | undefined {
  if (run === 0) return t;
  const out = t ?? { values: [], counts: [] };
  const i = out.values.indexOf(value);
  if (i >= 0) out.counts[i]! += run;
  else {
    out.values.push(value);
    out.counts.push(run);
  }
  return out;
}

/** Every value with its count, the current run included, by value. */
function tallied(t: ByteTally | undefined, current: number, run: number): ValueCount[] {
  const all = fold(t && { values: [...t.values], counts: [...t.counts] }, current, run);
  return all ? all.values.map((value, i) => ({ value, count: all.counts[i]! })).sort((a, b) => a.value - b.value) : [];
}

export const hopLimitCounts = (d: DirStats): ValueCount[] => tallied(d.hopLimits, d.hopLimit, d.hopRun);
export const trafficClassCounts = (d: DirStats): ValueCount[] => tallied(d.trafficClasses, d.trafficClass, d.tcRun);

const newDir = (): DirStats => ({
  packets: 0,
  bytes: 0,
  outerFragments: 0,
  innerFragments: 0,
  maxOuter: 0,
  maxInner: 0,
  hopLimit: -1,
  hopRun: 0,
  hopLimits: undefined,
  trafficClass: -1,
  tcRun: 0,
  trafficClasses: undefined,
  telPackets: 0,
  flowLabelled: 0,
  firstFlowLabelled: 0,
  maxWhole: 0,
});

/**
 * A softwire and a direction as one number: slot × 2, plus 1 for down. The pair table
 * stores it, so finding a packet's softwire allocates nothing.
 */
export type PairCode = number;
export const pairDir = (code: PairCode): Direction => (code & 1 ? 'down' : 'up');
export const pairSlot = (code: PairCode): number => code >> 1;

export interface SoftwireTracker {
  /** The softwire and direction of an IPv4-in-IPv6 packet; decides the AFTR on first sight. */
  classify(p: Ip6Packet, time: number, frame: number): PairCode;
  /** The pair code of a known softwire's (src, dst), or -1 (for fragments whose chain hides next header 4). */
  lookup(p: Ip6Packet): PairCode;
  account(code: PairCode, p: Ip6Packet, time: number, frame: number): void;
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
export const MAX_SOFTWIRES = DEFAULT_TABLES.maxSoftwires;

/** An AFTR address: the one key string its softwires share, the evidence, and how many live softwires use it. */
interface Aftr {
  readonly key: Ip6Key;
  evidence: AftrEvidence;
  users: number;
}

/** Does address a sort before address b (by signed words: any fixed order of a pair's two ends will do)? */
function sortsBefore(
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
): boolean {
  return a0 !== b0 ? a0 < b0 : a1 !== b1 ? a1 < b1 : a2 !== b2 ? a2 < b2 : a3 < b3;
}

/** What is known of a first-seen pair's two ends when its AFTR end is decided. */
interface PairEnds {
  readonly p: Ip6Packet;
  readonly src: Ip6Key;
  readonly dst: Ip6Key;
  /** What is known of each end as an AFTR. */
  readonly atSrc: AftrEvidence | undefined;
  readonly atDst: AftrEvidence | undefined;
  /** Each end's peer count, this pair noted. */
  readonly srcPeers: number;
  readonly dstPeers: number;
}

/** Which end of a first-seen pair is the AFTR, and on what evidence, strongest first. */
function decideAftr(e: PairEnds, b4Prefixes: readonly Ip6Prefix[]): [aftrIsDst: boolean, AftrEvidence] {
  const { p, src, dst, atSrc: ks, atDst: kd, srcPeers, dstPeers } = e;
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
  if (dstPeers >= MANY && srcPeers < MANY) return [true, 'many-peers'];
  if (srcPeers >= MANY && dstPeers < MANY) return [false, 'many-peers'];
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

/** Adds one packet to a direction's counters (the caller made `s` the direction's own). */
function accountDir(s: DirStats, p: Ip6Packet, frame: number): void {
  const h = p.hdr;
  const size = IPV6_LENGTH + h.payloadLength;
  s.packets++;
  s.bytes += size;
  if (size > s.maxOuter) s.maxOuter = size;
  if (p.frag) s.outerFragments++;
  else if (size > s.maxWhole) s.maxWhole = size;
  if (h.flowLabel !== 0 && s.flowLabelled++ === 0) s.firstFlowLabelled = frame;
  if (p.tel) s.telPackets++;
  const inner = p.inner?.hdr;
  if (inner) {
    if (inner.mf || inner.fragOffset > 0) s.innerFragments++;
    if (inner.totalLength > s.maxInner) s.maxInner = inner.totalLength;
  }
  if (h.hopLimit === s.hopLimit) s.hopRun++;
  else {
    s.hopLimits = fold(s.hopLimits, s.hopLimit, s.hopRun);
    s.hopLimit = h.hopLimit;
    s.hopRun = 1;
  }
  if (h.trafficClass === s.trafficClass) s.tcRun++;
  else {
    s.trafficClasses = fold(s.trafficClasses, s.trafficClass, s.tcRun);
    s.trafficClass = h.trafficClass;
    s.tcRun = 1;
  }
}

/** `b4Prefixes`: where the B4s are (configured): an end inside one and the other outside decides the direction like a configured AFTR. */
export function createSoftwireTracker(
  configuredAftrs: ReadonlySet<Ip6Key>,
  b4Prefixes: readonly Ip6Prefix[] = [],
  maxSoftwires = MAX_SOFTWIRES,
): SoftwireTracker {
  /**
   * The two ends' address words, the lower first → softwire slot: one entry per softwire,
   * found from either direction (a new softwire is one lookup that misses, not two), no string
   * or object per packet.
   */
  const pairs = createIntTable(8, 1024);
  const stats = { total: 0, evicted: 0 };
  function pairKey(h: Ipv6Header): void {
    const k = pairs.key;
    const o = sortsBefore(h.d0, h.d1, h.d2, h.d3, h.s0, h.s1, h.s2, h.s3) ? 4 : 0;
    k[o] = h.s0;
    k[o + 1] = h.s1;
    k[o + 2] = h.s2;
    k[o + 3] = h.s3;
    k[4 - o] = h.d0;
    k[5 - o] = h.d1;
    k[6 - o] = h.d2;
    k[7 - o] = h.d3;
  }
  /** Is the packet's source the B4 of the softwire in `slot`? */
  function fromB4(slot: number, h: Ipv6Header): boolean {
    const w = slot * 8;
    return words[w] === h.s0 && words[w + 1] === h.s1 && words[w + 2] === h.s2 && words[w + 3] === h.s3;
  }
  /** The pair code of the packet's (src, dst), or -1. */
  function find(h: Ipv6Header): PairCode {
    pairKey(h);
    const slot = pairs.get();
    return slot < 0 ? -1 : slot * 2 + (fromB4(slot, h) ? 0 : 1);
  }
  /** Live softwires by slot (undefined: free), and the AFTR each uses. */
  const softwires: (Softwire | undefined)[] = [];
  const aftrOf: (Aftr | undefined)[] = [];
  const freeSlots: number[] = [];
  let live = 0;
  /** AFTRs by address: configured ones always, inferred ones while a live softwire uses them (bounded under a flood). */
  const aftrByKey = new Map<Ip6Key, Aftr>();
  for (const a of configuredAftrs) aftrByKey.set(a, { key: a, evidence: 'configured', users: 0 });

  const peers = createPeerNotes();
  const peerCount = (a: Ip6Key): number => peers.count(ip6Word(a, 0), ip6Word(a, 1), ip6Word(a, 2), ip6Word(a, 3));

  function classify(p: Ip6Packet, time: number, frame: number): PairCode {
    const h = p.hdr;
    const hit = find(h);
    if (hit >= 0) return hit;
    // A pair not seen either way: a new softwire.
    const srcPeers = peers.note(h.s0, h.s1, h.s2, h.s3, h.d0, h.d1, h.d2, h.d3);
    const dstPeers = peers.note(h.d0, h.d1, h.d2, h.d3, h.s0, h.s1, h.s2, h.s3);
    const src = ip6Src(h);
    const dst = ip6Dst(h);
    const atSrc = aftrByKey.get(src);
    const atDst = aftrByKey.get(dst);
    const ends = { p, src, dst, atSrc: atSrc?.evidence, atDst: atDst?.evidence, srcPeers, dstPeers };
    const [aftrIsDst, evidence] = decideAftr(ends, b4Prefixes);
    const aftrAt = aftrIsDst ? dst : src;
    let aftr = aftrIsDst ? atDst : atSrc;
    if (!aftr) aftrByKey.set(aftrAt, (aftr = { key: aftrAt, evidence, users: 0 }));
    aftr.users++;
    if (live >= maxSoftwires) evict();
    const sw: Softwire = {
      id: stats.total,
      slot: freeSlots.pop() ?? softwires.length,
      b4: aftrIsDst ? src : dst,
      // One string for all the softwires of an AFTR.
      aftr: aftr.key,
      evidence,
      up: UNUSED,
      down: UNUSED,
      firstFrame: frame,
      flows: 0,
      carriage: undefined,
    };
    softwires[sw.slot] = sw;
    aftrOf[sw.slot] = aftr;
    live++;
    stats.total++;
    if (times.length < softwires.length * 2) {
      const t = new Float64Array(times.length * 2);
      t.set(times);
      times = t;
      const w = new Int32Array(words.length * 2);
      w.set(words);
      words = w;
    }
    times[sw.slot * 2] = time;
    times[sw.slot * 2 + 1] = time;
    // The B4's and the AFTR's address words: the packet's direction, and forgetting the softwire without its strings.
    const w = sw.slot * 8;
    const b4At = aftrIsDst ? 0 : 4;
    words[w + b4At] = h.s0;
    words[w + b4At + 1] = h.s1;
    words[w + b4At + 2] = h.s2;
    words[w + b4At + 3] = h.s3;
    words[w + 4 - b4At] = h.d0;
    words[w + 5 - b4At] = h.d1;
    words[w + 6 - b4At] = h.d2;
    words[w + 7 - b4At] = h.d3;
    pairKey(h);
    pairs.insert(sw.slot);
    return sw.slot * 2 + (fromB4(sw.slot, h) ? 0 : 1);
  }

  /** Copies four address words of `slot` (0: its B4, 4: its AFTR) into `k` at `at`. */
  function slotWords(k: Int32Array, at: number, slot: number, which: 0 | 4): void {
    const from = slot * 8 + which;
    for (let i = 0; i < 4; i++) k[at + i] = words[from + i]!;
  }

  /** Forgets the peer note of the B4 (0) or the AFTR (4) of `slot`. */
  function dropPeers(slot: number, which: 0 | 4, unlessMany: boolean): void {
    const w = slot * 8 + which;
    peers.drop(words[w]!, words[w + 1]!, words[w + 2]!, words[w + 3]!, unlessMany);
  }

  /** Removes the pair key of the softwire in `slot`. */
  function forget(slot: number): void {
    // The key's order: the lower end first, as pairKey writes it.
    const w = slot * 8;
    const aftrFirst = sortsBefore(
      words[w + 4]!,
      words[w + 5]!,
      words[w + 6]!,
      words[w + 7]!,
      words[w]!,
      words[w + 1]!,
      words[w + 2]!,
      words[w + 3]!,
    );
    slotWords(pairs.key, aftrFirst ? 4 : 0, slot, 0);
    slotWords(pairs.key, aftrFirst ? 0 : 4, slot, 4);
    pairs.remove();
  }

  /**
   * Folds away the least recently seen eighth of the softwires (bounded memory under a flood
   * of B4s): their pair keys, slots and peer notes go, and an inferred AFTR none of the rest
   * uses; what they counted is gone from the report, which says how many were evicted. A
   * folded softwire seen again starts afresh. It walks the slots' times and address words,
   * not the softwire objects: under a flood it runs every thousand packets.
   */
  function evict(): void {
    // The cut between the oldest eighth and the rest: the n-th smallest last-seen time.
    const slots = softwires.length;
    if (scratch.length < slots) scratch = new Float64Array(times.length / 2);
    let k = 0;
    for (let s = 0; s < slots; s++) if (softwires[s] !== undefined) scratch[k++] = times[s * 2 + 1]!;
    const n = Math.max(1, Math.floor(live / 8));
    const cut = kthSmallest(scratch, k, n - 1);
    // Older than the cut all go; at the cut, the oldest created first (deterministic whatever the slots).
    const victims: number[] = [];
    const atCut: Softwire[] = [];
    for (let s = 0; s < slots; s++) {
      if (softwires[s] === undefined) continue;
      const t = times[s * 2 + 1]!;
      if (t < cut) victims.push(s);
      else if (t === cut) atCut.push(softwires[s]!);
    }
    atCut.sort((a, b) => a.id - b.id);
    for (const sw of atCut) if (victims.length < n) victims.push(sw.slot);
    for (const slot of victims) {
      const sw = softwires[slot]!;
      forget(slot);
      // Its B4's peer note goes, unless that address serves many (then it is an AFTR seen the wrong way round, and its count is evidence).
      dropPeers(slot, 0, true);
      // An inferred AFTR no live softwire uses goes with its peer note.
      const aftr = aftrOf[slot];
      aftrOf[slot] = undefined;
      if (aftr && --aftr.users === 0 && aftr.evidence !== 'configured') {
        aftrByKey.delete(sw.aftr);
        dropPeers(slot, 4, false);
      }
      // What flows and rules still point at keeps only the softwire's identity, not its counters.
      sw.up = FOLDED;
      sw.down = FOLDED;
      softwires[slot] = undefined;
      freeSlots.push(slot);
      live--;
    }
    stats.evicted += victims.length;
  }

  const liveSoftwires = (): Softwire[] =>
    softwires.filter((x): x is Softwire => x !== undefined).sort((a, b) => a.id - b.id);

  let scratch = new Float64Array(0);
  /** First and last time per softwire slot, unboxed (a double in an object field is a heap box per update). */
  let times = new Float64Array(2048);
  /** Per slot: the B4's address words, then the AFTR's. */
  let words = new Int32Array(1024 * 8);

  function account(code: PairCode, p: Ip6Packet, time: number, frame: number): void {
    const sw = softwires[pairSlot(code)]!;
    const t = sw.slot * 2;
    if (time < times[t]!) times[t] = time;
    if (time > times[t + 1]!) times[t + 1] = time;
    const up = pairDir(code) === 'up';
    let s = up ? sw.up : sw.down;
    if (s === UNUSED || s === FOLDED) {
      s = newDir();
      if (up) sw.up = s;
      else sw.down = s;
    }
    accountDir(s, p, frame);
  }

  function finish(): void {
    // An inferred "B4" that turned out to serve many peers while its "AFTR" has one was guessed
    // the wrong way round (only possible before the many-peers evidence existed): swap it.
    const all = liveSoftwires();
    for (const sw of all) {
      if (sw.evidence === 'configured' || sw.evidence === 'known-aftr') continue;
      if (peerCount(sw.b4) >= MANY && peerCount(sw.aftr) < 2 && aftrByKey.get(sw.b4)?.evidence !== 'configured') {
        [sw.b4, sw.aftr] = [sw.aftr, sw.b4];
        [sw.up, sw.down] = [sw.down, sw.up];
        for (let i = 0; i < 4; i++)
          [words[sw.slot * 8 + i], words[sw.slot * 8 + 4 + i]] = [words[sw.slot * 8 + 4 + i]!, words[sw.slot * 8 + i]!];
        sw.evidence = 'many-peers';
      }
    }
    const used = new Map<Ip6Key, AftrEvidence>();
    for (const sw of all) if (!used.has(sw.aftr)) used.set(sw.aftr, aftrByKey.get(sw.aftr)?.evidence ?? sw.evidence);
    for (const [a, x] of aftrByKey) if (x.evidence === 'configured' && !used.has(a)) used.set(a, x.evidence);
    finalAftrs = used;
  }
  let finalAftrs: Map<Ip6Key, AftrEvidence> | undefined;

  return {
    classify,
    lookup: (p) => find(p.hdr),
    seen: (sw) => ({ first: times[sw.slot * 2]!, last: times[sw.slot * 2 + 1]! }),
    account,
    all: liveSoftwires,
    atSlot: (slot) => softwires[slot],
    stats,
    aftrs: () => finalAftrs ?? new Map([...aftrByKey].map(([a, x]) => [a, x.evidence])),
    finish,
  };
}
