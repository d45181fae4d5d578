import { describe, expect, it } from 'vitest';
import { collect } from '../../test/helpers/capture.js';
import { fixture } from '../../test/helpers/fixtures.js';
import { parseIp4, parseIp6 } from '../codec/addr.js';
import { dissect } from '../dissect/dissect.js';
import { DEFAULT_ENCAP, encapsulate, type EncapOptions } from './encapsulate.js';

/**
 * The Snabb lwAFTR end-to-end pairs (third-party/snabb_lwaftr_pairs.tsv) whose input is
 * IPv4 from the Internet side and whose expected output is what the AFTR put into the
 * softwire. The lwAFTR's settings, as a DS-Lite encapsulator takes them: AFTR
 * 8:9:a:b:c:d:e:f, hop limit 255, the B4 of each packet's binding, IPv6 MTU 1500 unless the
 * case's configuration says otherwise, DF=1 packets that do not fit answered with ICMPv4
 * 3/4 from 10.10.10.10 with TTL 255 (RFC 2473 §7.2), fragment Identification 0x42424243
 * (Snabb's first). docs/interop.md lists these and the pairs that cannot match.
 */
const DIR = 'third-party/snabbco-snabb/lwaftr-data';
const AFTR = parseIp6('8:9:a:b:c:d:e:f')!;
const B4 = { a: '127:2:3:4:5:6:7:128', b: '127:11:12:13:14:15:16:128', c: '127:22:33:44:55:66:77:128' } as const;

interface Case {
  readonly id: string;
  readonly input: string;
  /** Expected softwire packets, or '-' when the lwAFTR sends none. */
  readonly tunnel: string;
  /** Expected ICMPv4 errors sent back instead. */
  readonly icmp?: string;
  /** The B4 of each input packet (one for all when a single address). */
  readonly b4: readonly string[];
  readonly mtu?: number;
  /** Byte offsets of the ICMP error allowed to differ, with why. */
  readonly icmpTolerance?: readonly number[];
  /** The case's configuration turns ICMP errors off (generate-icmp-errors=false): the reference's error is not compared. */
  readonly icmpOff?: boolean;
}

const CASES: readonly Case[] = [
  {
    id: 'snabb-e2e-02',
    input: 'regressiontest-endaddr-v4-input',
    tunnel: 'regressiontest-endaddr-v6-output',
    mtu: 2000,
    b4: [
      '127:10:20:30:30:50:60:128',
      '127:10:20:30:40:50:60:128',
      '127:10:20:30:50:50:60:128',
      '127:10:20:30:60:50:60:128',
    ],
  },
  { id: 'snabb-e2e-03', input: 'tcp-frominet-bound', tunnel: 'tcp-afteraftr-ipv6', b4: [B4.a] },
  { id: 'snabb-e2e-04', input: 'tcp-frominet-bound-vlan', tunnel: 'tcp-afteraftr-ipv6-vlan', b4: [B4.a] },
  { id: 'snabb-e2e-16', input: 'tcp-frominet-trafficclass', tunnel: 'tcp-afteraftr-ipv6-trafficclass', b4: [B4.a] },
  { id: 'snabb-e2e-20', input: 'tcp-frominet-bound1494', tunnel: 'tcp-afteraftr-ipv6-2frags', mtu: 1280, b4: [B4.b] },
  { id: 'snabb-e2e-21', input: 'tcp-frominet-bound-2734', tunnel: 'tcp-afteraftr-ipv6-3frags', mtu: 1280, b4: [B4.b] },
  { id: 'snabb-e2e-26', input: 'tcp-frominet-bound1494-DF', tunnel: '-', mtu: 1280, b4: [B4.b], icmpOff: true },
  // Snabb quotes the packet after its own TTL decrement (byte 36: TTL, 38–39: its checksum); the reference quotes it as received (RFC 1812 §4.3.2.3).
  {
    id: 'snabb-e2e-27',
    input: 'tcp-frominet-bound1494-DF',
    tunnel: '-',
    icmp: 'icmpv4-fromlwaftr-replyto-tcp-frominet-bound1494-DF',
    mtu: 1280,
    b4: [B4.b],
    icmpTolerance: [36, 38, 39],
  },
  {
    id: 'snabb-e2e-17',
    input: 'tcp-frominet-bound-ttl1',
    tunnel: '-',
    icmp: 'icmpv4-time-expired',
    b4: [B4.b],
    icmpTolerance: [36, 38, 39],
  },
  { id: 'snabb-e2e-54', input: 'udp-frominet-bound', tunnel: 'udp-afteraftr-ipv6', b4: [B4.b] },
  { id: 'snabb-e2e-55', input: 'udp-frominet-bound', tunnel: 'udp-afteraftr-ipv6-2frags', mtu: 1280, b4: [B4.b] },
  {
    id: 'snabb-e2e-59',
    input: 'incoming-icmpv4-echo-request',
    tunnel: 'ipv6-tunneled-incoming-icmpv4-echo-request',
    b4: [B4.c],
  },
  {
    id: 'snabb-e2e-63',
    input: 'incoming-icmpv4-echo-reply',
    tunnel: 'ipv6-tunneled-incoming-icmpv4-echo-reply',
    b4: [B4.b],
  },
  {
    id: 'snabb-e2e-64',
    input: 'incoming-icmpv4-34toobig',
    tunnel: 'ipv6-tunneled-incoming-icmpv4-34toobig',
    b4: [B4.c],
  },
  { id: 'snabb-e2e-71', input: 'tcp-frominet-trafficclass', tunnel: 'tcp-afteraftr-ipv6-trafficclass', b4: [B4.a] },
];

