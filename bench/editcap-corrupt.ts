/**
 * Corruption the way Wireshark's own tests do it: `editcap -E 0.05` changes each packet byte
 * with probability 5 % (headers of the file and of records stay intact, so the file is still a
 * readable capture), a seed per copy. Every copy then goes through the CLI, which must exit 0
 * or 1 (findings, anomalies) — never 2 for a readable file, never with a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../' : '../', import.meta.url));
const CLI = join(ROOT, 'dist', 'src', 'cli.js');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The fixtures editcap reads (its own damaged-file regressions excluded: editcap stops at the damage). */
export const corruptibleFixtures = (): string[] =>
  walk(join(ROOT, 'fixtures', 'pcaps'))
    .filter((p) => /\.(pcap|pcapng)(\.gz)?$/.test(p) && !p.includes('/fuzz/'))
    .sort();

export interface CorruptionResult {
  readonly fixtures: number;
  readonly copies: number;
  /** Runs whose exit code was not 0 or 1, or that wrote to stderr. */
  readonly failures: {
    readonly fixture: string;
    readonly seed: number;
    readonly code: number;
    readonly stderr: string;
  }[];
  readonly exits: Record<string, number>;
}

/**
 * `seeds` corrupted copies of each fixture, checked by the CLI `perRun` copies per process
 * (one by one where a run fails, to name the copy).
 */
export function corruptAndCheck(
  fixtures: readonly string[],
  seeds: readonly number[],
  dir: string,
  perRun = 50,
): CorruptionResult {
  mkdirSync(dir, { recursive: true });
  const failures: CorruptionResult['failures'][number][] = [];
  const exits: Record<string, number> = {};
  const made: { fixture: string; seed: number; path: string }[] = [];
  for (const [i, f] of fixtures.entries()) {
    const pcapng = /\.pcapng(\.gz)?$/.test(f);
    for (const seed of seeds) {
      const out = join(dir, `${i}-${basename(f).replace(/\.gz$/, '')}.${seed}.${pcapng ? 'pcapng' : 'pcap'}`);
      const e = spawnSync('editcap', ['-E', '0.05', '--seed', String(seed), '-F', pcapng ? 'pcapng' : 'pcap', f, out], {
        encoding: 'utf8',
      });
      if (e.status === 0) made.push({ fixture: f.slice(ROOT.length), seed, path: out });
    }
  }
  const run = (paths: string[]) =>
    spawnSync(process.execPath, [CLI, ...paths, '--format', 'json', '-o', '/dev/null', '--quiet'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
  for (let i = 0; i < made.length; i += perRun) {
    const group = made.slice(i, i + perRun);
    const all = run(group.map((x) => x.path));
    exits[String(all.status)] = (exits[String(all.status)] ?? 0) + 1;
    if ((all.status === 0 || all.status === 1) && all.stderr === '') continue;
    for (const x of group) {
      const one = run([x.path]);
      if ((one.status !== 0 && one.status !== 1) || one.stderr !== '')
        failures.push({ fixture: x.fixture, seed: x.seed, code: one.status ?? -1, stderr: one.stderr.trim() });
    }
  }
  return { fixtures: fixtures.length, copies: made.length, failures, exits };
}
