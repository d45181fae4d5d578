import { describe, expect, it } from 'vitest';
import { createMatcher, type DiffSide } from './match.js';
import type { DiffUnit } from './units.js';
import type { Ip6Key } from '../codec/addr.js';

const unit = (seq: number, id: number, hash = id): DiffUnit => ({
  seq,
  frames: [seq + 1],
  outerSrc: 'a' as Ip6Key,
  outerDst: 'b' as Ip6Key,
  src: 1,
  dst: 2,
  protocol: 17,
  id,
  srcPort: 1000,
  dstPort: 53,
  totalLength: 100,
  tos: 0,
  ttl: 63,
  df: false,
  checksumOk: true,
  hash,
  innerPieces: undefined,
  outer: [],
  gap: undefined,
});

function run(window: number, script: [DiffSide, number][]): string[] {
  const log: string[] = [];
  const seq = [0, 0];
  const m = createMatcher({
    window,
    onPair: (e, a) => log.push(`pair ${e.id}/${a.id}`),
    onUnmatched: (side, u) => log.push(`${side === 0 ? 'missing' : 'unexpected'} ${u.id}`),
  });
  for (const [side, id] of script) m.add(side, unit(seq[side]!++, id));
  m.finish();
  return log;
}

describe('diff matcher', () => {
  it('pairs by identity in any order within the window', () => {
    expect(
      run(4, [
        [0, 1],
        [0, 2],
        [1, 2],
        [1, 1],
      ]),
    ).toEqual(['pair 2/2', 'pair 1/1']);
  });
  it('declares a waiting datagram unmatched once the other side has moved the window on, not before', () => {
    // Expected 1 waits; the actual side moves on by 2 datagrams (window 2): 1 is missing before actual's 1 arrives late.
    expect(
      run(2, [
        [0, 1],
        [1, 5],
        [1, 6],
        [1, 1],
      ]),
    ).toEqual(['missing 1', 'unexpected 5', 'unexpected 6', 'unexpected 1']);
    expect(
      run(3, [
        [0, 1],
        [1, 5],
        [1, 6],
        [1, 1],
      ]),
    ).toEqual(['pair 1/1', 'unexpected 5', 'unexpected 6']);
  });
  it('prefers the candidate with the same data among several of one identity', () => {
    const log: string[] = [];
    const m = createMatcher({
      window: 8,
      onPair: (e, a) => log.push(`${e.hash}/${a.hash}`),
      onUnmatched: (s, u) => log.push(`un ${s} ${u.hash}`),
    });
    m.add(1, unit(0, 7, 100));
    m.add(1, unit(1, 7, 200));
    m.add(0, unit(0, 7, 200));
    m.finish();
    expect(log).toEqual(['200/200', 'un 1 100']);
  });
  it('balances the paced reader by matched progress', () => {
    const m = createMatcher({ window: 1, onPair: () => {}, onUnmatched: () => {} });
    m.add(0, unit(0, 1));
    m.add(1, unit(0, 9));
    m.add(1, unit(1, 8));
    expect([m.progress(0), m.progress(1)]).toEqual([0, 2]);
  });
});
