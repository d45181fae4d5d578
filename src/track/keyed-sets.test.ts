import { describe, expect, it } from 'vitest';
import { prng } from '../../bench/fuzz-mutate.js';
import { createKeyedSets, type SetStatus } from './keyed-sets.js';
import type { DefragLimits } from './defrag-ipv6.js';
import { assemble, type FragmentSet } from './reassembly.js';

interface Closed {
  readonly key: number;
  readonly status: SetStatus;
  readonly time: number;
  readonly set: FragmentSet;
  /** The set's bytes copied while `close` ran (pieces are released after it). */
  readonly bytes: Buffer[];
}

const LIMITS: DefragLimits = {
  maxFragmentSets: 4,
  maxFragmentsPerDatagram: 8,
  maxFragmentBytes: 1 << 20,
  timeoutSeconds: 60,
};

/** Keyed sets of width 1 (the key is a number), recording every close. */
function tracker(limits = LIMITS) {
  const closed: Closed[] = [];
  const anomalies: string[] = [];
  const sets = createKeyedSets<{ slot: number }>(
    'ipv6',
    1,
    limits,
    (_p, set, status, time) =>
      closed.push({ key: sets.key[0]!, status, time, set, bytes: set.pieces.map((x) => Buffer.from(x.data)) }),
    (id) => anomalies.push(id),
  );
  /** Adds `data` at `offset` to set `key` (opened when absent), `length` on the wire. */
  const add = (
    key: number,
    offset: number,
    data: Buffer,
    more: boolean,
    frame: number,
    time: number,
    length = data.length,
  ): void => {
    sets.key[0] = key;
    const p = sets.get() ?? sets.open({ slot: -1 }, frame, time);
    // The piece sits in a larger buffer, as a fragment's data sits in its packet.
    const src = Buffer.concat([Buffer.alloc(7, 0xee), data, Buffer.alloc(5, 0xee)]);
    sets.add(p, offset, length, more, frame, src, 7, 7 + data.length, time);
    sets.settle(p, frame, time);
  };
  return { sets, closed, anomalies, add };
}

/** `n` bytes that differ with `seed`. */
const bytes = (n: number, seed: number): Buffer =>
  Buffer.from(Array.from({ length: n }, (_x, i) => (i * 7 + seed) & 255));

