import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse as pcapParse, type PcapPacket } from 'pcap-parser';
import { describe, expect, it } from 'vitest';
import { collect } from '../../test/helpers/capture.js';
import { captureFixtures, fixture, ROOT } from '../../test/helpers/fixtures.js';
import { readCapture } from './open.js';
import { createPcapParser } from './pcap.js';
import { createPcapngParser } from './pcapng.js';
import { type CaptureRecord, CaptureFileError, type CaptureSink, type ReaderNotice } from './types.js';

const tmp = mkdtempSync(join(tmpdir(), 'dslite-capture-'));
function tmpFile(name: string, data: Buffer | string): string {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
}

function oracle(path: string): Promise<PcapPacket[]> {
  return new Promise((resolve, reject) => {
    const out: PcapPacket[] = [];
    const p = pcapParse(path);
    p.on('packet', (x: PcapPacket) => out.push({ header: x.header, data: Buffer.from(x.data) }));
    p.on('end', () => resolve(out));
    p.on('error', reject);
  });
}

/** Feeds a parser in chunks of `size` bytes to exercise records that straddle chunks. */
function feedChunked(
  bytes: Buffer,
  size: number,
  make: (s: CaptureSink) => { feed(b: Buffer): void; end(): void },
): { recs: CaptureRecord[]; notices: ReaderNotice[] } {
  const recs: CaptureRecord[] = [];
  const notices: ReaderNotice[] = [];
  const p = make({
    onRecord: (r) => recs.push({ ...r, data: Buffer.from(r.data.subarray(r.offset, r.offset + r.capLen)), offset: 0 }),
    onInterface: () => {},
    onNotice: (n) => notices.push(n),
  });
  for (let i = 0; i < bytes.length; i += size) p.feed(bytes.subarray(i, i + size));
  p.end();
  return { recs, notices };
}

const classicMicro = captureFixtures().filter((f) => {
  if (!f.endsWith('.pcap')) return false;
  const m = readFileSync(join(ROOT, f)).subarray(0, 4).toString('hex');
  return m === 'd4c3b2a1' || m === 'a1b2c3d4';
});

describe('classic pcap against pcap-parser (independent oracle)', () => {
  it('has classic fixtures to compare', () => expect(classicMicro.length).toBeGreaterThan(100));
  it.each(classicMicro)('%s: every record identical', async (f) => {
    const [mine, theirs] = await Promise.all([collect(join(ROOT, f)), oracle(join(ROOT, f))]);
    expect(mine.records.length).toBe(theirs.length);
    mine.records.forEach((r, i) => {
      const t = theirs[i]!;
      expect(r.frame).toBe(i + 1);
      expect([r.tsSec, r.tsNsec]).toEqual([t.header.timestampSeconds, t.header.timestampMicroseconds * 1000]);
      expect([r.capLen, r.origLen]).toEqual([
        t.header.capturedLength,
        Math.max(t.header.originalLength, t.header.capturedLength),
      ]);
      expect(r.data.equals(t.data)).toBe(true);
    });
  });
});

describe('formats agree with each other', () => {
  it('µs little-endian, ns big-endian and gzip give the same records', async () => {
    const a = await collect(fixture('linktypes/ethernet.pcap'));
    const b = await collect(fixture('linktypes/ethernet-ns-be.pcap'));
    const c = await collect(fixture('linktypes/ethernet.pcap.gz'));
    expect(a.result).toMatchObject({ format: 'pcap', bigEndian: false, gzip: false });
    expect(b.result).toMatchObject({ format: 'pcap-ns', bigEndian: true, gzip: false });
    expect(c.result).toMatchObject({ format: 'pcap', gzip: true });
    expect(a.records.length).toBe(13);
    for (const other of [b, c]) expect(other.records).toEqual(a.records);
  });

  it('pcap and pcapng split at every chunk size give the same records as one read', () => {
    for (const [file, make] of [
      ['linktypes/ethernet.pcap', createPcapParser],
      ['linktypes/sections-be.pcapng', createPcapngParser],
      ['demo/demo.pcapng', createPcapngParser],
    ] as const) {
      const bytes = readFileSync(fixture(file));
      const whole = feedChunked(bytes, bytes.length, make);
      for (const size of [1, 2, 3, 7, 16, 17, 100, 1499]) {
        const part = feedChunked(bytes, size, make);
        expect(part.recs, `${file} in ${size}-byte chunks`).toEqual(whole.recs);
        expect(part.notices).toEqual(whole.notices);
      }
    }
  });
});

