import { readdirSync } from 'node:fs';
import { limitHeapGrowth, TWO_POINT_HEAP_GROWTH } from '../cli/heap-growth.js';
import type { CheckArgs } from '../cli/check-options.js';
import type { CaptureSource } from '../capture/open.js';
import { isPattern, matchPattern } from '../capture/ring-names.js';
import { isSequence } from '../capture/sequence.js';
import { CHECK_FORMATS, type Format, formatFor, STDIN_TOKEN } from '../cli/options.js';
import { writeFileAtomic } from '../capture/output-file.js';
import { refuseOutputsOverInputs } from './outputs.js';
import { annotateCapture } from '../capture/annotate.js';
import { checkState, checkWith, withSequence } from '../check.js';
import { ConfigError } from '../config/error.js';
import { readJsonFile } from '../config/json-file.js';
import { checkInParallel } from '../jobs/pool.js';
import { parseShard } from '../config/shard.js';
import { mergeReports, withBaseline } from '../report/merge.js';
import { type CliSettings, effectiveConfig, loadConfig, optionsFrom } from '../config/config.js';
import { DEFAULTS } from '../config/defaults.js';
import { type CheckOptions, resolveSettings, type Settings, type SideCapture } from '../config/settings.js';
import { asBaseline, type Baseline, makeBaseline } from '../report/baseline.js';
import { colourOn, outputWidth } from '../report/width.js';
import { b4Scope, withScope } from '../report/scope.js';
import { selectRules } from '../config/rule-selection.js';
import type { Report } from '../model/report.js';
import { startProgress } from './progress.js';

/** The command line's settings, for optionsFrom (undefined where not given: the file or the default decides). */
function cliSettings(a: CheckArgs): CliSettings {
  const given = <T>(v: T | undefined): T | undefined => v;
  const list = (v: string[] | undefined): string[] | undefined => (v?.length ? v : undefined);
  const out: CliSettings = {};
  const set = <K extends keyof CliSettings>(k: K, v: CliSettings[K] | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  set('aftr', list(a.aftr));
  set('b4Prefixes', list(a['b4-prefix']));
  set('mtuBoth', given(a.mtu));
  set('mtuUp', given(a['mtu-up']));
  set('mtuDown', given(a['mtu-down']));
  set('lanMtu', given(a['lan-mtu']));
  set('dfProfile', given(a['df-profile']));
  set('innerOverlap', given(a['inner-overlap']));
  set('natPools', list(a['nat-pool']));
  set('portQuota', given(a['port-quota']));
  set('authorisedSources', list(a['authorised-source']));
  set('registeredB4s', list(a['registered-b4']));
  set('matchWindow', given(a['match-window']));
  set('memory', given(a.memory));
  set('maxFlows', given(a['max-flows']));
  set('maxSoftwires', given(a['max-softwires']));
  set('top', given(a.top));
  set('failOn', given(a['fail-on']));
  set('maxWarnings', given(a['max-warnings']));
  set('baseline', given(a.baseline));
  return out;
}

export function readBaseline(path: string): Baseline {
  const data = readJsonFile(path, 'baseline');
  const b = asBaseline(data);
  if (!b) throw new ConfigError(`${path}: not a dslite-check baseline (write one with --write-baseline)`);
  return b;
}

/** Packet comments for --annotate: every finding on the frames it cites in the tunnel capture. */
function findingComments(report: Report): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const f of report.findings) {
    const frames = [
      ...(f.input === 0 ? f.frames : []),
      ...(f.related ?? []).filter((x) => x.input === 0).flatMap((x) => x.frames),
    ];
    for (const n of new Set(frames)) {
      const list = out.get(n) ?? [];
      list.push(`${f.rule} ${f.severity}: ${f.message}`);
      out.set(n, list);
    }
  }
  return out;
}

/** How a report is rendered: flows listed, colour, and where it goes (a table for a file takes COLUMNS or 120, report/width.ts). */
export interface RenderOptions {
  readonly top: number;
  readonly color: boolean | undefined;
  readonly output: string | undefined;
}

