import { mdTable } from './markdown.js';
import { tag, xml } from './xml.js';
import { type DiffEntry, type DiffField, type DiffReport, IGNORABLE } from '../model/diff.js';

/** Every field the diff compares, in the order a reader expects them. */
const FIELDS: readonly DiffField[] = [
  'carriage',
  'fragment-size',
  'incomplete',
  ...IGNORABLE,
  'length',
  'data',
  'checksum',
];

const verdictLine = (r: DiffReport): string => {
  const s = r.summary;
  return s.verdict === 'equivalent'
    ? `EQUIVALENT: all ${s.matched} datagrams match`
    : `DIFFERENT: ${s.changed} changed, ${s.missing} missing, ${s.unexpected} unexpected (${s.identical} of ${r.expected.datagrams} expected datagrams identical)`;
};

const entryText = (d: DiffEntry, field?: DiffField): string =>
  [
    `${d.datagram} (softwire ${d.softwire})`,
    `expected frames ${d.expectedFrames.join(', ') || '–'}${d.expectedFilter ? ` (Wireshark: ${d.expectedFilter})` : ''}`,
    `actual frames ${d.actualFrames.join(', ') || '–'}${d.actualFilter ? ` (Wireshark: ${d.actualFilter})` : ''}`,
    ...d.fields.filter((f) => field === undefined || f.field === field).map((f) => f.text),
  ].join('\n');

/**
 * The diff as JUnit XML (schema/junit.xsd): one testsuite, a testcase for missing datagrams,
 * one for unexpected ones and one per compared field, with one <failure> per datagram that
 * differs there; fields left out with --ignore are skipped.
 */
export function renderDiffJunit(r: DiffReport): string {
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  const add = (name: string, entries: readonly DiffEntry[], skip?: string, field?: DiffField): void => {
    const attrs = { classname: 'dslite-check.diff', name };
    const body = skip
      ? [`${tag('skipped', { message: skip })}${xml(skip)}</skipped>`]
      : entries.map(
          (d) =>
            `${tag('failure', { type: d.kind, message: `${d.kind}: ${d.datagram}` })}${xml(entryText(d, field))}</failure>`,
        );
    if (skip) skipped++;
    else if (entries.length) failures++;
    cases.push(
      body.length
        ? `    ${tag('testcase', attrs)}\n      ${body.join('\n      ')}\n    </testcase>`
        : `    ${tag('testcase', attrs, true)}`,
    );
  };
  add(
    'every expected datagram is in the actual capture',
    r.differences.filter((d) => d.kind === 'missing'),
  );
  add(
    'no datagram the expected capture lacks',
    r.differences.filter((d) => d.kind === 'unexpected'),
  );
  for (const f of FIELDS) {
    const ignored = (r.options.ignore as readonly string[]).includes(f);
    add(
      `same ${f}`,
      r.differences.filter((d) => d.kind === 'changed' && d.fields.some((x) => x.field === f)),
      ignored ? 'ignored (--ignore)' : undefined,
      f,
    );
  }
  const name = `dslite-check diff ${r.expected.file} vs ${r.actual.file}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    tag('testsuites', { name: 'dslite-check diff', tests: cases.length, failures, errors: 0, skipped }),
    `  ${tag('testsuite', { name, tests: cases.length, failures, errors: 0, skipped, package: 'dslite-check', file: r.actual.file })}`,
    '    <properties>',
    `      ${tag('property', { name: 'verdict', value: verdictLine(r) }, true)}`,
    `      ${tag('property', { name: 'listed', value: `${r.summary.listed} of ${r.summary.changed + r.summary.missing + r.summary.unexpected} differences` }, true)}`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** The diff as Markdown for CI job summaries: the verdict, then the differences by kind. */
export function renderDiffMarkdown(r: DiffReport): string {
  const s = r.summary;
  const out = [`## dslite-check diff: ${s.verdict === 'equivalent' ? '✅' : '❌'} ${verdictLine(r)}`, ''];
  out.push(
    `- expected \`${r.expected.file}\`: ${r.expected.frames} frames, ${r.expected.datagrams} datagrams`,
    `- actual \`${r.actual.file}\`: ${r.actual.frames} frames, ${r.actual.datagrams} datagrams`,
  );
  out.push(
    `- not compared: fragment Identification, flow label, timestamps${r.options.ignore.length ? `, ${r.options.ignore.join(', ')}` : ''}`,
  );
  for (const w of r.warnings) out.push(`- ⚠️ ${w}`);
  out.push('');
  for (const kind of ['changed', 'missing', 'unexpected'] as const) {
    const list = r.differences.filter((d) => d.kind === kind);
    if (!list.length) continue;
    out.push(`### ${kind} (${list.length})`, '');
    out.push(
      ...mdTable(
        ['datagram', 'softwire', 'expected frames', 'actual frames', 'difference'],
        list.map((d) => [
          d.datagram,
          d.softwire,
          d.expectedFilter ? `\`${d.expectedFilter}\`` : '–',
          d.actualFilter ? `\`${d.actualFilter}\`` : '–',
          d.fields.map((f) => f.text).join('\n') ||
            (kind === 'missing' ? 'not in the actual capture' : 'not in the expected capture'),
        ]),
      ),
      '',
    );
  }
  return `${out.join('\n')}\n`;
}
