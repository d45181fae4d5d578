
import { ICMP4_QUERIES, icmpId } from '../codec/icmp.js';
import type { Ip4Packet } from '../dissect/types.js';
import type { Direction } from './events.js';
import type { Softwire } from './softwires.js';

/** One inner IPv4 conversation inside a softwire, oriented from the B4's side. */
export interface Flow {
  readonly softwire: Softwire;
  readonly protocol: number;
  readonly internal: number;
  readonly internalPort: number;
  readonly remote: number;
  readonly remotePort: number;
  up: { packets: number; bytes: number };
  down: { packets: number; bytes: number };
  firstSeen: number;
  lastSeen: number;
}

export interface FlowLimits {
  /** Flows held at once; past it the least recently seen tenth is folded away. */
  readonly maxFlows: number;
  /** How many of the largest flows the report keeps, evicted ones included. */
  readonly top: number;
}

export interface FlowTracker {
  account(sw: Softwire, dir: Direction, inner: Ip4Packet, time: number): void;
  /** Live flows plus the largest evicted ones, largest first, at most `top`. */
  largest(): Flow[];
  readonly stats: { total: number; evicted: number; live: number };
}

/** Ports of an inner packet: TCP/UDP ports, ICMP query id on both sides, 0 otherwise. */
function portsOf(p: Ip4Packet): [number, number] {
  const l4 = p.l4;
  if (!l4) return [0, 0];
  switch (l4.kind) {
    case 'tcp':
    case 'udp':
      return [l4.hdr.srcPort, l4.hdr.dstPort];
    case 'ports':
      return [l4.srcPort, l4.dstPort];
    case 'icmp':
      return ICMP4_QUERIES.has(l4.hdr.type) ? [icmpId(l4.hdr), icmpId(l4.hdr)] : [0, 0];
    case 'icmpv6':
      return [0, 0];
  }
}

export function bytesOrder(a: Flow, b: Flow): number {
  const d = b.up.bytes + b.down.bytes - (a.up.bytes + a.down.bytes);
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

export function createFlowTracker(limits: FlowLimits): FlowTracker {
  const live = new Map<string, Flow>();
  /** Inner non-first fragments carry no ports: remember the first fragment's (bounded). */
  const fragPorts = new Map<string, [number, number]>();
  const MAX_FRAG_PORTS = 65536;
  let keptEvicted: Flow[] = [];
  const stats = { total: 0, evicted: 0, live: 0 };

  function evict(): void {
    const all = [...live.entries()].sort((a, b) => a[1].lastSeen - b[1].lastSeen);
    const n = Math.max(1, Math.floor(all.length / 10));
    for (let i = 0; i < n; i++) {
      const [k, f] = all[i]!;
      live.delete(k);
      keptEvicted.push(f);
    }
    stats.evicted += n;
    keptEvicted = keptEvicted.sort(bytesOrder).slice(0, limits.top);
  }

  function account(sw: Softwire, dir: Direction, inner: Ip4Packet, time: number): void {
    const h = inner.hdr;
    let sp: number;
    let dp: number;
    if (h.fragOffset > 0 || h.mf) {
      const fk = `${sw.id},${h.src},${h.dst},${h.protocol},${h.id}`;
      if (h.fragOffset === 0) {
        [sp, dp] = portsOf(inner);
        if (fragPorts.size >= MAX_FRAG_PORTS) fragPorts.delete(fragPorts.keys().next().value!);
        fragPorts.set(fk, [sp, dp]);
      } else [sp, dp] = fragPorts.get(fk) ?? [0, 0];
    } else [sp, dp] = portsOf(inner);
    const up = dir === 'up';
    const internal = up ? h.src : h.dst;
    const remote = up ? h.dst : h.src;
    const ip = up ? sp : dp;
    const rp = up ? dp : sp;
    const key = `${sw.id},${h.protocol},${internal},${ip},${remote},${rp}`;
    let f = live.get(key);
    if (!f) {
      if (live.size >= limits.maxFlows) evict();
      f = {
        softwire: sw,
        protocol: h.protocol,
        internal,
        internalPort: ip,
        remote,
        remotePort: rp,
        up: { packets: 0, bytes: 0 },
        down: { packets: 0, bytes: 0 },
        firstSeen: time,
        lastSeen: time,
      };
      live.set(key, f);
      stats.total++;
      sw.flows++;
    }
    const c = up ? f.up : f.down;
    c.packets++;
    c.bytes += h.totalLength;
    f.lastSeen = time;
  }

  return {
    account,
    largest: () => [...live.values(), ...keptEvicted].sort(bytesOrder).slice(0, limits.top),
    get stats() {
      return { ...stats, live: live.size };
    },
  };
}

