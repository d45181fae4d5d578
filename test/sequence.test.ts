import { describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { check } from '../src/check.js';
import { fixture } from './helpers/fixtures.js';
import { runCli } from './helpers/cli.js';

/**
 * A ring buffer's files as one capture (fixtures/pcaps/sequence/make.sh cut the Linux lab's
 * MTU 1280 capture in three): the first cut falls inside an inner fragment pair, the second
 * inside a TCP flow and its NAT binding. Read as a sequence, the check must say what it says
 * of the uncut capture; read file by file, it cannot.
 */
const seq = (...names: string[]): string[] => names.map((n) => fixture(`sequence/${n}`));
const RING = seq('ring.pcap0', 'ring.pcap1', 'ring.pcap2');
const WHOLE = fixture('lab/mtu1280-tunnel.pcap');
const INTERNET = { path: fixture('lab/mtu1280-internet.pcap') };

/** What a check judged, without the inputs' names and the files' frame lists. */
const judged = (r: Report): unknown => ({
  ...r,
  inputs: undefined,
  findings: r.findings.map(({ at: _at, ...f }) => f),
});

describe('a file sequence checked as one capture', () => {
  it('gives the uncut capture’s findings, rule results, flows, NAT bindings and pairs (two-point)', async () => {
    const whole = await check([WHOLE], { internet: INTERNET });
    const ring = await check(RING, { internet: INTERNET });
    expect(judged(ring)).toEqual(judged(whole));
    // The cut fragment pair, the cut flow and the cut binding are whole again.
    expect(whole.findings.some((f) => f.frames.join() === '6,7')).toBe(true);
    expect(ring.nat?.totals.bindings).toBe(whole.nat?.totals.bindings);
    expect(ring.inputs[0]!.sequence?.map((f) => f.file)).toEqual(seq('ring.pcap1', 'ring.pcap2', 'ring.pcap0'));
  });

  it('takes a side capture as a sequence too: both points cut, the uncut pair’s report', async () => {
    const whole = await check([WHOLE], { internet: INTERNET });
    const both = await check(RING, { internet: { path: { files: seq('internet.pcap1', 'internet.pcap') } } });
    const judgedBoth = judged(both) as Report;
    expect({
      ...judgedBoth,
      findings: judgedBoth.findings.map(({ related, ...f }) => ({
        ...f,
        related: related?.map(({ at: _a, ...r }) => r),
      })),
    }).toEqual({
      ...(judged(whole) as Report),
      findings: (judged(whole) as Report).findings.map((f) => ({ ...f, related: f.related })),
    });
    // A counterpart on the Internet side's files is named by file too.
    const withCounterpart = both.findings.find((f) => f.related?.length)!;
    expect(withCounterpart.related![0]!.at).toEqual([
      { file: fixture('sequence/internet.pcap'), frames: [7], filter: 'frame.number == 7' },
    ]);
  });

  it('names each file and its own frames beside the sequence’s numbers', async () => {
    const ring = await check(RING);
    const pair = ring.findings.find((f) => f.frames.join() === '6,7')!;
    expect(pair.at).toEqual([
      { file: fixture('sequence/ring.pcap1'), frames: [6], filter: 'frame.number == 6' },
      { file: fixture('sequence/ring.pcap2'), frames: [1], filter: 'frame.number == 1' },
    ]);
    const spread = ring.findings.find((f) => f.frames.join() === '6,9,11')!;
    expect(spread.at?.map((x) => [x.file, x.frames])).toEqual([
      [fixture('sequence/ring.pcap1'), [6]],
      [fixture('sequence/ring.pcap2'), [3, 5]],
    ]);
  });

  it('judges each file alone with --no-sequence (sequence: false), and then sees the cuts', async () => {
    const alone = await check(RING, { sequence: false });
    expect(alone.inputs).toHaveLength(3);
    expect(alone.findings.some((f) => f.frames.join() === '6,7')).toBe(false);
    expect(alone.findings.map((f) => f.at)).toEqual(alone.findings.map(() => undefined));
  });

  it('warns of a gap and of an overlap between files', async () => {
    const hole = await check(seq('hole_00001_20260101000000.pcap', 'hole_00002_20260101000100.pcap'));
    expect(hole.summary.warnings.join('\n')).toMatch(/starts 60\.000001 s after .* ends: nothing was captured/);
    expect(hole.anomalies.map((a) => [a.id, a.frames])).toEqual([['capture.sequence_gap', [31]]]);
    expect(hole.inputs[0]!.sequence?.map((f) => f.after)).toEqual([null, 60.000001]);
    const over = await check(seq('overlap_00001_20260101000000.pcap', 'overlap_00002_20260101000007.pcap'));
    expect(over.summary.warnings.join('\n')).toMatch(/starts 0\.502203 s before .* ends: the files overlap/);
  });
});

describe('the command line', () => {
  it('reads a ring buffer’s files as one capture without being told, and the table names file and frame', async () => {
    const r = await runCli([...RING, '--internet', INTERNET.path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('(3 files)');
    expect(r.stdout).toMatch(/ring\.pcap1 6\s*│[^\n]*\n[^\n]*│ ring\.pcap2 1\s*│/);
    // Each file's own filter, not the sequence's numbers: what selects the frames in that file.
    expect(r.stdout).toContain('Wireshark (ring.pcap2): frame.number == 1');
    expect(r.stdout).not.toContain('Wireshark: frame.number in {6, 7}');
  });

  it('--sequence makes any files one capture; --no-sequence keeps them apart', async () => {
    const files = [WHOLE, fixture('lab/mtu1400-tunnel.pcap')];
    const one = JSON.parse((await runCli([...files, '--sequence', '-f', 'json'])).stdout) as Report;
    expect(one.inputs).toHaveLength(1);
    const two = JSON.parse((await runCli([...RING, '--no-sequence', '-f', 'json'])).stdout) as Report;
    expect(two.inputs).toHaveLength(3);
  });

  it('reads a quoted pattern as a side capture’s files', async () => {
    const r = await runCli([...RING, '--internet', `${fixture('sequence')}/internet.pcap*`, '-f', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.inputs[1]!.sequence?.map((f) => f.frames)).toEqual([40, 62]);
    const none = await runCli([...RING, '--internet', `${fixture('sequence')}/nothing*.pcap`]);
    expect([none.code, none.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(none.stderr).toMatch(/--internet .*nothing\*\.pcap: no file matches/);
  });

  it('refuses standard input in a sequence, in one line with exit 2', async () => {
    const r = await runCli(['-', WHOLE, '--sequence'], { input: Buffer.alloc(0) });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/standard input .* cannot be part of one/);
  });
});
