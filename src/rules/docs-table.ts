import type { RfcRef, Rule } from './types.js';

/** Where docs/rules.md holds the generated table (scripts/write-rules-doc.mjs rewrites what is between). */
export const TABLE_START = "<!-- rules table: made from the rules' metadata by npm run docs -->";
export const TABLE_END = '<!-- end of rules table -->';

/** A rule's RFC references with one document's sections together: "RFC 6333 §5.2, §6.2; RFC 2473 §5". */
export function rfcCompact(refs: readonly RfcRef[]): string {
  const groups: { document: string; sections: string[] }[] = [];
  for (const r of refs) {
    const last = groups[groups.length - 1];
    if (last?.document === r.document) last.sections.push(r.section);
    else groups.push({ document: r.document, sections: [r.section] });
  }
  return groups.map((g) => `RFC ${g.document} ${g.sections.join(', ')}`).join('; ');
}

/** The Markdown table of the rules judged, one row a rule in the order given, from each rule's metadata. */
export function rulesTable(rules: readonly Rule[]): string {
  const rows = rules.map(({ meta: m }) =>
    ['', m.id, m.docs, rfcCompact(m.rfc), m.level, m.defaultSeverity, ''].join(' | ').trim(),
  );
  return ['| ID | what it checks | RFC | level | default severity |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}
