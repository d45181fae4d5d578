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
export const DEFAULT_MEMORY_MB = 256;
/** Below this the runtime alone leaves too little for useful tables. */
export const MIN_MEMORY_MB = 192;

export interface TableLimits {
  /** Softwires per capture. */
  readonly maxSoftwires: number;
  /** Inner flows held at once. */
  readonly maxFlows: number;
  /** NAT bindings held at once (two-point checks). */
  readonly maxBindings: number;
  /** Fragment sets in flight, per reassembler. */
  readonly maxFragmentSets: number;
  /** Fragment bytes held, per reassembler. */
  readonly maxFragmentBytes: number;
}

/** The tables' sizes at the default budget: the trackers' defaults (they import these), the help text and the docs read them here. */
export const DEFAULT_TABLES: TableLimits = {
  maxSoftwires: 8_192,
  maxFlows: 200_000,
  maxBindings: 200_000,
  maxFragmentSets: 8_192,
  maxFragmentBytes: 32 << 20,
};

const FLOORS: TableLimits = {
  maxSoftwires: 16,
  maxFlows: 1_000,
  maxBindings: 1_000,
  maxFragmentSets: 64,
  maxFragmentBytes: 1 << 20,
};

export function tableLimits(memoryMb: number): TableLimits {
  const share =
    memoryMb <= DEFAULT_MEMORY_MB
      ? (memoryMb - 100) / (DEFAULT_MEMORY_MB - 100)
      : 1 + (memoryMb - DEFAULT_MEMORY_MB) / 100;
  const scaled = (k: keyof TableLimits): number => Math.max(FLOORS[k], Math.floor(DEFAULT_TABLES[k] * share));
  return {
    maxSoftwires: scaled('maxSoftwires'),
    maxFlows: scaled('maxFlows'),
    maxBindings: scaled('maxBindings'),
    maxFragmentSets: scaled('maxFragmentSets'),
    maxFragmentBytes: scaled('maxFragmentBytes'),
  };
}
