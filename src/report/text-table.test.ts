import { describe, expect, it } from 'vitest';
import { fitColumns, outputWidth, textTable, wrapText } from './text-table.js';

const widest = (s: string): number => Math.max(...s.split('\n').map((l) => [...l].length));

describe('text tables fit the width', () => {
  it('natural widths when they fit', () => {
    expect(fitColumns([5, 10, 20], 40)).toEqual([5, 10, 20]);
  });
  it('keep the longest words and give a long message the rest', () => {
    const w = fitColumns([8, 8, 200, 40], 100, [8, 8, 12, 9]);
    expect(w!.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100);
    expect(w![0]).toBe(8);
    expect(w![2]).toBeGreaterThan(w![3]!);
  });
  it('none when even the longest words do not fit side by side', () => {
    expect(fitColumns([30, 30, 30], 50, [20, 20, 20])).toBeUndefined();
  });
  it('wraps at spaces, and inside a word only when it must', () => {
    expect(wrapText('a b c d e f', 3)).toBe('a b\nc d\ne f');
    expect(wrapText('abcdefgh', 3)).toBe('abc\ndef\ngh');
  });
  it.each([60, 80, 120, 200])('a wide table at %d columns keeps every cell and every line fits', (width) => {
    const rows = Array.from({ length: 5 }, (_x, i) => [
      `2001:db8:${i}::2`,
      'tcp',
      `the message number ${i} `.repeat(8).trim(),
      'RFC 6333 §5.3; RFC 6908 §2.2',
    ]);
    const t = textTable(['B4', 'proto', 'message', 'reference'], rows, { width });
    expect(widest(t)).toBeLessThanOrEqual(width);
    // Nothing cut short: every word of every cell is still there.
    const flat = t.replace(/[│┌┐└┘├┤┬┴┼─\s]+/g, ' ');
    for (const r of rows)
      for (const c of r)
        for (const w of c.split(' ')) expect(flat.includes(w) || t.replace(/[│\s]+/g, '').includes(w)).toBe(true);
  });
  it('a table too wide for its words is expanded to field and value', () => {
    const head = Array.from({ length: 12 }, (_x, i) => `column ${i}`);
    const t = textTable(head, [head.map((_h, i) => `2001:db8:100:${i}::2`)], { width: 80 });
    expect(widest(t)).toBeLessThanOrEqual(80);
    expect(t).toMatch(/│ column 11 +│ 2001:db8:100:11::2 +│/);
  });
  it('many expanded rows are each one closed box of the same widths, in order', () => {
    const head = Array.from({ length: 12 }, (_x, i) => `column ${i}`);
    // Values long enough to wrap: boxes of different heights, drawn a few at a time.
    const rows = Array.from({ length: 40 }, (_x, r) =>
      head.map((_h, i) => (i === 3 ? `row${r} `.repeat(1 + (r % 9) * 4).trim() : `2001:db8:${r}:${i}::2`)),
    );
    const lines = textTable(head, rows, { width: 80 }).split('\n');
    const boxes: string[][] = [];
    for (const l of lines) {
      if (l.startsWith('┌')) boxes.push([]);
      boxes.at(-1)!.push(l);
    }
    expect(boxes).toHaveLength(40);
    expect(new Set(lines.map((l) => [...l].length)).size).toBe(1);
    boxes.forEach((box, r) => {
      expect([box[0]![0], box.at(-1)![0]]).toEqual(['┌', '└']);
      expect(box.slice(1, -1).every((l) => l.startsWith('│'))).toBe(true);
      expect(box.join(' ')).toContain(`2001:db8:${r}:11::2`);
      expect(box.join(' ').match(new RegExp(`row${r}\\b`, 'g'))).toHaveLength(1 + (r % 9) * 4);
    });
  });
  it('the width: COLUMNS, else 120; never below 60', () => {
    expect(outputWidth(false, {})).toBe(120);
    expect(outputWidth(false, { COLUMNS: '80' })).toBe(80);
    expect(outputWidth(false, { COLUMNS: '20' })).toBe(60);
    expect(outputWidth(false, { COLUMNS: 'wide' })).toBe(120);
  });
});
