import { readFileSync } from 'node:fs';
import Table from 'cli-table3';
import type { Argv, CommandModule } from 'yargs';
import { ConfigError } from '../check.js';
import { RULES } from '../rules/index.js';
import { rfcText } from '../rules/types.js';
import { needsSecond } from '../rules/coverage.js';

export interface RulesArgs {
  format: 'table' | 'json';
}
export interface ExplainArgs {
  id: string;
}

const rfcUrl = (doc: string): string => `https://www.rfc-editor.org/rfc/rfc${doc}`;

/** The catalogue's own text for one rule (docs/rules-catalogue.md, shipped with the package). */
function catalogueText(id: string): string | undefined {
  const url = new URL(`${import.meta.url.includes('/dist/src/') ? '../../../' : '../../'}docs/rules-catalogue.md`, import.meta.url);
  const text = readFileSync(url, 'utf8');
  const start = text.indexOf(`#### ${id} `);
  if (start < 0) return undefined;
  const next = text.slice(start + 5).search(/\n#{2,4} /);
  return text.slice(start, next < 0 ? undefined : start + 5 + next).trim();
}

/** `dslite-check rules`: the implemented catalogue, one row per rule. */
export function renderRules(format: 'table' | 'json'): string {
  const rows = [...RULES].sort((a, b) => a.meta.id.localeCompare(b.meta.id)).map((r) => ({
    id: r.meta.id,
    title: r.meta.title,
    rfc: rfcText(r.meta.rfc),
    level: r.meta.level,
    severity: r.meta.defaultSeverity,
    secondCapture: needsSecond(r),
  }));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const t = new Table({ head: ['ID', 'title', 'RFC', 'level', 'default', 'second\ncapture'], style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, wordWrap: true, colWidths: [10, 48, 30, 11, 9, 9] });
  for (const r of rows) t.push([r.id, r.title, r.rfc, r.level, r.severity, r.secondCapture ? 'yes' : '']);
  return `${t.toString()}\n${rows.length} rules (dslite-check explain ID for one in full)\n`;
}

/** `dslite-check explain ID`: one rule in full, with its references and the catalogue's text. */
export function renderExplain(id: string): string {
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
  return `${lines.join('\n')}\n`;
}

export const rulesCommand: CommandModule<object, RulesArgs> = {
  command: 'rules',
  describe: 'List the rules of the catalogue that dslite-check implements',
  builder: (y: Argv) => y.option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table' as const, describe: 'output format' }) as unknown as Argv<RulesArgs>,
  handler: () => {
    // Run by cli.ts.
  },
};

export const explainCommand: CommandModule<object, ExplainArgs> = {
  command: 'explain <id>',
  describe: 'Print one rule in full: level, references, messages and the catalogue text',
  builder: (y: Argv) => y.positional('id', { type: 'string', demandOption: true, describe: 'rule ID, e.g. FRAG-002' }) as unknown as Argv<ExplainArgs>,
  handler: () => {
    // Run by cli.ts.
  },
};
