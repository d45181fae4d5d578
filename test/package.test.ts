import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

/** What `npm pack` would publish (the build must have run: npm test builds first). */
function packed(): string[] {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
}

describe('npm pack', () => {
  it('ships what users run and nothing else: no benchmarks, no tests, no fixtures', () => {
    const files = packed();
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/bundle/cli.js',
        'dist/bundle/worker.js',
        'dist/bundle/report-validator.cjs',
        'dist/bundle/diff-validator.cjs',
        'dist/src/index.js',
        'docs/rules-catalogue.md',
        'docs/project-rules.md',
        'docs/cli.md',
        'docs/report.md',
        'schema/report.schema.json',
        'README.md',
      ]),
    );
    const stray = files.filter((f) =>
      /^(dist\/bench|dist\/test|bench|test|fixtures|scripts)\/|\.test\.|\.ts$(?<!\.d\.ts)/.test(f),
    );
    expect(stray).toEqual([]);
  });
});
