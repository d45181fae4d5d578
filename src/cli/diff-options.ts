import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_WINDOW } from '../diff/compare.js';
import { IGNORABLE, type IgnorableField } from '../model/diff.js';
import { numberOption, STDIN_TOKEN } from './options.js';

export const DIFF_FORMATS = ['table', 'json', 'junit', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffArgs {
  expected: string;
  actual: string;
  format?: DiffFormat;
  output?: string;
  ignore: IgnorableField[];
  window: number;
  aftr: string[];
  'max-differences': number;
  color: boolean | undefined;
}

export const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff <expected> <actual>',
  describe:
    "Compare a device's tunnel capture with the expected one (for example encap output for the same IPv4 input)",
  builder: (y: Argv) =>
    y
      .positional('expected', {
        type: 'string',
        demandOption: true,
        describe: 'what a conformant endpoint would have sent (pcap, pcapng, gzip)',
      })
      .positional('actual', { type: 'string', demandOption: true, describe: "the device's tunnel capture" })
      .option('format', {
        alias: 'f',
        choices: DIFF_FORMATS,
        describe: 'output format [default: from the extension of -o, else table]',
      })
      .option('output', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        describe: 'write the report to FILE instead of standard output',
      })
      .option('ignore', {
        type: 'string',
        array: true,
        choices: IGNORABLE,
        default: [] as IgnorableField[],
        describe: 'fields not to compare (fragment Identification, flow label and timestamps never are)',
      })
      .option(
        'window',
        numberOption('window', {
          default: DEFAULT_WINDOW,
          describe: 'datagrams either capture may run ahead before one without a counterpart is reported',
        }),
      )
      .option('aftr', {
        type: 'string',
        array: true,
        nargs: 1,
        default: [] as string[],
        describe: 'AFTR IPv6 address, when it cannot be inferred',
      })
      .option(
        'max-differences',
        numberOption('max-differences', { default: 1000, describe: 'differences listed (all are counted)' }),
      )
      .option('color', {
        type: 'boolean',
        describe: 'colour the table (default: when stdout is a terminal and NO_COLOR is unset)',
      })
      .check((argv) => {
        if (!Number.isInteger(argv.window) || argv.window < 1) throw new Error('--window must be a positive integer');
        if (!Number.isInteger(argv['max-differences']) || argv['max-differences'] < 0)
          throw new Error('--max-differences must be a whole number');
        if (argv.expected === STDIN_TOKEN && argv.actual === STDIN_TOKEN)
          throw new Error('standard input (-) can be read only once');
        return true;
      }) as unknown as Argv<DiffArgs>,
  handler: () => {
    // Run by cli.ts, which owns exit codes and loads the command's code only when it runs.
  },
};
