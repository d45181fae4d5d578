import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TABLES, DEFAULTS, MIN_MEMORY_MB } from '../src/config/defaults.js';
import { ROOT } from './helpers/fixtures.js';

/** The CLI reference's options table: option cell (its pipes escaped) → default cell. */
function defaultsColumn(): Map<string, string> {
  const doc = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
  const out = new Map<string, string>();
  for (const m of doc.matchAll(/^\| `((?:[^|\\]|\\\|)+?)` \| ([^|]*) \|/gm)) out.set(m[1]!, m[2]!.trim());
  return out;
}

describe('the defaults the CLI reference states are the ones config/defaults.ts holds', () => {
  const column = defaultsColumn();
  it.each([
    ['--top N', String(DEFAULTS.top)],
    ['--memory MB', String(DEFAULTS.memory)],
    ['--max-flows N', `from \`--memory\` (${DEFAULT_TABLES.maxFlows})`],
    ['--max-softwires N', `from \`--memory\` (${DEFAULT_TABLES.maxSoftwires})`],
    ['--lan-mtu N', String(DEFAULTS.lanMtu)],
    ['--match-window S', String(DEFAULTS.matchWindow)],
    ['--fail-on error\\|warning\\|info\\|never', `\`${DEFAULTS.failOn}\``],
    ['--df-profile rfc6333\\|rfc2473', `\`${DEFAULTS.dfProfile}\``],
    ['--inner-overlap first\\|last', `\`${DEFAULTS.innerOverlap}\``],
    ['-j, --jobs N', String(DEFAULTS.jobs)],
  ])('%s: %s', (option, expected) => {
    expect(column.get(option)).toBe(expected);
  });
  it('the memory row names the smallest budget', () => {
    const doc = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
    expect(doc).toContain(`| \`--memory MB\` | ${DEFAULTS.memory} | memory budget (at least ${MIN_MEMORY_MB})`);
  });
});
