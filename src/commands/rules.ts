import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/error.js';
import { RULES } from '../rules/index.js';
import { rfcText } from '../rules/types.js';
import { needsSecond } from '../rules/coverage.js';
import { DEFAULT_WIDTH, textTable, wrapText } from '../report/text-table.js';
import { counted } from '../report/text.js';

const rfcUrl = (doc: string): string => `https://www.rfc-editor.org/rfc/rfc${doc}`;

/** The catalogue's own text for one rule (docs/rules-catalogue.md, or docs/project-rules.md for the capture's rules; both ship with the package). */
function catalogueText(id: string): string | undefined {
  const docs = new URL(`${import.meta.url.includes('/dist/src/') ? '../../../' : '../../'}docs/`, import.meta.url);
  const text = ['rules-catalogue.md', 'project-rules.md'].map((f) => readFileSync(new URL(f, docs), 'utf8')).join('\n');
  const start = text.indexOf(`#### ${id} `);
  if (start < 0) return undefined;
  const next = text.slice(start + 5).search(/\n#{2,4} /);
  return text.slice(start, next < 0 ? undefined : start + 5 + next).trim();
}

/** `dslite-check rules`: the implemented catalogue, one row per rule. */
export function renderRules(format: 'table' | 'json', width = DEFAULT_WIDTH): string {
  const rows = [...RULES].sort((a, b) => a.meta.id.localeCompare(b.meta.id)).map((r) => ({
    id: r.meta.id,
    title: r.meta.title,
    rfc: rfcText(r.meta.rfc),
    level: r.meta.level,
    severity: r.meta.defaultSeverity,
    secondCapture: needsSecond(r),
  }));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const table = textTable(
    ['ID', 'title', 'RFC', 'level', 'default', 'second\ncapture'],
    rows.map((r) => [r.id, r.title, r.rfc, r.level, r.severity, r.secondCapture ? 'yes' : '']),
    { width },
  );
  return `${table}\n${wrapText(`${counted(rows.length, 'rule')} (dslite-check explain ID for one in full)`, width)}\n`;
}

/** `dslite-check explain ID`: one rule in full, with its references and the catalogue's text. */
export function renderExplain(id: string, width = DEFAULT_WIDTH): string {
  const r = RULES.find((x) => x.meta.id === id.toUpperCase());
  if (!r) throw new ConfigError(`${id}: no such rule (dslite-check rules lists them)`);
  const m = r.meta;
  const lines = [
    `${m.id} — ${m.title}`,
    `level ${m.level}, default severity ${m.defaultSeverity}, ${{ D: 'decidable', H: 'heuristic', I: 'informational', 'D/H': 'decidable or heuristic', 'D/I': 'decidable or informational' }[m.kind]}`,
    `needs: ${m.needs.map((n) => ({ T: 'the tunnel capture', N: "the AFTR's Internet side (--internet)", L: "the B4's LAN side (--lan)", C: 'configuration' })[n]).join(', ')}${needsSecond(r) ? '' : ' (judged from the tunnel capture alone where it can)'}`,
    '',
    'references:',
    ...m.rfc.map((x) => `  RFC ${x.document} ${x.section}  ${rfcUrl(x.document)}`),
    '',
    'messages:',
    ...Object.entries(m.messages).map(([k, v]) => `  ${k}: ${v}`),
  ];
  const text = catalogueText(m.id);
  if (text) lines.push('', 'catalogue:', text);
  return `${wrapText(lines.join('\n'), width)}\n`;
}
