import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Argv, CommandModule } from 'yargs';
import { annotateCapture } from '../capture/annotate.js';
import { check, type CheckOptions, ConfigError } from '../check.js';
import { checkInParallel } from '../jobs/pool.js';
import { mergeReports, withBaseline } from '../report/merge.js';
import { type CliSettings, engineSettings, loadConfig, resolveConfig } from '../config/config.js';
import { DEFAULT_MEMORY_MB, MIN_MEMORY_MB } from '../config/memory.js';
import { asBaseline, type Baseline, makeBaseline } from '../report/baseline.js';
import { renderHtml } from '../report/html.js';
import { buildValidator, renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTable } from '../report/table.js';
import type { Report, Severity } from '../report/model.js';
import { startProgress } from './progress.js';

export interface CheckArgs {
  captures: string[];
  aftr: string[];
  'b4-prefix': string[];
  format: Format;
  output?: string;
  'fail-on'?: Severity | 'never';
  'max-warnings'?: number;
  top?: number;
  memory?: number;
  'max-flows'?: number;
  'max-softwires'?: number;
  color: boolean | undefined;
  mtu?: number;
  'mtu-up'?: number;
  'mtu-down'?: number;
  'df-profile'?: 'rfc6333' | 'rfc2473';
  'lan-mtu'?: number;
  'inner-overlap'?: 'first' | 'last';
  internet?: string;
  lan?: string;
  'internet-offset': number;
  'lan-offset': number;
  'match-window'?: number;
  'nat-pool': string[];
  'port-quota'?: number;
  'authorised-source': string[];
  'tunnel-if'?: string[];
  'internet-if'?: string[];
  'lan-if'?: string[];
  config?: string;
  'print-config': boolean;
  baseline?: string;
  'write-baseline'?: string;
  annotate?: string;
  'annotate-findings-only': boolean;
  quiet: boolean;
  jobs: number;
}

/** yargs drops a lone "-" from positional arrays, so cli.ts renames it to this until parsed. */
export const STDIN_TOKEN = '\u0000stdin';
export const FORMATS = ['table', 'json', 'junit', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;

/** The command line's settings, for resolveConfig (undefined where not given: the file or the default decides). */
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
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError(`${path}: cannot read the baseline (${err.code ?? err.message})`);
  }
  const b = asBaseline(data);
  if (!b) throw new ConfigError(`${path}: not a dslite-check baseline (write one with --write-baseline)`);
  return b;
}

/** Packet comments for --annotate: every finding on the frames it cites in the tunnel capture. */
function findingComments(report: Report): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const f of report.findings) {
    const frames = [...(f.input === 0 ? f.frames : []), ...(f.related ?? []).filter((x) => x.input === 0).flatMap((x) => x.frames)];
    for (const n of new Set(frames)) {
      const list = out.get(n) ?? [];
      list.push(`${f.rule} ${f.severity}: ${f.message}`);
      out.set(n, list);
    }
  }
  return out;
}

/** Renders a report in the chosen format to FILE or standard output (colour only on a terminal without NO_COLOR, unless asked). */
export async function writeReport(report: Report, format: Format, o: { top: number; color: boolean | undefined; output: string | undefined }, out: (s: string) => Promise<void>): Promise<void> {
  const color = o.output === undefined && (o.color ?? (process.stdout.isTTY === true && !process.env['NO_COLOR']));
  const render: Record<Format, () => string> = {
    table: () => renderTable(report, { flows: o.top, color }),
    json: () => renderJson(report, buildValidator()),
    junit: () => renderJunit(report),
    markdown: () => renderMarkdown(report),
    html: () => renderHtml(report),
  };
  const text = render[format]();
  if (o.output !== undefined) await writeFile(o.output, text);
  else await out(text);
}

