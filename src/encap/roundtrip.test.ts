import { describe, expect, it } from 'vitest';
import { parseIp6 } from '../codec/addr.js';
import { encodeIpv4, fillIpv4Checksum, ipv4Header } from '../codec/ipv4.js';
import { dissect } from '../dissect/dissect.js';
import { DEFAULT_ENCAP, encapsulate, planCarriage } from './encapsulate.js';
import { prng } from '../../bench/fuzz-mutate.js';

/** The fuzzer's seeded generator (mulberry32): the same cases on every run. */
const rng = prng;

function randomPacket(r: () => number): Buffer {
  const size = 20 + Math.floor(r() * 9000);
  const b = Buffer.alloc(size);
  for (let i = 20; i < size; i++) b[i] = Math.floor(r() * 256);
  encodeIpv4(
    ipv4Header({
      tos: Math.floor(r() * 256),
      totalLength: size,
      id: Math.floor(r() * 65536),
      df: r() < 0.5,
      ttl: 2 + Math.floor(r() * 254),
      protocol: [1, 6, 17, 47][Math.floor(r() * 4)]!,
      src: Math.floor(r() * 2 ** 32) | 0,
      dst: Math.floor(r() * 2 ** 32) | 0,
    }),
    b,
    0,
  );
  fillIpv4Checksum(b, 0);
  return b;
}

/** Decapsulates tunnel packets with the dissector: the fragmentable parts put back by offset, the inner packet after the chain. */
function decapsulate(packets: readonly Buffer[]): Buffer {
  const parts: [number, Buffer][] = [];
  let innerAt = -1;
  for (const p of packets) {
    const d = dissect({ linkType: 229, data: p, offset: 0, capLen: p.length, origLen: p.length }).net;
    if (d?.kind !== 'ip6') throw new Error('not IPv6');
    if (!d.frag) return p.subarray(d.upperOffset);
    parts.push([d.frag.offset * 8, p.subarray(d.fragDataOffset)]);
    // In the first fragment the header chain after the Fragment header (TEL, if any) ends where the inner packet starts.
    if (d.frag.offset === 0) innerAt = d.upperOffset - d.fragDataOffset;
  }
  parts.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [off, data] of parts) {
    expect(off).toBe(at);
    at += data.length;
  }
  return Buffer.concat(parts.map(([, d]) => d)).subarray(innerAt);
}

describe('round trip: encapsulate, dissect, decapsulate', () => {
  it('gives back every input packet (TTL less one) for random packets, MTUs and TEL', () => {
    const r = rng(6333);
    const b4 = parseIp6('2001:db8:100:1::2')!;
    const aftr = parseIp6('2001:db8:0:ffff::1')!;
    let fragmented = 0;
    for (let i = 0; i < 400; i++) {
      const input = randomPacket(r);
      const linkMtu = 1280 + Math.floor(r() * 8000);
      const encapLimit = r() < 0.3 ? Math.floor(r() * 256) : undefined;
      const out = encapsulate(input, { ...DEFAULT_ENCAP, src: b4, dst: aftr, linkMtu, encapLimit }, () => i);
      if (out.kind !== 'tunnel') throw new Error(out.kind);
      for (const p of out.packets) expect(p.length).toBeLessThanOrEqual(linkMtu);
      // The plan the checker quotes in findings is what the encapsulator does.
      const plan = planCarriage(input.length, false, { linkMtu, encapLimit, dfProfile: 'rfc6333' });
      expect(plan.kind === 'whole' ? [plan.size] : plan.kind === 'outer' ? plan.sizes : []).toEqual(
        out.packets.map((p) => p.length),
      );
      if (out.packets.length > 1) fragmented++;
      const back = decapsulate(out.packets);
      const want = Buffer.from(input);
      want[8] = input[8]! - 1;
      fillIpv4Checksum(want, 0);
      expect(back.toString('hex')).toBe(want.toString('hex'));
    }
    // Both paths ran many times.
    expect(fragmented).toBeGreaterThan(50);
    expect(fragmented).toBeLessThan(350);
  });
});
