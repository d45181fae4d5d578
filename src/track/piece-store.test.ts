import { describe, expect, it } from 'vitest';
import { prng } from '../../bench/fuzz-mutate.js';
import { createPieceStore } from './piece-store.js';

const bytes = (n: number, fill: number): Buffer => Buffer.alloc(n, fill);

describe('piece store', () => {
  it('hands back the bytes it was given, from a range of the source', () => {
    const s = createPieceStore(1024, 4);
    const src = Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...s.hold(src, 2, 6)]).toEqual([2, 3, 4, 5]);
    expect(s.hold(src, 5, 5).length).toBe(0);
    expect(s.hold(src, 6, 2).length).toBe(0);
  });

  it('reuses a chunk once every piece in it is released, and keeps live pieces intact meanwhile', () => {
    const s = createPieceStore(1024, 2);
    // 4 × 250 bytes fill the first chunk; the fifth opens the second.
    const first = [1, 2, 3, 4].map((k) => s.hold(bytes(250, k), 0, 250));
    const fifth = s.hold(bytes(250, 5), 0, 250);
    expect(s.chunkBytes).toBe(2048);
    for (const p of first) s.release(p);
    // Filling the second chunk moves on to the first again: no third chunk.
    const more = [6, 7, 8, 9].map((k) => s.hold(bytes(250, k), 0, 250));
    expect(s.chunkBytes).toBe(2048);
    expect(fifth.every((b) => b === 5)).toBe(true);
    more.forEach((p, i) => expect(p.every((b) => b === 6 + i)).toBe(true));
    expect(more.at(-1)!.buffer).toBe(first[0]!.buffer);
  });

  it('past the chunk cap, and for large pieces, gives pieces buffers of their own', () => {
    const s = createPieceStore(1024, 1);
    const held = Array.from({ length: 8 }, (_x, k) => s.hold(bytes(200, k), 0, 200));
    expect(s.chunkBytes).toBe(1024);
    held.forEach((p, k) => expect(p.every((b) => b === k)).toBe(true));
    expect(held[7]!.buffer).not.toBe(held[0]!.buffer);
    const large = s.hold(bytes(600, 9), 0, 600);
    expect(large.buffer).not.toBe(held[0]!.buffer);
    // Releasing what is not in a chunk is harmless.
    s.release(large);
    s.release(Buffer.from('x'));
  });

  it('a placed piece is known by a number: read back by it, released by it, and -1 where no chunk takes it', () => {
    // Chunks of 4,096 bytes hold four pieces of 1,000; a piece over 1,024 is too large for one.
    const s = createPieceStore(4096, 2);
    const first = [1, 2, 3, 4].map((k) => s.place(bytes(1000, k), 0, 1000));
    expect(first).toEqual([0, 1000, 2000, 3000]);
    expect(s.view(first[1]!, 1000).every((x) => x === 2)).toBe(true);
    expect(s.view(first[0]!, 0).length).toBe(0);
    expect(s.place(bytes(1025, 5), 0, 1025)).toBe(-1);
    // The fifth goes to the second chunk; releasing the first four frees the first chunk.
    expect(s.place(bytes(1000, 6), 0, 1000)).toBe(4096);
    for (const at of first) s.releaseAt(at, 1000);
    const more = [7, 8, 9, 10].map((k) => s.place(bytes(1000, k), 0, 1000));
    expect(more).toEqual([5096, 6096, 7096, 0]);
    expect(s.chunkBytes).toBe(8192);
    expect(s.view(4096, 1000).every((x) => x === 6)).toBe(true);
    // Both chunks live and the cap reached: no place once the current chunk is full.
    expect([11, 12, 13].map((k) => s.place(bytes(1000, k), 0, 1000))).toEqual([1000, 2000, 3000]);
    expect(s.place(bytes(1000, 14), 0, 1000)).toBe(-1);
  });

  it('one piece left waiting holds one chunk, not the chunks after it (the pool-pinning case)', () => {
    const s = createPieceStore(1024, 4);
    s.hold(bytes(8, 1), 0, 8); // waits for ever
    for (let i = 0; i < 10_000; i++) s.release(s.hold(bytes(500, 2), 0, 500));
    expect(s.chunkBytes).toBeLessThanOrEqual(3 * 1024);
  });

  it('agrees with copies under random holds and releases', () => {
    const rnd = prng(6333);
    const s = createPieceStore(4096, 8);
    const live: { view: Buffer; copy: Buffer }[] = [];
    for (let step = 0; step < 20_000; step++) {
      if (live.length && rnd() < 0.5) {
        const [x] = live.splice(Math.floor(rnd() * live.length), 1);
        expect(x!.view.equals(x!.copy)).toBe(true);
        s.release(x!.view);
      } else {
        const n = Math.floor(rnd() * 1500);
        const src = Buffer.from(Array.from({ length: n + 10 }, () => Math.floor(rnd() * 256)));
        live.push({ view: s.hold(src, 10, n + 10), copy: src.subarray(10) });
      }
    }
    for (const x of live) expect(x.view.equals(x.copy)).toBe(true);
    expect(s.chunkBytes).toBeLessThanOrEqual(8 * 4096);
  });
});
