import type { Finding } from './report.js';

/** Frames in order, then the rest of the finding as text: only findings alike in every field tie. */
function tieOrder(a: Finding, b: Finding): number {
  const n = Math.min(a.frames.length, b.frames.length);
  for (let i = 1; i < n; i++) if (a.frames[i] !== b.frames[i]) return a.frames[i]! - b.frames[i]!;
  if (a.frames.length !== b.frames.length) return a.frames.length - b.frames.length;
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * How findings are ordered in every report: by capture, first frame, rule, message, and then
 * everything else, so the order never depends on the order they were found in (a shard's
 * findings merged with the others' sort as one run's do).
 */
export const findingOrder = (a: Finding, b: Finding): number =>
  a.input - b.input ||
  (a.frames[0] ?? 0) - (b.frames[0] ?? 0) ||
  a.rule.localeCompare(b.rule) ||
  a.message.localeCompare(b.message) ||
  tieOrder(a, b);

/**
 * Cuts one rule's findings to the `max` that sort first (sorting them when there are more);
 * returns how many it dropped. The engine keeps a rule's findings so, and a merge of shards cuts
 * their union the same way: the kept ones are the same whatever order they were found in.
 */
export function keepFirst(list: Finding[], max: number): number {
  if (list.length <= max) return 0;
  list.sort(findingOrder);
  const dropped = list.length - max;
  list.length = max;
  return dropped;
}

/** Counts by rule ID in ID order: the order they were counted in follows the packets' verdicts, which shards split. */
export const byRule = (counts: Readonly<Record<string, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
