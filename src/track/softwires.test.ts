import { describe, expect, it } from 'vitest';
import { check } from '../check.js';
import { fixture } from '../../test/helpers/fixtures.js';
import { parseIp6 } from '../codec/addr.js';
import { encodeIpv4, fillIpv4Checksum, ipv4Header } from '../codec/ipv4.js';
import { encodeIpv6, ipv6Header } from '../codec/ipv6.js';
import { encodeUdp } from '../codec/udp.js';
import { dissect } from '../dissect/dissect.js';
import type { Ip6Packet } from '../dissect/types.js';
import { createSoftwireTracker, pairDir, pairSlot } from './softwires.js';

describe('softwire reconstruction', () => {
  it('demo: two B4s, one AFTR, directions from the private inner addresses', async () => {
    const r = await check([fixture('demo/demo.pcapng')]);
    expect(r.summary.aftrs).toEqual([{ address: '2001:db8:0:ffff::1', evidence: 'private-inner-address' }]);
    expect(
      r.softwires.map((s) => [
        s.b4,
        s.aftr,
        s.up.packets,
        s.down.packets,
        s.up.outerFragments,
        s.down.outerFragments,
        s.telPackets,
      ]),
    ).toEqual([
      ['2001:db8:100:1::2', '2001:db8:0:ffff::1', 8, 7, 0, 2, 0],
      ['2001:db8:200:1::2', '2001:db8:0:ffff::1', 5, 5, 0, 0, 5],
    ]);
    const a = r.softwires[0]!;
    // The 1500-byte inner reply went down as 1496 + 100 byte outer fragments (catalogue §2.3).
    expect([a.down.maxOuter, a.down.maxInner, a.up.maxInner]).toEqual([1496, 1500, 557]);
    expect(a.hopLimits).toEqual({ up: [{ value: 64, count: 8 }], down: [{ value: 64, count: 7 }] });
    expect(r.softwires[1]!.trafficClasses.up).toEqual([
      { value: 0, count: 2 },
      { value: 0xb8, count: 3 },
    ]);
  });

  it('igalia lw4o6 (public inner addresses): the AFTR serving 128 B4s is found from its peers', async () => {
    const r = await check([fixture('third-party/igalia-snabb/snabbvmx/v4v6-256.pcap')]);
    expect(r.summary.aftrs).toEqual([{ address: 'fc00::100', evidence: 'many-peers' }]);
    expect(r.summary.softwires).toBe(128);
    expect(r.summary.b4s).toBe(128);
    expect(r.softwires.every((s) => s.aftr === 'fc00::100' && s.up.packets === 1 && s.down.packets === 0)).toBe(true);
  });

  it('--aftr overrides inference', async () => {
    const r = await check([fixture('demo/demo.pcapng')], { aftrs: ['2001:db8:100:1::2'] });
    expect(r.summary.aftrs.find((a) => a.evidence === 'configured')?.address).toBe('2001:db8:100:1::2');
    expect(r.softwires.find((s) => s.aftr === '2001:db8:100:1::2')?.b4).toBe('2001:db8:0:ffff::1');
  });

  it('non-first outer fragments are counted on their softwire', async () => {
    const r = await check([fixture('third-party/snabbco-snabb/lwaftr-data/tcp-afteraftr-ipv6-3frags.pcap')], {
      aftrs: ['8:9:a:b:c:d:e:f'],
    });
    expect(r.softwires).toHaveLength(1);
    expect(r.softwires[0]).toMatchObject({
      b4: '127:11:12:13:14:15:16:128',
      aftr: '8:9:a:b:c:d:e:f',
      down: { packets: 3, outerFragments: 3 },
    });
    expect(r.summary.categories['softwire-fragment']).toBe(2);
  });
});

describe('bounded softwire table', () => {
  it('igalia (128 B4s) under --max-softwires 32: the least recently seen are folded away, counted, and the rest listed', async () => {
    const file = fixture('third-party/igalia-snabb/snabbvmx/v4v6-256.pcap');
    const all = await check([file]);
    const r = await check([file], { maxSoftwires: 32 });
    expect(r.summary.softwires).toBe(128);
    expect(r.summary.softwiresEvicted).toBeGreaterThanOrEqual(96);
    expect(r.softwires.length).toBe(r.summary.softwires - r.summary.softwiresEvicted);
    expect(r.softwires.length).toBeLessThanOrEqual(32);
    expect(r.summary.warnings.some((w) => /softwires were folded away/.test(w))).toBe(true);
    // Those still listed are the last ones seen, with the counts a run without a limit gives them.
    const byB4 = new Map(all.softwires.map((s) => [s.b4, s]));
    for (const s of r.softwires) expect(s.up).toEqual(byB4.get(s.b4)!.up);
    // (Every frame of this capture has the same timestamp: among equals the first created go first.)
    const lastSeen = [...all.softwires]
      .sort((a, b) => Number(b.lastSeen) - Number(a.lastSeen) || b.firstFrame - a.firstFrame)
      .slice(0, r.softwires.length)
      .map((s) => s.b4)
      .sort();
    expect(r.softwires.map((s) => s.b4).sort()).toEqual(lastSeen);
  });
  it('a folded-away pair seen again starts afresh, and the limit holds over a whole capture', async () => {
    const r = await check([fixture('demo/demo.pcapng'), fixture('third-party/igalia-snabb/snabbvmx/v4v6-256.pcap')], {
      maxSoftwires: 16,
    });
    expect(r.softwires.filter((s) => s.input === 1).length).toBeLessThanOrEqual(16);
    expect(r.softwires.filter((s) => s.input === 0)).toHaveLength(2);
  });
});

