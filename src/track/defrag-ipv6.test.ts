import { describe, expect, it } from 'vitest';
import { check, type CheckOptions } from '../check.js';
import type { Rule } from '../rules/types.js';
import { fixture } from '../../test/helpers/fixtures.js';
import type { OuterDatagram } from './defrag-ipv6.js';
import { ip4ToString } from '../codec/addr.js';

/** Runs the pipeline with a rule that only records outer-datagram events. */
async function datagrams(rel: string, limits: CheckOptions = {}): Promise<OuterDatagram[]> {
  const out: OuterDatagram[] = [];
  const recorder: Rule = {
    meta: {
      id: 'TEST-000',
      title: 'recorder',
      docs: 'records outer datagrams',
      rfc: [],
      level: 'format',
      kind: 'decidable',
      needs: ['tunnel'],
      defaultSeverity: 'info',
      messages: { x: 'x' },
    },
    create: () => ({ 'outer-datagram': (e) => void out.push(e.datagram) }),
  };
  await check([fixture(rel)], { rules: [recorder], ...limits });
  return out;
}

const summary = (d: OuterDatagram) => ({
  status: d.status,
  frames: d.set.frames,
  total: d.set.total,
  overlap: d.set.overlap,
  duplicates: d.set.duplicates,
});

describe('outer IPv6 reassembly on the scapy cases', () => {
  it('in order and reversed: both directions reassemble to the 1500-byte inner packet', async () => {
    for (const [f, frames] of [
      [
        'fragmentation/outer-inorder.pcap',
        [
          [1, 2],
          [3, 4],
        ],
      ],
      [
        'fragmentation/outer-reversed.pcap',
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ] as const) {
      const ds = await datagrams(f);
      expect(ds.map((d) => [d.status, d.dir, d.set.total])).toEqual([
        ['complete', 'up', 1500],
        ['complete', 'down', 1500],
      ]);
      expect(ds.map((d) => d.set.frames)).toEqual(
        frames.map((x) => [...x]).map((x) => (f.includes('reversed') ? x : x)),
      );
      const inner = ds[0]!.reassembled!.net;
      if (inner?.kind !== 'ip6') throw new Error('no reassembled packet');
      expect(inner.inner?.hdr.totalLength).toBe(1500);
      expect(ip4ToString(inner.inner!.hdr.src)).toBe('192.168.1.10');
      expect(inner.hdr.payloadLength).toBe(1500);
      expect(inner.frag).toBeUndefined();
    }
  });

  it('shuffled with duplicates: one datagram, duplicates counted, a late duplicate dropped', async () => {
    const ds = await datagrams('fragmentation/outer-shuffled.pcap');
    expect(ds.map(summary)).toEqual([
      { status: 'complete', frames: [1, 2, 3, 4], total: 3000, overlap: 'none', duplicates: 1 },
    ]);
    const p = ds[0]!.reassembled!.net;
    expect(p?.kind === 'ip6' && p.inner?.hdr.totalLength).toBe(3000);
  });

  it('TEL after and before the Fragment header', async () => {
    const ds = await datagrams('fragmentation/outer-tel.pcap');
    expect(ds.map((d) => [d.status, d.set.total])).toEqual([
      ['complete', 1508],
      ['complete', 1500],
    ]);
    for (const d of ds) {
      const p = d.reassembled!.net;
      if (p?.kind !== 'ip6') throw new Error('no packet');
      expect(p.tel).toBeDefined();
      expect(p.inner?.hdr.totalLength).toBe(1500);
    }
  });

  it('a missing fragment ends incomplete at the end of the capture, or times out after 60 s', async () => {
    expect((await datagrams('fragmentation/outer-missing.pcap')).map(summary)).toEqual([
      { status: 'end-of-capture', frames: [1], total: undefined, overlap: 'none', duplicates: 0 },
    ]);
    const short = await datagrams('fragmentation/outer-missing.pcap', { fragmentTimeout: 0.0005 });
    expect(short.map((d) => d.status)).toEqual(['timeout']);
  });

  it('overlaps: identical and inconsistent bytes are told apart', async () => {
    expect((await datagrams('fragmentation/outer-overlap-same.pcap')).map(summary)).toEqual([
      { status: 'overlap', frames: [1, 2], total: 1500, overlap: 'identical', duplicates: 0 },
    ]);
    expect((await datagrams('fragmentation/outer-overlap-diff.pcap')).map(summary)).toEqual([
      { status: 'overlap', frames: [1, 2], total: 1500, overlap: 'inconsistent', duplicates: 0 },
    ]);
  });

  it('an Identification reused within the timeout is linked to the earlier datagram', async () => {
    const ds = await datagrams('fragmentation/outer-id-reuse.pcap');
    expect(ds.map((d) => d.status)).toEqual(['complete', 'complete']);
    expect(ds[1]!.previous?.frames).toEqual([1, 2]);
    expect(ds[1]!.previous?.hash).not.toBe(ds[1]!.hash);
  });

  it('the atomic fragment is not reassembled with anything', async () => {
    expect(await datagrams('fragmentation/outer-atomic.pcap')).toEqual([]);
  });

  it.each([
    ['tcp-ipv6-2frags-bound.pcap', 'tcp-ipv4-2ipv6frags-reassembled-1p.pcap'],
    ['tcp-ipv6-2frags-bound-reverse.pcap', 'tcp-ipv4-2ipv6frags-reassembled-1p.pcap'],
    ['tcp-ipv6-2frags-bound.pcap', 'tcp-ipv4-2ipv6frags-reassembled.pcap'],
    ['udp-fromb4-2frags-bound.pcap', 'udp-afteraftr-reassembled-ipv4.pcap'],
  ])('Snabb %s reassembles to exactly the upstream packet of %s', async (input, output) => {
    const { collect } = await import('../../test/helpers/capture.js');
    const dir = 'third-party/snabbco-snabb/lwaftr-data';
    const expected = (await collect(fixture(`${dir}/${output}`))).records[0]!.data.subarray(14);
    const ds = await datagrams(`${dir}/${input}`);
    expect(ds.map((d) => d.status)).toEqual(['complete']);
    const p = ds[0]!.reassembled!.net;
    if (p?.kind !== 'ip6' || !p.inner) throw new Error('no inner');
    const mine = ds[0]!.data!.subarray(p.inner.offset, p.inner.offset + p.inner.hdr.totalLength);
    expect(mine.length).toBe(expected.length);
    // The lwAFTR forwards with TTL - 1 and writes ID 0 (so the checksum changes); every other byte is the same.
    const differ = [...mine.keys()].filter((i) => mine[i] !== expected[i]);
    expect(differ.every((i) => [4, 5, 8, 10, 11].includes(i))).toBe(true);
    expect(mine.subarray(12).equals(expected.subarray(12))).toBe(true);
  });

  it('Snabb high-bit Identifications (regression test) reassemble', async () => {
    const ds = await datagrams('third-party/snabbco-snabb/lwaftr-data/regressiontest-signedntohl-frags.pcap');
    // Snabb's counters for this capture: in-ipv6-frag-reassembled=5.
    expect(ds.map((d) => d.status)).toEqual(Array(5).fill('complete'));
    expect(ds.some((d) => d.id >= 0x80000000)).toBe(true);
  });
});

describe('limits', () => {
  it('more fragments than allowed drops the set and says so', async () => {
    const ds = await datagrams('fragmentation/outer-shuffled.pcap', { maxFragmentsPerDatagram: 2 });
    expect(ds.map((d) => d.status)).toContain('too-many-fragments');
  });
  it('too many sets in flight evicts the oldest, reported', async () => {
    const r = await check([fixture('fragmentation/outer-id-reuse.pcap')], { maxFragmentSets: 1 });
    expect(r.anomalies.map((a) => a.id)).not.toContain('reassembly.ipv6.evicted');
    const r2 = await check([fixture('fragmentation/outer-inorder.pcap')], { maxFragmentBytes: 100 });
    expect(r2.anomalies.find((a) => a.id === 'reassembly.ipv6.evicted')).toMatchObject({ kind: 'limit' });
  });
});
