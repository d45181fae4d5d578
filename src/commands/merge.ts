import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { ConfigError } from '../check.js';
import { reportValidator } from '../report/json.js';
import { mergeReports, withBaseline } from '../report/merge.js';
import type { Report, Severity } from '../report/model.js';
import { FAIL_ON, type Format, FORMATS, readBaseline, STDIN_TOKEN, writeReport } from './check.js';

export interface MergeArgs {
  reports: string[];
  format: Format;
  output?: string;
  'fail-on'?: Severity | 'never';
  'max-warnings'?: number;
  baseline?: string;
  top: number;
  color: boolean | undefined;
}

/** A JSON report written by `check --format json` (validated: a merge of a wrong file must not pass silently). */
function readReport(path: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError(`${path}: cannot read the report (${err.code ?? err.message})`);
  }
  const v = reportValidator();
  if (!v(data)) {
    const first = v.errors?.[0];
    throw new ConfigError(`${path}: not a dslite-check report (${first ? `${first.instancePath || '/'} ${first.message ?? ''}` : 'invalid'}; write one with --format json)`);
  }
  return data as Report;
}

/**
 * `dslite-check merge r1.json r2.json …`: one report from reports made elsewhere (the map step
 * of a batch job, capture points on other machines), equal to what one run over the same
 * captures gives; then the gate (--fail-on, --max-warnings, --baseline) as check applies it.
 */
export async function runMerge(a: MergeArgs, out: (s: string) => Promise<void>): Promise<number> {
  const reports = a.reports.map(readReport);
  const first = reports[0]!.summary;
  const gate = { failOn: a['fail-on'] ?? first.failOn, maxWarnings: a['max-warnings'] ?? first.maxWarnings };
  const merged = mergeReports(reports, { top: a.top, gate });
  const report = a.baseline !== undefined ? withBaseline(merged, readBaseline(a.baseline)) : merged;
  await writeReport(report, a.format, { top: a.top, color: a.color, output: a.output === STDIN_TOKEN ? undefined : a.output }, out);
  return report.summary.verdict === 'fail' ? 1 : 0;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <reports..>',
  describe: 'Merge JSON reports of check (made on other machines or threads) into one, and gate on it',
  builder: (y: Argv) =>
    y
      .positional('reports', { type: 'string', array: true, demandOption: true, describe: 'reports written by check --format json' })
      .option('format', { alias: 'f', choices: FORMATS, default: 'table' as const, describe: 'output format' })
      .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'write the report to FILE instead of standard output' })
      .option('fail-on', { choices: FAIL_ON, describe: "lowest finding severity that makes the exit code 1 [default: the first report's]" })
      .option('max-warnings', { type: 'number', requiresArg: true, describe: 'more warnings than N make the exit code 1' })
      .option('baseline', { type: 'string', requiresArg: true, describe: 'report only findings not in this baseline file' })
      .option('top', { type: 'number', default: 20, describe: 'largest inner flows to list' })
      .option('color', { type: 'boolean', describe: 'colour the table (default: when stdout is a terminal and NO_COLOR is unset)' })
      .check((argv) => {
        if (!Number.isInteger(argv.top) || argv.top < 1) throw new Error('--top must be a positive integer');
        const mw = argv['max-warnings'];
        if (mw !== undefined && (!Number.isInteger(mw) || mw < 0)) throw new Error('--max-warnings must be a whole number');
        return true;
      }) as unknown as Argv<MergeArgs>,
  handler: () => {
    // Run by cli.ts.
  },
};
