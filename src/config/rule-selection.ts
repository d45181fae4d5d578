import { RULES } from '../rules/index.js';
import type { RuleLevel } from './config.js';
import { ConfigError } from './error.js';

/** The rules a run judges after --rule and --skip-rule, and the line that says the check is partial. */
export interface RuleSelection {
  readonly severity: Record<string, RuleLevel>;
  /** Empty when every configured rule is judged. */
  readonly note: string | undefined;
}

/** The rule IDs an ID or prefix names (FRAG, FRAG-00, frag-002); none is a usage error. */
function matching(pattern: string, option: string): string[] {
  const p = pattern.toUpperCase();
  const ids = RULES.map((r) => r.meta.id).filter((id) => id === p || id.startsWith(p));
  if (!ids.length)
    throw new ConfigError(`${option} ${pattern}: no rule has this ID or ID prefix (dslite-check rules lists them)`);
  return ids;
}

/**
 * Turns off every rule that --rule does not name (when given) and every rule --skip-rule names,
 * on top of the configured levels.
 */
export function selectRules(
  configured: Readonly<Record<string, RuleLevel>>,
  only: readonly string[],
  skip: readonly string[],
): RuleSelection {
  const chosen = only.length ? new Set(only.flatMap((p) => matching(p, '--rule'))) : undefined;
  const skipped = new Set(skip.flatMap((p) => matching(p, '--skip-rule')));
  if (!chosen && !skipped.size) return { severity: { ...configured }, note: undefined };
  const severity: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(configured))
    severity[id] = (chosen && !chosen.has(id)) || skipped.has(id) ? 'off' : level;
  const judged = Object.values(severity).filter((l) => l !== 'off').length;
  const given = [...only.map((p) => `--rule ${p}`), ...skip.map((p) => `--skip-rule ${p}`)].join(' ');
  return { severity, note: `partial check: ${judged} of ${RULES.length} rules judged (${given})` };
}
