import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../../test/helpers/capture.js';
import { fixture } from '../../test/helpers/fixtures.js';
import { generate } from '../../bench/generate.js';
import { readMerged, type MergedRecord } from './merge.js';
import { CaptureFileError } from './types.js';

let lastPeak = 0;

async function merged(paths: string[], offsets: number[] = []): Promise<MergedRecord[]> {
  const out: MergedRecord[] = [];
  ({ peakQueued: lastPeak } = await readMerged(
    paths.map((path, i) => ({ path, offsetSeconds: offsets[i] ?? 0 })),
    // Records are valid during the callback only: keep copies.
    {
      onRecord: (r) => out.push({ ...r, data: Buffer.from(r.data.subarray(r.offset, r.offset + r.capLen)), offset: 0 }),
    },
  ));
  return out;
}

function ordered(recs: MergedRecord[]): boolean {
  return recs.every(
    (r, i) => i === 0 || recs[i - 1]!.time < r.time || (recs[i - 1]!.time === r.time && recs[i - 1]!.input <= r.input),
  );
}

describe('merged reading of several captures', () => {
  const files = ['demo/demo.pcapng', 'fragmentation/outer-shuffled.pcap', 'linktypes/ethernet.pcap.gz'].map(fixture);

  it('keeps every record of every input, in its own order and bytes, in global time order', async () => {
    const recs = await merged(files);
    expect(ordered(recs)).toBe(true);
    for (const [i, f] of files.entries()) {
      const alone = (await collect(f)).records;
      const mine = recs.filter((r) => r.input === i);
      expect(mine.map((r) => r.frame)).toEqual(alone.map((r) => r.frame));
      mine.forEach((r, k) => expect(r.data.equals(alone[k]!.data)).toBe(true));
    }
    // All three start at the same second: the inputs really interleave.
    expect(new Set(recs.slice(0, 10).map((r) => r.input)).size).toBeGreaterThan(1);
  });

  it('applies a clock offset per input', async () => {
    const recs = await merged(files.slice(0, 2), [0, -3600]);
    expect(recs.slice(0, 5).every((r) => r.input === 1)).toBe(true);
    expect(ordered(recs)).toBe(true);
  });

  it('reports an input that is not a capture', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'dslite-merge-'));
    writeFileSync(join(tmp, 'x.txt'), 'not a capture');
    await expect(merged([files[0]!, join(tmp, 'x.txt')])).rejects.toBeInstanceOf(CaptureFileError);
  });

  it('interleaves two large captures as mergecap does, holding only a chunk of each', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'dslite-merge-'));
    const a = join(tmp, 'a.pcap');
    const b = join(tmp, 'b.pcap');
    generate(a, { packets: 60_000, b4s: 50, seed: 1, oversized: 0.02 });
    generate(b, { packets: 60_000, b4s: 50, seed: 2, oversized: 0.02 });
    const recs = await merged([a, b], [0, 0.0000035]);
    expect(recs.length).toBeGreaterThanOrEqual(120_000);
    expect(ordered(recs)).toBe(true);
    // One 1 MiB chunk of ~500-byte frames is a few thousand records: far below a whole file.
    expect(lastPeak).toBeGreaterThan(0);
    expect(lastPeak).toBeLessThan(6000);
    if (spawnSync('mergecap', ['-v']).status === 0) {
      // mergecap shifts nothing, so compare against b shifted the same way: order by (time, input).
      const out = join(tmp, 'm.pcap');
      execFileSync('editcap', ['-t', '0.0000035', b, join(tmp, 'b2.pcap')]);
      execFileSync('mergecap', ['-F', 'pcap', '-w', out, a, join(tmp, 'b2.pcap')]);
      const theirs = (await collect(out)).records;
      expect(theirs.length).toBe(recs.length);
      const differ = theirs.findIndex((t, i) => !t.data.equals(recs[i]!.data));
      expect(differ).toBe(-1);
    }
  });
});