/** The report as text in the chosen format; each format's code is loaded only when it is used. */
export async function renderReport(report: Report, format: Format, o: RenderOptions): Promise<string> {
  const color = colourOn(o.color, o.output === undefined);
  const render: Record<Format, () => Promise<string>> = {
    table: async () =>
      (await import('../report/table.js')).renderTable(report, {
        flows: o.top,
        color,
        width: outputWidth(o.output === undefined),
      }),
    json: async () => {
      const { buildValidator, renderJson } = await import('../report/json.js');
      return renderJson(report, buildValidator());
    },
    junit: async () => (await import('../report/junit.js')).renderJunit(report),
    markdown: async () => (await import('../report/markdown.js')).renderMarkdown(report),
    html: async () => (await import('../report/html.js')).renderHtml(report),
  };
  return render[format]();
}

/** Writes rendered text to FILE (through a temporary file, renamed when complete) or standard output. */
export async function emit(text: string, output: string | undefined, out: (s: string) => Promise<void>): Promise<void> {
  if (output !== undefined) writeFileAtomic(output, text);
  else await out(text);
}

/** Renders a report in the chosen format to FILE or standard output (colour only on a terminal without NO_COLOR, unless asked). */
export async function writeReport(
  report: Report,
  format: Format,
  o: RenderOptions,
  out: (s: string) => Promise<void>,
): Promise<void> {
  await emit(await renderReport(report, format, o), o.output, out);
}

