import { DEFAULT_TABLES, DEFAULTS, type TableLimits } from './defaults.js';

/**
 * The state tables sized from one memory budget (`--memory`, MB). Under the default, 256 MB,
 * they have the sizes the adversarial benchmark was measured with (npm run bench:adversarial:
 * one million B4s, flows or fragment sets, each under 256 MB peak RSS); another budget scales
 * every table. The scale is fitted to the worst of those captures, the flood of B4s: below
 * 256 MB a share of default-sized tables is (budget − 100) / 156, and above it each further
 * 100 MB adds one (its peak RSS grew about 70 MB per share), so that peak RSS stays under the
 * budget with a margin (measured, highest of several runs: 192 → 155 MB, 256 → 224 MB, 512 → 372 MB, 1024 → 601 MB).
 * Limits given one by one win.
 */
const FLOORS: TableLimits = {
  maxSoftwires: 16,
  maxFlows: 1_000,
  maxBindings: 1_000,
  maxFragmentSets: 64,
  maxFragmentBytes: 1 << 20,
};

export function tableLimits(memoryMb: number): TableLimits {
  const base = DEFAULTS.memory;
  const share = memoryMb <= base ? (memoryMb - 100) / (base - 100) : 1 + (memoryMb - base) / 100;
  const scaled = (k: keyof TableLimits): number => Math.max(FLOORS[k], Math.floor(DEFAULT_TABLES[k] * share));
  return {
    maxSoftwires: scaled('maxSoftwires'),
    maxFlows: scaled('maxFlows'),
    maxBindings: scaled('maxBindings'),
    maxFragmentSets: scaled('maxFragmentSets'),
    maxFragmentBytes: scaled('maxFragmentBytes'),
  };
}
