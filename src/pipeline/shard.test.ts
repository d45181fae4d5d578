import { describe, expect, it } from 'vitest';
import { type Ip6Key, parseIp6 } from '../codec/addr.js';
import { parseShard, shardText } from '../config/shard.js';
import { shardOfPair } from './shard.js';

const addr = (s: string): Ip6Key => parseIp6(s)!;

describe('shards', () => {
  it('reads I/N from 1, and refuses anything else in one line', () => {
    expect(parseShard('2/5')).toEqual({ index: 1, count: 5 });
    expect(shardText(parseShard(' 1/1 '))).toBe('1/1');
    for (const bad of ['0/2', '3/2', '1/0', '2', '1/2/3', 'a/b', '-1/2', '1/5000'])
      expect(() => parseShard(bad)).toThrow(/give I\/N with 1 ≤ I ≤ N ≤ 4096/);
  });
  it('puts a softwire in one shard whichever end is taken for the B4', () => {
    const aftr = addr('2001:db8:ffff::1');
    for (let i = 0; i < 200; i++) {
      const b4 = addr(`2001:db8:${i.toString(16)}::2`);
      for (const n of [2, 3, 5, 64]) expect(shardOfPair(b4, aftr, n)).toBe(shardOfPair(aftr, b4, n));
    }
  });
  it('spreads 1,000 B4s of one AFTR over the shards', () => {
    const aftr = addr('2001:db8:ffff::1');
    for (const n of [2, 5, 16]) {
      const count = new Array<number>(n).fill(0);
      for (let i = 0; i < 1000; i++) count[shardOfPair(addr(`2001:db8:1000:${i.toString(16)}::2`), aftr, n)]!++;
      for (const c of count) expect(c).toBeGreaterThan((1000 / n) * 0.7);
    }
    expect(shardOfPair(aftr, aftr, 1)).toBe(0);
  });
});
