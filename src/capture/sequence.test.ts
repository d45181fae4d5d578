import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../../test/helpers/capture.js';
import { fixture } from '../../test/helpers/fixtures.js';
import { TSHARK_VERSION } from '../../test/helpers/tshark-cache.js';
import { readCapture } from './open.js';
import { inCaptureOrder } from './sequence.js';

const seq = (...names: string[]): string[] => names.map((n) => fixture(`sequence/${n}`));
/** The lab capture the sequence fixtures were cut from (fixtures/pcaps/sequence/make.sh). */
const LAB = fixture('lab/mtu1280-tunnel.pcap');
const RING = seq('ring.pcap1', 'ring.pcap2', 'ring.pcap0');
const tmp = mkdtempSync(join(tmpdir(), 'dslite-sequence-'));

describe('a file sequence read as one capture', () => {
  it('orders the files by their first frames, not their names', async () => {
    expect(await inCaptureOrder(seq('ring.pcap0', 'ring.pcap1', 'ring.pcap2'), readCapture)).toEqual(RING);
  });

  it('numbers the frames through the files: the capture it was cut from, frame for frame', async () => {
    const whole = await collect(LAB);
    const parts = await collect({ files: RING });
    expect(parts.records.map((r) => r.frame)).toEqual(whole.records.map((r) => r.frame));
    expect(parts.records.map((r) => [r.tsSec, r.tsNsec, r.data.toString('hex')])).toEqual(
      whole.records.map((r) => [r.tsSec, r.tsNsec, r.data.toString('hex')]),
    );
    // The same link in every file is one interface.
    expect(parts.interfaces).toHaveLength(1);
    expect(parts.result.sequence?.map((f) => [f.firstFrame, f.frames])).toEqual([
      [1, 6],
      [7, 24],
      [31, 71],
    ]);
    expect(parts.notices).toEqual([]);
  });

  it.skipIf(TSHARK_VERSION === undefined && !process.env['CI'])(
    'numbers frames as mergecap -a of the files in that order, as tshark reads it',
    async () => {
      const merged = join(tmp, 'merged.pcapng');
      execFileSync('mergecap', ['-a', '-w', merged, ...RING]);
      const theirs = execFileSync('tshark', ['-r', merged, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.len'])
        .toString()
        .trim()
        .split('\n')
        .map((l) => l.split('\t').map(Number));
      const ours = (await collect({ files: RING })).records.map((r) => [r.frame, r.origLen]);
      expect(ours).toEqual(theirs);
    },
  );

  it('keeps different links apart: one interface per link, each record on its own', async () => {
    const { interfaces, records } = await collect({ files: [fixture('linktypes/sll2.pcap'), LAB] });
    expect(interfaces.map((i) => [i.id, i.linkType])).toEqual([
      [0, 276],
      [1, 1],
    ]);
    expect(new Set(records.map((r) => `${r.interfaceId}/${r.linkType}`))).toEqual(new Set(['0/276', '1/1']));
  });

  it('notices a gap between files and an overlap, at the later file’s first frame', async () => {
    const hole = await collect({ files: seq('hole_00001_20260101000000.pcap', 'hole_00002_20260101000100.pcap') });
    expect(hole.notices.map((n) => [n.id, n.frame])).toEqual([['capture.sequence_gap', 31]]);
    expect(hole.notices[0]!.detail).toMatch(/^hole_00002_20260101000100\.pcap starts 60\.000001 s after hole_00001/);
    const over = await collect({
      files: seq('overlap_00001_20260101000000.pcap', 'overlap_00002_20260101000007.pcap'),
    });
    expect(over.notices.map((n) => [n.id, n.frame])).toEqual([['capture.sequence_overlap', 61]]);
    // Back to back is neither: the ring's files follow each other within microseconds.
    expect((await collect({ files: RING })).notices).toEqual([]);
  });

  it('reads past an empty file and a cut one, naming the file in the notice', async () => {
    const empty = join(tmp, 'empty.pcap');
    writeFileSync(empty, '');
    const cut = join(tmp, 'cut.pcapng');
    const bytes = readFileSync(RING[1]!);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    const r = await collect({ files: [RING[0]!, empty, cut, RING[2]!] });
    expect(r.result.sequence?.map((f) => [f.frames, f.incomplete])).toEqual([
      [6, false],
      [0, false],
      [23, true],
      [71, false],
    ]);
    expect(r.records.map((x) => x.frame)).toEqual(Array.from({ length: 100 }, (_x, i) => i + 1));
    expect(r.notices.map((n) => n.id)).toEqual(['capture.truncated_file']);
    expect(r.notices[0]!.detail).toMatch(/^cut\.pcapng: /);
  });

  it('refuses a file that is no capture, by its name', async () => {
    const junk = join(tmp, 'junk.pcap');
    writeFileSync(junk, 'not a capture at all');
    await expect(collect({ files: [RING[0]!, junk] })).rejects.toThrow(/junk\.pcap: not a capture file/);
  });
});
