import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { check } from '../check.js';
import { fixture } from '../../test/helpers/fixtures.js';
import { createCorrelator, internetModel, lanModel, type Pair, type Unpaired } from './correlate.js';
import type { Ip4Datagram, TunnelDatagram } from './ip4-datagram.js';
import type { Softwire } from './softwires.js';

const SW = { id: 1 } as unknown as Softwire;

function dgram(side: 'tunnel' | 'internet' | 'lan', time: number, over: Partial<Ip4Datagram> = {}): Ip4Datagram {
  return {
    side,
    input: side === 'tunnel' ? 0 : 1,
    time,
    frames: [Math.round(time * 1000)],
    src: 0xc0a8010a,
    dst: 0xc6336450,
    protocol: 17,
    id: 7,
    df: false,
    ttl: 64,
    tos: 0,
    totalLength: 100,
    srcPort: 40000,
    dstPort: 5001,
    icmpId: -1,
    syn: false,
    tcpFlags: -1,
    digest: 42,
    fragments: undefined,
    outOfOrder: false,
    icmp: undefined,
    ...over,
  };
}
const tun = (time: number, over: Partial<Ip4Datagram> = {}, dir: 'up' | 'down' = 'up'): TunnelDatagram => ({
  ...dgram('tunnel', time, over),
  side: 'tunnel',
  softwire: SW,
  dir,
  outerBoundaries: undefined,
  inner: undefined,
  outerOverlap: false,
  outerTrafficClass: 0,
});

function run(model = lanModel(), window = 0.2, maxPending = 100) {
  const pairs: Pair[] = [];
  const unpaired: Unpaired[] = [];
  const c = createCorrelator(model, {
    window,
    maxPending,
    onPair: (p) => pairs.push(p),
    onUnpaired: (u) => unpaired.push(u),
  });
  return { c, pairs, unpaired };
}