describe('keyed sets', () => {
  it('a set of one piece, kept in the rows, closes with that piece as a whole FragmentSet', () => {
    const t = tracker();
    const a = bytes(1000, 1);
    t.add(11, 0, a, true, 3, 100.5);
    expect(t.sets.inFlight).toBe(1);
    expect(t.sets.bytesHeld).toBe(1000);
    t.sets.finish(101.25);
    expect(t.closed).toHaveLength(1);
    const c = t.closed[0]!;
    expect(c).toMatchObject({ key: 11, status: 'end-of-capture', time: 101.25 });
    expect(c.set).toMatchObject({
      frames: [3],
      total: undefined,
      overlap: 'none',
      duplicates: 0,
      truncated: false,
      bytes: 1000,
      firstTime: 100.5,
      lastTime: 100.5,
    });
    expect(c.set.pieces.map((x) => [x.offset, x.length, x.more, x.frame])).toEqual([[0, 1000, true, 3]]);
    expect(c.bytes[0]!.equals(a)).toBe(true);
    expect(t.sets.bytesHeld).toBe(0);
    expect(t.sets.inFlight).toBe(0);
  });

  it('a second piece turns the row into an object, and the set completes with both pieces’ bytes', () => {
    const t = tracker();
    const a = bytes(800, 2);
    const b = bytes(300, 3);
    t.add(5, 800, b, false, 1, 10);
    t.add(5, 0, a, true, 2, 10.5);
    expect(t.closed).toHaveLength(1);
    const c = t.closed[0]!;
    expect(c.status).toBe('complete');
    expect(c.set).toMatchObject({ frames: [1, 2], total: 1100, firstTime: 10, lastTime: 10.5, bytes: 1100 });
    expect(assemble(c.set)!.equals(Buffer.concat([a, b]))).toBe(true);
  });

  it('one piece that starts the datagram and is its last completes at once', () => {
    const t = tracker();
    t.add(9, 0, bytes(64, 4), false, 7, 1);
    expect(t.closed.map((c) => [c.key, c.status, c.set.total])).toEqual([[9, 'complete', 64]]);
    expect(t.sets.inFlight).toBe(0);
  });

  it('a repeat of the one piece is a duplicate (counted, frame kept, bytes not held twice)', () => {
    const t = tracker();
    const a = bytes(200, 5);
    t.add(4, 0, a, true, 1, 1);
    t.add(4, 0, a, true, 2, 2);
    expect(t.sets.bytesHeld).toBe(200);
    t.sets.finish(3);
    expect(t.closed[0]!.set).toMatchObject({ frames: [1, 2], duplicates: 1, bytes: 200, lastTime: 2 });
  });

  it('a piece the snap length cut is kept as captured and marks the set truncated', () => {
    const t = tracker();
    t.add(1, 0, bytes(100, 6), true, 1, 1, 1400);
    t.sets.finish(2);
    expect(t.closed[0]!.set).toMatchObject({ truncated: true, bytes: 100 });
    expect(t.closed[0]!.set.pieces[0]).toMatchObject({ length: 1400 });
  });

  it('times out from the first piece’s time, and evicts the oldest set past the limit', () => {
    const t = tracker();
    for (let k = 0; k < 5; k++) t.add(k, 0, bytes(100, k), true, k + 1, 1000 + k);
    // Five sets against a limit of four: the first went, evicted.
    expect(t.closed.map((c) => [c.key, c.status])).toEqual([[0, 'evicted']]);
    expect(t.anomalies).toEqual(['reassembly.ipv6.evicted']);
    t.sets.tick(1062.5);
    expect(t.closed.map((c) => [c.key, c.status, c.time])).toEqual([
      [0, 'evicted', 1004],
      [1, 'timeout', 1061],
      [2, 'timeout', 1062],
    ]);
    expect(t.sets.inFlight).toBe(2);
  });

  it('past the chunk cap and for large pieces, bytes are held in buffers of their own and read back the same', () => {
    // A byte limit of 512 KiB allows one 256 KiB chunk: 300 sets of 1,400 bytes overflow it.
    const t = tracker({
      maxFragmentSets: 1000,
      maxFragmentsPerDatagram: 8,
      maxFragmentBytes: 512 << 10,
      timeoutSeconds: 60,
    });
    const sent = new Map<number, Buffer>();
    for (let k = 0; k < 300; k++) {
      const b = bytes(1400, k);
      sent.set(k, b);
      t.add(k, 8, b, true, k, 1);
    }
    const large = bytes(70_000, 99);
    t.add(1000, 0, large, true, 1000, 1);
    t.sets.finish(2);
    expect(t.closed).toHaveLength(301);
    for (const c of t.closed) expect(c.bytes[0]!.equals(c.key === 1000 ? large : sent.get(c.key)!)).toBe(true);
  });

  it('agrees with a plain record of every piece under random sets, pieces, evictions and timeouts', () => {
    const rnd = prng(6946);
    // 4 MiB: eight chunks, filled and reused many times over, while some sets wait long.
    const t = tracker({
      maxFragmentSets: 64,
      maxFragmentsPerDatagram: 8,
      maxFragmentBytes: 4 << 20,
      timeoutSeconds: 30,
    });
    let time = 0;
    for (let frame = 1; frame <= 20_000; frame++) {
      // Now and then a pause longer than the timeout.
      time += rnd() < 0.0005 ? 31 : rnd() * 0.01;
      t.sets.tick(time);
      // Busy keys, and rarely met ones whose pieces wait in chunks long since refilled around them.
      const key = rnd() < 0.9 ? Math.floor(rnd() * 18) : 18 + Math.floor(rnd() * 50);
      const offset = Math.floor(rnd() * 4) * 512;
      // A piece's bytes follow from its frame: what a set closes with can be checked without a record.
      t.add(key, offset, bytes(1 + Math.floor(rnd() * 512), frame), true, frame, time);
    }
    t.sets.finish(time);
    expect(t.closed.length).toBeGreaterThan(100);
    expect(new Set(t.closed.map((c) => c.status))).toEqual(
      new Set(['evicted', 'timeout', 'too-many-fragments', 'end-of-capture']),
    );
    // Every frame closed with exactly one set, and every piece with its own bytes (no chunk reused under a live piece).
    expect(t.closed.flatMap((c) => c.set.frames).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20_000 }, (_x, i) => i + 1),
    );
    for (const c of t.closed)
      for (const [i, x] of c.set.pieces.entries()) expect(c.bytes[i]!.equals(bytes(x.length, x.frame))).toBe(true);
    expect(t.sets.bytesHeld).toBe(0);
  });
});
