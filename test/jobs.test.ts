import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers/fixtures.js';
import { type CliRun, runCli } from './helpers/cli.js';

/** --jobs (the built binary: its workers are built) and merge: the same bytes as one run over the same captures. */
const tmp = mkdtempSync(join(tmpdir(), 'dslite-jobs-'));
const run = (args: string[]): Promise<CliRun> => runCli(args, { env: { COLUMNS: process.env['COLUMNS'] ?? '' } });
const files = [
  'demo/demo.pcapng',
  'tunnel/ptb-tiny.pcap',
  'fragmentation/inner-b4.pcap',
  'twopoint/b4-bad-tunnel.pcapng',
  'linktypes/sll2.pcap',
  'malformed/malformed.pcap',
  'fragmentation/outer-tel.pcap',
].map(fixture);

describe('--jobs N and merge', () => {
  it.each(['json', 'table', 'junit', 'markdown'])('give the bytes one run gives (%s)', async (format) => {
    const one = await run([...files, '-f', format]);
    expect(one.code).toBe(1);
    for (const jobs of ['2', '3']) expect(await run([...files, '-f', format, '--jobs', jobs])).toEqual(one);
    const parts: string[] = [];
    for (const [i, f] of files.entries()) {
      const out = join(tmp, `${format}-${i}.json`);
      await run([f, '-f', 'json', '-o', out]);
      parts.push(out);
    }
    expect(await run(['merge', ...parts, '-f', format])).toEqual(one);
  });
  it('merge applies the gate and the baseline as check does', async () => {
    const parts: string[] = [];
    for (const [i, f] of files.entries()) {
      const out = join(tmp, `gate-${i}.json`);
      await run([f, '-f', 'json', '-o', out]);
      parts.push(out);
    }
    const base = join(tmp, 'base.json');
    await run([...files, '--write-baseline', base]);
    expect(await run(['merge', ...parts, '--baseline', base, '-f', 'json'])).toEqual(
      await run([...files, '--baseline', base, '-f', 'json']),
    );
    expect((await run(['merge', ...parts, '--baseline', base])).code).toBe(0);
    expect((await run(['merge', ...parts, '--fail-on', 'never'])).code).toBe(0);
    expect((await run(['merge', ...parts, '--fail-on', 'never', '--max-warnings', '0'])).code).toBe(1);
  });
  it('one line and exit 2 for an unreadable capture in a worker, or a file that is not a report', async () => {
    const r = await run([files[0]!, join(tmp, 'missing.pcap'), '--jobs', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dslite-check: error: .*missing\.pcap: cannot open .*ENOENT\n$/);
    const notes = join(tmp, 'notes.json');
    writeFileSync(notes, '{"tool":"something else"}');
    const m = await run(['merge', notes]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/notes\.json: not a dslite-check report/);
    // A capture given by mistake: one readable line, none of its bytes.
    const capture = (await run(['merge', files[0]!])).stderr;
    expect(capture).toMatch(/: not JSON, so not a report or shard state file \(a binary file\)\n$/);
    // No control characters from the binary file reach the terminal.
    // eslint-disable-next-line no-control-regex
    expect(capture).not.toMatch(/[\u0000-\u0008\u000e-\u001f]/);
  });
  it('refuses --jobs with side captures', async () => {
    const r = await run([files[0]!, files[1]!, '--jobs', '2', '--internet', files[2]!]);
    expect(r.code).toBe(2);
  });
  it('the merged JSON validates and keeps every input', async () => {
    const out = join(tmp, 'merged.json');
    const parts: string[] = [];
    for (const [i, f] of files.slice(0, 3).entries()) {
      const o = join(tmp, `v-${i}.json`);
      await run([f, '-f', 'json', '-o', o]);
      parts.push(o);
    }
    expect((await run(['merge', ...parts, '-f', 'json', '-o', out])).code).toBe(1);
    const r = JSON.parse(readFileSync(out, 'utf8')) as { inputs: { file: string }[]; rules: { results: unknown[] }[] };
    expect(r.inputs.map((i) => i.file)).toEqual(files.slice(0, 3));
    expect(r.rules[0]!.results).toHaveLength(3);
  });
});
