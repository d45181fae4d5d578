import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collect } from '../../test/helpers/capture.js';
import { fixture } from '../../test/helpers/fixtures.js';
import { ip4ToString, ip6ToString } from '../codec/addr.js';
import { ip6Src } from '../codec/ipv6.js';
import { ANOMALIES, anomalyInfo } from './anomalies.js';
import { dissect } from './dissect.js';
import { LINK_DECODERS } from './link.js';
import type { Dissection } from './types.js';
import { ourFields } from '../../test/helpers/tshark-fields.js';

async function dissectAll(rel: string): Promise<Dissection[]> {
  const c = await collect(fixture(rel));
  return c.records.map((r) => dissect(r));
}

describe('malformed fixture: one stable anomaly ID per defect', () => {
  const expected: string[][] = [
    [],
    ['ipv6.truncated_by_snaplen'],
    ['ipv4.truncated_by_snaplen'],
    ['ipv6.payload_length_exceeds_frame'],
    ['tunnel.inner_not_ipv4'],
    ['ipv4.bad_ihl'],
    [],
    [],
    ['ipv6.ext.bad_options'],
    ['link.too_short'],
    ['tcp.too_short'],
    ['tcp.truncated_by_snaplen'],
  ];
  it('matches frame by frame', async () => {
    const ds = await dissectAll('malformed/malformed.pcap');
    expect(ds.map((d) => [...d.anomalies])).toEqual(expected);
  });
  it('tells the snap length apart from malformed bytes', () => {
    for (const id of expected.flat()) expect(ANOMALIES[id], id).toBeDefined();
    expect(anomalyInfo('ipv4.truncated_by_snaplen').kind).toBe('snaplen');
    expect(anomalyInfo('tcp.too_short').kind).toBe('malformed');
  });
  it('keeps the inner header of a packet whose checksum is wrong', async () => {
    const d = (await dissectAll('malformed/malformed.pcap'))[6]!;
    expect(d.net?.kind === 'ip6' && d.net.inner?.checksumOk).toBe(false);
  });
});

describe('softwire dissection', () => {
  it('classifies the demo capture', async () => {
    const ds = await dissectAll('demo/demo.pcapng');
    const count = (c: string) => ds.filter((d) => d.category === c).length;
    expect([count('softwire'), count('softwire-fragment'), count('icmpv6'), count('arp')]).toEqual([24, 1, 2, 1]);
  });

  it('walks a TEL destination options header to the inner IPv4', async () => {
    const ds = await dissectAll('demo/demo.pcapng');
    const withTel = ds.filter((d) => d.net?.kind === 'ip6' && d.net.tel);
    expect(withTel.length).toBe(5);
    const p = withTel[0]!.net!;
    if (p.kind !== 'ip6') throw new Error('not ip6');
    expect(p.hdr.nextHeader).toBe(60);
    expect(p.upper).toBe(4);
    expect(p.inner && ip4ToString(p.inner.hdr.src)).toBe('192.0.0.2');
  });

  it('decodes the first outer fragment down to TCP and stops at later fragments', async () => {
    const ds = await dissectAll('third-party/snabbco-snabb/lwaftr-data/tcp-afteraftr-ipv6-3frags.pcap');
    const [a, b, c] = ds.map((d) => (d.net?.kind === 'ip6' ? d.net : undefined));
    expect(a?.frag).toMatchObject({ offset: 0, more: true });
    expect(a?.inner?.l4?.kind).toBe('tcp');
    expect(b?.frag).toMatchObject({ offset: 154, more: true });
    expect(b?.inner).toBeUndefined();
    expect(c?.frag).toMatchObject({ offset: 308, more: false });
    expect(ds.map((d) => d.category)).toEqual(['softwire', 'softwire-fragment', 'softwire-fragment']);
  });

  it('parses the IPv4-in-IPv6 packet quoted by an ICMPv6 Packet Too Big', async () => {
    const [d] = await dissectAll('third-party/snabbco-snabb/lwaftr-data/incoming-icmpv6-20pkttoobig-inet-OPE.pcap');
    const p = d!.net!;
    if (p.kind !== 'ip6' || p.l4?.kind !== 'icmpv6') throw new Error('expected ICMPv6');
    expect([p.l4.hdr.type, p.l4.hdr.code]).toEqual([2, 0]);
    const q = p.l4.quoted!;
    expect(ip6ToString(ip6Src(q.hdr))).toBe('8:9:a:b:c:d:e:f');
    expect(q.inner && ip4ToString(q.inner.hdr.dst)).toBe('178.79.150.233');
    expect(d!.anomalies).toEqual([]);
  });

  it('reports a wrong inner version as suricata does (bug 7964)', async () => {
    const [d] = await dissectAll('third-party/suricata-verify/bug-7964-01/wrong-version-ipv4-ipv6.pcap');
    expect(d!.anomalies).toEqual(['tunnel.inner_not_ipv4']);
    expect(d!.net?.kind === 'ip6' && d!.net.innerLead! >>> 4).toBe(5);
  });

  it.each([
    'vlan.pcap',
    'qinq.pcap',
    'pppoe.pcap',
    'pppoe-pfc.pcap',
    'sll.pcap',
    'sll2.pcap',
    'raw.pcap',
    'raw-ipv6.pcap',
    'null.pcap',
    'loop-openbsd.pcap',
  ])('linktypes/%s decodes like the Ethernet original', async (f) => {
    const base = await dissectAll('linktypes/ethernet.pcap');
    const other = await dissectAll(`linktypes/${f}`);
    expect(other.map((d) => d.category)).toEqual(base.map((d) => d.category));
    expect(other.map((d) => d.net)).toEqual(
      base.map((d) =>
        d.net?.kind === 'ip6' ? expect.objectContaining({ hdr: d.net.hdr, ext: d.net.ext }) : undefined,
      ),
    );
  });

  it('records VLAN IDs and the PPPoE session', async () => {
    expect((await dissectAll('linktypes/qinq.pcap'))[0]!.vlans).toEqual([200, 100]);
    expect((await dissectAll('linktypes/pppoe.pcap'))[0]!.pppoeSession).toBe(0x0101);
  });
});

