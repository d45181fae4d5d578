import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportValidator } from '../src/report/json.js';
import type { Report } from '../src/model/report.js';
import { RULES } from '../src/rules/index.js';
import { fixture, ROOT } from './helpers/fixtures.js';
import { CLI, type CliOptions, type CliRun, runCli } from './helpers/cli.js';
import { generate } from '../bench/generate.js';

/** End-to-end: the command line as a CI job gives it. */
const tmp = mkdtempSync(join(tmpdir(), 'dslite-gate-'));

const run = (args: string[], o: CliOptions = {}): Promise<CliRun> =>
  runCli(args, { ...o, env: { COLUMNS: process.env['COLUMNS'] ?? '', ...o.env } });
const json = async (args: string[], o?: Parameters<typeof run>[1]): Promise<Report> => {
  const r = await run([...args, '-f', 'json'], o);
  const report = JSON.parse(r.stdout) as Report;
  const v = reportValidator();
  expect(v(report), JSON.stringify(v.errors)).toBe(true);
  return report;
};

const has = (cmd: string, arg = '--version'): boolean => spawnSync(cmd, [arg]).status === 0;
const hasXmllint = has('xmllint');
const hasTshark = has('tshark', '-v');
if (!hasXmllint || !hasTshark)
  console.warn(
    'NOTICE: xmllint or tshark missing: their checks are skipped here (CI installs both and fails without them)',
  );
const required = (present: boolean): boolean => !present && !process.env['CI'];

const bTunnel = fixture('twopoint/b4-bad-tunnel.pcapng');
const bLan = fixture('twopoint/b4-bad-lan.pcapng');
const demo = fixture('demo/demo.pcapng');
const warns = fixture('tunnel/ptb-tiny.pcap'); // 1 error, 2 warnings

function xmllint(file: string): { code: number; out: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', join(ROOT, 'schema', 'junit.xsd'), file], {
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: r.stderr };
}

describe.skipIf(required(hasXmllint))('--format junit', async () => {
  it('validates against the committed JUnit schema, one testcase per rule, one failure per gating finding', async () => {
    const out = join(tmp, 'check.xml');
    const r = await run([bTunnel, '--lan', bLan, '-f', 'junit', '-o', out]);
    expect(r.code).toBe(1);
    expect(xmllint(out)).toEqual({ code: 0, out: `${out} validates\n` });
    const xml = readFileSync(out, 'utf8');
    const report = await json([bTunnel, '--lan', bLan]);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(RULES.length);
    const gating = report.findings.filter((f) => f.severity === 'error');
    expect((xml.match(/<failure /g) ?? []).length).toBe(gating.length);
    expect(xml).toMatch(
      new RegExp(
        `<testsuites name="dslite-check" tests="${RULES.length}" failures="${new Set(gating.map((f) => f.rule)).size}" errors="0" skipped="\\d+">`,
      ),
    );
    // Skipped cases say why; two-point rules need the Internet side here.
    expect(xml).toMatch(
      /<testcase classname="dslite-check.NAT" name="NAT-001 [^"]*">\s*<skipped message="needs a capture of the AFTR's Internet side \(--internet\)">/,
    );
    // A failure carries frames, RFC and message, and the Wireshark filter.
    expect(xml).toContain('frame.number in {5, 6}');
    expect(xml).toContain('RFC 6333 §5.3');
    expect(xml).toContain('(rfc6333)');
  });
  it('info findings below --fail-on leave the case passed, listed in system-out', async () => {
    const out = join(tmp, 'demo.xml');
    expect((await run([demo, '-f', 'junit', '-o', out])).code).toBe(0);
    expect(xmllint(out).code).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).not.toContain('<failure');
    expect(xml).toMatch(
      /name="TUN-005 [^"]*">\s*<system-out>\[info, confirmed\] the B4 adds a Tunnel Encapsulation Limit/,
    );
    // Deterministic: no wall-clock time, the same bytes twice.
    await run([demo, '-f', 'junit', '-o', `${out}.2`]);
    expect(readFileSync(`${out}.2`, 'utf8')).toBe(xml);
  });
  it('--max-warnings is a case of its own', async () => {
    const out = join(tmp, 'mw.xml');
    expect((await run([warns, '--fail-on', 'never', '--max-warnings', '1', '-f', 'junit', '-o', out])).code).toBe(1);
    expect(xmllint(out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(
      /name="at most 1 warning \(--max-warnings\)">\s*<failure type="max-warnings" message="2 warnings, more than 1"/,
    );
  });
  it('diff writes JUnit too: a case per compared field, ignored fields skipped', async () => {
    const expected = join(tmp, 'expected.pcap');
    expect(
      (await run(['encap', bLan, '-o', expected, '--b4', '2001:db8:100:1::2', '--aftr', '2001:db8:0:ffff::1'])).code,
    ).toBe(0);
    const out = join(tmp, 'diff.xml');
    expect((await run(['diff', expected, bTunnel, '-f', 'junit', '-o', out, '--ignore', 'tos'])).code).toBe(1);
    expect(xmllint(out).code).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(
      /name="every expected datagram is in the actual capture">(\s*<failure type="missing"[^>]*>[^<]*<\/failure>){2}\s*<\/testcase>/,
    );
    expect(xml).toMatch(/name="same carriage">\s*<failure type="changed"/);
    expect(xml).toMatch(/name="same tos">\s*<skipped message="ignored \(--ignore\)"/);
  });
  it('a document the schema must refuse is refused (the schema is not vacuous)', async () => {
    const bad = join(tmp, 'bad.xml');
    writeFileSync(
      bad,
      '<?xml version="1.0"?>\n<testsuites><testsuite name="x" tests="one" failures="0" errors="0"/></testsuites>\n',
    );
    expect(xmllint(bad).code).not.toBe(0);
  });
});