/** The network-layer bytes of every frame (IPv6 or IPv4, from the dissector; link framing and VLAN tags dropped). */
async function packets(name: string): Promise<Buffer[]> {
  const c = await collect(fixture(`${DIR}/${name}.pcap`));
  return c.records.map((r) => {
    const n = dissect({ ...r, data: r.data }).net;
    if (!n) throw new Error(`${name} frame ${r.frame}: no IP packet`);
    return r.data.subarray(n.offset);
  });
}

const hexDiff = (a: Buffer, b: Buffer, allowed: readonly number[] = []): number[] => {
  const out: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i] && !allowed.includes(i)) out.push(i);
  return out;
};

describe('reference encapsulator against the Snabb lwAFTR pairs', () => {
  it.each(CASES)('$id: $input → $tunnel', async (c) => {
    const inputs = await packets(c.input);
    const options = (i: number): EncapOptions => ({
      ...DEFAULT_ENCAP,
      src: AFTR,
      dst: parseIp6(c.b4[Math.min(i, c.b4.length - 1)]!)!,
      linkMtu: c.mtu ?? 1500,
      hopLimit: 255,
      dfProfile: 'rfc2473',
      icmpSource: parseIp4('10.10.10.10')!,
      icmpTtl: 255,
    });
    const tunnel: Buffer[] = [];
    const icmp: Buffer[] = [];
    let fragId = 0x42424243;
    inputs.forEach((p, i) => {
      const r = encapsulate(p, options(i), () => fragId++);
      if (r.kind === 'tunnel') tunnel.push(...r.packets);
      else if (r.kind === 'icmp') icmp.push(r.packet);
      else throw new Error(r.reason);
    });
    const wantTunnel = c.tunnel === '-' ? [] : await packets(c.tunnel);
    expect(tunnel.length).toBe(wantTunnel.length);
    tunnel.forEach((p, i) => expect(hexDiff(p, wantTunnel[i]!)).toEqual([]));
    if (c.icmpOff) {
      expect(icmp.length).toBe(inputs.length);
      return;
    }
    const wantIcmp = c.icmp ? await packets(c.icmp) : [];
    expect(icmp.length).toBe(wantIcmp.length);
    icmp.forEach((p, i) => {
      expect(p.length).toBe(wantIcmp[i]!.length);
      expect(hexDiff(p, wantIcmp[i]!, c.icmpTolerance)).toEqual([]);
    });
  });

  it('the tolerated ICMP bytes are the quoted TTL and its checksum, nothing else', async () => {
    const [p] = await packets('tcp-frominet-bound-ttl1');
    const r = encapsulate(
      p!,
      { ...DEFAULT_ENCAP, src: AFTR, dst: parseIp6(B4.b)!, icmpSource: parseIp4('10.10.10.10')!, icmpTtl: 255 },
      () => 0,
    );
    if (r.kind !== 'icmp') throw new Error(r.kind);
    const [want] = await packets('icmpv4-time-expired');
    expect(hexDiff(r.packet, want!)).toEqual([36, 38]);
    expect([r.packet[36], want![36]]).toEqual([1, 0]);
  });
});
