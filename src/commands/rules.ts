import { ConfigError } from '../config/error.js';
import { catalogueRows, catalogueText } from '../rules/catalogue.js';
import { RULES } from '../rules/index.js';
import { NOT_JUDGED } from '../rules/not-judged.js';
import { KIND_WORDS, NEED_WORDS, rfcText } from '../rules/types.js';
import { needsSecond } from '../rules/coverage.js';
import { DEFAULT_WIDTH, textTable, wrapText } from '../report/text-table.js';
import { counted } from '../report/text.js';

const rfcUrl = (doc: string): string => `https://www.rfc-editor.org/rfc/rfc${doc}`;

/** A rule that runs, or a catalogue entry that none judges and why. */
interface RuleRow {
  readonly id: string;
  readonly title: string;
  readonly rfc: string;
  readonly level: string;
  readonly status: 'judged' | 'not judged';
  readonly severity?: string;
  readonly secondCapture?: boolean;
  /** Weighs a capture's softwires together (RuleMeta.scope): under --shard the first shard judges it. */
  readonly captureWide?: boolean;
  readonly reason?: string;
}

function judgedRows(): RuleRow[] {
  return [...RULES].map((r) => ({
    id: r.meta.id,
    title: r.meta.title,
    rfc: rfcText(r.meta.rfc),
    level: r.meta.level,
    status: 'judged' as const,
    severity: r.meta.defaultSeverity,
    secondCapture: needsSecond(r),
    captureWide: r.meta.scope === 'capture',
  }));
}

/** The catalogue entries no rule judges, with the reason (rules/not-judged.ts). */
function notJudgedRows(): RuleRow[] {
  const judged = new Set(RULES.map((r) => r.meta.id));
  return catalogueRows()
    .filter((c) => !judged.has(c.id))
    .map((c) => {
      const why = NOT_JUDGED[c.id];
      return {
        id: c.id,
        title: c.title,
        rfc: c.sources,
        level: c.level,
        status: 'not judged' as const,
        reason: why ? `${why.kind}: ${why.reason}` : 'no reason recorded',
      };
    });
}

/** `dslite-check rules`: the rules that run, one row each; with `all`, every catalogue entry, those not judged with the reason. */
export function renderRules(format: 'table' | 'json', width = DEFAULT_WIDTH, all = false): string {
  const judged = judgedRows();
  const rest = notJudgedRows();
  const rows = [...judged, ...(all ? rest : [])].sort((a, b) => a.id.localeCompare(b.id));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const table = all
    ? textTable(
        ['ID', 'title', 'level', 'status'],
        rows.map((r) => [
          r.id,
          r.title,
          r.level,
          r.status === 'judged'
            ? `judged (${r.severity}${r.secondCapture ? ', second capture' : ''})`
            : `not judged: ${r.reason}`,
        ]),
        { width },
      )
    : textTable(
        ['ID', 'title', 'RFC', 'level', 'default', 'second\ncapture'],
        rows.map((r) => [r.id, r.title, r.rfc, r.level, r.severity ?? '', r.secondCapture ? 'yes' : '']),
        { width },
      );
  const summary = `${counted(judged.length, 'rule')} judged; ${counted(rest.length, 'catalogue entry', 'catalogue entries')} not judged from captures${all ? '' : ' (rules --all lists them with the reason)'}; dslite-check explain ID for one in full`;
  return `${table}\n${wrapText(summary, width)}\n`;
}

/** `dslite-check explain ID`: one rule in full, with its references and the catalogue's text. */
export function renderExplain(id: string, width = DEFAULT_WIDTH): string {
  const r = RULES.find((x) => x.meta.id === id.toUpperCase());
  if (!r) return explainNotJudged(id, width);
  const m = r.meta;
  const lines = [
    `${m.id} — ${m.title}`,
    `level ${m.level}, default severity ${m.defaultSeverity}, ${KIND_WORDS[m.kind]}`,
    `needs: ${m.needs.map((n) => NEED_WORDS[n]).join(', ')}${needsSecond(r) ? '' : ' (judged from the tunnel capture alone where it can)'}`,
    ...(m.scope === 'capture'
      ? ["weighs the capture's softwires together: with --shard, the first shard judges it from every softwire"]
      : []),
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

/** A catalogue entry no rule judges: its row, why it is not judged, and the catalogue's text. */
function explainNotJudged(id: string, width: number): string {
  const row = notJudgedRows().find((x) => x.id === id.toUpperCase());
  if (!row) throw new ConfigError(`${id}: not in the catalogue (dslite-check rules --all lists every entry)`);
  const lines = [
    `${row.id} — ${row.title}`,
    `level ${row.level}; NOT JUDGED from captures`,
    `why: ${row.reason}`,
    '',
    `sources: ${row.rfc}`,
  ];
  const text = catalogueText(row.id);
  if (text) lines.push('', 'catalogue:', text);
  return `${wrapText(lines.join('\n'), width)}\n`;
}
