import { describe, expect, it } from 'vitest';
import { ip6KeyOf } from '../codec/ipv6.js';
import { PROTO_ICMP, PROTO_UDP } from '../codec/ipv4.js';
import type { Ip4Datagram, TunnelDatagram } from './ip4-datagram.js';
import { createNatTable, endpointKey } from './nat.js';
import { natSummary } from './nat-summary.js';
import type { Softwire } from './softwires.js';

// The table alone, fed datagrams by hand: what a binding keeps of its traffic and how the report lists it.
const softwire = (n: number): Softwire =>
  ({ id: n, b4: ip6KeyOf(0x20010db8, 0, n, 2), aftr: ip6KeyOf(0x20010db8, 0, 0, 1) }) as Softwire;
const B4 = softwire(1);
const OTHER = softwire(2);
const INTERNAL = 0xc0a8010a; // 192.168.1.10
const EXTERNAL = 0xcb007101; // 203.0.113.1
const remote = (i: number): number => 0xc6336400 + i; // 198.51.100.i

const datagram = (o: Partial<Ip4Datagram>): Ip4Datagram =>
  ({
    side: 'internet',
    input: 1,
    time: 0,
    frames: [0],
    src: 0,
    dst: 0,
    protocol: PROTO_UDP,
    id: 0,
    df: false,
    ttl: 64,
    tos: 0,
    totalLength: 40,
    srcPort: 0,
    dstPort: 0,
    icmpId: -1,
    syn: false,
    tcpFlags: -1,
    digest: undefined,
    fragments: undefined,
    outOfOrder: false,
    icmp: undefined,
    ...o,
  }) as Ip4Datagram;
const tunnel = (sw: Softwire, dir: 'up' | 'down', o: Partial<Ip4Datagram>): TunnelDatagram =>
  ({ ...datagram(o), side: 'tunnel', input: 0, softwire: sw, dir }) as TunnelDatagram;

/** One UDP datagram up from B4 port 40000 to `to`:53, leaving as EXTERNAL:1024; frames t (tunnel) and t + 100 (Internet). */
function up(t: number, to: number) {
  return [
    tunnel(B4, 'up', { time: t, frames: [t], src: INTERNAL, srcPort: 40000, dst: to, dstPort: 53 }),
    datagram({ time: t, frames: [t + 100], src: EXTERNAL, srcPort: 1024, dst: to, dstPort: 53 }),
  ] as const;
}

describe('a NAT binding', () => {
  it('keeps its first four frames each side, its first eight remotes and a count of all', () => {
    const table = createNatTable({ maxBindings: 10 });
    for (let t = 1; t <= 10; t++) table.up(...up(t, remote(t)));
    const [b] = table.all();
    expect(b!.tunnelFrames).toEqual([1, 2, 3, 4]);
    expect(b!.internetFrames).toEqual([101, 102, 103, 104]);
    expect(b!.remoteCount).toBe(10);
    const s = natSummary(table, [], undefined, 10).bindings[0]!;
    expect(s.remotes).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `198.51.100.${i}:53`));
    expect(s.up).toBe(10);
  });

  it('counts replies down its own softwire and others, listed by B4', () => {
    const table = createNatTable({ maxBindings: 10 });
    table.up(...up(1, remote(1)));
    const reply = (t: number, sw: Softwire): void => {
      table.down(
        tunnel(sw, 'down', { time: t, frames: [t], src: remote(1), srcPort: 53, dst: INTERNAL, dstPort: 40000 }),
        datagram({ time: t, frames: [t + 100], src: remote(1), srcPort: 53, dst: EXTERNAL, dstPort: 1024 }),
      );
    };
    reply(2, B4);
    reply(3, OTHER);
    reply(4, B4);
    const s = natSummary(table, [], undefined, 10).bindings[0]!;
    expect(s.replies).toEqual([
      { b4: '2001:db8::1:0:2', packets: 2 },
      { b4: '2001:db8::2:0:2', packets: 1 },
    ]);
    expect(s.down).toBe(3);
  });

  it('has no replies listed when none came, and ICMP remotes without a port', () => {
    const table = createNatTable({ maxBindings: 10 });
    table.up(
      tunnel(B4, 'up', { time: 1, frames: [1], protocol: PROTO_ICMP, src: INTERNAL, icmpId: 7, dst: remote(9) }),
      datagram({ time: 1, frames: [101], protocol: PROTO_ICMP, src: EXTERNAL, icmpId: 9, dst: remote(9) }),
    );
    const s = natSummary(table, [], undefined, 10).bindings[0]!;
    expect(s.replies).toEqual([]);
    expect(s.remotes).toEqual(['198.51.100.9']);
    expect([s.internalPort, s.externalPort]).toEqual([7, 9]);
  });
});