describe('correlator', () => {
  it('pairs a LAN datagram with its tunnel counterpart, either order, TTL aside', () => {
    const { c, pairs } = run();
    c.advance(0, 'other');
    c.other(dgram('lan', 1));
    c.advance(1.001, 'tunnel');
    c.tunnel(tun(1.001, { ttl: 63 }));
    c.tunnel(tun(2, { id: 8 }));
    c.advance(2.001, 'other');
    c.other(dgram('lan', 2.001, { id: 8 }));
    expect(pairs.map((p) => [p.dir, p.tunnel.time, p.other.time, p.ambiguous])).toEqual([
      ['up', 1.001, 1, false],
      ['up', 2, 2.001, false],
    ]);
  });

  it('keys the Internet side by the remote endpoint and payload: the NAT may rewrite source, port and ID', () => {
    const model = internetModel();
    const { c, pairs } = run(model);
    expect(
      model.direction(dgram('internet', 3, { src: 0xc6336450, srcPort: 5001, dst: 0xcb007101, dstPort: 61001 })),
    ).toBeUndefined();
    c.tunnel(tun(1));
    c.other(dgram('internet', 1.001, { src: 0xcb007101, srcPort: 61001, id: 999 }));
    c.tunnel(tun(2, { src: 0xc6336450, srcPort: 5001, dst: 0xc0a8010a, dstPort: 40000, digest: 43 }, 'down'));
    c.other(dgram('internet', 1.999, { src: 0xc6336450, srcPort: 5001, dst: 0xcb007101, dstPort: 61001, digest: 43 }));
    expect(pairs.map((p) => p.dir)).toEqual(['up', 'down']);
    // The pair taught the model the external endpoint: a later datagram to it is known to go down.
    expect(
      model.direction(dgram('internet', 3, { src: 0xc6336450, srcPort: 5001, dst: 0xcb007101, dstPort: 61001 })),
    ).toBe('down');
    expect(
      model.direction(dgram('internet', 3, { src: 0xcb007101, srcPort: 61001, dst: 0xc6336450, dstPort: 5001 })),
    ).toBe('up');
  });

  it('marks a pair ambiguous when two candidates are within the window', () => {
    const { c, pairs } = run();
    c.tunnel(tun(1));
    c.tunnel(tun(1.05));
    c.other(dgram('lan', 1.1));
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.ambiguous).toBe(true);
    expect(pairs[0]!.tunnel.time).toBe(1);
  });

  it('concludes unpaired after the window, in span only while the other capture ran', () => {
    const { c, unpaired } = run();
    c.advance(0, 'other');
    c.advance(0, 'tunnel');
    c.tunnel(tun(1));
    c.advance(1.1, 'tunnel');
    expect(unpaired).toHaveLength(0);
    // The window passed, but the LAN capture has shown nothing since 0: the verdict waits for it.
    c.advance(1.3, 'tunnel');
    expect(unpaired).toHaveLength(0);
    c.advance(1.4, 'other');
    expect(unpaired.map((u) => [u.origin, u.dir, u.inSpan])).toEqual([['tunnel', 'up', true]]);
    // This one waits for the LAN capture, which ends before its window does: out of span.
    c.tunnel(tun(5));
    c.advance(5.5, 'tunnel');
    c.finish();
    expect(unpaired.map((u) => u.inSpan)).toEqual([true, false]);
    expect(c.stats.unpaired).toEqual({ tunnel: 1, other: 0 });
    expect(c.stats.outOfSpan).toEqual({ tunnel: 1, other: 0 });
  });

  it('decides waiting verdicts as soon as the other capture ends, not at the end of the run', () => {
    const { c, unpaired } = run();
    c.advance(0, 'other');
    c.advance(0, 'tunnel');
    c.advance(0.9, 'other');
    c.tunnel(tun(1));
    c.advance(1.5, 'tunnel');
    expect(unpaired).toHaveLength(0);
    c.ended('other');
    expect(unpaired.map((u) => u.inSpan)).toEqual([false]);
    // Later ones are decided when their window passes.
    c.tunnel(tun(2));
    c.advance(2.3, 'tunnel');
    expect(unpaired.map((u) => u.inSpan)).toEqual([false, false]);
  });

  it('keeps at most 8 identical datagrams waiting under one key', () => {
    const { c, unpaired } = run(lanModel(), 10);
    for (let i = 0; i < 10; i++) c.tunnel(tun(1 + i / 1000));
    expect(unpaired).toHaveLength(2);
    expect(c.stats.evicted).toBe(2);
  });

  it('pairs only datagrams whose fields agree, whatever their keys hash to', () => {
    // Every datagram hashes to one key: the field comparison alone keeps them apart.
    const lan = lanModel();
    const colliding = { ...lan, key: () => 7 };
    const { c, pairs } = run(colliding);
    c.tunnel(tun(1, { id: 1 }));
    c.other(dgram('lan', 1.001, { id: 2 }));
    expect(pairs).toHaveLength(0);
    c.other(dgram('lan', 1.002, { id: 1 }));
    expect(pairs.map((p) => [p.tunnel.id, p.other.id, p.ambiguous])).toEqual([[1, 1, false]]);
  });

  it('never matches a datagram whose digest the capture cut, and counts it', () => {
    const { c, pairs } = run();
    c.tunnel(tun(1, { digest: undefined }));
    c.other(dgram('lan', 1, { digest: undefined }));
    expect(pairs).toHaveLength(0);
    expect(c.stats.unkeyed).toEqual({ tunnel: 1, other: 1 });
  });

  it('bounds the waiting state: the oldest is concluded early, out of span', () => {
    const { c, unpaired } = run(lanModel(), 10, 3);
    for (let i = 0; i < 5; i++) c.tunnel(tun(1 + i / 100, { id: i }));
    expect(unpaired.map((u) => [u.datagram.id, u.inSpan])).toEqual([
      [0, false],
      [1, false],
    ]);
    expect(c.stats.evicted).toBe(2);
  });
});

