import { fileName, frameGroups } from './frame-groups.js';
import { linkMtuText } from './link-mtu-text.js';
import type { Finding, Report } from '../model/report.js';
import { verdictText } from './verdict.js';
import { agree } from '../model/words.js';

/** A Markdown table cell: pipes escaped, lines joined with <br>. */
export const cell = (s: string | number): string =>
  String(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
export const mdTable = (head: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] => [
  `| ${head.map(cell).join(' | ')} |`,
  `|${head.map(() => ' --- ').join('|')}|`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
];
const code = (s: string): string => (s ? `\`${s.replace(/`/g, "'")}\`` : '–');
const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️' } as const;

function frames(r: Report, f: Finding): string {
  return frameGroups(f)
    .map(
      (x) =>
        `${r.inputs.length > 1 ? `${r.inputs[x.input]?.role ?? 'input'} ` : ''}${x.file ? `${fileName(x.file)} ` : ''}${x.frames.join(', ') || '–'}`,
    )
    .join('\n');
}

/**
 * Markdown for CI job summaries (GitHub's $GITHUB_STEP_SUMMARY, GitLab's report
 * artifacts): the verdict first, then the findings grouped by rule with their frames and
 * Wireshark filters, then what was checked.
 */
export function renderMarkdown(r: Report): string {
  const s = r.summary;
  const out: string[] = [`## dslite-check: ${s.verdict === 'pass' ? '✅' : '❌'} ${verdictText(s)}`, ''];
  for (const i of r.inputs)
    out.push(
      `- ${i.role} capture \`${i.file}\`: ${i.format}, ${i.frames} frames${i.incomplete ? ' (cut short)' : ''}${i.linkMtu ? `; link MTU ${linkMtuText(i.linkMtu, ', ')}` : ''}`,
    );
  out.push(`- ${s.softwires} softwires (${s.b4s} B4s), ${s.softwireFrames} softwire frames, ${s.anomalies} anomalies`);
  for (const w of s.warnings) out.push(`- ⚠️ ${w}`);
  out.push('');
  const byRule = new Map<string, Finding[]>();
  for (const f of r.findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  if (byRule.size) {
    out.push('### Findings', '');
    for (const [rule, list] of [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const meta = r.rules.find((x) => x.rule === rule);
      const worst = list.some((f) => f.severity === 'error')
        ? 'error'
        : list.some((f) => f.severity === 'warning')
          ? 'warning'
          : 'info';
      out.push(
        `#### ${ICON[worst]} ${rule}${meta ? ` — ${meta.title} (${meta.rfc})` : ''}: ${list.length} finding${list.length === 1 ? '' : 's'}`,
        '',
      );
      out.push(
        ...mdTable(
          ['severity', 'frames', 'message', 'Wireshark filter'],
          list.map((f) => [
            f.severity,
            frames(r, f),
            f.message,
            frameGroups(f)
              .map((x) => code(x.filter))
              .join('<br>'),
          ]),
        ),
        '',
      );
    }
    const sup = Object.entries(s.suppressedFindings);
    if (sup.length)
      out.push(`${sup.map(([k, v]) => `${v} more ${k}`).join(', ')} findings not listed (per-rule limit).`, '');
  } else out.push('No findings.', '');
  const count = (st: string): number =>
    r.rules.reduce((n, x) => n + x.results.filter((y) => y.status === st).length, 0);
  out.push(
    `Rules: ${count('failed')} with findings, ${count('passed')} passed, ${count('skipped')} not decidable from these captures.`,
    '',
  );
  if (r.softwires.length) {
    out.push('<details><summary>Softwires</summary>', '');
    out.push(
      ...mdTable(
        ['B4', 'AFTR', 'packets up/down', 'max outer up/down', 'outer frags up/down'],
        r.softwires.map((w) => [
          w.b4,
          w.aftr,
          `${w.up.packets}/${w.down.packets}`,
          `${w.up.maxOuter}/${w.down.maxOuter}`,
          `${w.up.outerFragments}/${w.down.outerFragments}`,
        ]),
      ),
    );
    out.push('', '</details>', '');
  }
  return `${agree(out.join('\n'))}\n`;
}