/** Two endpoints among addresses base … base + 3 and all ports whose keys are one (about 32 such pairs exist). */
function colliding(base: number, protocol: number): [[number, number], [number, number]] {
  const seen = new Map<number, [number, number]>();
  for (let a = base; a < base + 4; a++)
    for (let port = 0; port < 65536; port++) {
      const k = endpointKey(a, protocol, port);
      const other = seen.get(k);
      if (other !== undefined) return [other, [a, port]];
      seen.set(k, [a, port]);
    }
  throw new Error('no two endpoints share a key');
}

describe('endpoints that share a table key', () => {
  it('stay two bindings, each reply going to its own owner', () => {
    const [[i1, p1], [i2, p2]] = colliding(INTERNAL, PROTO_UDP);
    const [[e1, q1], [e2, q2]] = colliding(EXTERNAL, PROTO_UDP);
    expect(endpointKey(i1, PROTO_UDP, p1)).toBe(endpointKey(i2, PROTO_UDP, p2));
    expect(endpointKey(e1, PROTO_UDP, q1)).toBe(endpointKey(e2, PROTO_UDP, q2));
    const table = createNatTable({ maxBindings: 10 });
    const pair = (t: number, internal: number, port: number, external: number, ext: number): void => {
      const up = table.up(
        tunnel(B4, 'up', { time: t, frames: [t], src: internal, srcPort: port, dst: remote(1), dstPort: 53 }),
        datagram({ time: t, frames: [t + 100], src: external, srcPort: ext, dst: remote(1), dstPort: 53 }),
      );
      expect(up?.created).toBe(true);
      // No earlier binding of the same internal endpoint (NAT-001, NAT-006) nor a shared external one (NAT-003).
      expect([up?.sameKeyOther, up?.expiredEarly, up?.sharedWith, up?.reusedFrom]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    };
    pair(1, i1, p1, e1, q1);
    pair(2, i2, p2, e2, q2);
    const reply = (t: number, external: number, ext: number) =>
      table.down(
        tunnel(B4, 'down', { time: t, frames: [t], src: remote(1), srcPort: 53, dst: INTERNAL, dstPort: 0 }),
        datagram({ time: t, frames: [t + 100], src: remote(1), srcPort: 53, dst: external, dstPort: ext }),
      );
    // The later binding is the more recently used: a reply to the first's endpoint must still find the first.
    expect(reply(3, e1, q1)?.owner?.internalPort).toBe(p1);
    expect(reply(4, e2, q2)?.owner?.internalPort).toBe(p2);
    // Used again, each internal endpoint finds its own binding, not the other's.
    const again = table.up(
      tunnel(B4, 'up', { time: 5, frames: [5], src: i1, srcPort: p1, dst: remote(1), dstPort: 53 }),
      datagram({ time: 5, frames: [105], src: e1, srcPort: q1, dst: remote(1), dstPort: 53 }),
    );
    expect(again?.created).toBe(false);
    expect(again?.binding.externalPort).toBe(q1);
    expect(
      table
        .all()
        .sort((a, b) => a.id - b.id)
        .map((b) => [b.internal, b.internalPort, b.external, b.externalPort, b.up, b.down]),
    ).toEqual([
      [i1, p1, e1, q1, 2, 1],
      [i2, p2, e2, q2, 1, 1],
    ]);
  });
});

describe('a full binding table', () => {
  /** A UDP binding of internal port `port` (external 2000 + port), used at `t`. */
  const use = (table: ReturnType<typeof createNatTable>, t: number, port: number) =>
    table.up(
      tunnel(B4, 'up', { time: t, frames: [t], src: INTERNAL, srcPort: port, dst: remote(1), dstPort: 53 }),
      datagram({ time: t, frames: [t + 100], src: EXTERNAL, srcPort: 2000 + port, dst: remote(1), dstPort: 53 }),
    );
  const reply = (table: ReturnType<typeof createNatTable>, t: number, port: number) =>
    table.down(
      tunnel(B4, 'down', { time: t, frames: [t], src: remote(1), srcPort: 53, dst: INTERNAL, dstPort: port }),
      datagram({ time: t, frames: [t + 100], src: remote(1), srcPort: 53, dst: EXTERNAL, dstPort: 2000 + port }),
    );
  const held = (table: ReturnType<typeof createNatTable>) => table.all().map((b) => b.internalPort);

  it('forgets the binding used least recently, not the first made', () => {
    const table = createNatTable({ maxBindings: 2 });
    use(table, 1, 1);
    use(table, 2, 2);
    use(table, 3, 1); // binding 1 used again: binding 2 is now the least recently used
    use(table, 4, 3);
    expect(held(table).sort()).toEqual([1, 3]);
    expect(table.stats.evicted).toBe(1);
    // Binding 1 is still the one its endpoint uses: no new binding made for it.
    expect(use(table, 5, 1)?.created).toBe(false);
  });

  it('counts a reply as a use', () => {
    const table = createNatTable({ maxBindings: 2 });
    use(table, 1, 1);
    use(table, 2, 2);
    expect(reply(table, 3, 1)?.owner?.internalPort).toBe(1);
    use(table, 4, 3);
    expect(held(table).sort()).toEqual([1, 3]);
    expect(reply(table, 5, 1)?.owner?.internalPort).toBe(1);
    expect(reply(table, 6, 2)?.owner).toBeUndefined();
  });
});

describe('a full table', () => {
  /** An up pair of internal port `port` leaving as external port `port` at time `t`. */
  const upFrom = (port: number, t: number) =>
    [
      tunnel(B4, 'up', { time: t, frames: [t], src: INTERNAL, srcPort: port, dst: remote(1), dstPort: 53 }),
      datagram({ time: t, frames: [t + 100], src: EXTERNAL, srcPort: port, dst: remote(1), dstPort: 53 }),
    ] as const;
  const replyTo = (port: number, t: number) =>
    [
      tunnel(B4, 'down', { time: t, frames: [t], src: remote(1), srcPort: 53, dst: INTERNAL, dstPort: port }),
      datagram({ time: t, frames: [t + 100], src: remote(1), srcPort: 53, dst: EXTERNAL, dstPort: port }),
    ] as const;
  const ports = (table: ReturnType<typeof createNatTable>): number[] => table.all().map((b) => b.internalPort);

  it('forgets the least recently used binding, however old, and lists the rest by last use', () => {
    const table = createNatTable({ maxBindings: 3 });
    table.up(...upFrom(1001, 1));
    table.up(...upFrom(1002, 2));
    table.up(...upFrom(1003, 3));
    // A reply uses the oldest binding: the next one created pushes out 1002, not 1001.
    expect(table.down(...replyTo(1001, 4))?.owner?.internalPort).toBe(1001);
    table.up(...upFrom(1004, 5));
    expect(ports(table)).toEqual([1003, 1001, 1004]);
    expect(table.stats.evicted).toBe(1);
    // Used again in the order 1003, 1004, 1001: each new binding then pushes out the oldest use.
    table.up(...upFrom(1003, 6));
    table.up(...upFrom(1004, 7));
    table.up(...upFrom(1001, 8));
    table.up(...upFrom(1005, 9));
    table.up(...upFrom(1006, 10));
    expect(ports(table)).toEqual([1001, 1005, 1006]);
    expect(table.stats).toMatchObject({ bindings: 6, evicted: 3 });
  });

  it('keeps evicting in use order through a flood of new bindings', () => {
    const table = createNatTable({ maxBindings: 100 });
    for (let p = 0; p < 1000; p++) {
      table.up(...upFrom(2000 + p, p));
      // One long-lived binding used every tenth datagram is never the least recently used.
      if (p % 10 === 0) table.up(...upFrom(2000, p));
    }
    const held = ports(table);
    expect(held).toHaveLength(100);
    expect(held).toContain(2000);
    expect(held.filter((p) => p !== 2000)).toEqual(Array.from({ length: 99 }, (_, i) => 2901 + i));
    expect(table.stats.evicted).toBe(900);
  });
});