/** Exit code for a finished check: 1 when a finding reaches --fail-on (or more warnings than --max-warnings). */
export async function runCheck(a: CheckArgs, out: (s: string) => Promise<void>): Promise<number> {
  const { file, config: fileConfig } = loadConfig(a.config);
  const cfg = resolveConfig(file, fileConfig, cliSettings(a));
  if (a['print-config']) {
    await out(`${JSON.stringify(cfg, null, 2)}\n`);
    return 0;
  }
  const captures = (a.captures ?? []).map((c) => (c === STDIN_TOKEN ? '-' : c));
  if (!captures.length) throw new ConfigError('no capture given (dslite-check FILE…, - for standard input)');
  if (a.annotate !== undefined && (captures.length !== 1 || captures[0] === '-')) throw new ConfigError('--annotate rewrites one capture file (not standard input)');
  // A side given only by its interfaces lives in the tunnel capture's file (one pcapng with both points).
  const side = (path: string | undefined, ifs: string[] | undefined, offset: number, key: 'internet' | 'lan'): Partial<Record<'internet' | 'lan', { path: string; offset: number; interfaces?: string[] }>> => {
    if (path === undefined && ifs === undefined) return {};
    return { [key]: { path: path ?? captures[0]!, offset, ...(ifs && { interfaces: ifs }) } };
  };
  const output = a.output === STDIN_TOKEN ? undefined : a.output;
  // --write-baseline records every finding of today; --baseline hides the recorded ones.
  const baseline = cfg.baseline !== null && a['write-baseline'] === undefined ? readBaseline(cfg.baseline) : undefined;
  const engine = engineSettings(cfg);
  const stop = startProgress(process.stderr.isTTY === true && !a.quiet);
  const options: CheckOptions = {
    aftrs: cfg.aftr,
    b4Prefixes: cfg.b4Prefixes,
    failOn: cfg.failOn,
    ...(cfg.maxWarnings !== null && { maxWarnings: cfg.maxWarnings }),
    top: cfg.top,
    maxFlows: cfg.maxFlows,
    maxSoftwires: cfg.maxSoftwires,
    maxBindings: cfg.maxBindings,
    reassembly: { maxDatagrams: cfg.maxFragmentSets, maxBytes: cfg.maxFragmentBytes },
    dfProfile: cfg.dfProfile,
    lanMtu: cfg.lanMtu,
    innerOverlap: cfg.innerOverlap,
    ...(cfg.mtu.up !== null && { mtuUp: cfg.mtu.up }),
    ...(cfg.mtu.down !== null && { mtuDown: cfg.mtu.down }),
    ...side(a.internet, a['internet-if'], a['internet-offset'], 'internet'),
    ...side(a.lan, a['lan-if'], a['lan-offset'], 'lan'),
    ...(a['tunnel-if'] && { tunnelInterfaces: a['tunnel-if'] }),
    matchWindow: cfg.matchWindow,
    natPools: cfg.natPools,
    authorisedSources: cfg.authorisedSources,
    ...(cfg.portQuota !== null && { portQuota: cfg.portQuota }),
    severity: engine.severity,
    ruleOptions: engine.options,
  };
  const parallel = a.jobs > 1 && captures.length > 1;
  if (parallel && (options.internet || options.lan || options.tunnelInterfaces || captures.includes('-')))
    throw new ConfigError('--jobs checks several capture files on their own; it does not combine with --internet, --lan, interface selection or standard input');
  let report: Report;
  try {
    if (parallel) {
      // Each capture on its own thread, then one report as one run would give (baseline applied after merging, as a run applies it last).
      const merged = mergeReports(await checkInParallel(captures, options, a.jobs), { top: cfg.top });
      report = baseline ? withBaseline(merged, baseline) : merged;
    } else report = await check(captures, { ...options, ...(baseline && { baseline }) });
  } finally {
    stop();
  }
  if (a['write-baseline'] !== undefined) await writeFile(a['write-baseline'], `${JSON.stringify(makeBaseline(report.findings), null, 2)}\n`);
  if (a.annotate !== undefined) await annotateCapture(captures[0]!, a.annotate, findingComments(report), a['annotate-findings-only']);
  await writeReport(report, a.format, { top: cfg.top, color: a.color, output }, out);
  return report.summary.verdict === 'fail' ? 1 : 0;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: ['check [captures..]', '$0 [captures..]'],
  describe: 'Check DS-Lite softwire captures (pcap, pcapng, gzip; "-" for stdin)',
  builder: (y: Argv) =>
    y
      .positional('captures', { type: 'string', array: true, describe: 'capture files; - reads standard input' })
      .option('aftr', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'AFTR IPv6 address (repeat the option for several); inferred when absent' })
      .option('b4-prefix', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'IPv6 prefix the B4s are in (repeatable): an end inside one is the B4' })
      .option('format', { alias: 'f', choices: FORMATS, default: 'table' as const, describe: 'output format' })
      .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'write the report to FILE instead of standard output (- for stdout)' })
      .option('config', { alias: 'c', type: 'string', requiresArg: true, describe: 'configuration file (default: dslite-check.config.json in the working directory, if any)' })
      .option('print-config', { type: 'boolean', default: false, describe: 'print the effective configuration (defaults, file, command line) as JSON and exit' })
      .option('fail-on', { choices: FAIL_ON, describe: 'lowest finding severity that makes the exit code 1 [default: error]' })
      .option('max-warnings', { type: 'number', requiresArg: true, describe: 'more warnings than N make the exit code 1' })
      .option('baseline', { type: 'string', requiresArg: true, describe: 'report only findings not in this baseline file' })
      .option('write-baseline', { type: 'string', requiresArg: true, describe: "record this run's findings as a baseline file" })
      .option('annotate', { type: 'string', requiresArg: true, describe: 'write the capture as pcapng with a packet comment on every frame a finding cites' })
      .option('annotate-findings-only', { type: 'boolean', default: false, describe: 'with --annotate: keep only the frames findings cite' })
      .option('jobs', { alias: 'j', type: 'number', default: 1, describe: 'check several captures in parallel on N worker threads, merged into one report' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress line on stderr (shown only when stderr is a terminal)' })
      .option('top', { type: 'number', describe: 'largest inner flows to list [default: 20]' })
      .option('memory', { type: 'number', requiresArg: true, describe: `memory budget in MB the state tables (softwires, flows, NAT bindings, fragment sets) are sized from; per worker with --jobs [default: ${DEFAULT_MEMORY_MB}]` })
      .option('max-flows', { type: 'number', describe: 'inner flows held at once (memory bound) [default: from --memory, 200000 at 256]' })
      .option('max-softwires', { type: 'number', describe: 'softwires held at once per capture (memory bound) [default: from --memory, 8192 at 256]' })
      .option('mtu', { type: 'number', requiresArg: true, describe: 'IPv6 link MTU between B4 and AFTR, both directions (inferred when absent)' })
      .option('mtu-up', { type: 'number', requiresArg: true, describe: 'link MTU B4 → AFTR (overrides --mtu)' })
      .option('mtu-down', { type: 'number', requiresArg: true, describe: 'link MTU AFTR → B4 (overrides --mtu)' })
      .option('df-profile', { choices: ['rfc6333', 'rfc2473'] as const, describe: 'how oversized DF=1 packets must be handled (catalogue §3.1) [default: rfc6333]' })
      .option('lan-mtu', { type: 'number', describe: 'largest IPv4 packet assumed on the B4 LAN (FRAG-002) [default: 1500]' })
      .option('inner-overlap', { choices: ['first', 'last'] as const, describe: 'whose bytes stand where inner IPv4 fragments overlap (always reported) [default: first]' })
      .option('internet', { type: 'string', requiresArg: true, describe: "capture of the AFTR's IPv4 (Internet) side, correlated with the tunnel capture" })
      .option('lan', { type: 'string', requiresArg: true, describe: "capture of the B4's LAN side, correlated with the tunnel capture" })
      .option('internet-offset', { alias: 'clock-offset', type: 'number', default: 0, describe: 'seconds added to the Internet capture\'s timestamps (clock difference; the report estimates it from matched SYNs)' })
      .option('lan-offset', { type: 'number', default: 0, describe: 'seconds added to the LAN capture\'s timestamps (clock difference)' })
      .option('match-window', { type: 'number', describe: 'seconds either way within which a counterpart must appear on the other capture [default: 0.2]' })
      .option('nat-pool', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: "the AFTR's NAT pool prefix (repeatable); inferred from the Internet side when absent" })
      .option('port-quota', { type: 'number', requiresArg: true, describe: 'per-subscriber port quota (reported; judged by NAT-009)' })
      .option('authorised-source', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'inner IPv4 source prefix the AFTR may forward besides RFC 1918 and 192.0.0.0/29 (SEC-001)' })
      .option('tunnel-if', { type: 'string', array: true, nargs: 1, describe: 'only these interfaces of the tunnel capture (pcapng if_name or number)' })
      .option('internet-if', { type: 'string', array: true, nargs: 1, describe: "the AFTR's Internet side as these interfaces (of --internet, or of the tunnel capture's file)" })
      .option('lan-if', { type: 'string', array: true, nargs: 1, describe: "the B4's LAN side as these interfaces (of --lan, or of the tunnel capture's file)" })
      .option('color', { type: 'boolean', describe: 'colour the table (default: when stdout is a terminal and NO_COLOR is unset)' })
      .check((argv) => {
        const mem = argv.memory;
        if (mem !== undefined && (!Number.isInteger(mem) || mem < MIN_MEMORY_MB)) throw new Error(`--memory must be a whole number of MB, at least ${MIN_MEMORY_MB}`);
        const ms = argv['max-softwires'];
        if (ms !== undefined && (!Number.isInteger(ms) || ms < 16)) throw new Error('--max-softwires must be an integer of at least 16');
        for (const k of ['top', 'max-flows', 'lan-mtu'] as const) {
          const v = argv[k];
          if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new Error(`--${k} must be a positive integer`);
        }
        if (!Number.isInteger(argv.jobs) || argv.jobs < 1) throw new Error('--jobs must be a positive integer');
        const mw = argv['max-warnings'];
        if (mw !== undefined && (!Number.isInteger(mw) || mw < 0)) throw new Error('--max-warnings must be a whole number');
        if ((argv.captures ?? []).filter((c) => c === STDIN_TOKEN).length > 1) throw new Error('standard input (-) can be read only once');
        for (const k of ['internet-offset', 'lan-offset', 'match-window'] as const) if (argv[k] !== undefined && !Number.isFinite(argv[k])) throw new Error(`--${k} must be a number of seconds`);
        if ((argv.internet !== undefined || argv.lan !== undefined || argv['internet-if'] !== undefined || argv['lan-if'] !== undefined) && (argv.captures ?? []).length !== 1)
          throw new Error('--internet and --lan are correlated with exactly one tunnel capture');
        return true;
      }) as unknown as Argv<CheckArgs>,
  handler: () => {
    // Run by cli.ts, which owns exit codes.
  },
};
