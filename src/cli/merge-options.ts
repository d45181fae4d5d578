import type { Argv, CommandModule } from 'yargs';
import type { Severity } from '../model/report.js';
import { FAIL_ON, type Format, FORMATS, numberOption } from './options.js';
import { DEFAULTS } from '../config/defaults.js';

export interface MergeArgs {
  reports: string[];
  format?: Format;
  output?: string;
  'fail-on'?: Severity | 'never';
  'max-warnings'?: number;
  baseline?: string;
  top: number;
  color: boolean | undefined;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <reports..>',
  describe: 'Merge JSON reports of check, or the shard states of one run, into one report, and gate on it',
  builder: (y: Argv) =>
    y
      .positional('reports', {
        type: 'string',
        array: true,
        demandOption: true,
        describe:
          'reports written by check --format json, or every shard state of one run (check --shard I/N --format state)',
      })
      .option('format', {
        alias: 'f',
        choices: FORMATS,
        describe: 'output format [default: from the extension of -o, else table]',
      })
      .option('output', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        describe: 'write the report to FILE instead of standard output',
      })
      .option('fail-on', {
        choices: FAIL_ON,
        describe: "lowest finding severity that makes the exit code 1 [default: the first report's]",
      })
      .option('max-warnings', numberOption('max-warnings', { describe: 'more warnings than N make the exit code 1' }))
      .option('baseline', {
        type: 'string',
        requiresArg: true,
        describe: 'report only findings not in this baseline file',
      })
      .option(
        'top',
        numberOption('top', {
          default: DEFAULTS.top,
          describe: "largest inner flows to list (shard states keep their run's --top)",
        }),
      )
      .option('color', {
        type: 'boolean',
        describe: 'colour the table (default: when stdout is a terminal and NO_COLOR is unset)',
      })
      .check((argv) => {
        if (!Number.isInteger(argv.top) || argv.top < 1) throw new Error('--top must be a positive integer');
        const mw = argv['max-warnings'];
        if (mw !== undefined && (!Number.isInteger(mw) || mw < 0))
          throw new Error('--max-warnings must be a whole number');
        return true;
      }) as unknown as Argv<MergeArgs>,
  handler: () => {
    // Run by cli.ts, which loads the command's code only when it runs.
  },
};
