import { describe, expect, it } from 'vitest';
import { createRecordQueue } from './record-queue.js';
import type { CaptureRecord } from './types.js';

const record = (i: number, direction: CaptureRecord['direction']): CaptureRecord => ({
  frame: i + 1,
  tsSec: 1_700_000_000 + i,
  tsNsec: (i * 7919) % 1e9,
  interfaceId: i % 3,
  linkType: i % 2 ? 1 : 113,
  capLen: 60 + (i % 1400),
  origLen: 4_000_000_000 + i,
  data: Buffer.alloc(0),
  offset: 0,
  direction,
});

describe('a merged read’s record queue', () => {
  it('gives back every field of every record, in order, past its first growth', () => {
    const q = createRecordQueue(2);
    const chunk = Buffer.alloc(16);
    const straddler = Buffer.alloc(8);
    const directions = [undefined, 'in', 'out'] as const;
    const n = 5000;
    for (let i = 0; i < n; i++) q.push(record(i, directions[i % 3]), i % 100 ? chunk : straddler, i * 3, i / 10);
    expect([q.waiting(), q.next]).toEqual([n, 0]);
    for (let i = 0; i < n; i++) {
      expect(q.nextTime()).toBe(i / 10);
      const r = q.take();
      expect({ ...r }).toEqual({
        ...record(i, directions[i % 3]),
        data: i % 100 ? chunk : straddler,
        offset: i * 3,
        input: 2,
        time: i / 10,
      });
      expect(r.data).toBe(i % 100 ? chunk : straddler);
    }
    expect(q.next).toBe(n);
  });

  it('starts again empty after a reset', () => {
    const q = createRecordQueue(0);
    q.push(record(1, 'in'), Buffer.alloc(1), 0, 5);
    q.take();
    q.reset();
    expect([q.waiting(), q.next]).toEqual([0, 0]);
    q.push(record(9, undefined), Buffer.alloc(1), 4, 6);
    expect(q.take()).toMatchObject({ frame: 10, offset: 4, time: 6, direction: undefined });
  });
});
