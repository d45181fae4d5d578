import { describe, expect, it } from 'vitest';
import { prng } from '../../bench/fuzz-mutate.js';
import { kthSmallest } from './select.js';

describe('kthSmallest', () => {
  it('agrees with a sort on random, sorted, reversed and constant inputs', () => {
    const rnd = prng(6333);
    const shapes: ((i: number, n: number) => number)[] = [
      () => Math.floor(rnd() * 50),
      () => rnd(),
      (i) => i,
      (i, n) => n - i,
      () => 7,
      (i) => (i % 2 ? 1 : 2),
      (i) => (i % 16) * 8 + (i >> 4),
    ];
    for (const shape of shapes) {
      for (const n of [1, 2, 3, 10, 101, 1000]) {
        const values = Float64Array.from({ length: n }, (_x, i) => shape(i, n));
        const sorted = Float64Array.from(values).sort();
        for (const k of new Set([0, 1, n >> 1, n - 2, n - 1].filter((x) => x >= 0 && x < n))) {
          expect(kthSmallest(Float64Array.from(values), n, k)).toBe(sorted[k]);
        }
      }
    }
  });

  it('looks only at the first n values', () => {
    expect(kthSmallest(Float64Array.from([5, 4, 3, -100, -200]), 3, 0)).toBe(3);
  });

  it('refuses k outside the range', () => {
    expect(() => kthSmallest(new Float64Array(3), 3, 3)).toThrow(RangeError);
  });
});
