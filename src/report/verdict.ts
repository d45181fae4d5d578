import type { Summary } from '../model/report.js';
import { agree } from '../model/words.js';

/** "PASS: 0 errors, 2 warnings, 3 info (fails on error; at most 5 warnings; 4 in the baseline)": one wording for every format. */
export function verdictText(s: Summary): string {
  const f = s.findings;
  const why = [`fails on ${s.failOn}`];
  if (s.maxWarnings !== null) why.push(`at most ${s.maxWarnings} warnings`);
  if (s.baselined) why.push(`${s.baselined} more in the baseline`);
  return agree(
    `${s.verdict.toUpperCase()}: ${f.error} errors, ${f.warning} warnings, ${f.info} info (${why.join('; ')})`,
  );
}
