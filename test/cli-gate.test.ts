import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { fixture, ROOT } from './helpers/fixtures.js';
import { CLI, type CliOptions, type CliRun, runCli } from './helpers/cli.js';

/** The command line as a user gives it: a gate must hold through it, not only through the API. */
const run = (args: readonly string[], o: CliOptions = {}): Promise<CliRun> => runCli(args, o);
const oneLine = (s: string): void => expect(s.trimEnd().split('\n')).toHaveLength(1);
const md5 = (f: string): string => createHash('md5').update(readFileSync(f)).digest('hex');

const demo = fixture('demo/demo.pcapng');
const empty = fixture('third-party/snabbco-snabb/lwaftr-data/empty.pcap');
const tmp = mkdtempSync(join(tmpdir(), 'dslite-gate16-'));

describe('no output destroys an input', () => {
  const dir = join(tmp, 'same');
  mkdirSync(dir);
  const c = join(dir, 'c.pcapng');
  copyFileSync(demo, c);
  symlinkSync('c.pcapng', join(dir, 'link.pcapng'));
  linkSync(c, join(dir, 'hard.pcapng'));
  const before = md5(c);
  it.each([
    [['c.pcapng', '--annotate', 'c.pcapng'], '--annotate'],
    [['c.pcapng', '--annotate', './link.pcapng'], '--annotate'],
    [['c.pcapng', '-o', 'hard.pcapng', '-f', 'json'], '--output'],
    [['./c.pcapng', '-o', 'c.pcapng'], '--output'],
    [['c.pcapng', '--write-baseline', 'c.pcapng'], '--write-baseline'],
    [['c.pcapng', '-o', 'r.json', '--write-baseline', 'r.json'], '--write-baseline'],
    [['encap', 'c.pcapng', '-o', 'c.pcapng', '--b4', '2001:db8::2', '--aftr', '2001:db8::1'], '--output'],
    [
      [
        'encap',
        'c.pcapng',
        '-o',
        'x.pcap',
        '--icmp-out',
        'link.pcapng',
        '--b4',
        '2001:db8::2',
        '--aftr',
        '2001:db8::1',
      ],
      '--icmp-out',
    ],
    [['diff', 'c.pcapng', 'hard.pcapng', '-o', 'link.pcapng'], '--output'],
    [['merge', 'c.pcapng', '-o', 'c.pcapng'], '--output'],
  ])('%j is refused, naming %s, and the capture is untouched', async (args, option) => {
    const r = await run(args, { cwd: dir });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${option} `);
    expect(r.stderr).toMatch(/refusing to overwrite it/);
    expect(md5(c)).toBe(before);
    expect(existsSync(join(dir, 'r.json'))).toBe(false);
  });
});

describe('outputs are complete or absent', () => {
  it('a failed run leaves no file, not even a temporary one, and keeps an existing good file', async () => {
    const dir = join(tmp, 'atomic');
    mkdirSync(dir);
    writeFileSync(join(dir, 'bad.pcap'), 'not a capture\n');
    writeFileSync(join(dir, 'keep.json'), '{"good":true}\n');
    expect((await run(['bad.pcap', '-o', 'keep.json'], { cwd: dir })).code).toBe(2);
    expect(
      (await run(['bad.pcap', '-o', 'new.json', '--annotate', 'a.pcapng', '--write-baseline', 'b.json'], { cwd: dir }))
        .code,
    ).toBe(2);
    expect(
      (await run(['encap', 'bad.pcap', '-o', 'e.pcap', '--b4', '2001:db8::2', '--aftr', '2001:db8::1'], { cwd: dir }))
        .code,
    ).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['bad.pcap', 'keep.json']);
    expect(readFileSync(join(dir, 'keep.json'), 'utf8')).toBe('{"good":true}\n');
  });
  it('a successful run writes every output in full', async () => {
    const dir = join(tmp, 'written');
    mkdirSync(dir);
    const r = await run([demo, '-o', 'r.json', '--annotate', 'a.pcapng', '--write-baseline', 'b.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['a.pcapng', 'b.json', 'r.json']);
    expect((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report).tool).toBe('dslite-check');
  });
  it('encap with no IPv4 packet to encapsulate says so and writes nothing', async () => {
    const out = join(tmp, 'none.pcap');
    const r = await run(['encap', demo, '-o', out, '--b4', '2001:db8::2', '--aftr', '2001:db8::1']);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/no IPv4 packet in 28 frames; nothing written/);
    expect(existsSync(out)).toBe(false);
  });
  it('diff of two captures with nothing to compare says so (exit 2)', async () => {
    const r = await run(['diff', empty, empty]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/holds a softwire datagram; nothing to compare/);
  });
});

describe('one value per option', () => {
  it.each([
    [['--fail-on', 'never', '--fail-on', 'error'], 'fail-on'],
    [['-f', 'junit', '-f', 'json'], 'format'],
    [['-f', 'json', '--format', 'json'], 'format'],
    [['-o', 'a', '-o', 'b'], 'output'],
    [['--mtu', '1400', '--mtu', '1500'], 'mtu'],
    [['--top', '3', '--top', '5'], 'top'],
    [['--df-profile', 'rfc2473', '--df-profile', 'rfc6333'], 'df-profile'],
    [['--config', 'a.json', '-c', 'b.json'], 'config'],
  ])('%j is an error naming --%s, never a list nor "internal error"', async (args, name) => {
    const r = await run([fixture('malformed/malformed.pcap'), ...args]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`--${name} given more than once`);
  });
  it('options meant to repeat stay lists', async () => {
    const r = await run([demo, '--aftr', '2001:db8:0:ffff::1', '--aftr', '2001:db8::9', '-f', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).summary.aftrs.map((a) => a.address)).toContain('2001:db8:0:ffff::1');
  });
  it('--fail-on never then error cannot open the gate: the malformed capture still fails with the single option', async () => {
    expect((await run([fixture('malformed/malformed.pcap'), '--fail-on', 'error'])).code).toBe(1);
  });
  it.each([
    [['--mtu', 'abc'], "--mtu: 'abc' is not a number"],
    [['--top', ''], "--top: '' is not a number"],
    [['--memory', '1e999'], "--memory: '1e999' is not a number"],
    [['--annotate-findings-only'], '--annotate-findings-only modifies --annotate'],
    [['--internet-offset', '2'], '--internet-offset modifies --internet or --internet-if'],
    [['--lan-offset', '2'], '--lan-offset modifies --lan or --lan-if'],
    [['--match-window', '1'], '--match-window modifies --internet or --lan'],
    [['-o', 'x.svg', '-f', 'bogus'], 'Invalid values'],
    [['--rule', 'XYZ'], '--rule XYZ: no rule has this ID or ID prefix'],
    [['--b4', 'nonsense'], '--b4 nonsense: not an IPv6 address or prefix'],
  ])('%j: one line naming the option and the value', async (args, msg) => {
    const r = await run([demo, ...args]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toContain(msg);
  });
  it('encap modifiers alone are errors too', async () => {
    const r = await run([
      'encap',
      demo,
      '-o',
      join(tmp, 'e.pcap'),
      '--b4',
      '2001:db8::2',
      '--aftr',
      '2001:db8::1',
      '--icmp-ttl',
      '9',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--icmp-ttl modifies --icmp-out');
  });
  it('no argument vector reaches "internal error"', async () => {
    const odd = [
      ['--'],
      ['-'],
      ['', ''],
      ['--top=-1', demo],
      ['--jobs', '0', demo],
      ['check', '--', demo],
      ['-o', '', demo],
      ['--aftr'],
      ['explain'],
      ['explain', 'NOPE-1'],
      ['encap'],
      ['diff', demo],
      ['merge'],
      ['rules', '-f', 'yaml'],
      ['-f'],
      ['--config', tmp, demo],
      ['--baseline', tmp, demo],
      ['-o', tmp, demo],
      [demo, '--memory', '1'],
      ['help', 'nope'],
    ];
    for (const args of odd) {
      const r = await run(args, { env: { DSLITE_CHECK_DEBUG: '' } });
      expect(r.stderr, JSON.stringify(args)).not.toMatch(/internal error/);
      expect([0, 1, 2], JSON.stringify(args)).toContain(r.code);
    }
  });
});

describe('no silent pass', () => {
  it('a header-only capture is reported (CAP-001, warning) with a line in every format', async () => {
    const t = await run([empty]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/warning: [^│]*no DS-Lite traffic[\s\S]*\(CAP-001\)/);
    expect(t.stdout).toMatch(/CAP-001/);
    expect(t.stdout).toMatch(/PASS: 0 errors, 1 warning, 0 info/);
    const j = JSON.parse((await run([empty, '-f', 'json'])).stdout) as Report;
    expect(j.findings.map((f) => [f.rule, f.severity])).toEqual([['CAP-001', 'warning']]);
    expect(j.summary.warnings.join('\n')).toMatch(/CAP-001/);
    for (const f of ['junit', 'markdown', 'html'])
      expect((await run([empty, '-f', f])).stdout, f).toMatch(/no DS-Lite traffic/);
    expect((await run([empty, '--fail-on', 'warning'])).code).toBe(1);
  });
  it('a file whose first record is unreadable is reported too, and still exits by the gate', async () => {
    const bad = join(tmp, 'bad-first.pcap');
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(262144, 16);
    header.writeUInt32LE(1, 20);
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0xfffffff0, 8);
    record.writeUInt32LE(0xfffffff0, 12);
    writeFileSync(bad, Buffer.concat([header, record]));
    const r = JSON.parse((await run([bad, '-f', 'json'])).stdout) as Report;
    expect(r.inputs[0]!.incomplete).toBe(true);
    expect(r.findings.map((f) => f.rule)).toEqual(['CAP-001']);
    expect(r.findings[0]!.message).toMatch(/\(the file is cut short\)/);
    expect((await run([bad, '--fail-on', 'warning'])).code).toBe(1);
  });
  it('CAP-001 is configured like any rule; the warning line stays', async () => {
    const cfg = join(tmp, 'cap.json');
    writeFileSync(cfg, JSON.stringify({ rules: { 'CAP-001': 'error' } }));
    expect((await run([empty, '-c', cfg])).code).toBe(1);
    const off = await run([empty, '--skip-rule', 'CAP']);
    expect(off.code).toBe(0);
    expect(off.stdout).not.toMatch(/│ CAP-001/);
    expect(off.stdout).toMatch(/warning: [^│]*no DS-Lite traffic/);
  });
  it('a second capture that pairs with nothing is reported (CAP-002)', async () => {
    const r = JSON.parse(
      (
        await run([
          fixture('twopoint/aftr-ok-tunnel.pcap'),
          '--internet',
          fixture('nat/nat-ok-internet.pcap'),
          '-f',
          'json',
        ])
      ).stdout,
    ) as Report;
    expect(r.findings.filter((f) => f.rule === 'CAP-002').map((f) => f.message)).toEqual([
      expect.stringMatching(/^the internet capture contributed nothing/),
    ]);
    expect(r.summary.warnings.join('\n')).toMatch(/no datagram matched the tunnel capture.*CAP-002/);
  });
});

describe('behaves as a CLI should', () => {
  it('a reader that goes away (| head) ends the output quietly, and the exit code is still the verdict', async () => {
    const { spawn } = await import('node:child_process');
    const run = (): Promise<{ code: number | null; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [CLI, demo, '--fail-on', 'info', '--no-color'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        // The read end closed before anything is written: every write of the report meets EPIPE.
        child.stdout.destroy();
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const r = await run();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });
  it.each([
    [['-h']],
    [['--help']],
    [[demo, '-h']],
    [['check', '-h']],
    [['encap', '-h']],
    [['diff', '-h']],
    [['merge', '-h']],
    [['rules', '-h']],
    [['explain', '-h']],
    [['help']],
    [['help', 'encap']],
    [[demo, '--fail-on', 'never', '-h']],
  ])('%j prints help and runs nothing', async (args) => {
    const r = await run(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^dslite-check /);
    expect(r.stdout).toMatch(/--help/);
    expect(r.stdout).not.toMatch(/PASS|FAIL/);
  });
  it('help of an unknown command says so', async () => {
    const r = await run(['help', 'nope']);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toContain("help: no command 'nope'");
  });
  it('help encap is encap --help', async () => {
    expect((await run(['help', 'encap'])).stdout).toBe((await run(['encap', '--help'])).stdout);
    expect((await run(['help', 'encap'])).stdout).toMatch(/--icmp-out/);
  });
  it.each([
    ['rule', 'rules'],
    ['chek', 'check'],
    ['encpa', 'encap'],
    ['expain', 'explain'],
  ])('a mistyped command (%s) suggests %s', async (typo, cmd) => {
    const r = await run([typo]);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`did you mean '${cmd}'?`);
  });
  it('--version is the package version', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect((await run(['--version'])).stdout).toBe(`${version}\n`);
    expect((await run(['rules', '--version'])).stdout).toBe(`${version}\n`);
  });
  it.each([
    ['r.json', /^\{/],
    ['r.xml', /^<\?xml/],
    ['r.html', /^<!DOCTYPE html>/],
    ['r.md', /^## dslite-check/],
    ['r.txt', /^dslite-check /],
  ])('-o %s picks the format from the extension', async (name, start) => {
    const out = join(tmp, name);
    expect((await run([demo, '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(start);
  });
  it('-f wins over the extension, and diff refuses an extension it cannot write', async () => {
    const out = join(tmp, 'explicit.html');
    await run([demo, '-o', out, '-f', 'json']);
    expect(readFileSync(out, 'utf8')).toMatch(/^\{/);
    const r = await run(['diff', demo, demo, '-o', join(tmp, 'd.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write html/);
  });
  it('a configuration with an unknown nested key names it', async () => {
    const cfg = join(tmp, 'nested.json');
    writeFileSync(cfg, '{"mtu": {"upp": 1500}}');
    const r = await run([demo, '-c', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nested\.json: mtu\.upp: unknown setting/);
  });
  it('a capture given as configuration or baseline is one readable line', async () => {
    for (const opt of ['-c', '--baseline']) {
      const r = await run([demo, opt, demo]);
      expect(r.code).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/not JSON, so not a (configuration|baseline) file \(a binary file\)/);
    }
  });
});

describe('filtering from the command line', () => {
  const tunnel = fixture('twopoint/aftr-bad-tunnel.pcapng');
  it('--b4 limits softwires, flows and findings to that B4, and the report says it is partial', async () => {
    const all = JSON.parse((await run([tunnel, '-f', 'json', '--fail-on', 'never'])).stdout) as Report;
    const b4s = [...new Set(all.softwires.map((w) => w.b4))];
    const one = b4s[0]!;
    const r = JSON.parse((await run([tunnel, '-f', 'json', '--fail-on', 'never', '--b4', one])).stdout) as Report;
    expect(r.softwires.map((w) => w.b4)).toEqual(all.softwires.filter((w) => w.b4 === one).map((w) => w.b4));
    expect(r.flows.every((f) => f.b4 === one)).toBe(true);
    expect(r.findings.every((f) => f.softwire === undefined || f.softwire.b4 === one)).toBe(true);
    expect(r.summary.warnings[0]).toMatch(new RegExp(`^partial check: only the softwires of B4 ${one} \\(--b4\\)`));
    const prefix = await run([tunnel, '--b4', '2001:db8:ffff::/48']);
    expect(prefix.stdout).toMatch(
      /partial check: only the softwires of B4 2001:db8:ffff::\/48 \(--b4\): 0 softwires of/,
    );
  });
  it('--rule and --skip-rule choose rules by ID or prefix, said in the header', async () => {
    const r = JSON.parse(
      (await run([fixture('malformed/malformed.pcap'), '-f', 'json', '--rule', 'TUN', '--skip-rule', 'TUN-007']))
        .stdout,
    ) as Report;
    expect(new Set(r.findings.map((f) => f.rule.slice(0, 3)))).toEqual(new Set(r.findings.length ? ['TUN'] : []));
    const judged = r.rules.filter((x) => x.severity !== 'off').map((x) => x.rule);
    expect(judged).toEqual(['TUN-001', 'TUN-002', 'TUN-003', 'TUN-004', 'TUN-005', 'TUN-006']);
    expect(r.summary.warnings[0]).toMatch(/^partial check: 6 of \d+ rules judged \(--rule TUN --skip-rule TUN-007\)/);
    const table = await run([fixture('malformed/malformed.pcap'), '--rule', 'tun']);
    expect(table.stdout).toMatch(/warning: partial check: 7 of \d+ rules judged \(--rule tun\)/);
  });
});

describe('tables fit the width', () => {
  const natTunnel = fixture('nat/nat-shared-tunnel.pcap');
  const natInternet = fixture('nat/nat-shared-internet.pcap');
  const diffExpected = fixture('encap/expected-1500.pcap');
  const cases: [string, string[], RegExp][] = [
    [
      'check: summary, softwires, flows, findings',
      [fixture('twopoint/aftr-bad-tunnel.pcapng'), '--fail-on', 'never'],
      /Softwires[\s\S]*Largest inner flows[\s\S]*Findings/,
    ],
    ['check: anomalies', [fixture('malformed/malformed.pcap'), '--fail-on', 'never'], /Anomalies/],
    [
      'check: correlation and NAT bindings',
      [natTunnel, '--internet', natInternet, '--fail-on', 'never'],
      /Correlation with the tunnel capture[\s\S]*NAT bindings/,
    ],
    ['rules', ['rules'], /TUN-001/],
    ['explain', ['explain', 'FRAG-002'], /FRAG-002 — /],
    ['diff', ['diff', diffExpected, fixture('encap/expected-1280.pcap')], /DIFFERENT/],
  ];
  for (const width of [80, 120])
    it.each(cases)(`%s: no line wider than ${width} (COLUMNS=${width})`, async (_name, args, shows) => {
      const r = await run(args, { env: { COLUMNS: String(width) } });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(shows);
      const wide = r.stdout.split('\n').filter((l) => [...l].length > width);
      expect(wide).toEqual([]);
    });
  it('without a terminal or COLUMNS the width is 120, and a wide table uses it', async () => {
    const lines = (await run([fixture('twopoint/aftr-bad-tunnel.pcapng')])).stdout.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBe(120);
  });
});
