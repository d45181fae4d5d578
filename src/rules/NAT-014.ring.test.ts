import { describe, expect, it } from 'vitest';
import type { Ip6Key } from '../codec/addr.js';
import { ip6KeyOf } from '../codec/ipv6.js';
import type { PairEvent } from '../track/events.js';
import { DEFAULT_RULE_CONFIG, type ReportDescriptor, type RuleContext } from './types.js';
import { rule } from './NAT-014.js';

// NAT-014's memory of the last use of each (source, destination, protocol, ID) is a ring with
// an index; driven directly with many more keys than it holds (65,536), its findings must equal
// those of a plain insertion-ordered map that forgets its oldest entry.
const HELD = 1 << 16;
const LIFETIME = 120;

function context(found: ReportDescriptor[]): RuleContext {
  return {
    report: (d) => found.push(d),
    suppress: () => undefined,
    atLimit: () => false,
    config: DEFAULT_RULE_CONFIG,
    options: {},
    coverage: () => {
      throw new Error('not used');
    },
  };
}

interface Use {
  readonly src: number;
  readonly dst: number;
  readonly id: number;
  readonly b4: number;
  readonly time: number;
}

function event(u: Use, frame: number, b4s: readonly Ip6Key[]): PairEvent {
  const other = {
    side: 'internet',
    input: 1,
    time: u.time,
    frames: [frame],
    src: u.src,
    dst: u.dst,
    protocol: 17,
    id: u.id,
    df: false,
    srcPort: 1024,
    dstPort: 53,
    totalLength: 60,
    fragments: undefined,
  };
  const tunnel = { ...other, side: 'tunnel', input: 0, src: 0xc0a80102, softwire: { b4: b4s[u.b4]! } };
  return { type: 'pair', side: 'internet', dir: 'up', tunnel, other, ambiguous: false } as unknown as PairEvent;
}

/** What the rule must find: the frames of each repeat, by the map model. */
function expected(uses: readonly Use[]): number[][] {
  const last = new Map<string, { time: number; b4: number; frame: number }>();
  const reported = new Set<string>();
  const out: number[][] = [];
  uses.forEach((u, frame) => {
    const k = `${u.src}|${u.dst}|${u.id}`;
    const prev = last.get(k);
    if (prev && prev.b4 !== u.b4 && u.time - prev.time < LIFETIME && !reported.has(`${k}|${u.b4}`)) {
      reported.add(`${k}|${u.b4}`);
      out.push([prev.frame, frame]);
    }
    last.delete(k);
    last.set(k, { time: u.time, b4: u.b4, frame });
    if (last.size > HELD) last.delete(last.keys().next().value!);
  });
  return out;
}

function found(uses: readonly Use[]): number[][] {
  const b4s = [1, 2, 3].map((n) => ip6KeyOf(0x20010db8, n, 0, 2));
  const out: ReportDescriptor[] = [];
  const pair = rule.create(context(out)).pair!;
  uses.forEach((u, frame) => pair(event(u, frame, b4s)));
  return out.map((d) => d.related![0]!.frames.slice());
}

/**
 * A deterministic stream: `n` uses 1 ms apart, half over a few hot keys and half over `keys`
 * others; each key mostly used by one of three subscribers, one use in 50 by another (a finding
 * to word is the slow part of a run).
 */
function stream(n: number, keys: number, seed: number): Use[] {
  let x = seed;
  // The high bits of a 32-bit LCG: its low bits repeat with short periods.
  const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8;
  const HOT = 2_000;
  return Array.from({ length: n }, (_, i) => {
    const k = i % 2 ? next() % HOT : HOT + (next() % keys);
    const b4 = next() % 50 === 0 ? (k + 1 + (next() % 2)) % 3 : k % 3;
    return { src: 0xcb007101, dst: 0xc6336400 + (k >>> 16), id: k & 0xffff, b4, time: i / 1000 };
  });
}

describe('NAT-014 remembers the last use of each ID', () => {
  it('as a map would, with far more IDs than it holds (evicting and compacting)', () => {
    const uses = stream(400_000, 150_000, 7);
    const want = expected(uses);
    expect(want.length).toBeGreaterThan(500);
    expect(found(uses)).toEqual(want);
  });

  it('as a map would, with few IDs reused over and over (dead slots only)', () => {
    const uses = stream(300_000, 5_000, 11);
    expect(found(uses)).toEqual(expected(uses));
  });

  it('forgets a use older than the 120 s lifetime', () => {
    const uses: Use[] = [
      { src: 1, dst: 2, id: 3, b4: 0, time: 0 },
      { src: 1, dst: 2, id: 3, b4: 1, time: 121 },
      { src: 1, dst: 2, id: 3, b4: 2, time: 122 },
    ];
    expect(found(uses)).toEqual([[1, 2]]);
  });
});
