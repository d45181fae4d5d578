import { describe, expect, it } from 'vitest';
import { createRecentSets } from './recent-sets.js';

const key = (r: ReturnType<typeof createRecentSets>, id: number) => r.key.set([1, 2, 3, 4, 5, 6, 7, 8, id]);

describe('recent fragment sets', () => {
  it('finds what it remembers, forgets the oldest when full, and expires by capture time', () => {
    const r = createRecentSets(3);
    for (let id = 1; id <= 4; id++) {
      key(r, id);
      r.remember(id, 100 + id, [id * 10, id * 10 + 1], [{ offset: 0, length: 1448, hash: id }]);
    }
    key(r, 1);
    expect(r.find()).toBe(-1);
    key(r, 4);
    const s = r.find();
    expect([r.time(s), r.hash(s), r.frames(s)]).toEqual([4, 104, [40, 41]]);
    expect(r.hasPiece(s, 0, 1448, 4)).toBe(true);
    expect(r.hasPiece(s, 0, 1448, 5)).toBe(false);
    r.expire(62.5, 60); // 62.5 − 2 > 60: gone; 62.5 − 3 < 60: kept
    key(r, 2);
    expect(r.find()).toBe(-1);
    key(r, 3);
    expect(r.find()).toBeGreaterThanOrEqual(0);
  });

  it('a key remembered again keeps its newer entry when the older slot is recycled', () => {
    const r = createRecentSets(2);
    key(r, 7);
    r.remember(1, 1, [1], []);
    key(r, 7);
    r.remember(2, 2, [2], []);
    key(r, 8);
    r.remember(3, 3, [3], []); // recycles the first slot (the stale entry for 7)
    key(r, 7);
    const s = r.find();
    expect(s).toBeGreaterThanOrEqual(0);
    expect(r.frames(s)).toEqual([2]);
  });

  it('keeps no hash when the set had none', () => {
    const r = createRecentSets(2);
    key(r, 1);
    r.remember(1, undefined, [1], []);
    key(r, 1);
    expect(r.hash(r.find())).toBeUndefined();
  });
});
