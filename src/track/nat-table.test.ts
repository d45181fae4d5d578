import { describe, expect, it } from 'vitest';
import { ip6KeyOf } from '../codec/ipv6.js';
import { PROTO_ICMP, PROTO_UDP } from '../codec/ipv4.js';
import type { Ip4Datagram, TunnelDatagram } from './ip4-datagram.js';
import { createNatTable } from './nat.js';
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
