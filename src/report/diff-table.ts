import { DEFAULT_WIDTH, textTable, wrapText } from './text-table.js';
import { agree, frameList } from '../model/words.js';
import type { DiffInput, DiffReport } from '../model/diff.js';

const paint = (on: boolean, code: number, s: string): string => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
const KIND_COLOUR = { changed: 33, missing: 31, unexpected: 31 } as const;

const inputLine = (label: string, i: DiffInput): string =>
  `${label}: ${i.file} (${i.format}, ${i.frames} frames, ${i.softwireFrames} softwire, ${i.datagrams} datagrams${i.incomplete ? ', cut short' : ''})`;

/** The diff for people: the verdict first, then one row per datagram that differs. */
export function renderDiffTable(r: DiffReport, o: { readonly color?: boolean; readonly width?: number } = {}): string {
  const width = o.width ?? DEFAULT_WIDTH;
  const s = r.summary;
  const color = o.color ?? false;
  const lines: string[] = [];
  const verdict =
    s.verdict === 'equivalent'
      ? paint(
          color,
          32,
          `EQUIVALENT: ${s.matched === 1 ? 'the one datagram matches' : `all ${s.matched} datagrams match`}`,
        )
      : paint(color, 31, `DIFFERENT: ${s.changed} changed, ${s.missing} missing, ${s.unexpected} unexpected`) +
        ` (${s.identical} of ${r.expected.datagrams} expected datagrams identical)`;
  lines.push(verdict, inputLine('expected', r.expected), inputLine('actual  ', r.actual));
  const ignored = ['fragment Identification', 'flow label', 'timestamps', ...r.options.ignore];
  lines.push(
    `not compared: ${ignored.join(', ')}; matching window ${r.options.window} datagrams${s.reordered ? `; ${s.reordered} datagrams arrived in another order (tolerated)` : ''}`,
  );
  for (const w of r.warnings) lines.push(paint(color, 33, `warning: ${w}`));
  if (r.differences.length) {
    const rows: string[][] = [];
    for (const d of r.differences) {
      const what0 = d.fields.length
        ? d.fields.map((f) => f.text).join('\n')
        : d.kind === 'missing'
          ? 'not in the actual capture'
          : 'not in the expected capture';
      const filters = [
        d.expectedFilter && `expected: ${d.expectedFilter}`,
        d.actualFilter && `actual: ${d.actualFilter}`,
      ]
        .filter(Boolean)
        .join('\n');
      const what = `${what0}\nWireshark ${filters}`;
      rows.push([
        paint(color, KIND_COLOUR[d.kind], d.kind),
        d.datagram,
        d.softwire,
        frameList(d.expectedFrames, 6) || '–',
        frameList(d.actualFrames, 6) || '–',
        what,
      ]);
    }
    lines.push(textTable(['', 'datagram', 'softwire', 'expected', 'actual', 'difference'], rows, { width }));
    const total = s.changed + s.missing + s.unexpected;
    if (total > s.listed) lines.push(`${total - s.listed} more differences not listed (raise --max-differences)`);
  }
  const fields = Object.entries(s.byField);
  if (fields.length) lines.push(`differences by field: ${fields.map(([f, n]) => `${f} ${n}`).join(', ')}`);
  return `${wrapText(agree(lines.join('\n')), width)}\n`;
}
