import { readFileSync } from 'node:fs';

/** One entry of the catalogue's tables, as the catalogue writes it. */
export interface CatalogueRow {
  readonly id: string;
  readonly title: string;
  /** Sources as the catalogue gives them ("6333 §5.3; 2473 §7"; an advisory's references). */
  readonly sources: string;
  readonly level: string;
}

/** docs/ beside the build or the source (both ship the documents). */
const DOCS = new URL(`${import.meta.url.includes('/dist/src/') ? '../../../' : '../../'}docs/`, import.meta.url);
const FILES = ['rules-catalogue.md', 'project-rules.md'] as const;

let text: string | undefined;
/** The catalogue (the project's specification) and the project's own rules, as one text. */
export function catalogueDocuments(): string {
  text ??= FILES.map((f) => readFileSync(new URL(f, DOCS), 'utf8')).join('\n');
  return text;
}

/**
 * Every ID the catalogue defines: the rule tables (`| ID | requirement | source | level | …`) and
 * the advisories of §7 (`| ADV-001 | problem | signature | references |`); a row that names a
 * range ("ADV-001 … ADV-012") is only a summary of the rows it names.
 */
export function catalogueRows(): CatalogueRow[] {
  const rows = new Map<string, CatalogueRow>();
  for (const line of catalogueDocuments().split('\n')) {
    const m = /^\| ([A-Z][A-Z0-9]*-\d{3}) \|(.*)\|\s*$/.exec(line);
    if (!m || rows.has(m[1]!)) continue;
    const cells = m[2]!.split('|').map((c) => c.trim());
    const advisory = m[1]!.startsWith('ADV-');
    rows.set(m[1]!, {
      id: m[1]!,
      title: cells[0]!,
      sources: advisory ? cells[2]! : cells[1]!,
      level: advisory ? 'advisory' : cells[2]!,
    });
  }
  return [...rows.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The catalogue's own text for one ID: its section in §5 (or docs/project-rules.md). */
export function catalogueText(id: string): string | undefined {
  const all = catalogueDocuments();
  const start = all.indexOf(`#### ${id} `);
  if (start < 0) return undefined;
  const next = all.slice(start + 5).search(/\n#{2,4} /);
  return all.slice(start, next < 0 ? undefined : start + 5 + next).trim();
}
