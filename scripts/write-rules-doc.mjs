// Rewrites the rules table in docs/rules.md from the rules' metadata (src/rules/docs-table.ts).
// Run after adding a rule or changing its metadata: `npm run docs`. src/rules/docs-table.test.ts
// fails while the committed table differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { RULES } from '../dist/src/rules/index.js';
import { rulesTable, TABLE_END, TABLE_START } from '../dist/src/rules/docs-table.js';

const file = new URL('../docs/rules.md', import.meta.url);
const text = readFileSync(file, 'utf8');
const start = text.indexOf(TABLE_START);
const end = text.indexOf(TABLE_END);
if (start < 0 || end < start) throw new Error('docs/rules.md: the table markers are missing');
writeFileSync(file, `${text.slice(0, start + TABLE_START.length)}\n${rulesTable(RULES)}\n${text.slice(end)}`);
