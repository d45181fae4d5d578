import { describe, expect, it } from 'vitest';
import { parseIp4 } from '../codec/addr.js';
import type { Ip4Packet } from '../dissect/types.js';
import { ipv4Header, type Ipv4Header } from '../codec/ipv4.js';
import { prng } from '../../bench/fuzz-mutate.js';
import { createFlowTracker } from './flows.js';
import type { Softwire } from './softwires.js';

const key = (n: number): string => `\u0020\u0001\u000d\u00b8${'\u0000'.repeat(11)}${String.fromCharCode(n)}`;
const sw = (id: number): Softwire => ({ id, slot: id, flows: 0, b4: key(id + 2), aftr: key(1) }) as unknown as Softwire;
/** What a flow keeps of its softwire. */
const ref = (s: Softwire): { id: number; b4: string; aftr: string } => ({ id: s.id, b4: s.b4, aftr: s.aftr });

function udp(src: string, dst: string, sp: number, dp: number, len = 100, frag: Partial<Ipv4Header> = {}): Ip4Packet {
  const hdr = ipv4Header({ totalLength: len, id: 1, protocol: 17, src: parseIp4(src)!, dst: parseIp4(dst)!, ...frag });
  return {
    kind: 'ip4',
    hdr,
    offset: 0,
    checksumOk: true,
    l4: { kind: 'udp', srcPort: sp, dstPort: dp, length: len - 20, checksum: 0 },
  };
}

describe('flow tracker', () => {
  it('joins both directions of a flow and keeps softwires apart', () => {
    const t = createFlowTracker({ maxFlows: 100, top: 10 });
    const a = sw(0);
    const b = sw(1);
    t.account(a, 'up', udp('192.168.1.10', '198.51.100.1', 40000, 53), 1);
    t.account(a, 'down', udp('198.51.100.1', '192.168.1.10', 53, 40000, 300), 2);
    // Same private address and port behind another B4: another flow (RFC 6333 §6.6).
    t.account(b, 'up', udp('192.168.1.10', '198.51.100.1', 40000, 53), 3);
    const flows = t.largest();
    expect(flows).toHaveLength(2);
    expect(flows[0]).toMatchObject({
      softwire: ref(a),
      internalPort: 40000,
      remotePort: 53,
      upPackets: 1,
      upBytes: 100,
      downPackets: 1,
      downBytes: 300,
      firstSeen: 1,
      lastSeen: 2,
    });
    expect([a.flows, b.flows]).toEqual([1, 1]);
  });

  it('gives later inner fragments the ports of the first', () => {
    const t = createFlowTracker({ maxFlows: 100, top: 10 });
    const a = sw(0);
    t.account(a, 'up', udp('192.168.1.10', '198.51.100.1', 40000, 4500, 1500, { id: 9, mf: true }), 1);
    const second = udp('192.168.1.10', '198.51.100.1', 0, 0, 520, { id: 9, fragOffset: 185 });
    t.account(a, 'up', { ...second, l4: undefined } as Ip4Packet, 2);
    expect(t.largest()).toHaveLength(1);
    expect([t.largest()[0]!.upPackets, t.largest()[0]!.upBytes]).toEqual([2, 2020]);
  });

  it('stays within maxFlows by evicting the least recently seen, keeping the largest for the report', () => {
    const t = createFlowTracker({ maxFlows: 50, top: 5 });
    const a = sw(0);
    t.account(a, 'up', udp('192.168.1.10', '198.51.100.1', 1, 1, 60000), 0);
    for (let i = 2; i < 1000; i++) t.account(a, 'up', udp('192.168.1.10', '198.51.100.1', i, 1), i);
    expect(t.stats.live).toBeLessThanOrEqual(50);
    expect(t.stats.total).toBe(999);
    expect(t.stats.evicted).toBe(999 - t.stats.live);
    expect(t.largest()[0]!.upBytes).toBe(60000);
    expect(t.largest()).toHaveLength(5);
  });

  it('the largest few are the head of all the flows in report order, ties broken the same way', () => {
    const feed = (top: number) => {
      const t = createFlowTracker({ maxFlows: 10_000, top });
      const softwires = [sw(0), sw(1), sw(2)];
      const rnd = prng(44);
      for (let i = 0; i < 3000; i++) {
        const s = softwires[Math.floor(rnd() * 3)]!;
        // Few sizes and few ports: many ties on bytes, some on softwire and ports.
        const len = 100 * (1 + Math.floor(rnd() * 3));
        t.account(
          s,
          rnd() < 0.5 ? 'up' : 'down',
          udp('192.168.1.10', `198.51.100.${1 + Math.floor(rnd() * 4)}`, 1 + Math.floor(rnd() * 40), 53, len),
          i,
        );
      }
      return t.largest();
    };
    const all = feed(1_000_000);
    expect(all.length).toBeGreaterThan(100);
    expect(feed(7)).toEqual(all.slice(0, 7));
    expect(feed(1)).toEqual(all.slice(0, 1));
  });
});
