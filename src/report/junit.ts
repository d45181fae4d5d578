import { frameGroups } from './frame-groups.js';
import type { Finding, Report } from '../model/report.js';
import { SEVERITY_RANK, tunnelOf } from '../model/report.js';
import { verdictText } from './verdict.js';
import { tag, xml } from './xml.js';
import { agree } from '../model/words.js';

/** Frames of a finding on each capture, with the capture's role when there are several. */
function framesText(r: Report, f: Finding): string {
  const name = (i: number): string =>
    r.inputs.length > 1
      ? `${r.inputs[i]?.role ?? 'input'} ${r.inputs[i]?.file ?? i}`
      : (r.inputs[i]?.file ?? `input ${i}`);
  return frameGroups(f)
    .map((x) => `${x.file ?? name(x.input)}: frames ${x.frames.join(', ') || '–'} (Wireshark: ${x.filter || '–'})`)
    .join('\n');
}

function findingText(r: Report, f: Finding): string {
  return [
    `[${f.severity}, ${f.confidence}] ${f.message}`,
    framesText(r, f),
    f.rfc,
    ...(f.softwire ? [`softwire ${f.softwire.b4} ⇄ ${f.softwire.aftr}`] : []),
    ...(f.flow ? [`flow ${f.flow}`] : []),
  ].join('\n');
}

/**
 * JUnit XML (schema/junit.xsd): one testsuite per tunnel input — its side captures with it —
 * named with the DF profile it was judged by, one testcase per rule. A rule fails with one
 * <failure> per finding that reaches --fail-on; findings below it leave the case passed and are
 * listed in its system-out; a rule the capture cannot decide is skipped with the reason. No
 * wall-clock time is written: the same input gives the same bytes.
 */
export function renderJunit(r: Report): string {
  const profile = r.summary.dfProfile;
  const failOn = r.summary.failOn;
  const gating = (f: Finding): boolean => failOn !== 'never' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn];
  const tunnels = r.inputs.flatMap((x, i) => (x.role === 'tunnel' ? [i] : []));
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const t of tunnels) {
    const files = r.inputs.filter((_x, i) => tunnelOf(r.inputs, i) === t).map((x) => x.file);
    const cases: string[] = [];
    let sFail = 0;
    let sSkip = 0;
    for (const rule of r.rules) {
      const res = rule.results.find((x) => x.input === t);
      if (!res) continue;
      const found = r.findings.filter((f) => f.rule === rule.rule && tunnelOf(r.inputs, f.input) === t);
      const failing = found.filter(gating);
      const below = found.filter((f) => !gating(f));
      const body: string[] = [];
      if (res.status === 'skipped') {
        body.push(`${tag('skipped', { message: res.reason ?? 'not decided' })}${xml(res.reason ?? '')}</skipped>`);
        sSkip++;
      }
      for (const f of failing)
        body.push(
          `${tag('failure', { type: f.severity, message: `${f.rule} (${f.filter}): ${f.message.length > 200 ? `${f.message.slice(0, 199)}…` : f.message}` })}${xml(findingText(r, f))}</failure>`,
        );
      if (failing.length) sFail++;
      if (below.length) body.push(`<system-out>${xml(below.map((f) => findingText(r, f)).join('\n\n'))}</system-out>`);
      const attrs = {
        classname: `dslite-check.${rule.rule.split('-')[0]}`,
        name: `${rule.rule} ${rule.title} (${rule.rfc})`,
      };
      cases.push(
        body.length
          ? `    ${tag('testcase', attrs)}\n      ${body.join('\n      ')}\n    </testcase>`
          : `    ${tag('testcase', attrs, true)}`,
      );
    }
    // --max-warnings is a gate of its own: a case of its own, in the first suite.
    if (t === tunnels[0] && r.summary.maxWarnings !== null) {
      const n = r.summary.findings.warning;
      const attrs = {
        classname: 'dslite-check.gate',
        name: `at most ${r.summary.maxWarnings} warnings (--max-warnings)`,
      };
      if (n > r.summary.maxWarnings) {
        cases.push(`    ${tag('testcase', attrs)}
      ${tag('failure', { type: 'max-warnings', message: `${n} warnings, more than ${r.summary.maxWarnings}` })}${xml(`${n} warnings, more than ${r.summary.maxWarnings}`)}</failure>
    </testcase>`);
        sFail++;
      } else cases.push(`    ${tag('testcase', attrs, true)}`);
    }
    const props: [string, string | number][] = [
      ['files', files.join(', ')],
      ['frames', r.inputs[t]?.frames ?? 0],
      ['dfProfile', profile],
      ['failOn', failOn],
      ['verdict', verdictText(r.summary)],
      ...r.summary.warnings.map((w, i): [string, string] => [`warning.${i + 1}`, w]),
    ];
    tests += cases.length;
    failures += sFail;
    skipped += sSkip;
    suites.push(
      [
        `  ${tag('testsuite', { name: `dslite-check ${files.join(' + ')} (${profile})`, tests: cases.length, failures: sFail, errors: 0, skipped: sSkip, package: 'dslite-check', file: r.inputs[t]?.file })}`,
        `    <properties>`,
        ...props.map(([k, v]) => `      ${tag('property', { name: k, value: v }, true)}`),
        `    </properties>`,
        ...cases,
        `  </testsuite>`,
      ].join('\n'),
    );
  }
  return agree(
    `<?xml version="1.0" encoding="UTF-8"?>\n${tag('testsuites', { name: 'dslite-check', tests, failures, errors: 0, skipped })}\n${suites.join('\n')}\n</testsuites>\n`,
  );
}
