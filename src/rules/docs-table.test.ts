import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from './index.js';
import { rfcCompact, rulesTable, TABLE_END, TABLE_START } from './docs-table.js';

describe('the rules table of docs/rules.md', () => {
  it('is the one the rules make (npm run docs rewrites it)', () => {
    const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf(TABLE_START) + TABLE_START.length, doc.indexOf(TABLE_END)).trim();
    expect(doc.indexOf(TABLE_START)).toBeGreaterThan(0);
    expect(table).toBe(rulesTable(RULES));
  });
  it('groups one document’s sections and keeps the documents in order', () => {
    expect(
      rfcCompact([
        { document: '6333', section: '§5.2' },
        { document: '6333', section: '§6.2' },
        { document: '2473', section: '§5' },
        { document: '6333', section: 'App. B' },
      ]),
    ).toBe('RFC 6333 §5.2, §6.2; RFC 2473 §5; RFC 6333 App. B');
  });
  it('has a row per rule with its level and default severity', () => {
    const rows = rulesTable(RULES).split('\n').slice(2);
    expect(rows).toHaveLength(RULES.length);
    const icmp5 = RULES.find((r) => r.meta.id === 'ICMP-005')!.meta;
    expect(rows.find((r) => r.startsWith('| ICMP-005 |'))).toMatch(
      new RegExp(`\\| ${icmp5.level} \\| ${icmp5.defaultSeverity} \\|$`),
    );
  });
});
