import { describe, expect, it } from 'vitest';
import { createFifoMap } from './fifo-map.js';

describe('FifoMap', () => {
  it('keeps insertion order through random deletes and re-inserts, like a Map', () => {
    const f = createFifoMap<number, { v: number }>();
    const ref = new Map<number, { v: number }>();
    let seed = 3;
    const rnd = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    for (let step = 0; step < 100_000; step++) {
      const k = rnd(500);
      const op = rnd(4);
      if (op < 2) {
        const v = { v: step };
        f.set(k, v);
        ref.delete(k);
        ref.set(k, v);
      } else if (op === 2) expect(f.delete(k)).toBe(ref.delete(k));
      else {
        const o = f.oldest();
        const r = ref.entries().next().value;
        expect(o).toEqual(r);
      }
      expect(f.size).toBe(ref.size);
    }
    expect(f.entries()).toEqual([...ref.entries()]);
  });
  it('evicting the oldest of many is fast after many out-of-order deletions', () => {
    const f = createFifoMap<number, number>();
    for (let i = 0; i < 200_000; i++) f.set(i, i);
    for (let i = 1; i < 200_000; i += 2) f.delete(i);
    const t = performance.now();
    for (let i = 0; i < 100_000; i++) {
      const o = f.oldest()!;
      f.delete(o[0]);
      f.set(1_000_000 + i, i);
    }
    expect(performance.now() - t).toBeLessThan(2000);
    expect(f.size).toBe(100_000);
  });
});
