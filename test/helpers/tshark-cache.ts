import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures.js';

/**
 * tshark's output for a fixture, kept in `test/tshark-cache/` under a key of the tshark version,
 * its arguments, the fixture's path and its bytes: tshark runs once per fixture and version, not once per
 * test run (its start-up is most of the differential test's time). A changed fixture, argument
 * or tshark version misses the cache and runs tshark again, so the comparison is always against
 * what this tshark says of these bytes.
 */
export const TSHARK_CACHE = join(ROOT, 'test', 'tshark-cache');

export interface TsharkOutput {
  readonly stdout: string;
  /** tshark stopped at a block it calls corrupt and printed only the frames before it. */
  readonly damaged: boolean;
}

interface Entry extends TsharkOutput {
  readonly version: string;
  readonly file: string;
}

/** The first line of `tshark -v` ("TShark (Wireshark) 4.0.17 …"), or undefined without tshark. */
export const TSHARK_VERSION: string | undefined = (() => {
  const r = spawnSync('tshark', ['-v'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
})();

export function cacheKey(version: string, args: readonly string[], file: string): string {
  return createHash('sha256')
    .update(version)
    .update('\0')
    .update(args.join('\0'))
    .update('\0')
    .update(file)
    .update('\0')
    .update(readFileSync(join(ROOT, file)))
    .digest('hex')
    .slice(0, 32);
}

/** The cached output for `file` under these arguments, or what `run` gives (then cached). */
export async function cachedTshark(
  file: string,
  args: readonly string[],
  run: () => Promise<TsharkOutput>,
): Promise<TsharkOutput> {
  const version = TSHARK_VERSION ?? 'none';
  const path = join(TSHARK_CACHE, `${cacheKey(version, args, file)}.json`);
  if (existsSync(path)) {
    const e = JSON.parse(readFileSync(path, 'utf8')) as Entry;
    if (e.version === version && e.file === file) return e;
  }
  const out = await run();
  mkdirSync(TSHARK_CACHE, { recursive: true });
  writeFileSync(
    path,
    `${JSON.stringify({ version, file, stdout: out.stdout, damaged: out.damaged } satisfies Entry)}\n`,
  );
  return out;
}

/** Entries made by this tshark version whose key no current fixture has: left behind by a changed fixture. */
export function staleEntries(version: string, live: ReadonlySet<string>): string[] {
  if (!existsSync(TSHARK_CACHE)) return [];
  return readdirSync(TSHARK_CACHE)
    .filter((n) => n.endsWith('.json') && !live.has(n.slice(0, -'.json'.length)))
    .filter((n) => (JSON.parse(readFileSync(join(TSHARK_CACHE, n), 'utf8')) as Entry).version === version);
}
