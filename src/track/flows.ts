
import { ICMP4_QUERIES, icmpId } from '../codec/icmp.js';
import type { Ip4Packet } from '../dissect/types.js';
import type { Direction } from './events.js';
import type { Softwire } from './softwires.js';
import { createIntTable } from './int-table.js';

/** One inner IPv4 conversation inside a softwire, oriented from the B4's side. */
export interface Flow {
  readonly softwire: Softwire;
  readonly protocol: number;
  readonly internal: number;
  readonly internalPort: number;
  readonly remote: number;
  readonly remotePort: number;
  /** Counters kept flat on the flow: one object touched per packet. */
  upPackets: number;
  upBytes: number;
  downPackets: number;
  downBytes: number;
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

export function createFlowTracker(limits: FlowLimits): FlowTracker {
  /** (softwire id, protocol, internal, remote, ports) → index into `flows`. */
  const table = createIntTable(5, 4096);
  const flows: (Flow | undefined)[] = [];
  const free: number[] = [];
  /** Inner non-first fragments carry no ports: remember the first fragment's (bounded). */
  const fragPorts = new Map<string, [number, number]>();
  const MAX_FRAG_PORTS = 65536;
  let keptEvicted: Flow[] = [];
  const stats = { total: 0, evicted: 0, live: 0 };

  function setKey(swId: number, proto: number, internal: number, ip: number, remote: number, rp: number): void {
    const k = table.key;
    k[0] = swId;
    k[1] = proto;
    k[2] = internal;
    k[3] = remote;
    k[4] = (ip << 16) | rp;
  }

  const liveFlows = (): Flow[] => flows.filter((f): f is Flow => f !== undefined);

  function evict(): void {
    const order = [...flows.keys()].filter((i) => flows[i] !== undefined).sort((a, b) => flows[a]!.lastSeen - flows[b]!.lastSeen);
    const n = Math.max(1, Math.floor(order.length / 10));
    for (let i = 0; i < n; i++) {
      const idx = order[i]!;
      const f = flows[idx]!;
      setKey(f.softwire.id, f.protocol, f.internal, f.internalPort, f.remote, f.remotePort);
      table.remove();
      flows[idx] = undefined;
      free.push(idx);
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
        sp = srcPortOf(inner);
        dp = dstPortOf(inner);
        if (fragPorts.size >= MAX_FRAG_PORTS) fragPorts.delete(fragPorts.keys().next().value!);
        fragPorts.set(fk, [sp, dp]);
      } else [sp, dp] = fragPorts.get(fk) ?? [0, 0];
    } else {
      sp = srcPortOf(inner);
      dp = dstPortOf(inner);
    }
    const up = dir === 'up';
    const internal = up ? h.src : h.dst;
    const remote = up ? h.dst : h.src;
    const ip = up ? sp : dp;
    const rp = up ? dp : sp;
    setKey(sw.id, h.protocol, internal, ip, remote, rp);
    const idx = table.get();
    let f = idx >= 0 ? flows[idx]! : undefined;
    if (!f) {
      if (table.size >= limits.maxFlows) {
        evict();
        setKey(sw.id, h.protocol, internal, ip, remote, rp);
      }
      f = {
        softwire: sw,
        protocol: h.protocol,
        internal,
        internalPort: ip,
        remote,
        remotePort: rp,
        upPackets: 0,
        upBytes: 0,
        downPackets: 0,
        downBytes: 0,
        firstSeen: time,
        lastSeen: time,
      };
      const slot = free.pop() ?? flows.length;
      flows[slot] = f;
      table.insert(slot);
      stats.total++;
      sw.flows++;
    }
    if (up) {
      f.upPackets++;
      f.upBytes += h.totalLength;
    } else {
      f.downPackets++;
      f.downBytes += h.totalLength;
    }
    f.lastSeen = time;
  }

  return {
    account,
    largest: () => [...liveFlows(), ...keptEvicted].sort(bytesOrder).slice(0, limits.top),
    get stats() {
      return { ...stats, live: table.size };
    },
  };
}

