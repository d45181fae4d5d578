import type { Softwire } from '../track/softwires.js';
import type { SoftwirePacketEvent } from '../track/events.js';

/** What one softwire direction showed: packets judged, and the (inner, outer) code points that broke the rule. */
export interface PairTally {
  readonly softwire: Softwire;
  readonly dir: 'up' | 'down';
  readonly judged: number;
  readonly broken: number;
  /** inner << 8 | outer → packets, for the pairs that broke the rule. */
  readonly pairs: ReadonlyMap<number, number>;
  readonly frames: readonly number[];
  /** Packets per mode, for rules that tell modes apart (ECN: copied, reset). */
  readonly modes: readonly number[];
}

const FRAMES = 5;

/**
 * Per softwire direction, a count of the packets a traffic-class rule judged and a record of
 * the ones that broke it (QOS-001, QOS-003). Counts live in typed rows indexed by softwire slot,
 * like the other per-packet rules; only a breaking packet makes an object.
 */
export function createPairTally(modeCount = 0): {
  note(e: SoftwirePacketEvent, broke: boolean, inner: number, outer: number, mode?: number): void;
  results(softwires: readonly Softwire[]): PairTally[];
} {
  const W = 2 + modeCount; // owner id + 1, judged, modes…
  let rows = new Int32Array(1024 * W);
  let broken = new Map<number, { owner: number; count: number; pairs: Map<number, number>; frames: number[] }>();
  const rowOf = (slot: number, dir: 'up' | 'down'): number => slot * 2 + (dir === 'up' ? 0 : 1);
  return {
    note(e, broke, inner, outer, mode) {
      const row = rowOf(e.softwire.slot, e.dir);
      const r = row * W;
      if (r + W > rows.length) {
        const bigger = new Int32Array(Math.max(rows.length * 2, r + W));
        bigger.set(rows);
        rows = bigger;
      }
      if (rows[r] !== e.softwire.id + 1) {
        rows.fill(0, r, r + W);
        rows[r] = e.softwire.id + 1;
        broken.delete(row);
      }
      rows[r + 1]!++;
      if (mode !== undefined) rows[r + 2 + mode]!++;
      if (!broke) return;
      let b = broken.get(row);
      if (!b) broken.set(row, (b = { owner: e.softwire.id, count: 0, pairs: new Map(), frames: [] }));
      b.count++;
      const key = (inner << 8) | outer;
      b.pairs.set(key, (b.pairs.get(key) ?? 0) + 1);
      if (b.frames.length < FRAMES) b.frames.push(e.meta.frame);
    },
    results(softwires) {
      const out: PairTally[] = [];
      for (const sw of softwires)
        for (const dir of ['up', 'down'] as const) {
          const row = rowOf(sw.slot, dir);
          const r = row * W;
          if (r + W > rows.length || rows[r] !== sw.id + 1) continue;
          const b = broken.get(row);
          out.push({
            softwire: sw,
            dir,
            judged: rows[r + 1]!,
            broken: b?.count ?? 0,
            pairs: b?.pairs ?? new Map(),
            frames: b?.frames ?? [],
            modes: [...rows.subarray(r + 2, r + W)],
          });
        }
      rows = new Int32Array(1024 * W);
      broken = new Map();
      return out;
    },
  };
}

/** "46 → 0 (12), 10 → 0 (3)": the pairs seen, commonest first, with `name` for a code point. */
export function pairText(pairs: ReadonlyMap<number, number>, name: (v: number) => string): string {
  return [...pairs]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 6)
    .map(([k, n]) => `${name(k >> 8)} → ${name(k & 0xff)} (${n})`)
    .join(', ');
}
