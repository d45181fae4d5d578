import type { AnomalySummary, Finding, FlowSummary, Report } from '../model/report.js';
import { keepFirst } from '../model/finding-order.js';
import type { ShardState } from '../model/shard-state.js';
import { ConfigError } from '../config/error.js';
import { shardText } from '../config/shard.js';
import { RULES } from '../rules/index.js';
import { ruleResults } from '../rules/coverage.js';
import { keepFrame } from '../model/anomaly-frames.js';
import { buildReport } from '../report/build.js';
import type { Gate } from '../report/merge.js';

/** Event types dispatched once per input whatever the shard: counted once, not once per shard. */
const ONCE_PER_INPUT = new Set(['input-end', 'correlation-end']);

/** Names a state by its file for the messages below. */
export interface NamedState {
  readonly name: string;
  readonly state: ShardState;
}

/** The shards must be one run's, each once: the same tool, inputs and settings, every index from 1 to N. */
function checkShards(states: readonly NamedState[]): readonly ShardState[] {
  const first = states[0]!.state;
  const count = first.shard.count;
  const byIndex: (NamedState | undefined)[] = [];
  for (const x of states) {
    const s = x.state;
    const differ = (what: string): never => {
      throw new ConfigError(`${x.name}: not a shard of the run ${states[0]!.name} is from (${what})`);
    };
    if (s.tool !== first.tool) differ(`written by dslite-check ${s.tool}, not ${first.tool}`);
    if (s.shard.count !== count) differ(`one of ${s.shard.count} shards, not ${count}`);
    if (s.shard.index >= count)
      throw new ConfigError(
        `${x.name}: shard ${s.shard.index + 1} of ${count} is no shard of ${count}: a damaged state`,
      );
    if (s.run !== first.run) differ('other captures or settings');
    // The same paths may hold other bytes (a file rotated over between the shards' runs).
    if (JSON.stringify(s.inputs) !== JSON.stringify(first.inputs)) differ('the captures hold other frames');
    const twin = byIndex[s.shard.index];
    if (twin) throw new ConfigError(`${x.name}: shard ${shardText(s.shard)} is also given as ${twin.name}`);
    byIndex[s.shard.index] = x;
  }
  const missing: number[] = [];
  for (let i = 0; i < count; i++) if (!byIndex[i]) missing.push(i + 1);
  if (missing.length)
    throw new ConfigError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing: a merge needs every shard's state`,
    );
  return byIndex.map((x) => x!.state);
}

const sum = (into: Record<string, number>, from: Readonly<Record<string, number>>): void => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

/** Each rule's findings cut to the limit, those that sort first kept (as the rules' engine keeps them). */
function keptFindings(states: readonly ShardState[], suppressed: Record<string, number>): Finding[] {
  const max = states[0]!.maxFindingsPerRule;
  const byRule = new Map<string, Finding[]>();
  for (const s of states)
    for (const f of s.findings) {
      let list = byRule.get(f.rule);
      if (!list) byRule.set(f.rule, (list = []));
      list.push(f);
    }
  const out: Finding[] = [];
  for (const [rule, list] of byRule) {
    const dropped = keepFirst(list, max);
    if (dropped) suppressed[rule] = (suppressed[rule] ?? 0) + dropped;
    out.push(...list);
  }
  return out;
}

/** Each input's `top` largest flows, equal sizes in the order one run gives them. */
function largestFlows(states: readonly ShardState[], top: number): FlowSummary[] {
  const all = states.flatMap((s) => s.flows);
  const bytes = (f: FlowSummary): number => f.up.bytes + f.down.bytes;
  all.sort((a, b) => {
    const d = a.flow.input - b.flow.input || bytes(b.flow) - bytes(a.flow);
    if (d) return d;
    for (let i = 0; i < a.order.length; i++) if (a.order[i] !== b.order[i]) return a.order[i]! - b.order[i]!;
    return 0;
  });
  const perInput = new Map<number, number>();
  const out: FlowSummary[] = [];
  for (const { flow } of all) {
    const n = perInput.get(flow.input) ?? 0;
    if (n >= top) continue;
    perInput.set(flow.input, n + 1);
    out.push(flow);
  }
  return out;
}

/** Anomalies by (input, ID): counts added, the smallest frames kept (as the anomaly log keeps them). */
function anomalies(states: readonly ShardState[]): AnomalySummary[] {
  const by = new Map<string, AnomalySummary & { frames: number[] }>();
  for (const s of states)
    for (const a of s.anomalies) {
      const key = `${a.input}\u0000${a.id}`;
      const had = by.get(key);
      if (!had) {
        by.set(key, { ...a, frames: [...a.frames] });
        continue;
      }
      const frames = had.frames;
      for (const f of a.frames) keepFrame(frames, f);
      by.set(key, {
        ...had,
        count: had.count + a.count,
        frames,
        ...(had.detail === undefined && a.detail !== undefined && { detail: a.detail }),
      });
    }
  return [...by.values()].sort((a, b) => a.input - b.input || a.id.localeCompare(b.id));
}

