import type { Settings } from '../config/settings.js';
import type { ReportParts } from '../report/build.js';
import { type ShardState, STATE_FORMAT, STATE_VERSION, type StateScope } from '../model/shard-state.js';
import { VERSION } from '../version.js';
import type { Run } from '../pipeline/run.js';

/** Sets and maps as sorted lists: the run's text must not depend on insertion order. */
function plain(_key: string, v: unknown): unknown {
  if (v instanceof Set) return [...(v as Set<unknown>)].map(String).sort();
  if (v instanceof Map) return [...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x]).sort();
  return v;
}

/**
 * The inputs and the settings that decide verdicts, as one text: every shard of one run gives
 * the same, and merge refuses states whose texts differ (another capture, another --mtu).
 */
export function runText(s: Settings, names: readonly string[]): string {
  const { shard: _shard, baseline: _baseline, rules, ...rest } = s;
  return JSON.stringify({ inputs: names, rules: rules.map((r) => r.meta.id), settings: rest }, plain);
}

/** A shard's partial state from its finished run (tunnel captures only: settings refuse --shard with a side capture). */
export function shardState(
  run: Run,
  s: Settings,
  parts: ReportParts,
  scope: StateScope,
  names: readonly string[],
): ShardState {
  const { state } = run;
  const engine = state.engine;
  const listensTo: Record<string, readonly string[]> = {};
  for (const r of s.rules) {
    const types = engine.listensTo(r.meta.id);
    if (types) listensTo[r.meta.id] = types;
  }
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    tool: VERSION,
    shard: { index: s.shard.index, count: s.shard.count },
    run: runText(s, names),
    inputs: parts.inputs,
    softwires: parts.softwires,
    flows: state.flows.map((flow, i) => ({ flow, order: state.flowOrder[i]! })),
    anomalies: parts.anomalies,
    anomalyTotal: parts.anomalyTotal,
    findings: parts.findings,
    suppressed: parts.suppressed,
    maxFindingsPerRule: s.maxFindingsPerRule,
    maxFlows: s.tables.maxFlows,
    seen: parts.inputs.map((_, i) => engine.seen(i)),
    listensTo,
    severity: s.severity,
    categories: parts.categories,
    warnings: parts.warnings,
    aftrs: [...parts.aftrs],
    b4s: [...state.b4s].sort(),
    totals: parts.totals,
    sizes: parts.sizes,
    gate: parts.gate,
    dfProfile: parts.dfProfile,
    top: parts.top,
    scope: { b4: scope.b4, rules: scope.rules ?? null },
  };
}
