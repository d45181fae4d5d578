import type {
  AnomalySummary,
  Finding,
  FlowSummary,
  InputSummary,
  RuleResult,
  Severity,
  SizeHistogram,
  SoftwireSummary,
} from './report.js';

/** What the command line narrowed the report to (--b4, --rule), applied once the shards are merged. */
export interface StateScope {
  readonly b4: readonly string[];
  readonly rules: string | undefined;
}

/** What a state file says it is; a newer layout changes STATE_VERSION and an older merge refuses it. */
export const STATE_FORMAT = 'dslite-check-state';
export const STATE_VERSION = 1;

/**
 * One shard's partial result (`check --shard I/N --format state`): everything the report is
 * made of, before the figures that need every shard (rule outcomes, the kept findings, the
 * largest flows) are decided, so that `merge` gives byte for byte the report of one run.
 * Plain JSON; checked against schema/state.schema.json when read.
 */
export interface ShardState {
  readonly format: typeof STATE_FORMAT;
  readonly version: typeof STATE_VERSION;
  /** The dslite-check version that wrote it: shards of different versions do not merge. */
  readonly tool: string;
  readonly shard: { readonly index: number; readonly count: number };
  /** The inputs and every setting that changes a verdict, as text: shards of different runs do not merge. */
  readonly run: string;
  readonly inputs: readonly InputSummary[];
  readonly softwires: readonly SoftwireSummary[];
  /** Each input's largest flows here, with the key that orders equal sizes as one run does (track/flows.ts bytesOrder). */
  readonly flows: readonly { readonly flow: FlowSummary; readonly order: readonly number[] }[];
  readonly anomalies: readonly AnomalySummary[];
  readonly anomalyTotal: number;
  /** The findings kept here (at most maxFindingsPerRule per rule, those that sort first). */
  readonly findings: readonly Finding[];
  readonly suppressed: Readonly<Record<string, number>>;
  readonly maxFindingsPerRule: number;
  /** Inner flows one run holds (--max-flows): shards that hold more together differ from one run. */
  readonly maxFlows: number;
  /** Events of each type the rules judged here, by input. */
  readonly seen: readonly Readonly<Record<string, number>>[];
  /** Event types each rule listens to (the first shard runs every rule). */
  readonly listensTo: Readonly<Record<string, readonly string[]>>;
  /** Every rule's configured level. */
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
  readonly categories: Readonly<Record<string, number>>;
  readonly warnings: readonly string[];
  readonly aftrs: readonly (readonly [string, string])[];
  readonly b4s: readonly string[];
  readonly totals: { flows: number; flowsEvicted: number; softwires: number; softwiresEvicted: number };
  readonly sizes: SizeHistogram;
  readonly gate: { readonly failOn: Severity | 'never'; readonly maxWarnings: number | null };
  readonly dfProfile: 'rfc6333' | 'rfc2473';
  readonly top: number;
  /** What the command line narrowed the report to (--b4, --rule): applied after the merge. */
  readonly scope: { readonly b4: readonly string[]; readonly rules: string | null };
}

export type { RuleResult };