describe('--format markdown', () => {
  it('verdict first, then findings grouped by rule with Wireshark filters', async () => {
    const r = await run([bTunnel, '--lan', bLan, '-f', 'markdown']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('## dslite-check: ❌ FAIL: 5 errors, 0 warnings, 5 info (fails on error)');
    const headings = lines.filter((l) => l.startsWith('#### ')).map((l) => l.split(' ')[2]);
    expect(headings).toEqual([...new Set(headings)].sort());
    expect(headings).toContain('FRAG-002');
    expect(r.stdout).toContain('| error | tunnel 5, 6<br>lan 5 |');
    expect(r.stdout).toContain('`frame.number in {5, 6}`<br>`frame.number == 5`');
  });
  it('diff: verdict first, differences by kind', async () => {
    const expected = join(tmp, 'expected-md.pcap');
    await run(['encap', bLan, '-o', expected, '--b4', '2001:db8:100:1::2', '--aftr', '2001:db8:0:ffff::1']);
    const r = await run(['diff', expected, bTunnel, '-f', 'markdown']);
    expect(r.stdout.split('\n')[0]).toMatch(/^## dslite-check diff: ❌ DIFFERENT: 2 changed, 2 missing, 0 unexpected/);
    expect(r.stdout).toContain('### missing (2)');
  });
});

describe('--fail-on and --max-warnings', () => {
  it.each([
    [[], 1],
    [['--fail-on', 'never'], 0],
    [['--fail-on', 'never', '--max-warnings', '2'], 0],
    [['--fail-on', 'never', '--max-warnings', '1'], 1],
    [['--fail-on', 'never', '--max-warnings', '0'], 1],
    [['--fail-on', 'warning'], 1],
  ])('%j → exit %i', async (args, code) => {
    const r = await run([warns, ...args]);
    expect(r.code).toBe(code);
    const last = r.stdout.trimEnd().split('\n').at(-1)!;
    expect(last).toMatch(code ? /^FAIL: 1 error, 2 warnings/ : /^PASS: 1 error, 2 warnings/);
    if (args.includes('--max-warnings')) {
      const n = args[args.indexOf('--max-warnings') + 1];
      expect(last).toContain(`at most ${n} warning${n === '1' ? '' : 's'}`);
    }
  });
  it('refuses a negative --max-warnings', async () => {
    expect((await run([warns, '--max-warnings', '-1'])).stderr).toMatch(/--max-warnings must be a whole number/);
  });
});

describe('configuration file', () => {
  const dir = (config: unknown): string => {
    const d = mkdtempSync(join(tmp, 'cfg-'));
    writeFileSync(join(d, 'dslite-check.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
    return d;
  };
  it('is found in the working directory; rule levels and settings apply; the command line wins', async () => {
    const d = dir({
      mtu: 1500,
      dfProfile: 'rfc6333',
      rules: { 'FRAG-002': 'off', 'FRAG-005': 'warning', 'FRAG-015': ['info'] },
    });
    const r = await json([bTunnel, '--lan', bLan], { cwd: d });
    const rules = new Map(r.findings.map((f) => [f.rule, f.severity]));
    expect(rules.has('FRAG-002')).toBe(false);
    expect(rules.get('FRAG-005')).toBe('warning');
    expect(rules.get('FRAG-015')).toBe('info');
    expect(r.rules.find((x) => x.rule === 'FRAG-002')!.results[0]).toEqual({
      input: 0,
      status: 'skipped',
      findings: 0,
      reason: 'turned off in the configuration',
    });
    expect(r.sizes.linkMtu).toEqual({ up: 1500, down: 1500 });
    expect((await json([bTunnel, '--lan', bLan, '--mtu-up', '1400'], { cwd: d })).sizes.linkMtu).toEqual({
      up: 1400,
      down: 1500,
    });
  });
  it('rule options reach the rule (TUN-004 judges after minPackets)', async () => {
    const hop = fixture('tunnel/hoplimit-copied.pcap');
    expect((await json([hop])).findings.map((f) => f.rule)).toContain('TUN-004');
    const cfg = join(tmp, 'tun4.json');
    writeFileSync(cfg, JSON.stringify({ rules: { 'TUN-004': ['warning', { minPackets: 100000 }] } }));
    expect((await json([hop, '--config', cfg])).findings.map((f) => f.rule)).not.toContain('TUN-004');
  });
  it.each([
    [{ mtu: 1000 }, /^dslite-check: error: .*dslite-check\.config\.json: mtu: expected >= 1280$/],
    [
      { rules: { 'FRAG-002': 'warn' } },
      /rules\.FRAG-002: expected "off", "info", "warning" or "error", or \[severity, \{options\}\]/,
    ],
    [{ rules: { 'FRAG-999': 'off' } }, /rules\.FRAG-999: no such rule/],
    [{ rules: { 'TUN-004': ['error', { minPackets: 1 }] } }, /rules\.TUN-004\[1\]\.minPackets: expected >= 3/],
    [{ mtuu: 1500 }, /mtuu: unknown setting/],
    [{ dfProfile: 'rfc1149' }, /dfProfile: expected one of "rfc6333", "rfc2473"/],
    ['{"mtu": ', /dslite-check\.config\.json: not JSON/],
  ])('a bad one names the file and key and exits 2 (%j)', async (config, msg) => {
    const r = await run([demo], { cwd: dir(config) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(msg);
  });
  it('--config names a file; a missing one is an error', async () => {
    const r = await run([demo, '--config', join(tmp, 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.json: cannot read the configuration \(ENOENT\)/);
  });
  it('--print-config shows defaults, the file and the command line merged, every rule with its options', async () => {
    const d = dir({
      mtu: { down: 1400 },
      natPools: ['203.0.113.0/24'],
      rules: { 'TUN-004': ['error', { minPackets: 40 }] },
    });
    const r = await run(['--print-config', '--mtu-up', '1500', '--fail-on', 'warning'], { cwd: d });
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as Record<string, unknown> & { rules: Record<string, unknown> };
    expect(c).toMatchObject({
      configFile: 'dslite-check.config.json',
      mtu: { up: 1500, down: 1400 },
      natPools: ['203.0.113.0/24'],
      failOn: 'warning',
      lanMtu: 1500,
      dfProfile: 'rfc6333',
    });
    expect(Object.keys(c.rules)).toHaveLength(RULES.length);
    expect(c.rules['TUN-004']).toEqual(['error', { minPackets: 40 }]);
    expect(c.rules['MTU-003']).toEqual(['error', { grace: 3 }]);
    expect(c.rules['NAT-001']).toEqual(['error', {}]);
  });
  it('--memory sizes the tables (shown by --print-config) and refuses a budget too small', async () => {
    const d = dir({ memory: 356 });
    const r = await run(['--print-config', '--max-softwires', '100'], { cwd: d });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      memory: 356,
      maxSoftwires: 100,
      maxFlows: 400_000,
      maxFragmentSets: 16_384,
    });
    const low = await run(['--print-config', '--memory', '64'], { cwd: d });
    expect(low.code).toBe(2);
    expect(low.stderr.trim().split('\n')).toHaveLength(1);
    expect(low.stderr).toMatch(/--memory must be a whole number of MB, at least 192/);
    const bad = await run(['--print-config'], { cwd: dir({ memory: 160 }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/dslite-check\.config\.json: memory: expected >= 192/);
  });
  it('the schema ships in the package', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
    expect(existsSync(join(ROOT, 'schema', 'config.schema.json'))).toBe(true);
  });
});

describe('baselines', () => {
  it('a re-capture of the same traffic (other frame numbers, other times, another file) matches; a new finding is reported', async () => {
    const base = join(tmp, 'baseline.json');
    const first = await run([bTunnel, '--lan', bLan, '--write-baseline', base]);
    expect(first.code).toBe(1);
    const b = JSON.parse(readFileSync(base, 'utf8')) as { findings: { rule: string; count: number }[] };
    expect(b.findings.reduce((n, e) => n + e.count, 0)).toBe(10);
    // Same capture again: nothing new, exit 0.
    const again = await json([bTunnel, '--lan', bLan, '--baseline', base]);
    expect(again.findings).toEqual([]);
    expect(again.summary.baselined).toBe(10);
    expect(again.summary.verdict).toBe('pass');
    expect((await run([bTunnel, '--lan', bLan, '--baseline', base])).code).toBe(0);
    if (required(hasTshark)) return;
    // A re-capture: an hour later, after three unrelated frames, under another name.
    const shifted = join(tmp, 'recapture-tunnel.pcapng');
    const shiftedLan = join(tmp, 'recapture-lan.pcapng');
    const later = join(tmp, 'later.pcapng');
    spawnSync('editcap', ['-t', '3600', bTunnel, later]);
    spawnSync('editcap', ['-r', demo, join(tmp, 'arp.pcapng'), '1-3']);
    spawnSync('editcap', ['-t', '3599', join(tmp, 'arp.pcapng'), join(tmp, 'arp-later.pcapng')]);
    expect(spawnSync('mergecap', ['-w', shifted, join(tmp, 'arp-later.pcapng'), later]).status).toBe(0);
    expect(spawnSync('editcap', ['-t', '3600', bLan, shiftedLan]).status).toBe(0);
    const re = await json([shifted, '--lan', shiftedLan, '--baseline', base]);
    expect(re.summary.frames).toBeGreaterThan((await json([bTunnel, '--lan', bLan])).summary.frames);
    expect(re.findings).toEqual([]);
    expect(re.summary.baselined).toBe(10);
    // The same capture with a problem the baseline does not hold: only that is reported.
    const other = await json([fixture('fragmentation/inner-b4.pcap'), '--baseline', base]);
    expect(other.findings.map((f) => f.rule)).toEqual(['FRAG-002']);
  });
  it('a baseline matches by rule, softwire and flow: the same rule on another flow is new', async () => {
    const base = join(tmp, 'baseline-inner.json');
    await run([fixture('fragmentation/inner-b4.pcap'), '--write-baseline', base]);
    const entry = (
      JSON.parse(readFileSync(base, 'utf8')) as { findings: { rule: string; softwire: unknown; flow: string }[] }
    ).findings.find((f) => f.rule === 'FRAG-002')!;
    expect(entry).toBeDefined();
    expect(entry.softwire).toBeDefined();
    const edited = join(tmp, 'baseline-edited.json');
    const b = JSON.parse(readFileSync(base, 'utf8')) as { findings: { rule: string; flow: string }[] };
    b.findings.find((f) => f.rule === 'FRAG-002')!.flow = 'udp 10.0.0.1 ⇄ 192.0.2.1';
    writeFileSync(edited, JSON.stringify(b));
    expect((await json([fixture('fragmentation/inner-b4.pcap'), '--baseline', base])).findings).toEqual([]);
    expect(
      (await json([fixture('fragmentation/inner-b4.pcap'), '--baseline', edited])).findings.map((f) => f.rule),
    ).toEqual(['FRAG-002']);
  });
  it('a file that is not a baseline is an error', async () => {
    const r = await run([demo, '--baseline', demo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read the baseline|not a dslite-check baseline|not JSON, so not a baseline file/);
  });
});

describe.skipIf(required(hasTshark))('Wireshark display filters and --annotate', async () => {
  const tshark = (args: string[]): string => spawnSync('tshark', args, { encoding: 'utf8' }).stdout;
  const cases = [
    fixture('twopoint/b4-bad-tunnel.pcapng'),
    fixture('fragmentation/outer-overlap-diff.pcap'),
    fixture('tunnel/ptb-tiny.pcap'),
    fixture('malformed/malformed.pcap'),
  ];
  it.each(cases)("every finding's filter selects exactly its frames in tshark (%s)", async (file) => {
    const report = await json([file]);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings.filter((x) => x.frames.length)) {
      const got = tshark(['-r', file, '-Y', f.filter, '-T', 'fields', '-e', 'frame.number'])
        .trim()
        .split('\n')
        .map(Number);
      expect(got, f.filter).toEqual(f.frames);
    }
  });
  it('diff: each difference carries the filters that select its frames in both captures', async () => {
    const expected = join(tmp, 'expected-filters.pcap');
    await run(['encap', bLan, '-o', expected, '--b4', '2001:db8:100:1::2', '--aftr', '2001:db8:0:ffff::1']);
    const d = JSON.parse((await run(['diff', expected, bTunnel, '-f', 'json'])).stdout) as {
      differences: { expectedFrames: number[]; actualFrames: number[]; expectedFilter: string; actualFilter: string }[];
    };
    expect(d.differences.length).toBe(4);
    for (const x of d.differences) {
      for (const [file, frames, filter] of [
        [expected, x.expectedFrames, x.expectedFilter],
        [bTunnel, x.actualFrames, x.actualFilter],
      ] as const) {
        if (!frames.length) {
          expect(filter).toBe('');
          continue;
        }
        expect(
          tshark(['-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number']).trim().split('\n').map(Number),
          filter,
        ).toEqual(frames);
      }
    }
  });
  /** The packet-comment field: frame.comment since Wireshark 3.6, pkt_comment before. */
  const commentField = (): string =>
    spawnSync('tshark', ['-G', 'fields'], { encoding: 'utf8', maxBuffer: 256 << 20 }).stdout.includes(
      '\tframe.comment\t',
    )
      ? 'frame.comment'
      : 'pkt_comment';
  it('writes pcapng with a comment on each cited frame, read back by tshark', async () => {
    const out = join(tmp, 'annotated.pcapng');
    const report = await json([bTunnel]);
    expect((await run([bTunnel, '--annotate', out, '-q'])).code).toBe(1);
    const field = commentField();
    const lines = tshark(['-r', out, '-T', 'fields', '-E', 'occurrence=a', '-e', 'frame.number', '-e', field])
      .trim()
      .split('\n');
    expect(lines).toHaveLength(report.inputs[0]!.frames);
    const cited = new Map<number, string[]>();
    for (const f of report.findings)
      for (const n of f.frames) cited.set(n, [...(cited.get(n) ?? []), `${f.rule} ${f.severity}: ${f.message}`]);
    for (const line of lines) {
      const [n, comment = ''] = line.split('\t');
      const want = cited.get(Number(n));
      if (!want) expect(comment).toBe('');
      else for (const w of want) expect(comment).toContain(w);
    }
    // The frames are the input's, byte for byte.
    expect(tshark(['-r', out, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.time_epoch'])).toBe(
      tshark(['-r', bTunnel, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.time_epoch']),
    );
  });
  it('--annotate-findings-only keeps just the cited frames', async () => {
    const out = join(tmp, 'only.pcapng');
    await run([bTunnel, '--annotate', out, '--annotate-findings-only']);
    const cited = new Set((await json([bTunnel])).findings.flatMap((f) => f.frames));
    const lines = tshark(['-r', out, '-T', 'fields', '-e', commentField()]).trim().split('\n');
    expect(lines).toHaveLength(cited.size);
    for (const l of lines) expect(l).toMatch(/^[A-Z]+-\d{3} (error|warning|info): /);
  });
  it('refuses standard input', async () => {
    expect((await run(['-', '--annotate', join(tmp, 'x.pcapng')])).stderr).toMatch(
      /--annotate rewrites one capture file/,
    );
  });
});

describe('progress and colour', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it('no progress when stderr is not a terminal', async () => {
    const r = await run([demo], { env: { DSLITE_CHECK_PROGRESS_MS: '1' } });
    expect(r.stderr).toBe('');
  });
  it.skipIf(!hasScript)('a progress line at a terminal, none with --quiet', async () => {
    // script(1) gives the run a terminal; a 1 ms interval makes the small capture long enough to show it.
    const input = join(tmp, 'big.pcap');
    generate(input, { packets: 200_000, b4s: 50, seed: 7, oversized: 0.01 });
    const tty = (extra: string): string =>
      spawnSync('script', ['-qec', `${process.execPath} ${CLI} ${input} ${extra} >/dev/null`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, DSLITE_CHECK_PROGRESS_MS: '1' },
      }).stdout;
    expect(tty('')).toMatch(/read [\d.]+ MB of [\d.]+ MB \(\d+ %\), [\d,]+ frames, [\d,]+ packets\/s/);
    expect(tty('--quiet')).not.toMatch(/packets\/s/);
  });
  it('colour only when asked or at a terminal without NO_COLOR', async () => {
    expect(await run([demo])).not.toMatchObject({ stdout: expect.stringContaining('\u001b[') });
    expect((await run([demo, '--color'])).stdout).toContain('\u001b[32mPASS\u001b[0m');
    expect((await run([demo, '-o', join(tmp, 'o.txt'), '--color'])).stdout).toBe('');
    expect(readFileSync(join(tmp, 'o.txt'), 'utf8')).not.toContain('\u001b[');
  });
});

describe('the JSON of every format run is valid', () => {
  it('a report with findings, rules and sizes', async () => {
    const r = await json([bTunnel, '--lan', bLan, '--mtu', '1500']);
    expect(r.rules).toHaveLength(RULES.length);
    expect(r.sizes.up.reduce((n, b) => n + b.count, 0) + r.sizes.down.reduce((n, b) => n + b.count, 0)).toBe(
      r.summary.softwireFrames,
    );
    const f = r.findings.find((x) => x.rule === 'FRAG-002')!;
    expect(f.softwire).toEqual({ b4: '2001:db8:100:1::2', aftr: '2001:db8:0:ffff::1' });
    expect(f.flow).toBe('udp 192.168.1.10:40000 ⇄ 198.51.100.80:5001');
    expect(f.layout).toEqual({
      unit: 'inner-data',
      total: 1480,
      inner: [
        { offset: 0, length: 1440, frames: [5] },
        { offset: 1440, length: 40, frames: [6] },
      ],
    });
  });
  it('copies of fixtures under other names keep their findings (names never key anything)', async () => {
    const copy = join(tmp, 'renamed.bin');
    copyFileSync(bTunnel, copy);
    expect((await json([copy])).findings.map((f) => f.message)).toEqual(
      (await json([bTunnel])).findings.map((f) => f.message),
    );
  });
});
