import type { Direction } from '../model/direction.js';
import type { Ip4Datagram, TunnelDatagram } from './ip4-datagram.js';
import { createFifoMap } from './fifo-map.js';
import { createIntTable } from './int-table.js';
import { PROTO_TCP, PROTO_UDP } from '../codec/ipv4.js';

/** The capture points a tunnel capture is correlated with. */
export type OtherSide = 'internet' | 'lan';

/**
 * What tells one side's view of a datagram from another's. `key(d, dir)` hashes the fields
 * that identify datagram `d` travelling in direction `dir` (undefined when `d` cannot be
 * matched that way: bytes cut); `same` compares those fields, so a hash collision never makes
 * a pair. Pluggable: the Internet side keys by the remote endpoint and payload only (the AFTR
 * rewrites the subscriber's address, port and maybe the Identification, NAT-014); the LAN side
 * keys on every field the B4 leaves alone. The NAT checks extend the Internet model.
 */
export interface SideModel {
  readonly side: OtherSide;
  key(d: Ip4Datagram, dir: Direction): number | undefined;
  same(a: Ip4Datagram, b: Ip4Datagram, dir: Direction): boolean;
  /** Learns from every tunnel datagram and every pair (endpoints, internal hosts). */
  learnTunnel(d: TunnelDatagram): void;
  learnPair(t: TunnelDatagram, o: Ip4Datagram, dir: Direction): void;
  /** Which way an unpaired datagram of this side was going, when the learnt state tells. */
  direction(d: Ip4Datagram): Direction | undefined;
}

/** Two independent 32-bit mixes of five integers folded into 51 bits: a Map key with no string to build. */
function hash51(a: number, b: number, c: number, d: number, e: number): number {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x2545f491 | 0;
  const step = (v: number): void => {
    h1 = Math.imul(h1 ^ v, 0x01000193);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ v, 0x85ebca6b);
    h2 ^= h2 >>> 13;
  };
  step(a);
  step(b);
  step(c);
  step(d);
  step(e);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x27d4eb2f);
  return (h1 >>> 6) * 0x2000000 + (h2 >>> 7);
}

/**
 * The port half of an endpoint (address, port, protocol) as one exact number: TCP and UDP
 * ports (or -1) take 0…131071, every other protocol its own value above.
 */
const ENDPOINT_PORTS = 2 * 65537;
const endpointPort = (port: number, protocol: number): number =>
  protocol === PROTO_TCP ? port + 1 : protocol === PROTO_UDP ? 65537 + port + 1 : ENDPOINT_PORTS + protocol;
/** Endpoints and hosts remembered: enough for a lab or a busy link's minute, bounded anyway. */
const MAX_LEARNT = 1 << 16;

/**
 * A bounded set of endpoints (an address and a port half; a host is its address and 0), the
 * first seen forgotten first. Typed arrays, not a Map of numbers: every Internet-side pair
 * looks its endpoint up, and a Map keyed by a 49-bit number boxed the key on each lookup.
 */
function bounded(): { add(addr: number, port: number): void; has(addr: number, port: number): boolean } {
  const table = createIntTable(2, MAX_LEARNT);
  // Insertion order, as (address, port) pairs in a ring: nothing is removed but the oldest.
  const order = new Int32Array(2 * MAX_LEARNT);
  let oldest = 0;
  const load = (addr: number, port: number): void => {
    table.key[0] = addr;
    table.key[1] = port;
  };
  return {
    add(addr, port) {
      load(addr, port);
      if (table.get() >= 0) return;
      if (table.size === MAX_LEARNT) {
        table.loadKey(order, 2 * oldest);
        table.remove();
        oldest = (oldest + 1) % MAX_LEARNT;
        load(addr, port);
      }
      const at = (oldest + table.size) % MAX_LEARNT;
      order[2 * at] = addr;
      order[2 * at + 1] = port;
      table.insert(0);
    },
    has(addr, port) {
      load(addr, port);
      return table.get() >= 0;
    },
  };
}

