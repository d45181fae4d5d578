import { type CaptureSource, readCapture, sourceName } from './capture/open.js';
import { ringForm } from './capture/ring-names.js';
import { type CaptureSequence, inCaptureOrder, isSequence } from './capture/sequence.js';
import { ConfigError } from './config/error.js';
import { type CheckOptions, resolveSettings, type Settings, type SideCapture } from './config/settings.js';
import { buildReport, type ReportParts } from './report/build.js';
import { withBaseline } from './report/merge.js';
import type { Report } from './model/report.js';
import { ruleResults } from './rules/coverage.js';
import { CATEGORIES } from './pipeline/counters.js';
import { readCorrelated } from './pipeline/read-correlated.js';
import { readTunnel } from './pipeline/read-tunnel.js';
import { createRun, type Run } from './pipeline/run.js';
import { sizeBins } from './pipeline/summaries.js';
import { SIZE_BIN, SIZE_BINS } from './pipeline/tunnel-input.js';
import { natSummary } from './track/nat-summary.js';
import { shardState } from './shards/state.js';
import type { ShardState, StateScope } from './model/shard-state.js';
import type { NatTable } from './track/nat.js';

export { ConfigError, type CheckOptions, type SideCapture };
export { timeText } from './pipeline/summaries.js';

/** The inputs' display names: the paths (with any interface selection), unless names were given. */
function inputNames(paths: readonly CaptureSource[], s: Settings): (input: number) => string {
  const withIf = (path: CaptureSource, ifs: readonly string[] | undefined): string =>
    ifs ? `${sourceName(path)} [${ifs.join(', ')}]` : sourceName(path);
  const names = [
    ...paths.map((p) => withIf(p, s.tunnelInterfaces)),
    ...s.sides.map(({ capture }) => withIf(capture.path, capture.interfaces)),
  ];
  return (i) => s.names?.[i] ?? names[i]!;
}

/** What a finished run hands to the report: its gathered state, the rules' findings and outcomes, the NAT table. */
function reportParts(run: Run, s: Settings, nat: NatTable | undefined): ReportParts {
  const { state } = run;
  const engine = state.engine;
  return {
    inputs: state.inputs,
    softwires: state.softwires,
    flows: state.flows,
    correlation: state.correlation,
    anomalies: state.anomalies.summaries(),
    anomalyTotal: state.anomalies.total(),
    findings: engine.findings(),
    suppressed: engine.suppressed(),
    rules: ruleResults({
      rules: s.rules,
      severity: s.severity,
      inputs: state.inputs,
      listensTo: (r) => engine.listensTo(r.meta.id) ?? [],
      sides: s.rule.sides,
      seen: engine.seen,
      findings: engine.findings(),
    }),
    categories: Object.fromEntries(CATEGORIES.map((c, i) => [c, state.categoryCounts[i]!])),
    warnings: state.warnings,
    aftrs: state.aftrs,
    b4s: state.b4s.size,
    totals: state.totals,
    sizes: {
      binWidth: SIZE_BIN,
      linkMtu: { up: s.rule.mtu.up ?? null, down: s.rule.mtu.down ?? null },
      up: sizeBins(state.sizes, 0),
      down: sizeBins(state.sizes, SIZE_BINS),
    },
    nat:
      nat && s.sides.some((x) => x.side === 'internet')
        ? natSummary(nat, s.text.natPools, s.rule.portQuota, s.maxBindingsListed)
        : null,
    gate: { failOn: s.failOn, maxWarnings: s.maxWarnings },
    dfProfile: s.rule.dfProfile,
    top: s.top,
  };
}

const report = (run: Run, s: Settings, nat: NatTable | undefined): Report => buildReport(reportParts(run, s, nat));

/** A finished read of the inputs: the run's state, its settings, the NAT table of a two-point check. */
interface Read {
  readonly run: Run;
  readonly s: Settings;
  readonly nat: NatTable | undefined;
  readonly names: (input: number) => string;
  readonly inputs: number;
}

/**
 * Runs the whole pipeline with resolved settings. Without side captures each input is a
 * tunnel capture with its own state; with side captures the one tunnel capture is read merged
 * with them in capture-time order and each is correlated with it.
 */
async function readInputs(given: readonly CaptureSource[], settings: Settings): Promise<Read> {
  const paths = settings.sequence ? [await inOrder(sequenceOf(given))] : given;
  const s = await withSidesInOrder(settings);
  const names = inputNames(paths, s);
  const run = createRun(s, names);
  let nat: NatTable | undefined;
  if (s.sides.length) nat = await readCorrelated(run, s, paths[0]!);
  else for (const [input, path] of paths.entries()) await readTunnel(run, s, input, path);
  return { run, s, nat, names, inputs: paths.length };
}

/** Runs the whole pipeline with resolved settings and builds one report. */
export async function checkWith(given: readonly CaptureSource[], settings: Settings): Promise<Report> {
  // A shard's report would lack the other shards' softwires and the capture-wide rules: only its state (checkState) is of use.
  if (settings.shard.count > 1) throw new ConfigError('a shard gives a partial state (checkState), not a report');
  const { run, s, nat } = await readInputs(given, settings);
  const r = report(run, s, nat);
  return s.baseline ? withBaseline(r, s.baseline) : r;
}

/** One shard (settings.shard) of a check of tunnel captures: its partial state, for mergeStates. */
export async function checkState(
  given: readonly CaptureSource[],
  settings: Settings,
  scope: StateScope,
): Promise<ShardState> {
  if (settings.sides.length) throw new ConfigError('a shard state is of tunnel captures: not with --internet or --lan');
  const { run, s, names, inputs } = await readInputs(given, settings);
  const all = Array.from({ length: inputs }, (_x, i) => names(i));
  return shardState(run, s, reportParts(run, s, undefined), scope, all);
}

/** Capture files as one sequence (files only: standard input and bytes in memory cannot be part of one). */
function sequenceOf(paths: readonly CaptureSource[]): CaptureSequence {
  const files = paths.filter((p): p is string => typeof p === 'string' && p !== '-');
  if (files.length !== paths.length)
    throw new ConfigError('--sequence reads capture files; standard input or bytes in memory cannot be part of one');
  return { files };
}

/** A file sequence in the order of its files' first frames, not their names; any other source as it is. */
async function inOrder(p: CaptureSource): Promise<CaptureSource> {
  return isSequence(p) ? { files: await inCaptureOrder(p.files, readCapture) } : p;
}

/** Side captures given as file sequences (a pattern's files), each in order. */
async function withSidesInOrder(s: Settings): Promise<Settings> {
  if (!s.sides.some((x) => isSequence(x.capture.path))) return s;
  const sides = await Promise.all(
    s.sides.map(async (x) => ({ ...x, capture: { ...x.capture, path: await inOrder(x.capture.path) } })),
  );
  return { ...s, sides };
}

/** Options with `sequence` decided: as given, or from the captures' names (a ring buffer's files are one capture). */
export const withSequence = (paths: readonly CaptureSource[], opts: CheckOptions): CheckOptions =>
  opts.sequence !== undefined ? opts : { ...opts, sequence: ringForm(paths) !== undefined };

/** The programmatic entry point: options as given, defaults filled in and checked once (config/settings.ts). */
export async function check(paths: readonly CaptureSource[], opts: CheckOptions = {}): Promise<Report> {
  return checkWith(paths, resolveSettings(paths.length, withSequence(paths, opts)));
}