describe('softwire tracker state under a flood of distinct pairs', () => {
  // Raw IPv6 packets from B4 2001:db8:1::<n> to "AFTR" 2001:db8:2::<n>, each pair new, with a private inner source.
  const packet = (n: number, down = false): Ip6Packet => {
    const b = Buffer.alloc(40 + 28);
    const [src, dst] = [parseIp6(`2001:db8:1::${n.toString(16)}`)!, parseIp6(`2001:db8:2::${n.toString(16)}`)!];
    encodeIpv6(
      ipv6Header({
        trafficClass: 0,
        flowLabel: 0,
        payloadLength: 28,
        nextHeader: 4,
        hopLimit: 64,
        src: down ? dst : src,
        dst: down ? src : dst,
      }),
      b,
      0,
    );
    encodeIpv4(
      ipv4Header({
        totalLength: 28,
        id: 1,
        ttl: 63,
        protocol: 17,
        src: down ? 0xc6336450 : 0xc0a8010a,
        dst: down ? 0xc0a8010a : 0xc6336450,
      }),
      b,
      40,
    );
    fillIpv4Checksum(b, 40);
    encodeUdp({ kind: 'udp', srcPort: 4000, dstPort: 53, length: 8, checksum: 0 }, b, 60);
    const net = dissect({ linkType: 229, data: b, offset: 0, capLen: b.length, origLen: b.length }).net;
    if (net?.kind !== 'ip6') throw new Error('not IPv6');
    return net;
  };

  it('keeps the softwires, the pair keys, the peer notes and the inferred AFTRs of live softwires only', () => {
    const t = createSoftwireTracker(new Set(), [], 32);
    for (let n = 0; n < 5000; n++) {
      const p = packet(n);
      const code = t.classify(p, n, n + 1);
      t.account(code, p, n, n + 1);
      expect(t.atSlot(pairSlot(code))?.b4).toBe(parseIp6(`2001:db8:1::${n.toString(16)}`));
      expect(pairDir(code)).toBe('up');
    }
    expect(t.stats.total).toBe(5000);
    expect(t.stats.evicted).toBeGreaterThanOrEqual(5000 - 32);
    // Every AFTR here serves one B4: only those of live softwires are remembered.
    expect(t.aftrs().size).toBeLessThanOrEqual(32);
    expect(t.all().length).toBeLessThanOrEqual(32);
    // A folded pair seen again is a new softwire; a live one is found again.
    const again = packet(4999);
    expect(t.lookup(again)).toBeGreaterThanOrEqual(0);
    expect(t.lookup(packet(0))).toBe(-1);
  });

  it('finds a softwire from either direction, whichever came first, and forgets both with it', () => {
    const t = createSoftwireTracker(new Set(), [], 16);
    const up = t.classify(packet(7), 0, 1);
    t.account(up, packet(7), 0, 1);
    // The other direction, before any packet took it (a non-first fragment, say): the same softwire, down.
    const down = t.lookup(packet(7, true));
    expect([pairSlot(down), pairDir(down)]).toEqual([pairSlot(up), 'down']);
    expect(t.classify(packet(7, true), 1, 2)).toBe(down);
    // A pair first seen downwards (the AFTR speaking first, told apart by the private inner destination).
    const d = t.classify(packet(8, true), 2, 3);
    expect(pairDir(d)).toBe('down');
    expect(t.atSlot(pairSlot(d))?.b4).toBe(parseIp6('2001:db8:1::8'));
    expect(pairDir(t.lookup(packet(8)))).toBe('up');
    // Folded away under a flood, neither direction is found.
    for (let n = 100; n < 200; n++) t.account(t.classify(packet(n), 10 + n, n), packet(n), 10 + n, n);
    expect([t.lookup(packet(7)), t.lookup(packet(7, true)), t.lookup(packet(8, true))]).toEqual([-1, -1, -1]);
  });
});