/** Outer sizes: bins added by their start. */
function addedBins(lists: readonly (readonly { from: number; count: number }[])[]): { from: number; count: number }[] {
  const by = new Map<number, number>();
  for (const list of lists) for (const b of list) by.set(b.from, (by.get(b.from) ?? 0) + b.count);
  return [...by].sort((a, b) => a[0] - b[0]).map(([from, count]) => ({ from, count }));
}

/** Reassembly anomalies that say a shard dropped fragment sets at its limit. */
const SET_EVICTED = /^reassembly\.ipv[46]\.evicted$/;

/**
 * Where the merge may differ from one run: shards hold their own softwires' flows and fragment
 * sets, so a bound one run reaches (or a shard reaches) folds away other ones. Said beside the
 * verdict, as one run says what it folded away.
 */
function boundsReached(states: readonly ShardState[]): string[] {
  const out: string[] = [];
  const first = states[0]!;
  const flows = states.reduce((n, s) => n + s.totals.flows, 0);
  const evicted = states.some((s) => s.totals.flowsEvicted > 0);
  if (states.length > 1 && (flows > first.maxFlows || evicted))
    out.push(
      `the ${states.length} shards tracked ${flows} inner flows${evicted ? ' and folded some away' : ''}, against --max-flows ${first.maxFlows} for one run: the flow table and counts may differ from one run's`,
    );
  const sets = states.filter((s) => s.anomalies.some((a) => SET_EVICTED.test(a.id)));
  if (states.length > 1 && sets.length)
    out.push(
      `shard${sets.length > 1 ? 's' : ''} ${sets.map((s) => shardText(s.shard)).join(', ')} evicted fragment sets at the reassembly limit: one run may have evicted others, and its reassembly findings may differ`,
    );
  return out;
}

/**
 * The report of one run from its shards' states: the same, byte for byte, as the run over the
 * whole capture (see pipeline/shard.ts for what each shard holds). The gate may be set again,
 * as `merge` sets it for reports; the scope (--b4, --rule) recorded in the states is returned
 * for the caller to apply after any baseline, as check applies it.
 */
export function mergeStates(given: readonly NamedState[], gate?: Gate): { report: Report; scope: ShardState['scope'] } {
  const states = checkShards(given);
  const first = states[0]!;
  const suppressed: Record<string, number> = {};
  for (const s of states) sum(suppressed, s.suppressed);
  const findings = keptFindings(states, suppressed);
  const seen = first.inputs.map((_, i) => {
    const out: Record<string, number> = {};
    for (const s of states)
      for (const [type, n] of Object.entries(s.seen[i] ?? {}))
        out[type] = ONCE_PER_INPUT.has(type) ? Math.max(out[type] ?? 0, n) : (out[type] ?? 0) + n;
    return out;
  });
  const rules = RULES.filter((r) => r.meta.id in first.severity);
  const categories: Record<string, number> = {};
  for (const s of states) sum(categories, s.categories);
  const b4s = new Set(states.flatMap((s) => s.b4s));
  const sizes = {
    ...first.sizes,
    up: addedBins(states.map((s) => s.sizes.up)),
    down: addedBins(states.map((s) => s.sizes.down)),
  };
  const report = buildReport({
    inputs: first.inputs,
    softwires: states.flatMap((s) => s.softwires),
    flows: largestFlows(states, first.top),
    correlation: [],
    anomalies: anomalies(states),
    anomalyTotal: states.reduce((n, s) => n + s.anomalyTotal, 0),
    findings,
    suppressed,
    rules: ruleResults({
      rules,
      severity: first.severity,
      inputs: first.inputs,
      listensTo: (r) => first.listensTo[r.meta.id] ?? [],
      sides: [],
      seen: (i) => seen[i] ?? {},
      findings,
    }),
    categories,
    warnings: [...first.warnings, ...boundsReached(states)],
    aftrs: new Map(first.aftrs.map(([a, e]) => [a, e])),
    b4s: b4s.size,
    totals: {
      flows: states.reduce((n, s) => n + s.totals.flows, 0),
      flowsEvicted: states.reduce((n, s) => n + s.totals.flowsEvicted, 0),
      softwires: first.totals.softwires,
      softwiresEvicted: first.totals.softwiresEvicted,
    },
    sizes,
    nat: null,
    gate: gate ?? first.gate,
    dfProfile: first.dfProfile,
    top: first.top,
  });
  return { report, scope: first.scope };
}
