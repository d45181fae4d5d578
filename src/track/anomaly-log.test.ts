import { describe, expect, it } from 'vitest';
import { createAnomalyLog } from './anomaly-log.js';
import { keepFrame } from '../model/anomaly-frames.js';

describe('anomaly log', () => {
  it('keeps the ten smallest frames in order whatever order they come in', () => {
    const frames: number[] = [];
    for (const f of [50, 3, 40, 12, 99, 1, 7, 30, 8, 60, 2, 45, 100]) keepFrame(frames, f);
    expect(frames).toEqual([1, 2, 3, 7, 8, 12, 30, 40, 45, 50]);
  });
  it('counts every anomaly and lists its first frames', () => {
    const log = createAnomalyLog();
    for (let f = 30; f > 0; f--) log.add(0, 'ipv6.frag.overlap', f);
    const [s] = log.summaries();
    expect(s?.count).toBe(30);
    expect(s?.frames).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(log.total()).toBe(30);
  });
});
