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
  return draw(
    head.map(fit),
    cells.flatMap((r) => oneLineRows(r.map(fit))),
    widths,
    align,
  );
}

/** cli-table3's drawing of cells already wrapped to `widths`. */
function draw(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  widths: readonly number[],
  align?: readonly ('left' | 'right')[],
): string {
  const t = new Table({
    ...(head.length && { head: [...head] }),
    style: PLAIN,
    chars: COMPACT,
    colWidths: widths.map((w) => w + PADDING),
    ...(align && { colAligns: [...align] }),
  });
  for (const r of rows) t.push([...r]);
  return t.toString();
}

/**
 * A row of wrapped cells as rows of one line each: the same drawing, as body rows have no rule
 * between them. cli-table3 measures a cell's whole text on every line it draws (for a debug
 * message), and a text of several lines sends that measure down a path that shortens the text
 * one character at a time: quadratic in the cell, it took most of a table report's time.
 */
function oneLineRows(row: readonly string[]): string[][] {
  const lines = row.map((c) => c.split('\n'));
  const height = Math.max(1, ...lines.map((l) => l.length));
  return Array.from({ length: height }, (_, i) => lines.map((l) => l[i] ?? ''));
}

/** One field-and-value table per row, the field names on one line each. */
function expanded(head: readonly string[], cells: readonly (readonly string[])[], width: number): string {
  const names = head.map((h) => h.replace(/\n/g, ' '));
  const nameWidth = Math.min(Math.max(...names.map((n) => n.length)), Math.floor(width / 3));
  const widestValue = Math.max(1, ...cells.flatMap((r) => r.flatMap((c) => c.split('\n').map(visibleLength))));
  const valueWidth = Math.min(widestValue, width - 3 - PADDING * 2 - nameWidth);
  return stacked(
    cells.map((r) => names.map((n, i) => [n, r[i] ?? ''])),
    [nameWidth, valueWidth],
  );
}

/** Rows drawn as one table at most (cli-table3's layout is quadratic in a table's rows). */
const STACK_ROWS = 64;

/**
 * Boxed tables of the same column widths, one after another: a few boxes at a time are drawn
 * as one table whose top and bottom borders then close each box, which gives the text of
 * drawing each box alone (every body line is one row's, and widths are fixed). A cli-table3
 * table merges its options into every cell: one table per box, with a box per finding in an
 * expanded findings list, was most of a table report's time.
 */
function stacked(boxes: readonly (readonly (readonly string[])[])[], widths: readonly number[]): string {
  const rows = boxes.map((box) => box.flatMap((r) => oneLineRows(r.map((c, i) => wrapText(c, widths[i]!)))));
  const out: string[] = [];
  for (let first = 0; first < rows.length;) {
    let last = first + 1;
    let count = rows[first]!.length;
    while (last < rows.length && count + rows[last]!.length <= STACK_ROWS) count += rows[last++]!.length;
    const group = rows.slice(first, last);
    const drawn = draw([], group.flat(), widths).split('\n');
    const top = drawn[0]!;
    const bottom = drawn.at(-1)!;
    let at = 1;
    for (const box of group) {
      out.push([top, ...drawn.slice(at, at + box.length), bottom].join('\n'));
      at += box.length;
    }
    first = last;
  }
  return out.join('\n');
}
