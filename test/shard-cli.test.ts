import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers/fixtures.js';
import { type CliRun, runCli } from './helpers/cli.js';

/** check --shard I/N --format state, merge of the states, and --jobs N on one capture: the command line. */
const tmp = mkdtempSync(join(tmpdir(), 'dslite-shard-cli-'));
const run = (args: string[]): Promise<CliRun> => runCli(args);
const capture = fixture('nat/nat-ports-tunnel.pcap');
/** Four captures read as one (22 softwires, findings that fail the gate). */
const sequence = [
  capture,
  fixture('fragmentation/inner-b4.pcap'),
  fixture('demo/demo.pcapng'),
  fixture('tunnel/ptb-tiny.pcap'),
  '--sequence',
];

/** Writes every shard's state of `args` and returns the paths. */
async function shards(name: string, n: number, args: string[] = [], input = [capture]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const path = join(tmp, `${name}-${i}.state`);
    const r = await run([...input, ...args, '--shard', `${i}/${n}`, '-o', path]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    out.push(path);
  }
  return out;
}

describe('check --shard I/N, merge of the states, --jobs N on one capture', () => {
  it.each(['json', 'table', 'junit', 'html'])('give the bytes and exit code of one run (%s)', async (format) => {
    const one = await run([...sequence, '-f', format]);
    expect(one.code).toBe(1);
    const parts = await shards(`f-${format}`, 3, [], sequence);
    expect(await run(['merge', ...parts, '-f', format])).toEqual(one);
    expect(await run(['merge', ...[...parts].reverse(), '-f', format])).toEqual(one);
    for (const jobs of ['2', '3']) expect(await run([...sequence, '-f', format, '--jobs', jobs])).toEqual(one);
  });
  it('keep the scope (--b4, --rule) and take the gate and the baseline at merge', async () => {
    const narrowed = ['--b4', '2001:db8:1::/48', '--rule', 'NAT', '--rule', 'CAP'];
    const parts = await shards('scope', 2, narrowed);
    expect(await run(['merge', ...parts, '-f', 'json'])).toEqual(await run([capture, ...narrowed, '-f', 'json']));
    const all = await shards('gate', 2);
    const base = join(tmp, 'base.json');
    await run([capture, '--write-baseline', base]);
    expect(await run(['merge', ...all, '--baseline', base, '-f', 'json'])).toEqual(
      await run([capture, '--baseline', base, '-f', 'json']),
    );
    expect((await run(['merge', ...all, '--fail-on', 'never'])).code).toBe(0);
    expect(await run(['merge', ...all, '--fail-on', 'never', '-f', 'json'])).toEqual(
      await run([capture, '--fail-on', 'never', '-f', 'json']),
    );
  });
  it('write the state to standard output with -f state, and -o NAME.state without --shard is shard 1/1', async () => {
    const piped = await run([capture, '-f', 'state']);
    const whole = join(tmp, 'whole.state');
    expect((await run([capture, '-o', whole])).code).toBe(0);
    expect(readFileSync(whole, 'utf8')).toBe(piped.stdout);
    expect(await run(['merge', whole, '-f', 'json'])).toEqual(await run([capture, '-f', 'json']));
  });
  it.each([
    [['--shard', '0/3'], /--shard 0\/3: give I\/N with 1 ≤ I ≤ N/],
    [['--shard', '3/2'], /--shard 3\/2: give I\/N/],
    [['--shard', 'two'], /--shard two: give I\/N/],
    [['--shard', '1/2', '--shard', '2/2', '-f', 'state'], /--shard given more than once/],
    [['--shard', '1/2'], /--shard writes a partial state for merge: give --format state/],
    [['--shard', '1/2', '-f', 'json'], /give --format state/],
    [['--shard', '1/2', '-f', 'state', '--internet', capture], /does not combine with --internet or --lan/],
    [['--shard', '1/2', '-f', 'state', '--annotate', join(tmp, 'a.pcapng')], /--annotate needs the merged report/],
    [['--shard', '1/2', '-f', 'state', '--baseline', join(tmp, 'none.json')], /give --baseline to merge/],
    [['--shard', '1/2', '-f', 'state', '--jobs', '2'], /each shard is one process/],
    [['--shard', '1/2', '-o', capture], /--output .*: is the input/],
  ])('refuses %j in one line with exit 2, writing nothing', async (args, message) => {
    const r = await run([capture, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('merge refuses a missing or doubled shard, another run, a report among states, and a state as output', async () => {
    const [a, b, c] = await shards('m', 3);
    const expectLine = async (args: string[], message: RegExp): Promise<void> => {
      const r = await run(['merge', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    };
    await expectLine([a!, b!], /shard 3 of 3 missing/);
    await expectLine([a!, b!, b!, c!], /shard 2\/3 is also given as/);
    const [other] = await shards('mtu', 3, ['--mtu', '1400']);
    await expectLine([other!, b!, c!], /not a shard of the run .* is from \(other captures or settings\)/);
    const report = join(tmp, 'r.json');
    await run([capture, '-f', 'json', '-o', report]);
    await expectLine([a!, b!, c!, report], /r\.json: a report among shard states/);
    await expectLine([a!, b!, c!, '-o', join(tmp, 'out.state')], /this command cannot write state/);
    const cut = join(tmp, 'cut.state');
    writeFileSync(cut, readFileSync(b!, 'utf8').slice(0, 500));
    await expectLine([a!, cut, c!], /cut\.state: not JSON/);
    const bad = join(tmp, 'bad.state');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(b!, 'utf8')), softwires: 3 }));
    await expectLine([a!, bad, c!], /bad\.state: not a valid shard state \(\/softwires must be array\)/);
  });
});