/** Whole IPv4 datagrams per capture as tshark counts them: frames whose innermost IPv4 header has MF clear. */
function tsharkDatagrams(path: string): number {
  const out = execFileSync(
    'tshark',
    ['-r', path, '-o', 'ipv6.defragment:TRUE', '-o', 'ip.defragment:TRUE', '-T', 'fields', '-e', 'ip.flags.mf'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return out.split('\n').filter((l) => l.split(',').at(-1) === '0').length;
}

describe('two-point fixtures against tshark', () => {
  const cases = [
    ['aftr-ok', 'internet', 'pcap'],
    ['aftr-bad', 'internet', 'pcapng'],
    ['aftr-noreasm', 'internet', 'pcap'],
    ['aftr-overlap', 'internet', 'pcap'],
    ['aftr-reasm-limit', 'internet', 'pcap'],
    ['b4-ok', 'lan', 'pcap'],
    ['b4-bad', 'lan', 'pcapng'],
    ['b4-noreasm', 'lan', 'pcap'],
  ] as const;
  it.each(cases)('%s: every datagram on each capture is paired or accounted for', async (name, side, ext) => {
    const tunnel = fixture(`twopoint/${name}-tunnel.${ext}`);
    const other = fixture(`twopoint/${name}-${side}.${ext}`);
    const r = await check([tunnel], { [side]: { path: other } });
    const c = r.correlation[0]!;
    const pairs = c.pairs.up + c.pairs.down;
    expect(pairs + c.unpaired.tunnel + c.outOfSpan.tunnel + c.unkeyed.tunnel).toBe(tsharkDatagrams(tunnel));
    expect(pairs + c.unpaired.other + c.outOfSpan.other + c.unkeyed.other).toBe(tsharkDatagrams(other));
    expect(c.ambiguous).toBe(0);
    expect(r.inputs.map((i) => i.role)).toEqual(['tunnel', side]);
  });

  it('the ok cases pair everything; the first SYN pair gives the transit delay', async () => {
    const r = await check([fixture('twopoint/aftr-ok-tunnel.pcap')], {
      internet: { path: fixture('twopoint/aftr-ok-internet.pcap') },
    });
    expect(r.correlation[0]).toMatchObject({
      pairs: { up: 5, down: 4 },
      unpaired: { tunnel: 0, other: 0 },
      synDelta: { samples: 1 },
    });
    expect(r.correlation[0]!.synDelta!.seconds).toBe(0.0005);
    expect(r.summary.warnings).toEqual([]);
  });

  it('a capture host clock 3 s ahead pairs nothing and says so, until the offset is given', async () => {
    const skewed = { path: fixture('twopoint/aftr-ok-internet-skew3.pcap') };
    const off = await check([fixture('twopoint/aftr-ok-tunnel.pcap')], { internet: skewed });
    expect(off.correlation[0]!.pairs).toEqual({ up: 0, down: 0 });
    expect(off.summary.warnings.join('\n')).toMatch(/no datagram matched the tunnel capture/);
    const on = await check([fixture('twopoint/aftr-ok-tunnel.pcap')], { internet: { ...skewed, offset: -3 } });
    expect(on.correlation[0]!.pairs).toEqual({ up: 5, down: 4 });
    expect(on.correlation[0]!.offset).toBe(-3);
  });

  it('a wide window around a skewed clock still pairs, and the SYN delay tells the offset', async () => {
    const r = await check([fixture('twopoint/aftr-ok-tunnel.pcap')], {
      internet: { path: fixture('twopoint/aftr-ok-internet-skew3.pcap') },
      matchWindow: 5,
    });
    expect(r.correlation[0]!.synDelta!.seconds).toBe(3.0005);
    expect(r.summary.warnings.join('\n')).toMatch(/pass --internet-offset -3\.00\d\b/);
  });
});

describe('keys that share their low bits', () => {
  /** Two digests whose Internet-side up keys differ but agree in the low 30 bits (the waiting lists' index). */
  function sharing(): [number, number] {
    const model = internetModel();
    const seen = new Map<number, number>();
    for (let digest = 1; ; digest++) {
      const k = model.key(dgram('internet', 0, { digest }), 'up')!;
      const low = k % 0x40000000;
      const other = seen.get(low);
      if (other !== undefined) return [other, digest];
      seen.set(low, digest);
    }
  }

  it('never pair, nor make a pair ambiguous, and each waits its own window', () => {
    const [a, b] = sharing();
    const model = internetModel();
    expect(model.key(dgram('internet', 0, { digest: a }), 'up')).not.toBe(
      model.key(dgram('internet', 0, { digest: b }), 'up'),
    );
    const { c, pairs, unpaired } = run(model);
    // Nine tunnel datagrams of digest b wait in the same list as one of digest a.
    c.tunnel(tun(0, { digest: a }));
    for (let i = 1; i <= 9; i++) c.tunnel(tun(0.001 * i, { digest: b, id: i }));
    // Eight of one key are kept: the ninth b pushed out the first b, not the a.
    expect(c.stats.evicted).toBe(1);
    c.other(dgram('internet', 0.02, { digest: a, src: 0xcb007101, srcPort: 1024 }));
    expect(pairs.map((p) => [p.tunnel.digest, p.ambiguous])).toEqual([[a, false]]);
    c.other(dgram('internet', 0.03, { digest: b, src: 0xcb007101, srcPort: 1024 }));
    expect(pairs.map((p) => [p.tunnel.digest, p.tunnel.id, p.ambiguous])).toEqual([
      [a, 7, false],
      [b, 2, true],
    ]);
    c.finish();
    expect(unpaired.filter((u) => u.origin === 'tunnel').map((u) => u.datagram.id)).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
  });
});
