import { ICMP4_QUERIES, icmpId } from '../codec/icmp.js';
import type { Ip4Packet } from '../dissect/types.js';
import type { Direction } from '../model/direction.js';
import type { Softwire } from './softwires.js';
import type { Ip6Key } from '../codec/addr.js';
import { ip6KeyOf, ip6Word } from '../codec/ipv6.js';

/** What a flow keeps of its softwire: its identity, not the object (which would keep every folded softwire alive). */
export type SoftwireRef = Pick<Softwire, 'id' | 'b4' | 'aftr'>;
import { createFifoMap } from './fifo-map.js';
import { createIntTable } from './int-table.js';
import { kthSmallest } from './select.js';
import { DEFAULT_TABLES } from '../config/defaults.js';

/** One inner IPv4 conversation inside a softwire, oriented from the B4's side (report view). */
export interface Flow {
  readonly softwire: SoftwireRef;
  readonly protocol: number;
  readonly internal: number;
  readonly internalPort: number;
  readonly remote: number;
  readonly remotePort: number;
  readonly upPackets: number;
  readonly upBytes: number;
  readonly downPackets: number;
  readonly downBytes: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
}

/** Flows held at once by default. */
export const MAX_FLOWS = DEFAULT_TABLES.maxFlows;

export interface FlowLimits {
  /** Flows held at once; past it the least recently seen tenth is folded away. */
  readonly maxFlows: number;
  /** How many of the largest flows the report keeps, evicted ones included. */
  readonly top: number;
  /** The live softwire in a tracker slot, if any: a flow reports its softwire's final orientation while it lives. */
  readonly softwireAt?: (slot: number) => Softwire | undefined;
}

const addrOf = (a: Int32Array, at: number): Ip6Key => ip6KeyOf(a[at]!, a[at + 1]!, a[at + 2]!, a[at + 3]!);

export interface FlowTracker {
  account(sw: Softwire, dir: Direction, inner: Ip4Packet, time: number): void;
  /** Live flows plus the largest evicted ones, largest first, at most `top`. */
  largest(): Flow[];
  readonly stats: { total: number; evicted: number; live: number };
}

/** Ports of an inner packet: TCP/UDP ports, the ICMP query id on both sides, 0 otherwise. */
function srcPortOf(p: Ip4Packet): number {
  const l4 = p.l4;
  if (!l4) return 0;
  if (l4.kind === 'tcp' || l4.kind === 'udp' || l4.kind === 'ports') return l4.srcPort;
  return l4.kind === 'icmp' && ICMP4_QUERIES.has(l4.hdr.type) ? icmpId(l4.hdr) : 0;
}

function dstPortOf(p: Ip4Packet): number {
  const l4 = p.l4;
  if (!l4) return 0;
  if (l4.kind === 'tcp' || l4.kind === 'udp' || l4.kind === 'ports') return l4.dstPort;
  return l4.kind === 'icmp' && ICMP4_QUERIES.has(l4.hdr.type) ? icmpId(l4.hdr) : 0;
}

/** bytesOrder's tie-breaking fields as numbers, for flows compared after they are summarised (shards merged). */
export const flowOrderKey = (f: Flow): number[] => [
  f.softwire.id,
  f.protocol,
  f.internal,
  f.internalPort,
  f.remote,
  f.remotePort,
];

export function bytesOrder(a: Flow, b: Flow): number {
  const d = b.upBytes + b.downBytes - (a.upBytes + a.downBytes);
  if (d !== 0) return d;
  return (
    a.softwire.id - b.softwire.id ||
    a.protocol - b.protocol ||
    a.internal - b.internal ||
    a.internalPort - b.internalPort ||
    a.remote - b.remote ||
    a.remotePort - b.remotePort
  );
}

/** Per-slot key fields (Int32Array row) and counters (Float64Array row). */
const K_SW = 0;
const K_PROTO = 1;
const K_INTERNAL = 2;
const K_REMOTE = 3;
const K_PORTS = 4;
const KW = 5;
const C_UP_PKTS = 0;
const C_UP_BYTES = 1;
const C_DOWN_PKTS = 2;
const C_DOWN_BYTES = 3;
const C_FIRST = 4;
const C_LAST = 5;
const CW = 6;

