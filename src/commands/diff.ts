import { type DiffArgs, DIFF_FORMATS } from '../cli/diff-options.js';
import { formatFor, STDIN_TOKEN } from '../cli/options.js';
import { ConfigError } from '../config/error.js';
import { diffCaptures } from '../diff/diff.js';
import { colourOn, outputWidth } from '../report/width.js';
import { emit } from './check.js';
import { refuseOutputsOverInputs } from './outputs.js';
import { renderDiffTable } from '../report/diff-table.js';
import { renderDiffJunit, renderDiffMarkdown } from '../report/diff-formats.js';
import { buildValidator, renderJson } from '../report/json.js';

/** Exit code: 0 equivalent, 1 differences (errors throw and become 2 in cli.ts). */
export async function runDiff(a: DiffArgs, out: (s: string) => Promise<void>): Promise<number> {
  const path = (p: string): string => (p === STDIN_TOKEN ? '-' : p);
  const output = a.output === STDIN_TOKEN ? undefined : a.output;
  const format = formatFor(a.format, output, DIFF_FORMATS);
  refuseOutputsOverInputs([{ option: '--output', path: output }], [path(a.expected), path(a.actual)]);
  const report = await diffCaptures(path(a.expected), path(a.actual), {
    window: a.window,
    ignore: a.ignore,
    aftrs: a.aftr,
    maxListed: a['max-differences'],
  });
  // Two captures with no datagram to compare cannot be called equivalent: a wrong file, not a result.
  if (report.expected.datagrams === 0 && report.actual.datagrams === 0)
    throw new ConfigError(
      `diff: neither ${path(a.expected)} (${report.expected.frames} frames) nor ${path(a.actual)} (${report.actual.frames} frames) holds a softwire datagram; nothing to compare`,
    );
  const color = colourOn(a.color, output === undefined);
  const render = {
    table: () => renderDiffTable(report, { color, width: outputWidth(output === undefined) }),
    json: () => renderJson(report, buildValidator('diff')),
    junit: () => renderDiffJunit(report),
    markdown: () => renderDiffMarkdown(report),
  };
  await emit(render[format](), output, out);
  return report.summary.verdict === 'equivalent' ? 0 : 1;
}
