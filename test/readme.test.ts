import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';
import { RULES } from '../src/rules/index.js';
import { NOT_JUDGED } from '../src/rules/not-judged.js';
import { CLI } from './helpers/cli.js';

/** The README and the docs show what the tool really prints (at the default width, 120, without colour). */
const doc = (name: string): string => readFileSync(join(ROOT, name), 'utf8');
const README = doc('README.md');

/** The text block that follows `marker` in a document (the README unless named). */
function blockAfter(marker: string, text = README): string {
  const at = text.indexOf(marker);
  expect(at, marker).toBeGreaterThan(0);
  const start = text.indexOf('```text\n', at) + '```text\n'.length;
  return text.slice(start, text.indexOf('```', start));
}

const output = (args: string[]): string =>
  spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '' },
  }).stdout;

describe('README examples', () => {
  it('the table of the demo capture is the real output', () => {
    expect(blockAfter('### The table')).toBe(output(['fixtures/pcaps/demo/demo.pcapng']));
  });
  it('the malformed capture example is the end of the real output', () => {
    const real = output(['fixtures/pcaps/malformed/malformed.pcap']);
    expect(blockAfter('fixtures/pcaps/malformed/malformed.pcap`, exit code 1', doc('docs/report.md'))).toBe(
      real.slice(real.indexOf('Anomalies\n')),
    );
  });
  it.each([
    ["With the repository's captures (a B4 that fragments", 'docs/interop.md'],
    ['(scapy: three B4s whose hosts all use', 'docs/two-point.md'],
  ])('the transcript after %j is what those commands print', (marker, file) => {
    // A transcript: "$ command" lines, each followed by what it printed; "…" stands for lines left out.
    const dir = mkdtempSync(join(tmpdir(), 'dslite-readme-'));
    symlinkSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'));
    const lines = blockAfter(marker, doc(file)).trimEnd().split('\n');
    let printed: string[] = [];
    let at = 0;
    let skipping = false;
    for (const line of lines) {
      if (line.startsWith('$ ')) {
        const [cmd, ...args] = line.slice(2).split(' ');
        if (cmd === 'cp') copyFileSync(join(dir, args[0]!), join(dir, args[1]!));
        else
          printed = spawnSync(process.execPath, [CLI, ...args], {
            cwd: dir,
            encoding: 'utf8',
            env: { ...process.env, NO_COLOR: '1', COLUMNS: '' },
          })
            .stdout.trimEnd()
            .split('\n');
        at = 0;
        skipping = false;
        continue;
      }
      if (line === '…') {
        skipping = true;
        continue;
      }
      // After "…" the line may come anywhere later; otherwise it is the next line printed.
      const found = skipping ? printed.indexOf(line, at) : printed[at] === line ? at : -1;
      expect(found, `README line not printed there: ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
      skipping = false;
    }
  });
  it('the rule table and the counts agree with the rules that run', () => {
    const rules = doc('docs/rules.md');
    const section = rules.slice(rules.indexOf('\n## Rules\n'), rules.indexOf('\n## Reassembly'));
    const ids = [...section.matchAll(/^\| ([A-Z0-9]+-\d{3}) \|/gm)].map((m) => m[1]);
    expect([...ids].sort()).toEqual(RULES.map((r) => r.meta.id).sort());
    expect(section).toContain(`${RULES.length} rules are judged`);
    expect(section).toContain(`other ${Object.keys(NOT_JUDGED).length}\ncatalogue entries`);
  });
});