/** The B4's LAN side: DS-Lite translates nothing there, so every identifying field must agree (TTL aside). */
export function lanModel(): SideModel {
  const hosts = bounded();
  return {
    side: 'lan',
    key: (d) => (d.digest === undefined ? undefined : hash51(d.src, d.dst, (d.protocol << 16) | d.id, d.digest, 0)),
    same: (a, b) =>
      a.src === b.src && a.dst === b.dst && a.protocol === b.protocol && a.id === b.id && a.digest === b.digest,
    learnTunnel(d) {
      if (d.dir === 'up') hosts.add(d.src, 0);
    },
    learnPair() {},
    direction: (d) => (hosts.has(d.src, 0) ? 'up' : hosts.has(d.dst, 0) ? 'down' : undefined),
  };
}

/**
 * The AFTR's Internet side (catalogue §11.4 steps 2–3): up, the remote destination and the
 * payload identify a datagram whose source the NAT rewrote; down, the remote source and
 * the payload. The Identification is left out (the AFTR may rewrite it, NAT-014).
 */
export function internetModel(): SideModel {
  const external = bounded();
  return {
    side: 'internet',
    key(d, dir) {
      if (d.digest === undefined) return undefined;
      return dir === 'up'
        ? hash51(d.dst, d.dstPort, d.protocol, d.digest, 1)
        : hash51(d.src, d.srcPort, d.protocol, d.digest, 2);
    },
    same: (a, b, dir) =>
      a.protocol === b.protocol &&
      a.digest === b.digest &&
      (dir === 'up' ? a.dst === b.dst && a.dstPort === b.dstPort : a.src === b.src && a.srcPort === b.srcPort),
    learnTunnel() {},
    learnPair(_t, o, dir) {
      if (dir === 'up') external.add(o.src, endpointPort(o.srcPort, o.protocol));
      else external.add(o.dst, endpointPort(o.dstPort, o.protocol));
    },
    direction: (d) =>
      external.has(d.dst, endpointPort(d.dstPort, d.protocol))
        ? 'down'
        : external.has(d.src, endpointPort(d.srcPort, d.protocol))
          ? 'up'
          : undefined,
  };
}

export interface Pair {
  readonly dir: Direction;
  readonly tunnel: TunnelDatagram;
  readonly other: Ip4Datagram;
  /** More than one candidate was within the window: not good enough for `confirmed`. */
  readonly ambiguous: boolean;
}

export interface Unpaired {
  readonly origin: 'tunnel' | 'other';
  readonly datagram: Ip4Datagram;
  /** The datagram's direction (always known for tunnel datagrams). */
  readonly dir: Direction | undefined;
  /** The other capture was running for the whole window around it, so a counterpart would have been seen. */
  readonly inSpan: boolean;
}

export interface CorrelationStats {
  pairs: { up: number; down: number };
  ambiguous: number;
  unpaired: { tunnel: number; other: number };
  /** Unpaired while the other capture was not running, by the capture the datagram was on. */
  outOfSpan: { tunnel: number; other: number };
  /** Datagrams whose bytes the capture cut before the digest could be taken. */
  unkeyed: { tunnel: number; other: number };
  evicted: number;
  /** Median (other − tunnel) capture-time difference of unambiguous TCP SYN pairs, and how many. */
  synDelta: { seconds: number; samples: number } | null;
}

export interface Correlator {
  readonly side: OtherSide;
  readonly model: SideModel;
  tunnel(d: TunnelDatagram): void;
  other(d: Ip4Datagram): void;
  /** Records of either capture advance the clock; `which` tracks each capture's span. */
  advance(time: number, which: 'tunnel' | 'other'): void;
  /** A capture has no more records: verdicts waiting for it are decided now. */
  ended(which: 'tunnel' | 'other'): void;
  finish(): void;
  readonly stats: CorrelationStats;
}

