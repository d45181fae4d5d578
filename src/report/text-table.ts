import Table from 'cli-table3';
import { agree } from '../model/words.js';
export { DEFAULT_WIDTH, outputWidth } from './width.js';

// ANSI colour sequences begin with ESC, a control character by design.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const HAS_ANSI = /\u001b\[/;
/** Columns a line takes on a terminal (colour codes take none). */
export const visibleLength = (s: string): number => s.replace(ANSI, '').length;

/** One line cut into pieces of at most `width`, at spaces where it can, inside a word where it must. */
function wrapLine(line: string, width: number): string[] {
  if (visibleLength(line) <= width) return [line];
  // Coloured text is never cut (the codes would be split); only short words are coloured.
  if (HAS_ANSI.test(line)) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    let w = word;
    if (current && current.length + 1 + w.length <= width) {
      current += ` ${w}`;
      continue;
    }
    if (current) out.push(current);
    while (w.length > width) {
      out.push(w.slice(0, width));
      w = w.slice(width);
    }
    current = w;
  }
  out.push(current);
  return out;
}

/** Text whose every line is at most `width` long (a continuation keeps the line's indentation). */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const indent = /^ */.exec(line)![0];
      if (!indent || indent.length >= width / 2) return wrapLine(line, width);
      const [first, ...rest] = wrapLine(line, width);
      return [first!, ...rest.flatMap((r) => wrapLine(indent + r, width))];
    })
    .join('\n');
}

/** A column keeps its longest word, or up to this many characters, before the rest of the room is shared. */
const KEPT = 16;

/**
 * Content widths for columns whose natural widths do not all fit in `room`: every column keeps
 * its longest word (an ID, an address) or KEPT characters, and the room left goes to the columns
 * that want more in proportion to what they want, so a long message wraps before an ID is cut.
 * Undefined when even that does not fit: the table is then printed expanded.
 */
export function fitColumns(
  natural: readonly number[],
  room: number,
  longestWord: readonly number[] = [],
): number[] | undefined {
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  if (sum(natural) <= room) return [...natural];
  const floor = natural.map((w, i) => Math.min(w, Math.max(KEPT, longestWord[i] ?? 0)));
  if (sum(floor) > room) return undefined;
  const want = natural.map((w, i) => w - floor[i]!);
  let extra = room - sum(floor);
  let wanted = sum(want);
  const out = [...floor];
  // Smallest wants first, so rounding leaves the remainder to the widest column.
  for (const i of want
    .map((w, k) => [w, k] as const)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1])
    .map(([, k]) => k)) {
    const give = wanted > 0 ? Math.min(want[i]!, Math.floor((extra * want[i]!) / wanted)) : 0;
    out[i] = out[i]! + give;
    extra -= give;
    wanted -= want[i]!;
  }
  return out;
}

export interface TextTableOptions {
  readonly width: number;
  readonly align?: readonly ('left' | 'right')[];
}

/** No rule between body rows: denser, and still clear with one line per row. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
const PLAIN = { head: [] as string[], border: [] as string[] };
/** cli-table3 pads each cell by one space either side and draws n + 1 borders. */
const PADDING = 2;

/**
 * A boxed table no wider than `width`. Cells are wrapped here, at spaces where they can and
 * inside a long word where they must, rather than by cli-table3, which cuts a word longer than
 * its column short with "…" and would lose an address or a frame list. A table whose columns
 * cannot keep their longest words side by side is printed expanded, one small table of
 * field and value per row (as psql's \x does), which stays legible on a narrow terminal.
 */
export function textTable(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  o: TextTableOptions,
): string {
  const cells = rows.map((r) => r.map((c) => agree(String(c))));
  const lines = (c: string): string[] => c.split('\n');
  const natural = head.map((h, i) =>
    Math.max(...[h, ...cells.map((r) => r[i] ?? '')].flatMap((c) => lines(c).map(visibleLength)), 1),
  );
  const words = head.map((h, i) =>
    Math.max(...[h, ...cells.map((r) => r[i] ?? '')].flatMap((c) => c.split(/\s/).map(visibleLength)), 1),
  );
  const room = o.width - (head.length + 1) - PADDING * head.length;
  const widths = fitColumns(natural, room, words);
  return widths ? boxed(head, cells, widths, o.align) : expanded(head, cells, o.width);
}

function boxed(
  head: readonly string[],
  cells: readonly (readonly string[])[],
  widths: readonly number[],
  align?: readonly ('left' | 'right')[],
): string {
  const fit = (c: string, i: number): string => wrapText(c, widths[i]!);
  const t = new Table({
    ...(head.length && { head: head.map(fit) }),
    style: PLAIN,
    chars: COMPACT,
    colWidths: widths.map((w) => w + PADDING),
    ...(align && { colAligns: [...align] }),
  });
  for (const r of cells) t.push(r.map(fit));
  return t.toString();
}

/** One field-and-value table per row, the field names on one line each. */
function expanded(head: readonly string[], cells: readonly (readonly string[])[], width: number): string {
  const names = head.map((h) => h.replace(/\n/g, ' '));
  const nameWidth = Math.min(Math.max(...names.map((n) => n.length)), Math.floor(width / 3));
  const widestValue = Math.max(1, ...cells.flatMap((r) => r.flatMap((c) => c.split('\n').map(visibleLength))));
  const valueWidth = Math.min(widestValue, width - 3 - PADDING * 2 - nameWidth);
  return cells
    .map((r) =>
      boxed(
        [],
        names.map((n, i) => [n, r[i] ?? '']),
        [nameWidth, valueWidth],
      ),
    )
    .join('\n');
}
