import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../../test/helpers/capture.js';
import { fixture } from '../../test/helpers/fixtures.js';
import { createCaptureWriter } from '../capture/write.js';
import { parseIp6 } from '../codec/addr.js';
import { fillIpv4Checksum } from '../codec/ipv4.js';
import { reportValidator } from '../report/json.js';
import { DEFAULT_ENCAP, encapsulate } from '../encap/encapsulate.js';
import { diffCaptures } from './diff.js';
import type { DiffReport } from '../model/diff.js';

const tmp = mkdtempSync(join(tmpdir(), 'dslite-diff-'));
const SNABB = 'third-party/snabbco-snabb/lwaftr-data';
let n = 0;

/** Writes `frames` (Ethernet) to a fresh pcap and returns its path. */
function write(frames: readonly Buffer[]): string {
  const path = join(tmp, `c${n++}.pcap`);
  const w = createCaptureWriter(path, 'pcap', 1);
  frames.forEach((f, i) => w.write(1_700_000_000 + i, 0, f));
  w.close();
  return path;
}
const frames = async (rel: string): Promise<Buffer[]> => (await collect(fixture(rel))).records.map((r) => r.data);

function valid(r: DiffReport): DiffReport {
  const v = reportValidator('diff');
  expect(v(r), JSON.stringify(v.errors)).toBe(true);
  return r;
}
const texts = (r: DiffReport): string[] =>
  r.differences.flatMap((d) =>
    d.fields.length ? d.fields.map((f) => `${d.kind} ${f.field}: ${f.text}`) : [`${d.kind}: ${d.datagram}`],
  );

/** Splits an Ethernet/IPv6/IPv4 frame's inner datagram into IPv4 fragments of at most `data` bytes, each in its own whole tunnel packet. */
function innerFragmented(frame: Buffer, data: number): Buffer[] {
  const ip6 = frame.subarray(14, 54);
  const inner = frame.subarray(54);
  const ihl = (inner[0]! & 15) * 4;
  const body = inner.subarray(ihl, inner.readUInt16BE(2));
  const out: Buffer[] = [];
  for (let off = 0; off < body.length; off += data) {
    const piece = body.subarray(off, Math.min(body.length, off + data));
    const h = Buffer.from(inner.subarray(0, ihl));
    h.writeUInt16BE(ihl + piece.length, 2);
    h.writeUInt16BE((h.readUInt16BE(6) & 0x4000) | (off + piece.length < body.length ? 0x2000 : 0) | (off / 8), 6);
    fillIpv4Checksum(h, 0);
    const o6 = Buffer.from(ip6);
    o6.writeUInt16BE(ihl + piece.length, 4);
    o6[6] = 4;
    out.push(Buffer.concat([frame.subarray(0, 14), o6, h, piece]));
  }
  return out;
}