interface Entry {
  /**
   * The datagram while it waits; let go once it is paired or its verdict is out, so a datagram
   * paired in a millisecond is not held (and moved by the collector) for the rest of its window
   * while the entry waits in the time-ordered queue.
   */
  d: Ip4Datagram | undefined;
  readonly time: number;
  /** Its place in the queue, counted from the queue's first entry ever (the queue is compacted). */
  readonly at: number;
  readonly origin: 'tunnel' | 'other';
  /** The keys it waits under (one per direction it may be travelling). */
  readonly keys: readonly number[];
  done: boolean;
}

export interface CorrelatorOptions {
  /** Seconds either way within which counterparts must appear (after the inputs' clock offsets). */
  readonly window: number;
  /** Datagrams waiting for a counterpart, both sides together; the oldest is concluded early when full. */
  readonly maxPending: number;
  onPair(p: Pair): void;
  onUnpaired(u: Unpaired): void;
}

const SYN_SAMPLES = 256;
/** TCP SYNs remembered per capture for the clock-offset estimate, whatever the window (oldest forgotten first). */
const SYN_HELD = 4096;
const DIRECTIONS: readonly Direction[] = ['up', 'down'];
/** Datagrams waiting under one key at most. */
const MAX_SAME_KEY = 8;

/**
 * The clock offset between the captures (catalogue §11.4 step 1): outbound SYNs matched by
 * remote endpoint and digest (sequence number, flags, length) over any time apart, so an
 * offset larger than the window is still measured, and reported with the offset to pass.
 * Equal SYNs (retransmissions, a reused sequence number) pair in order: first with first.
 */
function createSynClock(model: SideModel): {
  note(origin: 'tunnel' | 'other', d: Ip4Datagram): void;
  /** The median (other − tunnel) time of the SYNs matched, or null for none. */
  delta(): { seconds: number; samples: number } | null;
} {
  const deltas: number[] = [];
  // Oldest first in O(1) after out-of-order deletes (a SYN flood evicts one per SYN).
  const syns = { tunnel: createFifoMap<number, number[]>(), other: createFifoMap<number, number[]>() };
  return {
    note(origin, d) {
      const k = model.key(d, 'up');
      if (k === undefined) return;
      const theirs = syns[origin === 'tunnel' ? 'other' : 'tunnel'];
      const there = theirs.get(k);
      if (there?.length) {
        const t = there.shift()!;
        if (!there.length) theirs.delete(k);
        if (deltas.length < SYN_SAMPLES) deltas.push(origin === 'other' ? d.time - t : t - d.time);
        return;
      }
      const mine = syns[origin];
      const list = mine.get(k);
      if (list) {
        if (list.length < 8) list.push(d.time);
      } else mine.set(k, [d.time]);
      if (mine.size > SYN_HELD) mine.delete(mine.oldest()![0]);
    },
    delta() {
      if (!deltas.length) return null;
      const sorted = [...deltas].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
      // Epoch seconds as doubles resolve about 0.24 µs today: state the delay to the microsecond.
      return { seconds: Number(median.toFixed(6)), samples: sorted.length };
    },
  };
}

/**
 * Matches the datagrams of a tunnel capture with those of one other capture point, in
 * capture-time order (the merged reader's). A datagram waits `window` seconds for its
 * counterpart, then is concluded unpaired, so decisions come at most one window late and
 * the waiting state is bounded by traffic within a window.
 */
