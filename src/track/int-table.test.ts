import { describe, expect, it } from 'vitest';
import { createIntTable } from './int-table.js';

describe('IntTable', () => {
  it('agrees with a Map under random inserts, lookups and removals (with growth)', () => {
    const t = createIntTable(3, 4);
    const ref = new Map<string, number>();
    let seed = 7;
    const rnd = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    for (let step = 0; step < 50_000; step++) {
      const k = [rnd(40), rnd(40) - 20, rnd(3) * 0x40000000];
      t.key.set(k);
      const id = k.join(',');
      const op = rnd(3);
      if (op === 0 && !ref.has(id)) {
        t.insert(step);
        ref.set(id, step);
      } else if (op === 1) {
        expect(t.remove()).toBe(ref.get(id) ?? -1);
        ref.delete(id);
      } else expect(t.get()).toBe(ref.get(id) ?? -1);
      expect(t.size).toBe(ref.size);
    }
    for (const [id, v] of ref) {
      t.key.set(id.split(',').map(Number));
      expect(t.get()).toBe(v);
    }
  });
  it('inserts after a missing lookup at its place, and probes again when the table or the key changed between', () => {
    const t = createIntTable(2, 4);
    const ref = new Map<string, number>();
    let seed = 11;
    const rnd = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const keyOf = (): number[] => [rnd(64), rnd(64)];
    for (let step = 0; step < 50_000; step++) {
      let k = keyOf();
      t.key.set(k);
      if (t.get() >= 0) continue;
      const what = rnd(4);
      if (what === 0 && ref.size) {
        // Another key removed between the lookup and the insert (an eviction making room).
        const [other] = [...ref.keys()].slice(rnd(ref.size));
        t.key.set(other!.split(',').map(Number));
        t.remove();
        ref.delete(other!);
        t.key.set(k);
      } else if (what === 1) {
        // The caller inserts another absent key than the one it looked up.
        const other = keyOf();
        if (ref.has(other.join(',')) || other.join(',') === k.join(',')) continue;
        k = other;
        t.key.set(k);
      }
      t.insert(step);
      ref.set(k.join(','), step);
      expect(t.size).toBe(ref.size);
    }
    for (const [id, v] of ref) {
      t.key.set(id.split(',').map(Number));
      expect(t.get()).toBe(v);
    }
    // Every key the table holds is one the reference holds: removing them all empties it.
    for (const id of ref.keys()) {
      t.key.set(id.split(',').map(Number));
      expect(t.remove()).toBe(ref.get(id));
    }
    expect(t.size).toBe(0);
  });

  it('refuses a duplicate insert (a caller bug)', () => {
    const t = createIntTable(1);
    t.key[0] = 5;
    t.insert(1);
    expect(() => t.insert(2)).toThrow(/present/);
  });
});

describe('IntTable.loadKey', () => {
  it('copies a key out of a row of another array', () => {
    const t = createIntTable(2);
    t.key.set([3, 4]);
    t.insert(9);
    t.loadKey(Int32Array.from([0, 0, 3, 4, 0]), 2);
    expect(t.get()).toBe(9);
  });
});