describe('diff on the Snabb lwAFTR pairs', () => {
  it.each([
    'tcp-afteraftr-ipv6',
    'tcp-afteraftr-ipv6-2frags',
    'tcp-afteraftr-ipv6-3frags',
    'udp-afteraftr-ipv6-2frags',
    'regressiontest-endaddr-v6-output',
    'ipv6-tunneled-incoming-icmpv4-34toobig',
  ])('%s against itself is empty', async (name) => {
    const r = valid(await diffCaptures(fixture(`${SNABB}/${name}.pcap`), fixture(`${SNABB}/${name}.pcap`)));
    expect(r.summary).toMatchObject({ verdict: 'equivalent', changed: 0, missing: 0, unexpected: 0 });
    expect(r.summary.matched).toBe(r.expected.datagrams);
    expect(r.summary.matched).toBeGreaterThan(0);
    expect(r.differences).toEqual([]);
  });

  it('names one dropped outer fragment, and only that', async () => {
    const f = await frames(`${SNABB}/tcp-afteraftr-ipv6-3frags.pcap`);
    const r = valid(await diffCaptures(fixture(`${SNABB}/tcp-afteraftr-ipv6-3frags.pcap`), write([f[0]!, f[2]!])));
    expect(r.summary).toMatchObject({ verdict: 'different', changed: 1, missing: 0, unexpected: 0 });
    expect(texts(r)).toEqual([
      'changed incomplete: outer fragment set never completed: bytes 1232–2463 of 2720 never came (received 0–1231, 2464–2719), expected 1 outer-fragmented packet (3 outer fragments)',
    ]);
    expect(r.differences[0]).toMatchObject({ expectedFrames: [1, 2, 3], actualFrames: [1, 2] });
  });

  it('names a changed hop limit, and only that; --ignore hop-limit silences it', async () => {
    const f = await frames(`${SNABB}/tcp-afteraftr-ipv6-2frags.pcap`);
    const changed = f.map((x) => Buffer.from(x));
    for (const x of changed) x[14 + 7] = 64;
    const path = write(changed);
    const r = valid(await diffCaptures(fixture(`${SNABB}/tcp-afteraftr-ipv6-2frags.pcap`), path));
    expect(texts(r)).toEqual(['changed hop-limit: outer fragment 1: hop limit 64, expected 255']);
    expect(r.summary.byField).toEqual({ 'hop-limit': 1 });
    const quiet = valid(
      await diffCaptures(fixture(`${SNABB}/tcp-afteraftr-ipv6-2frags.pcap`), path, { ignore: ['hop-limit'] }),
    );
    expect(quiet.summary.verdict).toBe('equivalent');
  });

  it('names an inner-fragmented version of an outer-fragmented packet', async () => {
    // The 1480-byte datagram the lwAFTR outer-fragmented (e2e-20), fragmented inside instead: 1232 + 228 bytes of IPv4 data.
    const whole = await frames(`${SNABB}/tcp-afteraftr-ipv6.pcap`);
    const two = await frames(`${SNABB}/tcp-afteraftr-ipv6-2frags.pcap`);
    const reassembled = Buffer.concat([
      two[0]!.subarray(0, 14 + 40),
      two[0]!.subarray(14 + 48),
      two[1]!.subarray(14 + 48),
    ]);
    reassembled.writeUInt16BE(reassembled.length - 54, 18);
    reassembled[20] = 4;
    const r = valid(
      await diffCaptures(fixture(`${SNABB}/tcp-afteraftr-ipv6-2frags.pcap`), write(innerFragmented(reassembled, 1232))),
    );
    expect(texts(r)).toEqual([
      'changed carriage: inner IPv4 fragmented into 2 pieces, expected 1 outer-fragmented packet (2 outer fragments)',
    ]);
    // And the whole packet of e2e-03 against itself sent whole is still equivalent (control).
    expect(valid(await diffCaptures(fixture(`${SNABB}/tcp-afteraftr-ipv6.pcap`), write(whole))).summary.verdict).toBe(
      'equivalent',
    );
  });

  it('tolerates reordering and a different fragment Identification and flow label; counts the reordering', async () => {
    const f = await frames(`${SNABB}/regressiontest-endaddr-v6-output.pcap`);
    const shuffled = [f[2]!, f[0]!, f[3]!, f[1]!].map((x) => {
      const y = Buffer.from(x);
      y[14 + 3] = 0x42; // flow label
      return y;
    });
    const r = valid(await diffCaptures(fixture(`${SNABB}/regressiontest-endaddr-v6-output.pcap`), write(shuffled)));
    expect(r.summary).toMatchObject({ verdict: 'equivalent', matched: 4 });
    expect(r.summary.reordered).toBeGreaterThan(0);
    const frag = (await frames(`${SNABB}/tcp-afteraftr-ipv6-3frags.pcap`)).map((x) => {
      const y = Buffer.from(x);
      y.writeUInt32BE(0x01020304, 14 + 44);
      return y;
    });
    expect(
      valid(
        await diffCaptures(fixture(`${SNABB}/tcp-afteraftr-ipv6-3frags.pcap`), write([frag[2]!, frag[0]!, frag[1]!])),
      ).summary.verdict,
    ).toBe('equivalent');
  });

  it('a missing datagram and an unexpected one; datagrams of ways the expected capture never carries are out of scope', async () => {
    const f = await frames(`${SNABB}/regressiontest-endaddr-v6-output.pcap`);
    const other = await frames(`${SNABB}/tcp-afteraftr-ipv6.pcap`);
    // Another datagram on the softwire of frame 4 (a new IPv4 Identification).
    const extra = Buffer.from(f[3]!);
    extra.writeUInt16BE(0x7777, 54 + 4);
    fillIpv4Checksum(extra, 54);
    const r = valid(
      await diffCaptures(
        fixture(`${SNABB}/regressiontest-endaddr-v6-output.pcap`),
        write([f[0]!, f[1]!, other[0]!, f[3]!, extra]),
      ),
    );
    expect(r.summary).toMatchObject({
      verdict: 'different',
      matched: 3,
      missing: 1,
      unexpected: 1,
      changed: 0,
      outOfScope: 1,
    });
    expect(r.differences.map((d) => [d.kind, d.expectedFrames, d.actualFrames])).toEqual([
      ['missing', [3], []],
      ['unexpected', [], [5]],
    ]);
    expect(r.differences[0]!.softwire).toBe('8:9:a:b:c:d:e:f → 127:10:20:30:50:50:60:128');
    expect(r.warnings).toEqual([
      expect.stringMatching(
        /^1 datagrams of the actual capture travel softwire ways the expected capture never carries/,
      ),
    ]);
  });
});