describe('pcapng', () => {
  it('reads a big-endian file with two sections, SPB, obsolete PB, ISB and an unknown block', async () => {
    const c = await collect(fixture('linktypes/sections-be.pcapng'));
    expect(c.result).toMatchObject({ format: 'pcapng', bigEndian: true });
    expect(c.interfaces.map((i) => [i.id, i.linkType, i.name])).toEqual([
      [0, 1, 'eth0'],
      [1, 229, 'tun0'],
      [2, 1, 'eth1'],
    ]);
    expect(c.records.length).toBe(19);
    // Interface 1 has nanosecond resolution: 500 007 ns after the second.
    expect(c.records[1]).toMatchObject({ interfaceId: 1, linkType: 229, tsSec: 1767225600, tsNsec: 500_007 });
    expect(c.records[0]).toMatchObject({ interfaceId: 0, direction: 'out', tsNsec: 0 });
    expect(c.records[2]).toMatchObject({ direction: 'in', tsNsec: 1_000_000 });
    // The simple packet block has no timestamp; the obsolete packet block has one.
    expect(c.records[12]).toMatchObject({ interfaceId: 2, tsSec: 0, tsNsec: 0 });
    expect(c.records[13]).toMatchObject({ interfaceId: 2, tsSec: 1767225600, tsNsec: 20_000_000 });
    expect(c.notices.map((n) => n.id)).toEqual(['capture.unknown_block']);
    expect(c.stats).toEqual([{ interfaceId: 0, ifDrop: 3 }]);
  });

  it('reads two interfaces of different link types (mergecap)', async () => {
    const c = await collect(fixture('linktypes/two-interfaces.pcapng'));
    expect(c.interfaces.map((i) => i.linkType)).toEqual([1, 276]);
    expect(new Set(c.records.map((r) => r.linkType))).toEqual(new Set([1, 276]));
    expect(c.records.length).toBe(26);
  });
});

describe('bad input', () => {
  const demo = readFileSync(fixture('linktypes/ethernet.pcap'));
  const ng = readFileSync(fixture('demo/demo.pcapng'));

  it.each([
    ['empty', Buffer.alloc(0), /empty file/],
    ['text', 'hello, this is not a capture\n', /not a capture file/],
    ['three bytes', Buffer.from([0xd4, 0xc3, 0xb2]), /too short/],
    ['truncated pcap header', demo.subarray(0, 10), /truncated pcap file header/],
    ['truncated pcapng header', ng.subarray(0, 10), /truncated pcapng section header/],
    ['pcapng magic, bad byte order', Buffer.concat([ng.subarray(0, 8), Buffer.alloc(24)]), /bad byte-order magic/],
    ['gzip of text', gzipSync('not a capture either'), /not a capture file/],
  ])('%s: CaptureFileError', async (name, data, msg) => {
    const p = tmpFile(`bad-${name.replace(/ /g, '-')}`, data);
    const err = await collect(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaptureFileError);
    expect((err as Error).message).toMatch(msg);
  });

  it('a missing file and a directory are CaptureFileErrors', async () => {
    await expect(collect(join(tmp, 'nope.pcap'))).rejects.toThrow(/cannot open .*ENOENT/);
    await expect(collect(tmp)).rejects.toThrow(/directory/);
  });

  it('a file cut mid-record yields the whole records and a truncated_file notice', async () => {
    const p = tmpFile('cut.pcap', demo.subarray(0, demo.length - 30));
    const c = await collect(p);
    expect(c.records.length).toBe(12);
    expect(c.notices.map((n) => n.id)).toEqual(['capture.truncated_file']);
  });

  it('a cut pcapng and a cut gzip behave the same', async () => {
    const c = await collect(tmpFile('cut.pcapng', ng.subarray(0, ng.length - 5)));
    expect(c.records.length).toBe(27);
    expect(c.notices.map((n) => n.id)).toEqual(['capture.truncated_file']);
    const gz = readFileSync(fixture('linktypes/ethernet.pcap.gz'));
    const g = await collect(tmpFile('cut.pcap.gz', gz.subarray(0, gz.length - 40)));
    expect(g.records.length).toBeLessThan(13);
    expect(g.notices.some((n) => n.id === 'capture.truncated_file')).toBe(true);
  });

  it('an absurd record length stops reading with a notice, without allocating it', async () => {
    const b = Buffer.from(demo);
    // Second record's incl_len (first record: 16-byte header at 24, then its data).
    const second = 24 + 16 + b.readUInt32LE(24 + 8);
    b.writeUInt32LE(0x7fffffff, second + 8);
    const c = await collect(tmpFile('huge.pcap', b));
    expect(c.records.length).toBe(1);
    expect(c.notices).toEqual([expect.objectContaining({ id: 'capture.oversized_record', frame: 2, fatal: true })]);
  });

  it('a record longer than the snap length is read and noted', async () => {
    const b = Buffer.from(demo);
    b.writeUInt32LE(60, 16); // snaplen 60
    const c = await collect(tmpFile('snap.pcap', b));
    expect(c.records.length).toBe(13);
    expect(c.notices.filter((n) => n.id === 'capture.caplen_exceeds_snaplen').length).toBeGreaterThan(0);
  });

  it('an absurd pcapng block length stops reading with a notice', async () => {
    const b = Buffer.from(ng);
    // Find the first EPB (type 6) after SHB and IDB and corrupt its length.
    let off = 0;
    while (b.readUInt32LE(off) !== 6) off += b.readUInt32LE(off + 4);
    b.writeUInt32LE(0x40000000, off + 4);
    const c = await collect(tmpFile('huge.pcapng', b));
    expect(c.records.length).toBe(0);
    expect(c.notices[0]).toMatchObject({ id: 'capture.oversized_record', fatal: true });
  });

  it('reads standard input through the same path', async () => {
    // readCapture('-') is exercised end to end in the CLI tests; here the API rejects nothing odd.
    await expect(
      readCapture(fixture('linktypes/ethernet.pcap'), {
        onRecord: () => {},
        onInterface: () => {},
        onNotice: () => {},
      }),
    ).resolves.toMatchObject({
      bytes: demo.length,
    });
  });
});
