import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { reportValidator } from '../src/report/json.js';
import { RULES } from '../src/rules/index.js';
import { NOT_JUDGED } from '../src/rules/not-judged.js';
import { renderTable } from '../src/report/table.js';
import { captureFixtures, fixture, ROOT } from './helpers/fixtures.js';
import { type CliRun, runCli, spawnCli } from './helpers/cli.js';
import { collect } from './helpers/capture.js';

const tmp = mkdtempSync(join(tmpdir(), 'dslite-cli-'));

/** The command line in this process (helpers/cli.ts); COLUMNS as the test runner has it. */
const run = (args: string[], input?: Buffer): Promise<CliRun> =>
  runCli(args, { ...(input && { input }), env: { COLUMNS: process.env['COLUMNS'] ?? '' } });

const demo = 'fixtures/pcaps/demo/demo.pcapng';
const malformed = 'fixtures/pcaps/malformed/malformed.pcap';

describe('the built binary, as a user starts it', () => {
  // The other tests run the command line in this process; these start the installed command (dist/bundle/cli.js) itself.
  it('--version takes the short path, a check and a usage error give their exit codes', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(spawnCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const ok = spawnCli([demo]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trimEnd().split('\n').at(-1)).toMatch(/^PASS: 0 errors/);
    expect(spawnCli([malformed]).code).toBe(1);
    expect(spawnCli(['--fail-on', 'often', demo]).code).toBe(2);
    expect(spawnCli(['-'], { input: readFileSync(demo) }).code).toBe(0);
  });
});