describe('diff of encap output against scapy', () => {
  it('the reference encapsulator output for the boundary set equals scapy at every MTU', async () => {
    const input = (await frames('encap/boundary-input.pcap.gz')).map((x) => x.subarray(14));
    for (const [mtu, tel] of [
      [1280, undefined],
      [1400, 4],
      [1500, undefined],
    ] as const) {
      let id = 9;
      const out = input.flatMap((p) => {
        const r = encapsulate(
          p,
          {
            ...DEFAULT_ENCAP,
            src: parseIp6('2001:db8:100:1::2')!,
            dst: parseIp6('2001:db8:0:ffff::1')!,
            linkMtu: mtu,
            encapLimit: tel,
          },
          () => id++,
        );
        return r.kind === 'tunnel'
          ? r.packets.map((x) => Buffer.concat([Buffer.from('02000000ff0102000000010286dd', 'hex'), x]))
          : [];
      });
      const r = valid(await diffCaptures(fixture(`encap/boundary-${mtu}${tel ? '-tel' : ''}.pcap.gz`), write(out)));
      expect([mtu, r.summary.verdict, r.summary.matched]).toEqual([mtu, 'equivalent', 12]);
    }
  });
  it('different MTUs are told apart fragment by fragment; TEL on one side only is named', async () => {
    const r = valid(await diffCaptures(fixture('encap/boundary-1500.pcap.gz'), fixture('encap/boundary-1280.pcap.gz')));
    expect(r.summary).toMatchObject({ verdict: 'different', matched: 12, missing: 0, unexpected: 0 });
    expect(texts(r)).toContain(
      'changed carriage: sent as 1 outer-fragmented packet (2 outer fragments), expected 1 whole tunnel packet',
    );
    expect(texts(r)).toContain(
      'changed fragment-size: outer fragment 1 carries 1232 bytes of payload at offset 0, expected 1448 at 0',
    );
    const t = valid(
      await diffCaptures(fixture('encap/boundary-1500.pcap.gz'), fixture('encap/boundary-1500-tel.pcap.gz')),
    );
    expect(
      t.differences.every((d) => d.fields.some((f) => f.text === 'Tunnel Encapsulation Limit 4, expected none')),
    ).toBe(true);
  });
});

describe('diff sees every byte', () => {
  it('a byte changed deep in the data (checksum left as it was) is a data difference', async () => {
    const big = await frames(`${SNABB}/udp-afteraftr-ipv6.pcap`);
    const changed = Buffer.from(big[0]!);
    changed[changed.length - 5] = changed[changed.length - 5]! ^ 0x01;
    const r = valid(await diffCaptures(fixture(`${SNABB}/udp-afteraftr-ipv6.pcap`), write([changed])));
    expect(texts(r)).toEqual(['changed data: inner data differs from the expected bytes (same length)']);
  });
});
