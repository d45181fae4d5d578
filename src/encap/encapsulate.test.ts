import { describe, expect, it } from 'vitest';
import { collect } from '../../test/helpers/capture.js';
import { fixture } from '../../test/helpers/fixtures.js';
import { ip4ToString, parseIp4, parseIp6 } from '../codec/addr.js';
import { ipv4ChecksumOk } from '../codec/ipv4.js';
import { dissect } from '../dissect/dissect.js';
import { DEFAULT_ENCAP, encapsulate, type EncapOptions, fragmentData } from './encapsulate.js';

const B4 = parseIp6('2001:db8:100:1::2')!;
const AFTR = parseIp6('2001:db8:0:ffff::1')!;
const opts = (o: Partial<EncapOptions> = {}): EncapOptions => ({ ...DEFAULT_ENCAP, src: B4, dst: AFTR, ...o });
const counter = (start = 1): (() => number) => {
  let n = start;
  return () => n++;
};

/** An IPv4/UDP packet of `size` bytes with a valid header checksum. */
function ipv4(size: number, df = false, ttl = 64): Buffer {
  const b = Buffer.alloc(size);
  b[0] = 0x45;
  b.writeUInt16BE(size, 2);
  b.writeUInt16BE(0x1234, 4);
  b.writeUInt16BE(df ? 0x4000 : 0, 6);
  b[8] = ttl;
  b[9] = 17;
  b.writeUInt32BE(parseIp4('192.168.1.10')! >>> 0, 12);
  b.writeUInt32BE(parseIp4('198.51.100.80')! >>> 0, 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += b.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  b.writeUInt16BE(~sum & 0xffff, 10);
  for (let i = 20; i < size; i++) b[i] = i & 0xff;
  return b;
}

/** (packet size, fragment offset in 8-byte units, M) per output packet, from the dissector. */
function shape(packets: readonly Buffer[]): [number, number, boolean][] {
  return packets.map((p) => {
    const d = dissect({ linkType: 229, data: p, offset: 0, capLen: p.length, origLen: p.length });
    const n = d.net;
    if (n?.kind !== 'ip6') throw new Error('not IPv6');
    return [p.length, n.frag?.offset ?? -1, n.frag?.more ?? false];
  });
}

const tunnel = (r: ReturnType<typeof encapsulate>): readonly Buffer[] => {
  if (r.kind !== 'tunnel') throw new Error(`expected tunnel output, got ${r.kind}`);
  return r.packets;
};

describe('reference encapsulator: catalogue §6.4 worked examples', () => {
  it.each([
    ['A', 1500, 1400, undefined, [[1440, -1, false]]],
    ['B', 1500, 1460, undefined, [[1500, -1, false]]],
    [
      'C',
      1500,
      1500,
      undefined,
      [
        [1496, 0, true],
        [100, 181, false],
      ],
    ],
    [
      'E',
      1492,
      1500,
      undefined,
      [
        [1488, 0, true],
        [108, 180, false],
      ],
    ],
    [
      'F',
      1500,
      1500,
      4,
      [
        [1496, 0, true],
        [108, 181, false],
      ],
    ],
    [
      'G',
      1280,
      1500,
      undefined,
      [
        [1280, 0, true],
        [316, 154, false],
      ],
    ],
    [
      'H',
      1500,
      1461,
      undefined,
      [
        [1496, 0, true],
        [61, 181, false],
      ],
    ],
  ] as const)('%s: link MTU %i, inner %i bytes, TEL %s', (_n, linkMtu, size, encapLimit, want) => {
    const out = tunnel(encapsulate(ipv4(size), opts({ linkMtu, encapLimit }), counter()));
    expect(shape(out)).toEqual(want);
    for (const p of out) expect(p.length).toBeLessThanOrEqual(linkMtu);
  });

  it('C under rfc2473 with DF=0 fragments too; D (DF=1) gets ICMPv4 3/4 with the 1460-byte tunnel MTU instead', () => {
    expect(shape(tunnel(encapsulate(ipv4(1500), opts({ dfProfile: 'rfc2473' }), counter())))).toHaveLength(2);
    const r = encapsulate(ipv4(1500, true), opts({ dfProfile: 'rfc2473' }), counter());
    expect(r.kind).toBe('icmp');
    if (r.kind !== 'icmp') return;
    const d = dissect({ linkType: 228, data: r.packet, offset: 0, capLen: r.packet.length, origLen: r.packet.length });
    const p = d.net!;
    if (p.kind !== 'ip4' || p.l4?.kind !== 'icmp') throw new Error('not ICMPv4');
    expect([p.l4.hdr.type, p.l4.hdr.code, p.l4.hdr.rest & 0xffff]).toEqual([3, 4, 1460]);
    expect(ip4ToString(p.hdr.dst)).toBe('192.168.1.10');
    expect(ip4ToString(p.l4.quoted!.hdr.src)).toBe('192.168.1.10');
    expect(r.packet.length).toBeLessThanOrEqual(576);
    // Under rfc6333 the same DF=1 packet is fragmented after encapsulation.
    expect(shape(tunnel(encapsulate(ipv4(1500, true), opts(), counter())))).toEqual([
      [1496, 0, true],
      [100, 181, false],
    ]);
  });

  it('never fragments the inner packet: reassembling the outer pieces gives it back, TTL less one, checksum valid', () => {
    const input = ipv4(3000);
    const out = tunnel(encapsulate(input, opts({ linkMtu: 1280 }), counter(7)));
    const data = Buffer.concat(out.map((p) => p.subarray(48)));
    expect(data.length).toBe(3000);
    expect(data[8]).toBe(63);
    expect(ipv4ChecksumOk(data, 0, 5)).toBe(true);
    expect(data.subarray(20).equals(input.subarray(20))).toBe(true);
    expect(fragmentData(1280)).toBe(1232);
    for (const p of out) expect(p.readUInt32BE(44)).toBe(7);
  });

  it('answers TTL 1 with Time Exceeded, and rejects what is not IPv4', () => {
    expect(encapsulate(ipv4(100, false, 1), opts(), counter())).toMatchObject({ kind: 'icmp', reason: 'ttl-exceeded' });
    expect(encapsulate(Buffer.from([0x60, 0, 0, 0]), opts(), counter())).toMatchObject({ kind: 'invalid' });
    const bad = ipv4(100);
    bad[10] = bad[10]! ^ 0xff;
    expect(encapsulate(bad, opts(), counter())).toMatchObject({
      kind: 'invalid',
      reason: 'IPv4 header checksum wrong',
    });
  });
});

describe('reference encapsulator against scapy (fixtures/pcaps/encap)', () => {
  it.each([
    ['expected-1500.pcap', 1500, undefined],
    ['expected-1280.pcap', 1280, undefined],
    ['expected-1500-tel.pcap', 1500, 4],
  ] as const)('%s: byte for byte', async (name, linkMtu, encapLimit) => {
    const input = (await collect(fixture('encap/input.pcap'))).records.map((r) => r.data.subarray(14));
    const expected = (await collect(fixture(`encap/${name}`))).records.map((r) => r.data.subarray(14));
    const next = counter();
    const ours = input.flatMap((p) => {
      const r = encapsulate(p, opts({ linkMtu, encapLimit }), next);
      if (r.kind !== 'tunnel') throw new Error(r.kind);
      return r.packets;
    });
    expect(ours.length).toBe(expected.length);
    ours.forEach((p, i) => expect(p.toString('hex')).toBe(expected[i]!.toString('hex')));
  });
});

describe('reference encapsulator at the size boundaries (scapy: fixtures/pcaps/encap/boundary-*)', () => {
  /** The bytes with the outer Fragment header's Identification zeroed: the one field a sender chooses freely. */
  const withoutFragId = (p: Buffer): string => {
    const q = Buffer.from(p);
    if (q[6] === 44) q.fill(0, 44, 48);
    return q.toString('hex');
  };
  const input = async (): Promise<Buffer[]> =>
    (await collect(fixture('encap/boundary-input.pcap.gz'))).records.map((r) => r.data.subarray(14));
  it.each([
    [1280, undefined],
    [1280, 4],
    [1400, undefined],
    [1400, 4],
    [1500, undefined],
    [1500, 4],
  ] as const)('link MTU %i, TEL %s: byte for byte but the fragment Identification', async (linkMtu, encapLimit) => {
    const packets = await input();
    expect(packets).toHaveLength(12);
    const next = counter(0x5000);
    const ours = packets.flatMap((p) => tunnel(encapsulate(p, opts({ linkMtu, encapLimit }), next)));
    const expected = (
      await collect(fixture(`encap/boundary-${linkMtu}${encapLimit ? '-tel' : ''}.pcap.gz`))
    ).records.map((r) => r.data.subarray(14));
    expect(ours.map(withoutFragId)).toEqual(expected.map(withoutFragId));
    for (const p of ours) expect(p.length).toBeLessThanOrEqual(linkMtu);
  });
  it('link MTU 1280 under rfc2473: DF=1 packets that do not fit become the ICMPv4 3/4 scapy expects', async () => {
    const next = counter(0x5000);
    const results = (await input()).map((p) => encapsulate(p, opts({ linkMtu: 1280, dfProfile: 'rfc2473' }), next));
    const ours = results.flatMap((r) => (r.kind === 'tunnel' ? r.packets : []));
    const icmp = results.flatMap((r) => (r.kind === 'icmp' ? [r.packet] : []));
    const expected = (await collect(fixture('encap/boundary-1280-rfc2473.pcap.gz'))).records.map((r) =>
      r.data.subarray(14),
    );
    const expectedIcmp = (await collect(fixture('encap/boundary-1280-rfc2473-icmp.pcap.gz'))).records.map(
      (r) => r.data,
    );
    expect(ours.map(withoutFragId)).toEqual(expected.map(withoutFragId));
    expect(icmp.map((p) => p.toString('hex'))).toEqual(expectedIcmp.map((p) => p.toString('hex')));
    expect(icmp).toHaveLength(3);
  });
});