describe('exit codes', () => {
  it('0 for a clean capture, with the verdict last', async () => {
    const r = await run([demo]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('2001:db8:100:1::2');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^PASS: 0 errors/);
  });
  it('1 when a finding reaches --fail-on, 0 with --fail-on never', async () => {
    expect((await run([malformed])).code).toBe(1);
    expect((await run([malformed, '--fail-on', 'never'])).code).toBe(0);
    expect((await run([malformed, '--fail-on', 'warning'])).code).toBe(1);
  });
  it.each([
    [['--format', 'xml', demo], /Invalid values/],
    [['--bogus', demo], /Unknown argument/],
    [[], /no capture given/],
    [['--aftr', 'not-an-address', demo], /--aftr not-an-address: not an IPv6 address/],
    [['--top', '0', demo], /--top must be a positive integer/],
    [['-', '-'], /standard input/],
    [[demo, demo, '--internet', demo], /correlated with exactly one tunnel capture/],
    [['--match-window', 'x', demo, '--internet', demo], /--match-window: 'x' is not a number/],
  ])('2 for usage error %j', async (args, msg) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it.each([
    ['missing', join(tmp, 'missing.pcap'), /cannot open .*ENOENT/],
    [
      'text',
      (() => (writeFileSync(join(tmp, 'notes.txt'), 'not a capture\n'), join(tmp, 'notes.txt')))(),
      /not a capture file/,
    ],
    ['empty', (() => (writeFileSync(join(tmp, 'empty.pcap'), ''), join(tmp, 'empty.pcap')))(), /empty file/],
    ['directory', tmp, /directory/],
  ])('2 with one clear line for an unreadable input (%s)', async (_n, file, msg) => {
    const r = await run([file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).toMatch(/^dslite-check: error: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('--help and --version exit 0', async () => {
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['--help'])).stdout).toMatch(/--fail-on/);
    expect((await run(['--version'])).stdout.trim()).toBe(
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    );
  });
});

describe('two-point captures', () => {
  const tp = 'fixtures/pcaps/twopoint';
  it('an AFTR that breaks the rules fails, citing frames on both captures', async () => {
    const r = await run([
      `${tp}/aftr-bad-tunnel.pcapng`,
      '--internet',
      `${tp}/aftr-bad-internet.pcapng`,
      '--mtu',
      '1500',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/internet: .*aftr-bad-internet\.pcapng/);
    expect(r.stdout).toContain('Correlation with the tunnel capture');
    expect(r.stdout).toMatch(/FRAG-004 .*│ confirmed\s+│ tunnel 5–6/);
    expect(r.stdout).toMatch(/│ internet 5–6\s+│/);
    expect(r.stdout).toMatch(/FAIL: \d+ errors/);
  });
  it('a conformant AFTR passes; JSON carries roles and the correlation', async () => {
    const r = await run([
      `${tp}/aftr-ok-tunnel.pcap`,
      '--internet',
      `${tp}/aftr-ok-internet.pcap`,
      '--mtu',
      '1500',
      '-f',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(reportValidator()(j)).toBe(true);
    expect(j.inputs.map((i: { role: string }) => i.role)).toEqual(['tunnel', 'internet']);
    expect(j.correlation[0]).toMatchObject({ side: 'internet', input: 1, pairs: { up: 5, down: 4 }, window: 0.2 });
  });
  it('--registered-b4 (or registeredB4s in a configuration) makes SEC-002 judge; a bad prefix is one line and exit 2', async () => {
    const args = [
      `${tp}/aftr-ok-tunnel.pcap`,
      '--internet',
      `${tp}/aftr-ok-internet.pcap`,
      '-f',
      'json',
      '--fail-on',
      'warning',
    ];
    const other = await run([...args, '--registered-b4', '2001:db8:200::/40']);
    expect(other.code).toBe(1);
    expect(
      JSON.parse(other.stdout)
        .findings.filter((f: { rule: string }) => f.rule === 'SEC-002')
        .map((f: { severity: string }) => f.severity),
    ).toEqual(['warning']);
    const config = join(tmp, 'registered.json');
    writeFileSync(config, JSON.stringify({ registeredB4s: ['2001:db8:100::/40'] }));
    expect((await run([...args, '--config', config])).code).toBe(0);
    const bad = await run([...args, '--registered-b4', '2001:db8::/999']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^dslite-check: error: .*2001:db8::\/999/);
  });
  it('inner fragments whose first piece never entered: FRAG-002 from the LAN side, from the tunnel alone, and on the Linux lab capture', async () => {
    const rules = async (args: string[]): Promise<string[]> =>
      (
        JSON.parse((await run([...args, '-f', 'json'])).stdout) as {
          findings: { rule: string; severity: string; confidence: string }[];
        }
      ).findings
        .filter((f) => f.rule === 'FRAG-002')
        .map((f) => `${f.severity} ${f.confidence}`);
    expect(await rules([`${tp}/b4-firstlost-tunnel.pcap`, '--lan', `${tp}/b4-firstlost-lan.pcap`])).toEqual([
      'error confirmed',
    ]);
    expect(await rules([`${tp}/b4-firstlost-tunnel.pcap`])).toEqual(['error likely']);
    const lab = 'fixtures/pcaps/lab/mtu1280';
    expect(
      await rules([
        `${lab}-tunnel.pcap`,
        '--lan',
        `${lab}-lan.pcap`,
        '--internet',
        `${lab}-internet.pcap`,
        '--mtu',
        '1280',
      ]),
    ).toEqual(['error confirmed']);
  });
  it('an unreadable side capture is an input error (exit 2)', async () => {
    const r = await run([`${tp}/b4-ok-tunnel.pcap`, '--lan', join(tmp, 'nope.pcap')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dslite-check: error: .*nope\.pcap/);
  });
});

describe('tunnels around the softwire', () => {
  it('a softwire in IPv6-in-IPv4 is judged like any other and reported with its carriage', async () => {
    const r = await run(['fixtures/pcaps/carriage/in-6in4.pcap']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/carried in\s+│ IPv6 in IPv4 198\.51\.100\.2 ⇄ 203\.0\.113\.1/);
    expect(r.stdout).toMatch(/error +│ FRAG-002/);
    const j = JSON.parse((await run(['fixtures/pcaps/carriage/nested.pcap', '--format', 'json'])).stdout);
    expect(reportValidator()(j)).toBe(true);
    expect(j.softwires[0].carriage).toEqual([
      'IPv6 in IPv4 198.51.100.2 ⇄ 203.0.113.1, inside it GRE over IPv6 2001:db8:ee::2 ⇄ 2001:db8:ee::1',
    ]);
  });
  it('with the second capture: a two-point case carried in GRE draws the findings of the bare one', async () => {
    // The same frames at the same times; only the pcapng's zero-drop counters are not carried over,
    // so absence-based findings are weighed at a lower confidence there.
    const lan = ['--lan', 'fixtures/pcaps/twopoint/b4-bad-lan.pcapng', '--mtu', '1500', '-f', 'json'];
    const found = async (tunnel: string): Promise<string[]> =>
      (JSON.parse((await run([tunnel, ...lan])).stdout) as { findings: { rule: string; frames: number[] }[] }).findings
        .map((f) => `${f.rule} ${f.frames.join(',')}`)
        .sort();
    const bare = await found('fixtures/pcaps/twopoint/b4-bad-tunnel.pcapng');
    expect(bare.length).toBeGreaterThan(5);
    expect(await found('fixtures/pcaps/carriage/b4-bad-in-gre4.pcap')).toEqual(bare);
  });
  it('SRv6 is not a softwire: no B4, no AFTR, CAP-001 says what it is', async () => {
    const j = JSON.parse((await run(['fixtures/pcaps/carriage/srv6.pcap', '--format', 'json'])).stdout);
    expect(j.softwires).toEqual([]);
    expect(j.summary.categories.srv6).toBe(10);
    expect(j.findings.map((f: { rule: string; messageId: string }) => `${f.rule} ${f.messageId}`)).toEqual([
      'CAP-001 other',
    ]);
  });
});

describe('the link MTU and where it comes from', () => {
  it('configured, learned from a Packet Too Big, or assumed: in the table, the JSON and the HTML', async () => {
    const j = JSON.parse((await run(['fixtures/pcaps/mtu/learned-ptb.pcap', '--format', 'json'])).stdout);
    expect(reportValidator()(j)).toBe(true);
    expect(j.inputs[0].linkMtu).toEqual({
      up: { value: 1420, source: 'learned', how: 'packet-too-big', frame: 4, atLeast: false },
      down: { value: 1500, source: 'assumed' },
    });
    expect((await run(['fixtures/pcaps/mtu/learned-ptb.pcap'])).stdout).toMatch(
      /link MTU +│ up 1420 \(learned: ICMPv6 Packet Too Big, frame 4\) +│\n│ +│ down 1500 \(assumed: give --mtu\)/,
    );
    expect((await run(['fixtures/pcaps/mtu/learned-ptb.pcap', '--mtu', '1420'])).stdout).toMatch(
      /link MTU +│ 1420 \(configured\)/,
    );
    expect((await run(['fixtures/pcaps/mtu/learned-outer.pcap', '--format', 'html'])).stdout).toContain(
      'link MTU up 1500 (assumed: give --mtu), down 1344–1351 (learned: first outer fragment, frame 3)',
    );
  });
});

describe('encap', () => {
  const args = ['--b4', '2001:db8:100:1::2', '--aftr', '2001:db8:0:ffff::1'];
  it('writes what scapy expects of a conformant B4, and the checker finds nothing wrong with it', async () => {
    for (const out of [join(tmp, 'enc.pcap'), join(tmp, 'enc.pcapng')]) {
      const r = await run(['encap', 'fixtures/pcaps/encap/input.pcap', '-o', out, ...args]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^encap: 6 frames read, 6 IPv4 .* wrote 2 whole tunnel packets and 4 outer fragment sets \(8 fragments\)/,
      );
      const ours = (await collect(out)).records;
      const scapy = (await collect(fixture('encap/expected-1500.pcap'))).records;
      expect(ours.map((x) => x.data.toString('hex'))).toEqual(scapy.map((x) => x.data.toString('hex')));
      // Timestamps are kept from the input: each input packet's time, once per packet it became.
      const times = (await collect(fixture('encap/input.pcap'))).records.map((x) => x.tsSec * 1e9 + x.tsNsec);
      expect(ours.map((x) => x.tsSec * 1e9 + x.tsNsec)).toEqual([0, 1, 2, 2, 3, 3, 4, 4, 5, 5].map((i) => times[i]));
      // tshark reads the written file as it reads scapy's.
      const fields = (f: string): string =>
        spawnSync('tshark', ['-r', f, '-T', 'fields', '-e', 'frame.len', '-e', 'ipv6.fraghdr.offset', '-e', 'ip.ttl'], {
          encoding: 'utf8',
        }).stdout;
      expect(fields(out).trim().split('\n')).toHaveLength(10);
      expect(fields(out)).toBe(fields(fixture('encap/expected-1500.pcap')));
      const report = await check([out], { mtu: 1500 });
      expect(report.summary.findings.error).toBe(0);
      expect(report.summary.softwireFrames).toBe(10);
    }
  });
  it.each([
    ['normal', (tos: number): number => tos],
    ['compat', (tos: number): number => tos & 0xfc],
  ])('carries DSCP over and ECN as --ecn %s says, and the checker agrees (QOS-001, QOS-003)', async (mode, outer) => {
    const out = join(tmp, `ecn-${mode}.pcap`);
    expect((await run(['encap', 'fixtures/pcaps/qos/lan-marked.pcap', '-o', out, ...args, '--ecn', mode])).code).toBe(
      0,
    );
    const lines = spawnSync('tshark', ['-r', out, '-T', 'fields', '-e', 'ipv6.tclass', '-e', 'ip.dsfield'], {
      encoding: 'utf8',
    })
      .stdout.trim()
      .split('\n');
    expect(lines).toHaveLength(5);
    for (const l of lines) {
      const [tc, tos] = l.split('\t').map((x) => Number(x));
      expect(tc).toBe(outer(tos!));
    }
    const report = await check([out], {});
    expect(report.findings.filter((f) => f.rule.startsWith('QOS'))).toEqual([]);
  });
  it('under rfc2473 writes the ICMPv4 errors it sends instead to --icmp-out', async () => {
    const icmp = join(tmp, 'icmp.pcap');
    const r = await run([
      'encap',
      'fixtures/pcaps/encap/input.pcap',
      '-o',
      join(tmp, 'p2.pcap'),
      ...args,
      '--df-profile',
      'rfc2473',
      '--icmp-out',
      icmp,
      '--linktype',
      'raw',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 ICMPv4 errors instead to /);
    expect((await collect(icmp)).records).toHaveLength(2);
  });
  it.each([
    [['--b4', 'zz', '--aftr', '2001:db8::1'], /--b4 zz: not an IPv6 address/],
    [[...args, '--mtu', '1000'], /--mtu 1000: an IPv6 link MTU/],
    [['--aftr', '2001:db8::1'], /Missing required argument: b4/],
  ])('2 for a usage error %j', async (extra, msg) => {
    const r = await run(['encap', 'fixtures/pcaps/encap/input.pcap', '-o', join(tmp, 'x.pcap'), ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
  });
});

describe('rules and explain', () => {
  it('rules lists every implemented rule, as a table or JSON, and which need a second capture', async () => {
    const r = await run(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; level: string; severity: string; secondCapture: boolean }[];
    expect(rows.map((x) => x.id)).toEqual([...RULES].map((x) => x.meta.id).sort());
    expect(rows.find((x) => x.id === 'NAT-003')).toMatchObject({
      level: 'MUST NOT',
      severity: 'error',
      secondCapture: true,
    });
    expect(rows.find((x) => x.id === 'FRAG-007')).toMatchObject({ secondCapture: false, captureWide: false });
    expect(rows.find((x) => x.id === 'CAP-001')).toMatchObject({ captureWide: true });
    expect((await run(['rules'])).stdout).toMatch(
      new RegExp(
        `${rows.length} rules judged; \\d+ catalogue entries not judged from captures \\(rules --all lists them`,
      ),
    );
  });
  it('explain prints one rule with its references and the catalogue text; an unknown ID is an error', async () => {
    const r = await run(['explain', 'frag-002']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^FRAG-002 — B4 does not fragment the inner IPv4 packet/);
    expect(r.stdout).toContain('RFC 6333 §5.3  https://www.rfc-editor.org/rfc/rfc6333');
    expect(r.stdout).toContain('#### FRAG-002 — ');
    const bad = await run(['explain', 'FOO-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/FOO-1: not in the catalogue/);
  });
  it('rules --all lists every catalogue entry, those not judged with the reason, and explain works for each', async () => {
    const rows = JSON.parse((await run(['rules', '--all', '-f', 'json'])).stdout) as {
      id: string;
      status: string;
      reason?: string;
    }[];
    expect(rows.length).toBe(RULES.length + Object.keys(NOT_JUDGED).length);
    // Every catalogue entry is a rule or has a reason a capture cannot give it: none is left "not built yet".
    expect(rows.filter((x) => x.reason?.startsWith('not built yet'))).toEqual([]);
    expect(rows.find((x) => x.id === 'NAT-019')).toMatchObject({
      status: 'not judged',
      reason: expect.stringMatching(/^capture cannot decide: configuration only/),
    });
    expect(rows.find((x) => x.id === 'ADV-007')).toMatchObject({
      status: 'not judged',
      reason: expect.stringMatching(/^covered by: TUN-005/),
    });
    expect(rows.filter((x) => x.status === 'not judged' && !x.reason)).toEqual([]);
    for (const id of ['B4-002', 'B4-004', 'ADV-007', 'NAT-019']) {
      const e = await run(['explain', id]);
      expect(e.code, id).toBe(0);
      expect(e.stdout).toMatch(new RegExp(`^${id} — .*\\n.*NOT JUDGED from captures\\nwhy: `));
    }
  });
});

describe('one pcapng with both sides', () => {
  it("--tunnel-if and --internet-if without --internet read the tunnel capture's file twice", async () => {
    const r = await run([
      'fixtures/pcaps/nat/nat-shared-both.pcapng',
      '--tunnel-if',
      'tun0',
      '--internet-if',
      'wan0',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { inputs: { file: string; role: string }[]; findings: { rule: string }[] };
    expect(report.inputs.map((i) => i.file)).toEqual([
      'fixtures/pcaps/nat/nat-shared-both.pcapng [tun0]',
      'fixtures/pcaps/nat/nat-shared-both.pcapng [wan0]',
    ]);
    expect(report.findings.map((f) => f.rule)).toEqual(['NAT-003']);
    const bad = await run([
      'fixtures/pcaps/nat/nat-shared-both.pcapng',
      '--tunnel-if',
      'tun0',
      '--internet-if',
      'eth9',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no interface eth9/);
  });
});

describe('diff', () => {
  const snabb = (n: string): string => `fixtures/pcaps/third-party/snabbco-snabb/lwaftr-data/${n}.pcap`;
  const builtDiff = createRequire(import.meta.url)(join(ROOT, 'dist', 'src', 'report', 'diff-validator.cjs')) as (
    d: unknown,
  ) => boolean;
  it('0 and EQUIVALENT for the same traffic, encap output against the device (Snabb e2e-20)', async () => {
    const out = join(tmp, 'e2e-20.pcap');
    expect(
      (
        await run([
          'encap',
          snabb('tcp-frominet-bound1494'),
          '-o',
          out,
          '--direction',
          'down',
          '--b4',
          '127:11:12:13:14:15:16:128',
          '--aftr',
          '8:9:a:b:c:d:e:f',
          '--mtu',
          '1280',
          '--hop-limit',
          '255',
        ])
      ).code,
    ).toBe(0);
    const r = await run(['diff', out, snabb('tcp-afteraftr-ipv6-2frags')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('EQUIVALENT: the one datagram matches');
  });
  it('1 with the differences named; JSON validates with ajv and the build validator', async () => {
    const r = await run([
      'diff',
      snabb('tcp-afteraftr-ipv6-2frags'),
      snabb('udp-afteraftr-ipv6-2frags'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { summary: { verdict: string; missing: number; unexpected: number } };
    expect(report.summary).toMatchObject({ verdict: 'different', missing: 1, unexpected: 1 });
    expect(reportValidator('diff')(report)).toBe(true);
    expect(builtDiff(report)).toBe(true);
    for (const bad of [
      { ...report, extra: 1 },
      { ...report, summary: { ...report.summary, verdict: 'maybe' } },
    ]) {
      expect(reportValidator('diff')(bad)).toBe(false);
      expect(builtDiff(bad)).toBe(false);
    }
    const table = await run(['diff', snabb('tcp-afteraftr-ipv6-2frags'), snabb('udp-afteraftr-ipv6-2frags')]);
    expect(table.stdout).toMatch(/^DIFFERENT: 0 changed, 1 missing, 1 unexpected/);
  });
  it('the interop workflow on scapy-made B4 captures: encap of the LAN side, diff against the tunnel side', async () => {
    const b4 = ['--b4', '2001:db8:100:1::2', '--aftr', '2001:db8:0:ffff::1'];
    const ok = join(tmp, 'b4-ok-expected.pcap');
    expect((await run(['encap', 'fixtures/pcaps/twopoint/b4-ok-lan.pcap', '-o', ok, ...b4])).stdout).toMatch(
      /9 IPv4 \(0 other frames skipped, 2 going the other way/,
    );
    const good = await run(['diff', ok, 'fixtures/pcaps/twopoint/b4-ok-tunnel.pcap', '--format', 'json']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).summary).toMatchObject({
      verdict: 'equivalent',
      matched: 6,
      identical: 6,
      outOfScope: 2,
    });
    // The violating B4: inner fragmentation, two silent drops, DF cleared — and nothing else.
    const exp = join(tmp, 'b4-bad-expected.pcap');
    await run(['encap', 'fixtures/pcaps/twopoint/b4-bad-lan.pcapng', '-o', exp, ...b4]);
    const bad = await run(['diff', exp, 'fixtures/pcaps/twopoint/b4-bad-tunnel.pcapng', '--format', 'json']);
    expect(bad.code).toBe(1);
    const r = JSON.parse(bad.stdout) as {
      summary: Record<string, unknown>;
      differences: { kind: string; datagram: string; fields: { field: string; text: string }[] }[];
    };
    expect(r.summary).toMatchObject({
      verdict: 'different',
      matched: 6,
      identical: 4,
      changed: 2,
      missing: 2,
      unexpected: 0,
      outOfScope: 2,
    });
    expect(
      r.differences.map((d) => [d.kind, /ID (\d+)/.exec(d.datagram)![1], d.fields.map((f) => f.text).join('; ')]),
    ).toEqual([
      [
        'changed',
        '1025',
        'inner IPv4 fragmented into 2 pieces, expected 1 outer-fragmented packet (2 outer fragments)',
      ],
      ['missing', '1026', ''],
      ['missing', '1027', ''],
      ['changed', '1028', 'inner DF 0, expected 1'],
    ]);
  });
  it.each([
    [['diff', demo, join(tmp, 'nope.pcap')], /nope\.pcap.*ENOENT/],
    [['diff', demo, 'README.md'], /README\.md: not a capture file/],
    [['diff', demo, demo, '--ignore', 'colour'], /Invalid values:/],
    [['diff', demo, demo, '--window', '0'], /--window must be a positive integer/],
  ])('2 for an error %j', async (args, msg) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('outputs', () => {
  it('--format json validates and --output writes the file, not stdout', async () => {
    const out = join(tmp, 'r.json');
    const r = await run([demo, '--format', 'json', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(reportValidator()(doc)).toBe(true);
    expect(doc.summary).toMatchObject({ frames: 28, softwireFrames: 25, softwires: 2, b4s: 2, verdict: 'pass' });
  });
  it('reads standard input, plain and gzip-compressed', async () => {
    const file = (await run([demo, '-f', 'json'])).stdout;
    const piped = (await run(['-', '-f', 'json'], readFileSync(join(ROOT, demo)))).stdout;
    expect(piped.replace('"file": "-"', `"file": "${demo}"`).replace(/"bytes": \d+/, '')).toBe(
      file.replace(/"bytes": \d+/, ''),
    );
    const gz = await run(['-', '-f', 'json'], readFileSync(fixture('linktypes/ethernet.pcap.gz')));
    expect(JSON.parse(gz.stdout).inputs[0]).toMatchObject({ file: '-', gzip: true, frames: 13 });
  });
  it('a cut file still yields a report, with a warning and exit 0', async () => {
    const bytes = readFileSync(join(ROOT, demo));
    const cut = join(tmp, 'cut.pcapng');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    const r = await run([cut, '-f', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.inputs[0].incomplete).toBe(true);
    expect(doc.summary.warnings[0]).toMatch(/file ends inside a block/);
    expect(doc.anomalies.map((a: { id: string }) => a.id)).toContain('capture.truncated_file');
    expect((await run([cut])).stdout).toMatch(/warning: .*file ends inside a block/);
  });
  it('several inputs in one report, frames numbered per input', async () => {
    const r = JSON.parse((await run([demo, malformed, '-f', 'json', '--fail-on', 'never'])).stdout);
    expect(r.inputs.map((i: { frames: number }) => i.frames)).toEqual([28, 12]);
    const errors = r.findings.filter((f: { severity: string }) => f.severity === 'error');
    expect(new Set(errors.map((f: { input: number }) => f.input))).toEqual(new Set([1]));
    // The demo's informational findings name their own input.
    expect(
      r.findings
        .filter((f: { input: number; rule: string }) => f.input === 0)
        .map((f: { rule: string }) => f.rule)
        .sort(),
    ).toEqual(['ADV-003', 'ADV-004', 'ADV-011', 'FRAG-013', 'MTU-002', 'TUN-005']);
  });
  it('is deterministic: same input, same bytes', async () => {
    for (const fmt of ['json', 'table']) {
      const a = (await run([demo, malformed, '-f', fmt])).stdout;
      const b = (await run([demo, malformed, '-f', fmt])).stdout;
      expect(a).toBe(b);
    }
  });
});

/** The validator the build compiles from the schema for the CLI (scripts/compile-validator.mjs). */
const built = createRequire(import.meta.url)(join(ROOT, 'dist', 'src', 'report', 'report-validator.cjs')) as (
  d: unknown,
) => boolean;

describe('the build-time validator', () => {
  it('rejects what ajv rejects', async () => {
    const r = JSON.parse(JSON.stringify(await check([join(ROOT, demo)]))) as Record<string, unknown> & {
      summary: Record<string, unknown>;
      findings: Record<string, unknown>[];
    };
    const bad = [
      { ...r, extra: 1 },
      { ...r, summary: { ...r.summary, verdict: 'maybe' } },
      { ...r, correlation: undefined },
      { ...r, findings: [{ ...r.findings[0], rule: 'FRAG-1' }] },
    ];
    for (const b of bad) {
      expect(reportValidator()(b)).toBe(false);
      expect(built(b)).toBe(false);
    }
  });
});

describe('every fixture', () => {
  it.each(captureFixtures())('%s: report validates against the schema and renders', async (f) => {
    const r = await check([join(ROOT, f)]);
    const v = reportValidator();
    expect(v(r), JSON.stringify(v.errors)).toBe(true);
    expect(built(r)).toBe(true);
    expect(renderTable(r)).toMatch(/(PASS|FAIL): /);
    expect(r.summary.frames).toBe(r.inputs[0]!.frames);
    expect(r.summary.softwireFrames + r.summary.otherFrames).toBe(r.summary.frames);
  });
});