export function createCorrelator(model: SideModel, opts: CorrelatorOptions): Correlator {
  // Per origin, by the key's low 30 bits: a small integer, which a Map hashes and stores without
  // boxing (the whole key, up to 2^51, was a heap number per lookup). Datagrams whose keys
  // share those bits share a list; `same` tells them apart, as it does hash collisions.
  const waiting = { tunnel: new Map<number, Entry[]>(), other: new Map<number, Entry[]>() };
  // Time-ordered; a paired entry's place is emptied at once, so neither it nor its keys live
  // through the rest of the window (at a few hundred thousand datagrams a second, the window's
  // worth of entries would otherwise be promoted by the collector and die old).
  const queue: (Entry | undefined)[] = [];
  let head = 0;
  /** How many places compaction took off the queue's front: queue[i] is place base + i. */
  let base = 0;
  let live = 0;
  const span = { tunnel: { first: Infinity, last: -Infinity }, other: { first: Infinity, last: -Infinity } };
  const synClock = createSynClock(model);
  /** Verdicts waiting for a capture to show a later record, oldest first from `awaitHead`. */
  const awaiting: Record<'tunnel' | 'other', Entry[]> = { tunnel: [], other: [] };
  const awaitHead = { tunnel: 0, other: 0 };
  const over = { tunnel: false, other: false };
  const stats: CorrelationStats = {
    pairs: { up: 0, down: 0 },
    ambiguous: 0,
    unpaired: { tunnel: 0, other: 0 },
    outOfSpan: { tunnel: 0, other: 0 },
    unkeyed: { tunnel: 0, other: 0 },
    evicted: 0,
    synDelta: null,
  };

  /** A key as the waiting lists are indexed (keys are non-negative integers below 2^51). */
  const slot = (k: number): number => k % 0x40000000;

  function take(
    k: number,
    from: 'tunnel' | 'other',
    d: Ip4Datagram,
    dir: Direction,
  ): { e: Entry; n: number } | undefined {
    const list = waiting[from].get(slot(k));
    if (!list) return undefined;
    let first: Entry | undefined;
    let n = 0;
    for (const e of list) {
      // Only the entries waiting under this very key (the list holds any that share its low bits).
      if (e.done || !e.keys.includes(k) || Math.abs(e.time - d.time) > opts.window || !model.same(e.d!, d, dir))
        continue;
      n++;
      first ??= e;
    }
    if (!first) return undefined;
    return { e: first, n };
  }

  function remove(e: Entry): void {
    e.done = true;
    live--;
    for (const k of e.keys) {
      const s = slot(k);
      const list = waiting[e.origin].get(s);
      if (!list) continue;
      const i = list.indexOf(e);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) waiting[e.origin].delete(s);
    }
  }

  /** A paired entry leaves the waiting lists and its place in the queue. */
  function letGo(e: Entry): void {
    remove(e);
    e.d = undefined;
    queue[e.at - base] = undefined;
  }

  function pair(dir: Direction, t: TunnelDatagram, o: Ip4Datagram, candidates: number): void {
    const ambiguous = candidates > 1;
    stats.pairs[dir]++;
    if (ambiguous) stats.ambiguous++;
    model.learnPair(t, o, dir);
    opts.onPair({ dir, tunnel: t, other: o, ambiguous });
  }

  function wait(d: Ip4Datagram, origin: 'tunnel' | 'other', keys: number[]): void {
    const e: Entry = { d, time: d.time, at: base + queue.length, origin, keys, done: false };
    for (const k of keys) {
      const s = slot(k);
      const list = waiting[origin].get(s);
      if (!list) {
        waiting[origin].set(s, [e]);
        continue;
      }
      // Identical datagrams (retransmissions, keepalives) share a key: keep the newest few
      // (they are ambiguous anyway), so matching stays O(1) per datagram.
      if (list.length >= MAX_SAME_KEY) {
        const same = list.filter((x) => x !== e && x.keys.includes(k));
        if (same.length >= MAX_SAME_KEY) {
          stats.evicted++;
          conclude(same[0]!, true);
        }
      }
      // An entry whose two keys share their low bits waits in that list once.
      if (list[list.length - 1] !== e) list.push(e);
    }
    queue.push(e);
    live++;
    while (live > opts.maxPending) {
      const first = queue[head++];
      if (!first || first.done) continue;
      stats.evicted++;
      conclude(first, true);
    }
  }

  /**
   * Unpaired once the window passed. Whether the other capture was running through the
   * window is known only when it shows a later record (or ends): until then the verdict
   * waits in `awaiting`, keyed by the capture it waits for.
   */
  function conclude(e: Entry, early: boolean): void {
    if (e.done) return;
    remove(e);
    const otherOf = e.origin === 'tunnel' ? 'other' : 'tunnel';
    const s = span[otherOf];
    if (early || s.first > e.time - opts.window) return emitUnpaired(e, false);
    if (s.last >= e.time + opts.window || over[otherOf]) return emitUnpaired(e, s.last >= e.time + opts.window);
    const list = awaiting[otherOf];
    list.push(e);
    if (list.length - awaitHead[otherOf] > opts.maxPending) emitUnpaired(list[awaitHead[otherOf]++]!, false);
  }

  function emitUnpaired(e: Entry, inSpan: boolean): void {
    if (!inSpan) stats.outOfSpan[e.origin]++;
    else stats.unpaired[e.origin]++;
    const d = e.d!;
    e.d = undefined;
    const dir = e.origin === 'tunnel' ? (d as TunnelDatagram).dir : model.direction(d);
    opts.onUnpaired({ origin: e.origin, datagram: d, dir, inSpan });
  }

  /** Releases verdicts waiting for capture `which`, now that it reached `time` (or ended, `time` = its last). */
  function release(which: 'tunnel' | 'other', time: number, ended: boolean): void {
    const list = awaiting[which];
    let n = awaitHead[which];
    while (n < list.length && (ended || time >= list[n]!.time + opts.window)) {
      emitUnpaired(list[n]!, time >= list[n]!.time + opts.window);
      n++;
    }
    if (n === list.length) {
      list.length = 0;
      n = 0;
    } else if (n > 1024 && n * 2 > list.length) {
      list.splice(0, n);
      n = 0;
    }
    awaitHead[which] = n;
  }

  function compact(): void {
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      base += head;
      head = 0;
    }
  }

  return {
    side: model.side,
    model,
    stats,
    tunnel(d) {
      model.learnTunnel(d);
      if (d.syn && d.dir === 'up') synClock.note('tunnel', d);
      const k = model.key(d, d.dir);
      if (k === undefined) {
        stats.unkeyed.tunnel++;
        return;
      }
      const hit = take(k, 'other', d, d.dir);
      if (hit) {
        const o = hit.e.d!;
        letGo(hit.e);
        pair(d.dir, d, o, hit.n);
      } else wait(d, 'tunnel', [k]);
    },
    other(d) {
      if (d.syn) synClock.note('other', d);
      const keys: number[] = [];
      for (const dir of DIRECTIONS) {
        const k = model.key(d, dir);
        if (k === undefined) continue;
        const hit = take(k, 'tunnel', d, dir);
        if (hit) {
          const t = hit.e.d as TunnelDatagram;
          letGo(hit.e);
          pair(t.dir, t, d, hit.n);
          return;
        }
        if (!keys.includes(k)) keys.push(k);
      }
      if (!keys.length) {
        stats.unkeyed.other++;
        return;
      }
      wait(d, 'other', keys);
    },
    advance(time, which) {
      const s = span[which];
      if (time < s.first) s.first = time;
      if (time > s.last) s.last = time;
      if (awaiting[which].length > awaitHead[which]) release(which, time, false);
      for (let e = queue[head]; head < queue.length && (!e || e.time < time - opts.window); e = queue[++head])
        if (e) conclude(e, false);
      compact();
    },
    ended(which) {
      over[which] = true;
      release(which, span[which].last, true);
    },
    finish() {
      for (; head < queue.length; head++) {
        const e = queue[head];
        if (e) conclude(e, false);
      }
      release('tunnel', span.tunnel.last, true);
      release('other', span.other.last, true);
      base += queue.length;
      queue.length = 0;
      head = 0;
      stats.synDelta = synClock.delta();
    },
  };
}