describe('frames handed over inside a larger buffer', () => {
  it.each([
    'malformed/malformed.pcap',
    'demo/demo.pcapng',
    'linktypes/pppoe.pcap',
    'linktypes/sll2.pcap',
    'third-party/snabbco-snabb/lwaftr-data/incoming-icmpv6-20pkttoobig-inet-OPE.pcap',
  ])('%s: same dissection at offset 9 with junk after the frame', async (rel) => {
    const c = await collect(fixture(rel));
    for (const r of c.records) {
      const alone = dissect(r);
      const embedded = dissect({
        ...r,
        data: Buffer.concat([Buffer.alloc(9, 0x60), r.data, Buffer.alloc(64, 0x45)]),
        offset: 9,
      });
      expect(embedded.anomalies, `frame ${r.frame}`).toEqual(alone.anomalies);
      expect(ourFields(embedded), `frame ${r.frame}`).toEqual(ourFields(alone));
      expect(embedded.category).toBe(alone.category);
    }
  });
});

describe('never throws', () => {
  it('on 20,000 random frames for every link type', () => {
    let seed = 0;
    for (const lt of LINK_DECODERS.keys()) {
      for (let i = 0; i < 2000; i++) {
        const len = (seed = (seed * 1103515245 + 12345) >>> 0) % 200;
        const data = randomBytes(len);
        // Bias towards plausible starts so the deeper decoders run too.
        if (len > 20 && i % 2) {
          data[0] = i % 4 ? 0x60 : 0x45;
          if (lt === 1) data.writeUInt16BE(0x86dd, 12);
        }
        // Frames sit at an offset inside a larger buffer, as readers hand them over.
        const buf = Buffer.concat([randomBytes(i % 5), data, randomBytes(3)]);
        expect(() =>
          dissect({ linkType: lt, data: buf, offset: i % 5, capLen: len, origLen: len + (i % 3) * 10 }),
        ).not.toThrow();
      }
    }
  });
});

describe('tunnels around a softwire, and IPv4 in IPv6 that is not DS-Lite (fixtures/pcaps/carriage/make.py)', () => {
  const carriers = (d: Dissection): string[] =>
    d.carriers.map((c) => (c.kind === 'ip4' ? `ip4/${c.hdr.protocol}` : `ip6/${c.upper}`));
  it.each([
    ['in-6in4', ['ip4/41']],
    ['in-gre4', ['ip4/47']],
    ['in-gre6', ['ip6/47']],
    ['in-6in6', ['ip6/41']],
    ['nested', ['ip4/41', 'ip6/47']],
  ])('%s: the softwire packet is the innermost, its carriers outermost first', async (name, want) => {
    const ds = await dissectAll(`carriage/${name}.pcap`);
    for (const d of ds) {
      expect(carriers(d)).toEqual(want);
      expect(d.category).toBe('softwire');
      expect(d.net?.kind === 'ip6' && d.net.inner?.hdr.src !== undefined).toBe(true);
      expect(d.anomalies).toEqual([]);
    }
  });
  it('a carrier in IPv4 fragments is not followed, and says so', async () => {
    const ds = await dissectAll('carriage/carrier-frag.pcap');
    expect(ds.map((d) => [d.category, carriers(d).length, [...d.anomalies]])).toEqual([
      ['ipv4', 0, ['tunnel.carrier_fragmented']],
      ['ipv4', 0, ['tunnel.carrier_fragmented']],
    ]);
  });
  it('names SRv6 and address-embedding 4in6 for what they are; a private address at the end of a B4 address is DS-Lite', async () => {
    expect(new Set((await dissectAll('carriage/srv6.pcap')).map((d) => d.category))).toEqual(new Set(['srv6']));
    expect(new Set((await dissectAll('carriage/map-e.pcap')).map((d) => d.category))).toEqual(
      new Set(['address-4in6']),
    );
    expect(new Set((await dissectAll('carriage/private-embedded.pcap')).map((d) => d.category))).toEqual(
      new Set(['softwire']),
    );
    expect(new Set((await dissectAll('third-party/zeek/tunnels/4in6.pcap')).map((d) => d.category))).toEqual(
      new Set(['address-4in6']),
    );
  });
  it('follows MPLS and IPv6 in IPv6 to the malformed inner header Zeek calls invalid_inner_IP_version', async () => {
    const [d] = await dissectAll('third-party/zeek/tunnels/mpls-6in6-6in6-4in6-invalid-version-4.pcap');
    expect(carriers(d!)).toEqual(['ip6/41']);
    expect(d!.anomalies).toEqual(['tunnel.inner_not_ipv4']);
  });
});
