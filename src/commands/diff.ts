import { writeFile } from 'node:fs/promises';
import type { Argv, CommandModule } from 'yargs';
import { IGNORABLE, type IgnorableField } from '../diff/compare.js';
import { DEFAULT_WINDOW, diffCaptures } from '../diff/diff.js';
import { renderDiffTable } from '../diff/table.js';
import { renderDiffJunit, renderDiffMarkdown } from '../diff/formats.js';
import { buildValidator, renderJson } from '../report/json.js';
import { STDIN_TOKEN } from './check.js';

export interface DiffArgs {
  expected: string;
  actual: string;
  format: 'table' | 'json' | 'junit' | 'markdown';
  output?: string;
  ignore: IgnorableField[];
  window: number;
  aftr: string[];
  'max-differences': number;
  color: boolean | undefined;
}

/** Exit code: 0 equivalent, 1 differences (errors throw and become 2 in cli.ts). */
export async function runDiff(a: DiffArgs, out: (s: string) => Promise<void>): Promise<number> {
  const path = (p: string): string => (p === STDIN_TOKEN ? '-' : p);
  const report = await diffCaptures(path(a.expected), path(a.actual), { window: a.window, ignore: a.ignore, aftrs: a.aftr, maxListed: a['max-differences'] });
  const output = a.output === STDIN_TOKEN ? undefined : a.output;
  const color = output === undefined && (a.color ?? (process.stdout.isTTY === true && !process.env['NO_COLOR']));
  const render = { table: () => renderDiffTable(report, { color }), json: () => renderJson(report, buildValidator('diff')), junit: () => renderDiffJunit(report), markdown: () => renderDiffMarkdown(report) };
  const text = render[a.format]();
  if (output !== undefined) await writeFile(output, text);
  else await out(text);
  return report.summary.verdict === 'equivalent' ? 0 : 1;
}

export const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff <expected> <actual>',
  describe: "Compare a device's tunnel capture with the expected one (for example encap output for the same IPv4 input)",
  builder: (y: Argv) =>
    y
      .positional('expected', { type: 'string', demandOption: true, describe: 'what a conformant endpoint would have sent (pcap, pcapng, gzip)' })
      .positional('actual', { type: 'string', demandOption: true, describe: "the device's tunnel capture" })
      .option('format', { alias: 'f', choices: ['table', 'json', 'junit', 'markdown'] as const, default: 'table' as const, describe: 'output format' })
      .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'write the report to FILE instead of standard output' })
      .option('ignore', { type: 'string', array: true, choices: IGNORABLE, default: [] as IgnorableField[], describe: 'fields not to compare (fragment Identification, flow label and timestamps never are)' })
      .option('window', { type: 'number', default: DEFAULT_WINDOW, describe: 'datagrams either capture may run ahead before one without a counterpart is reported' })
      .option('aftr', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'AFTR IPv6 address, when it cannot be inferred' })
      .option('max-differences', { type: 'number', default: 1000, describe: 'differences listed (all are counted)' })
      .option('color', { type: 'boolean', describe: 'colour the table (default: when stdout is a terminal and NO_COLOR is unset)' })
      .check((argv) => {
        if (!Number.isInteger(argv.window) || argv.window < 1) throw new Error('--window must be a positive integer');
        if (!Number.isInteger(argv['max-differences']) || argv['max-differences'] < 0) throw new Error('--max-differences must be a whole number');
        if (argv.expected === STDIN_TOKEN && argv.actual === STDIN_TOKEN) throw new Error('standard input (-) can be read only once');
        return true;
      }) as unknown as Argv<DiffArgs>,
  handler: () => {
    // Run by cli.ts, which owns exit codes.
  },
};
