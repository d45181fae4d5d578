import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../../test/helpers/capture.js';
import { createCaptureWriter, nanoseconds } from './write.js';

describe('capture writer', () => {
  it('splits nanosecond timestamps exactly (what BigInt computes)', () => {
    for (const [s, n] of [
      [0, 0],
      [1, 999_999_999],
      [1_700_000_000, 123_456_789],
      [4_294_967_295, 999_999_999],
      [65_535, 5],
      [65_536, 7],
      [2_000_000_123, 1],
    ] as const) {
      const t = BigInt(s) * 1_000_000_000n + BigInt(n);
      expect(nanoseconds(s, n)).toEqual([Number(t >> 32n), Number(t & 0xffffffffn)]);
    }
  });
  it.each(['pcap', 'pcapng'] as const)(
    '%s: frames, prefixes, timestamps and a frame larger than the staging buffer read back',
    async (format) => {
      const path = join(mkdtempSync(join(tmpdir(), 'dslite-write-')), `w.${format}`);
      const w = createCaptureWriter(path, format, 1);
      const big = Buffer.alloc(200_000, 7);
      const frames = [Buffer.from('abc'), Buffer.alloc(1500, 1), big, Buffer.from('xyz12')];
      const prefix = Buffer.from('0123456789abcd');
      for (let i = 0; i < 3000; i++) w.write(1_700_000_000 + i, i * 333, frames[i % 4]!, i % 2 ? prefix : undefined);
      w.close();
      const c = await collect(path);
      expect(c.records).toHaveLength(3000);
      c.records.forEach((r, i) => {
        const f = frames[i % 4]!;
        expect(r.data.equals(i % 2 ? Buffer.concat([prefix, f]) : f)).toBe(true);
        expect([r.tsSec, r.tsNsec]).toEqual([1_700_000_000 + i, i * 333]);
      });
    },
  );
});
