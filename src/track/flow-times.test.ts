import { describe, expect, it } from 'vitest';
import { createFlowTimes } from './flow-times.js';

describe('flow times', () => {
  it('answers the last time set for a flow, and undefined for a flow never set', () => {
    const t = createFlowTimes(16);
    expect(t.get(7)).toBeUndefined();
    t.set(7, 1.5);
    t.set(0, 2);
    t.set(0x3fffffff, 3);
    t.set(7, 4.25);
    expect([t.get(7), t.get(0), t.get(0x3fffffff), t.get(8)]).toEqual([4.25, 2, 3, undefined]);
    expect(t.size).toBe(3);
  });

  it('agrees with a Map over many flows that share probe runs', () => {
    const t = createFlowTimes(4096);
    const m = new Map<number, number>();
    // Flows in one small range and far apart: neighbours in the table as well as spread.
    for (let i = 0; i < 3000; i++) {
      const flow = i % 2 ? i : (i * 2654435761) & 0x3fffffff;
      t.set(flow, i);
      m.set(flow, i);
    }
    for (const [flow, time] of m) expect(t.get(flow)).toBe(time);
    expect(t.size).toBe(m.size);
  });

  it('starts again empty when a new flow comes past the bound, keeping that flow', () => {
    const t = createFlowTimes(4);
    for (let f = 1; f <= 4; f++) t.set(f, f);
    t.set(2, 20);
    expect(t.size).toBe(4);
    t.set(5, 50);
    expect([t.get(1), t.get(2), t.get(4), t.get(5)]).toEqual([undefined, undefined, undefined, 50]);
    expect(t.size).toBe(1);
  });
});