/**
 * Flows live in typed-array rows, not objects: a packet touches its hash-table probe and
 * one 48-byte counter row. (On Node 20 a double in an object field sits in its own heap
 * box, so `flow.lastSeen = time` cost a cache miss per packet.) Flow objects are built
 * only for the report.
 */
export function createFlowTracker(limits: FlowLimits): FlowTracker {
  /** (softwire id, protocol, internal, remote, ports) → slot. */
  const table = createIntTable(KW, 4096);
  let cap = 4096;
  let keys = new Int32Array(cap * KW);
  let counters = new Float64Array(cap * CW);
  let live = new Uint8Array(cap);
  let slots = 0;
  const free: number[] = [];
  /** Each slot's softwire as numbers: id, tracker slot, and the B4 and AFTR address words (no object kept). */
  let swIds = new Int32Array(cap * 2);
  let swAddrs = new Int32Array(cap * 8);
  /** Inner non-first fragments carry no ports: remember the first fragment's (bounded). */
  // Oldest first in O(1): a plain Map's front fills with deleted slots an eviction per fragment would step over.
  const fragPorts = createFifoMap<string, [number, number]>();
  const MAX_FRAG_PORTS = 65536;
  let keptEvicted: Flow[] = [];
  /** Last-seen times copied for the eviction cut (kept between evictions). */
  let scratch = new Float64Array(0);
  const stats = { total: 0, evicted: 0, live: 0 };

  function softwireOf(slot: number): SoftwireRef {
    const id = swIds[slot * 2]!;
    const live = limits.softwireAt?.(swIds[slot * 2 + 1]!);
    if (live && live.id === id) return live;
    return { id, b4: addrOf(swAddrs, slot * 8), aftr: addrOf(swAddrs, slot * 8 + 4) };
  }

  function flowAt(slot: number): Flow {
    const k = slot * KW;
    const c = slot * CW;
    const ports = keys[k + K_PORTS]!;
    return {
      softwire: softwireOf(slot),
      protocol: keys[k + K_PROTO]!,
      internal: keys[k + K_INTERNAL]! >>> 0,
      internalPort: ports >>> 16,
      remote: keys[k + K_REMOTE]! >>> 0,
      remotePort: ports & 0xffff,
      upPackets: counters[c + C_UP_PKTS]!,
      upBytes: counters[c + C_UP_BYTES]!,
      downPackets: counters[c + C_DOWN_PKTS]!,
      downBytes: counters[c + C_DOWN_BYTES]!,
      firstSeen: counters[c + C_FIRST]!,
      lastSeen: counters[c + C_LAST]!,
    };
  }

  /** bytesOrder on two slots, read from the rows (no Flow built). */
  function slotOrder(a: number, b: number): number {
    const ca = a * CW;
    const cb = b * CW;
    const d =
      counters[cb + C_UP_BYTES]! +
      counters[cb + C_DOWN_BYTES]! -
      (counters[ca + C_UP_BYTES]! + counters[ca + C_DOWN_BYTES]!);
    if (d !== 0) return d;
    const ka = a * KW;
    const kb = b * KW;
    return (
      swIds[a * 2]! - swIds[b * 2]! ||
      keys[ka + K_PROTO]! - keys[kb + K_PROTO]! ||
      (keys[ka + K_INTERNAL]! >>> 0) - (keys[kb + K_INTERNAL]! >>> 0) ||
      (keys[ka + K_PORTS]! >>> 16) - (keys[kb + K_PORTS]! >>> 16) ||
      (keys[ka + K_REMOTE]! >>> 0) - (keys[kb + K_REMOTE]! >>> 0) ||
      (keys[ka + K_PORTS]! & 0xffff) - (keys[kb + K_PORTS]! & 0xffff)
    );
  }

  /**
   * Live flows plus the kept evicted ones, largest first, at most `top`. The live ones are
   * chosen on the rows, keeping the best `top` slots in order as they are met, and only those
   * are built: a flood leaves hundreds of thousands live, often all the same size.
   */
  function largest(): Flow[] {
    const top = limits.top;
    if (top <= 0) return [];
    const best: number[] = [];
    for (let i = 0; i < slots; i++) {
      if (!live[i]) continue;
      if (best.length === top) {
        if (slotOrder(i, best[top - 1]!) >= 0) continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0 && slotOrder(i, best[at - 1]!) < 0) at--;
      best.splice(at, 0, i);
    }
    return [...keptEvicted, ...best.map(flowAt)].sort(bytesOrder).slice(0, top);
  }

  function evict(): void {
    // The cut between the least recently seen tenth and the rest: the n-th smallest last-seen time.
    const size = table.size;
    if (scratch.length < size) scratch = new Float64Array(cap);
    let k = 0;
    for (let i = 0; i < slots; i++) if (live[i]) scratch[k++] = counters[i * CW + C_LAST]!;
    const n = Math.max(1, Math.floor(size / 10));
    const cut = kthSmallest(scratch, k, n - 1);
    let folded = 0;
    const smallest = keptEvicted.at(-1);
    const floor = keptEvicted.length >= limits.top && smallest ? smallest.upBytes + smallest.downBytes : -1;
    for (let slot = 0; slot < slots && folded < n; slot++) {
      if (!live[slot] || counters[slot * CW + C_LAST]! > cut) continue;
      folded++;
      // Only a flow that can still make the report's largest is built.
      const c = slot * CW;
      const bytes = counters[c + C_UP_BYTES]! + counters[c + C_DOWN_BYTES]!;
      if (keptEvicted.length < limits.top || bytes > floor) keptEvicted.push(flowAt(slot));
      table.loadKey(keys, slot * KW);
      table.remove();
      live[slot] = 0;
      free.push(slot);
    }
    stats.evicted += folded;
    keptEvicted = keptEvicted.sort(bytesOrder).slice(0, limits.top);
  }

  function grow(): void {
    cap *= 2;
    const k = new Int32Array(cap * KW);
    k.set(keys);
    keys = k;
    const c = new Float64Array(cap * CW);
    c.set(counters);
    counters = c;
    const l = new Uint8Array(cap);
    l.set(live);
    live = l;
    const ids = new Int32Array(cap * 2);
    ids.set(swIds);
    swIds = ids;
    const addrs = new Int32Array(cap * 8);
    addrs.set(swAddrs);
    swAddrs = addrs;
  }

  function account(sw: Softwire, dir: Direction, inner: Ip4Packet, time: number): void {
    const h = inner.hdr;
    let sp: number;
    let dp: number;
    if (h.fragOffset > 0 || h.mf) {
      const fk = `${sw.id},${h.src},${h.dst},${h.protocol},${h.id}`;
      if (h.fragOffset === 0) {
        sp = srcPortOf(inner);
        dp = dstPortOf(inner);
        if (fragPorts.size >= MAX_FRAG_PORTS) fragPorts.delete(fragPorts.oldest()![0]);
        fragPorts.set(fk, [sp, dp]);
      } else [sp, dp] = fragPorts.get(fk) ?? [0, 0];
    } else {
      sp = srcPortOf(inner);
      dp = dstPortOf(inner);
    }
    const up = dir === 'up';
    const tk = table.key;
    tk[K_SW] = sw.id;
    tk[K_PROTO] = h.protocol;
    tk[K_INTERNAL] = up ? h.src : h.dst;
    tk[K_REMOTE] = up ? h.dst : h.src;
    tk[K_PORTS] = up ? (sp << 16) | dp : (dp << 16) | sp;
    let slot = table.get();
    if (slot < 0) {
      if (table.size >= limits.maxFlows) {
        const saved = Int32Array.from(tk);
        evict();
        table.key.set(saved);
      }
      slot = free.pop() ?? slots++;
      if (slot >= cap) grow();
      keys.set(table.key, slot * KW);
      const c = slot * CW;
      counters.fill(0, c, c + CW);
      counters[c + C_FIRST] = time;
      live[slot] = 1;
      table.insert(slot);
      swIds[slot * 2] = sw.id;
      swIds[slot * 2 + 1] = sw.slot;
      for (let w = 0; w < 4; w++) {
        swAddrs[slot * 8 + w] = ip6Word(sw.b4, w);
        swAddrs[slot * 8 + 4 + w] = ip6Word(sw.aftr, w);
      }
      stats.total++;
      sw.flows++;
    }
    const c = slot * CW;
    if (up) {
      counters[c + C_UP_PKTS]!++;
      counters[c + C_UP_BYTES]! += h.totalLength;
    } else {
      counters[c + C_DOWN_PKTS]!++;
      counters[c + C_DOWN_BYTES]! += h.totalLength;
    }
    counters[c + C_LAST] = time;
  }

  return {
    account,
    largest,
    get stats() {
      return { ...stats, live: table.size };
    },
  };
}
