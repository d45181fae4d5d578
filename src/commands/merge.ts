import type { MergeArgs } from '../cli/merge-options.js';
import { formatFor, FORMATS, STDIN_TOKEN } from '../cli/options.js';
import { refuseOutputsOverInputs } from './outputs.js';
import { ConfigError } from '../config/error.js';
import { readJsonFile } from '../config/json-file.js';
import { reportValidator } from '../report/json.js';
import { mergeReports, withBaseline } from '../report/merge.js';
import type { Report } from '../model/report.js';
import { readBaseline, writeReport } from './check.js';

/** A JSON report written by `check --format json` (validated: a merge of a wrong file must not pass silently). */
function readReport(path: string): Report {
  const data = readJsonFile(path, 'report');
  const v = reportValidator();
  if (!v(data)) {
    const first = v.errors?.[0];
    throw new ConfigError(
      `${path}: not a dslite-check report (${first ? `${first.instancePath || '/'} ${first.message ?? ''}` : 'invalid'}; write one with --format json)`,
    );
  }
  return data as Report;
}

/**
 * `dslite-check merge r1.json r2.json …`: one report from reports made elsewhere (the map step
 * of a batch job, capture points on other machines), equal to what one run over the same
 * captures gives; then the gate (--fail-on, --max-warnings, --baseline) as check applies it.
 */
export async function runMerge(a: MergeArgs, out: (s: string) => Promise<void>): Promise<number> {
  const output = a.output === STDIN_TOKEN ? undefined : a.output;
  const format = formatFor(a.format, output, FORMATS);
  refuseOutputsOverInputs([{ option: '--output', path: output }], [...a.reports, a.baseline]);
  const reports = a.reports.map(readReport);
  const first = reports[0]!.summary;
  const gate = { failOn: a['fail-on'] ?? first.failOn, maxWarnings: a['max-warnings'] ?? first.maxWarnings };
  const merged = mergeReports(reports, { top: a.top, gate });
  const report = a.baseline !== undefined ? withBaseline(merged, readBaseline(a.baseline)) : merged;
  await writeReport(report, format, { top: a.top, color: a.color, output }, out);
  return report.summary.verdict === 'fail' ? 1 : 0;
}