/** A side capture's path, or the files its quoted pattern matches (a sequence, ordered when read). */
function sideSource(path: string | undefined, option: string): CaptureSource | undefined {
  if (path === undefined || !isPattern(path)) return path;
  const files = matchPattern(path, (dir) => {
    try {
      return readdirSync(dir);
    } catch (e) {
      throw new ConfigError(
        `${option} ${path}: cannot read ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      );
    }
  });
  if (!files.length) throw new ConfigError(`${option} ${path}: no file matches`);
  return { files };
}

const filesOf = (s: CaptureSource | undefined): (string | undefined)[] =>
  s === undefined ? [] : isSequence(s) ? [...s.files] : typeof s === 'string' ? [s] : [];

/** Exit code for a finished check: 1 when a finding reaches --fail-on (or more warnings than --max-warnings). */
export async function runCheck(a: CheckArgs, out: (s: string) => Promise<void>): Promise<number> {
  const captures = (a.captures ?? []).map((c) => (c === STDIN_TOKEN ? '-' : c));
  const output = a.output === STDIN_TOKEN ? undefined : a.output;
  const format = formatFor(a.format, output, CHECK_FORMATS);
  // A side capture given as a quoted pattern is that capture point's files, read as one capture.
  const sideFiles = { internet: sideSource(a.internet, '--internet'), lan: sideSource(a.lan, '--lan') };
  // Before anything is read: no output may destroy an input (the baseline is not read when it is being rewritten).
  refuseOutputsOverInputs(
    [
      { option: '--output', path: output },
      { option: '--annotate', path: a.annotate },
      { option: '--write-baseline', path: a['write-baseline'] },
    ],
    [
      ...captures,
      ...filesOf(sideFiles.internet),
      ...filesOf(sideFiles.lan),
      a.config,
      a['write-baseline'] === undefined ? a.baseline : undefined,
    ],
  );
  const { file, config: fileConfig } = loadConfig(a.config);
  // A side given only by its interfaces lives in the tunnel capture's file (one pcapng with both points).
  const side = (
    path: CaptureSource | undefined,
    ifs: string[] | undefined,
    offset: number,
    key: 'internet' | 'lan',
  ): Partial<Record<'internet' | 'lan', SideCapture>> => {
    if (path === undefined && ifs === undefined) return {};
    return { [key]: { path: path ?? captures[0] ?? '-', offset, ...(ifs && { interfaces: ifs }) } };
  };
  const given: CheckOptions = withSequence(captures, {
    ...optionsFrom(fileConfig, cliSettings(a)),
    ...side(sideFiles.internet, a['internet-if'], a['internet-offset'] ?? 0, 'internet'),
    ...side(sideFiles.lan, a['lan-if'], a['lan-offset'] ?? 0, 'lan'),
    ...(a['tunnel-if'] && { tunnelInterfaces: a['tunnel-if'] }),
    ...(a.sequence !== undefined && { sequence: a.sequence }),
    ...(a.shard !== undefined && { shard: parseShard(a.shard) }),
  });
  const sequence = given.sequence === true;
  const baselinePath = a.baseline ?? fileConfig.baseline;
  if (a['print-config']) {
    const shown = resolveSettings(Math.max(1, captures.length), given);
    await out(`${JSON.stringify(effectiveConfig(file, baselinePath ?? null, shown), null, 2)}\n`);
    return 0;
  }
  if (!captures.length) throw new ConfigError('no capture given (dslite-check FILE…, - for standard input)');
  if (a.annotate !== undefined && (captures.length !== 1 || captures[0] === '-'))
    throw new ConfigError('--annotate rewrites one capture file (not standard input)');
  if (format === 'state' || a.shard !== undefined) refuseWithState(a, format, baselinePath, a.jobs ?? DEFAULTS.jobs);
  // Every default filled in and every value checked, once; the rule selection narrows the levels.
  const configured = resolveSettings(captures.length, given);
  const selection = selectRules(configured.severity, a.rule, a['skip-rule']);
  const scope = b4Scope(a.b4);
  // --write-baseline records every finding of today; --baseline hides the recorded ones.
  const baseline =
    baselinePath !== undefined && a['write-baseline'] === undefined ? readBaseline(baselinePath) : undefined;
  const settings: Settings = { ...configured, severity: selection.severity, baseline };
  const jobs = a.jobs ?? DEFAULTS.jobs;
  const stateScope = { b4: a.b4, rules: selection.note };
  if (format === 'state') {
    const state = await checkState(captures, settings, stateScope);
    // Loaded only here, as each report format's code is.
    const { stateText } = await import('../report/state-file.js');
    await emit(stateText(state), output, out);
    return 0;
  }
  // A sequence is one capture: its files are read in order, on one thread. One capture stays on
  // one thread too: shards split it exactly, but each reads and dissects every frame, which on
  // two cores cost more than it saved (docs/scale-out.md).
  const parallel = jobs > 1 && captures.length > 1 && !sequence;
  if (parallel && (settings.sides.length || settings.tunnelInterfaces || captures.includes('-')))
    throw new ConfigError(
      '--jobs checks several capture files on their own; it does not combine with --internet, --lan, interface selection or standard input',
    );
  const stop = startProgress(process.stderr.isTTY === true && !a.quiet);
  let report: Report;
  try {
    if (parallel) {
      // Each capture on its own thread (its options cross as plain data), then one report as one run would give (baseline applied after merging, as a run applies it last).
      const options: CheckOptions = { ...given, severity: selection.severity };
      const merged = mergeReports(await checkInParallel(captures, options, jobs), { top: settings.top });
      report = baseline ? withBaseline(merged, baseline) : merged;
    } else {
      if (settings.sides.length) limitHeapGrowth(TWO_POINT_HEAP_GROWTH);
      report = await checkWith(captures, settings);
    }
  } finally {
    stop();
  }
  report = withScope(report, { b4: scope, rules: selection.note });
  // Everything is rendered before anything is written, and each file is renamed into place only when complete.
  const text = await renderReport(report, format, { top: settings.top, color: a.color, output });
  if (a.annotate !== undefined)
    await annotateCapture(captures[0]!, a.annotate, findingComments(report), a['annotate-findings-only'] === true);
  if (a['write-baseline'] !== undefined)
    writeFileAtomic(a['write-baseline'], `${JSON.stringify(makeBaseline(report.findings), null, 2)}\n`);
  await emit(text, output, out);
  return report.summary.verdict === 'fail' ? 1 : 0;
}

/** What a shard's state cannot carry, each refused in one line: the merge applies the gate, the baseline and the rest. */
function refuseWithState(a: CheckArgs, format: string, baselinePath: string | undefined, jobs: number): void {
  const refuse = (what: string): never => {
    throw new ConfigError(`--format state writes one shard's partial state; ${what}`);
  };
  if (format !== 'state')
    throw new ConfigError('--shard writes a partial state for merge: give --format state (or -o NAME.state)');
  if (a.internet !== undefined || a.lan !== undefined || a['internet-if'] || a['lan-if'])
    refuse('it splits a tunnel capture by softwire and does not combine with --internet or --lan');
  if (a.annotate !== undefined) refuse('--annotate needs the merged report (annotate from one whole run)');
  if (a['write-baseline'] !== undefined || baselinePath !== undefined)
    refuse('give --baseline to merge, which sees every finding');
  if (jobs > 1) refuse('each shard is one process (or give --jobs N without --shard and --format state)');
}
