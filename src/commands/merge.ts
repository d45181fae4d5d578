import type { MergeArgs } from '../cli/merge-options.js';
import { formatFor, FORMATS, STDIN_TOKEN } from '../cli/options.js';
import { refuseOutputsOverInputs } from './outputs.js';
import { ConfigError } from '../config/error.js';
import { readJsonFile } from '../config/json-file.js';
import { reportValidator } from '../report/json.js';
import { type Gate, mergeReports, withBaseline } from '../report/merge.js';
import { mergeStates } from '../shards/merge.js';
import { asShardState, isStateDocument } from '../report/state-file.js';
import { b4Scope, withScope } from '../report/scope.js';
import type { Report } from '../model/report.js';
import { readBaseline, writeReport } from './check.js';

/** A JSON report written by `check --format json` (validated: a merge of a wrong file must not pass silently). */
function asReport(path: string, data: unknown): Report {
  const v = reportValidator();
  if (!v(data)) {
    const first = v.errors?.[0];
    throw new ConfigError(
      `${path}: not a dslite-check report (${first ? `${first.instancePath || '/'} ${first.message ?? ''}` : 'invalid'}; write one with --format json, or a shard's state with --format state)`,
    );
  }
  return data as Report;
}

/**
 * `dslite-check merge r1.json r2.json …`: one report from reports made elsewhere (the map step
 * of a batch job, capture points on other machines), equal to what one run over the same
 * captures gives; or from every shard's state of one run (check --shard I/N --format state),
 * equal byte for byte to that run's report. Then the gate (--fail-on, --max-warnings,
 * --baseline) as check applies it.
 */
export async function runMerge(a: MergeArgs, out: (s: string) => Promise<void>): Promise<number> {
  const output = a.output === STDIN_TOKEN ? undefined : a.output;
  const format = formatFor(a.format, output, FORMATS);
  refuseOutputsOverInputs([{ option: '--output', path: output }], [...a.reports, a.baseline]);
  const documents = a.reports.map((path) => ({ path, data: readJsonFile(path, 'report or shard state') }));
  const states = documents.filter((d) => isStateDocument(d.data));
  if (states.length && states.length !== documents.length) {
    const report = documents.find((d) => !isStateDocument(d.data))!;
    throw new ConfigError(
      `${report.path}: a report among shard states: merge either reports or one run's shard states`,
    );
  }
  const { report, top } = states.length ? fromStates(a, states) : fromReports(a, documents);
  await writeReport(report, format, { top, color: a.color, output }, out);
  return report.summary.verdict === 'fail' ? 1 : 0;
}

/** The gate as given to merge, else as the first input recorded it. */
const gateOf = (a: MergeArgs, first: Gate): Gate => ({
  failOn: a['fail-on'] ?? first.failOn,
  maxWarnings: a['max-warnings'] ?? first.maxWarnings,
});

function fromReports(
  a: MergeArgs,
  documents: readonly { path: string; data: unknown }[],
): { report: Report; top: number } {
  const reports = documents.map((d) => asReport(d.path, d.data));
  const merged = mergeReports(reports, { top: a.top, gate: gateOf(a, reports[0]!.summary) });
  return { report: a.baseline !== undefined ? withBaseline(merged, readBaseline(a.baseline)) : merged, top: a.top };
}

/** Shards' states: the run's report, then the baseline and the scope (--b4, --rule) as check applies them. */
function fromStates(
  a: MergeArgs,
  documents: readonly { path: string; data: unknown }[],
): { report: Report; top: number } {
  const states = documents.map((d) => ({ name: d.path, state: asShardState(d.path, d.data) }));
  const first = states[0]!.state;
  const { report, scope } = mergeStates(states, gateOf(a, first.gate));
  const based = a.baseline !== undefined ? withBaseline(report, readBaseline(a.baseline)) : report;
  return {
    report: withScope(based, { b4: b4Scope(scope.b4), rules: scope.rules ?? undefined }),
    top: first.top,
  };
}
