import type { Settings } from '../config/settings.js';
import type { CorrelationSummary, InputSummary, SoftwireSummary, FlowSummary } from '../model/report.js';
import { createEngine, type Engine } from '../rules/engine.js';
import { type AnomalyLog, createAnomalyLog } from '../track/anomaly-log.js';
import type { TunnelDatagram } from '../track/ip4-datagram.js';
import { ip6ToString } from '../codec/addr.js';
import { CATEGORIES, CATEGORY_INDEX, type StageOptions } from './counters.js';
import type { ReadResult } from '../capture/open.js';
import { flowSummary, inputSummary, softwireSummary } from './summaries.js';
import { flowOrderKey } from '../track/flows.js';
import { SIZE_BINS, type TunnelInput, type TunnelInputOptions } from './tunnel-input.js';

/** What a run gathers while its inputs are read, for the report at the end. */
export interface RunState {
  readonly engine: Engine;
  readonly anomalies: AnomalyLog;
  /** Frames per dissection category, all inputs together (counted by index: ten string keys per frame go megamorphic). */
  readonly categoryCounts: Float64Array;
  readonly warnings: string[];
  readonly inputs: InputSummary[];
  readonly softwires: SoftwireSummary[];
  readonly flows: FlowSummary[];
  /** Beside each flow, the key that orders flows of equal size (track/flows.ts bytesOrder): shards' flows merge in one run's order. */
  readonly flowOrder: number[][];
  readonly correlation: CorrelationSummary[];
  /** Outer sizes, all tunnel captures together (up then down). */
  readonly sizes: Float64Array;
  readonly aftrs: Map<string, string>;
  readonly b4s: Set<string>;
  readonly totals: { flows: number; flowsEvicted: number; softwires: number; softwiresEvicted: number };
}

/** One run's shared state, and the options each input's stages are built with. */
export interface Run {
  readonly state: RunState;
  readonly nameOf: (input: number) => string;
  stage(input: number): StageOptions;
  tunnelOptions(input: number, onDatagram?: (d: TunnelDatagram) => void): TunnelInputOptions;
  /** Adds a finished tunnel input: its summary, softwires, flows and sizes, and the warnings its figures call for. */
  addTunnel(input: number, t: TunnelInput, result: ReadResult): void;
}

export function createRun(s: Settings, nameOf: (input: number) => string): Run {
  const state: RunState = {
    engine: createEngine(s.rules, {
      maxFindingsPerRule: s.maxFindingsPerRule,
      config: s.rule,
      severity: s.severity,
      options: s.ruleOptions,
      captureRules: s.shard.index === 0,
    }),
    anomalies: createAnomalyLog(),
    categoryCounts: new Float64Array(CATEGORIES.length),
    warnings: [],
    inputs: [],
    softwires: [],
    flows: [],
    flowOrder: [],
    correlation: [],
    sizes: new Float64Array(2 * SIZE_BINS),
    aftrs: new Map(),
    b4s: new Set(),
    totals: { flows: 0, flowsEvicted: 0, softwires: 0, softwiresEvicted: 0 },
  };
  const stage = (input: number): StageOptions => ({
    input,
    name: nameOf(input),
    sink: state.engine,
    anomalies: state.anomalies,
    categoryCounts: state.categoryCounts,
    categoryIndex: CATEGORY_INDEX,
    limits: s.reassembly,
    overlap: s.innerOverlap,
    warnings: state.warnings,
  });
  return {
    state,
    nameOf,
    stage,
    tunnelOptions: (input, onDatagram) => ({
      ...stage(input),
      configured: s.aftrs,
      b4Prefixes: s.b4Prefixes,
      maxSoftwires: s.tables.maxSoftwires,
      maxFlows: s.tables.maxFlows,
      top: s.top,
      shard: s.shard,
      ...(onDatagram && { onDatagram }),
    }),
    addTunnel(input, t, result) {
      addTunnel(state, s, nameOf(input), input, t);
      state.inputs.push(
        inputSummary({
          name: nameOf(input),
          role: 'tunnel',
          counters: t.counters,
          result,
          mtu: { learner: t.linkMtu, configured: s.rule.mtu },
        }),
      );
    },
  };
}

function addTunnel(state: RunState, s: Settings, name: string, input: number, t: TunnelInput): void {
  for (let i = 0; i < state.sizes.length; i++) state.sizes[i]! += t.sizes[i]!;
  for (const sw of t.tracker.all()) {
    if (!t.owns(sw)) continue;
    state.softwires.push(softwireSummary(input, sw, t.tracker.seen(sw)));
    state.b4s.add(ip6ToString(sw.b4));
  }
  for (const [a, ev] of t.tracker.aftrs()) if (!state.aftrs.has(ip6ToString(a))) state.aftrs.set(ip6ToString(a), ev);
  for (const f of t.flows.largest()) {
    state.flows.push(flowSummary(input, f));
    state.flowOrder.push(flowOrderKey(f));
  }
  state.totals.flows += t.flows.stats.total;
  state.totals.flowsEvicted += t.flows.stats.evicted;
  state.totals.softwires += t.tracker.stats.total;
  state.totals.softwiresEvicted += t.tracker.stats.evicted;
  // Said in every format whatever CAP-001's level: a check of nothing must not read as a pass.
  if (t.tracker.stats.total === 0)
    state.warnings.push(
      `${name}: no DS-Lite traffic (IPv6 carrying IPv4) in ${t.counters.frames} frames: the verdict says nothing about the device (CAP-001)`,
    );
  if (t.tracker.stats.evicted)
    state.warnings.push(
      `${name}: ${t.tracker.stats.evicted} of ${t.tracker.stats.total} softwires were folded away, least recently seen first, to stay under --max-softwires ${s.tables.maxSoftwires}: they are not listed and their counts are gone`,
    );
}
