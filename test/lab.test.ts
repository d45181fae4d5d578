import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { fixture } from './helpers/fixtures.js';

/**
 * The lab of real implementations (test/lab/make-lab.sh): the Linux kernel's ip6_tunnel as B4
 * and AFTR and its iptables NAT44, in user-mode Linux. What each scenario's packets show the
 * implementation did is written in test/lab/README.md; the checker, given all three capture
 * points and the link MTU, must find exactly that: every violation, nothing else at any level.
 */
const SCENARIOS: readonly { name: string; mtu: number; findings: Record<string, number> }[] = [
  {
    name: 'mtu1500_tel',
    mtu: 1500,
    findings: {
      'FRAG-002 error confirmed': 1,
      'FRAG-003 error confirmed': 1,
      'FRAG-006 error confirmed': 1,
      'TUN-005 info confirmed': 2,
      'TUN-007 info confirmed': 2,
      'ADV-004 info confirmed': 1,
      'ADV-008 info confirmed': 1,
    },
  },
  {
    name: 'mtu1500_notel',
    mtu: 1500,
    findings: {
      'FRAG-002 error confirmed': 1,
      'FRAG-003 error confirmed': 1,
      'FRAG-006 error confirmed': 1,
      'TUN-007 info confirmed': 2,
      'ADV-004 info confirmed': 1,
      'ADV-008 info confirmed': 1,
    },
  },
  {
    name: 'mtu1400',
    mtu: 1400,
    findings: {
      'FRAG-002 error confirmed': 2,
      'FRAG-003 error confirmed': 2,
      'FRAG-006 error confirmed': 1,
      'MTU-001 warning confirmed': 2,
      'TUN-007 info confirmed': 2,
      'ADV-004 info confirmed': 1,
      'ADV-008 info confirmed': 1,
    },
  },
  {
    // The first inner fragment never entered the tunnel: FRAG-002 and FRAG-003 from the trailing piece.
    name: 'mtu1280',
    mtu: 1280,
    findings: {
      'FRAG-002 error confirmed': 1,
      'FRAG-003 error confirmed': 1,
      'FRAG-006 error confirmed': 2,
      'MTU-001 warning confirmed': 2,
      'TUN-007 info confirmed': 2,
      'ADV-008 info confirmed': 1,
    },
  },
  {
    name: 'tunnel_over_link',
    mtu: 1400,
    findings: {
      'FRAG-006 error confirmed': 2,
      'MTU-001 warning confirmed': 2,
      'TUN-007 info confirmed': 2,
      'ADV-008 info confirmed': 1,
    },
  },
  {
    name: 'two_b4s',
    mtu: 1500,
    findings: {
      'NAT-008 warning likely': 2,
      'FRAG-006 error confirmed': 10,
      'TUN-007 info confirmed': 2,
      'ADV-004 info confirmed': 2,
    },
  },
  {
    name: 'icmp',
    mtu: 1500,
    findings: {
      'QOS-001 error confirmed': 1,
      'QOS-002 error confirmed': 1,
      'FRAG-006 error confirmed': 1,
      'TUN-007 info confirmed': 2,
    },
  },
];

const lab = (name: string, side: string): string => fixture(`lab/${name}-${side}.pcap`);

describe('the Linux lab (ip6_tunnel B4 and AFTR, iptables NAT44)', () => {
  it('has the captures of every scenario', () => {
    for (const s of SCENARIOS)
      for (const side of ['tunnel', 'internet', 'lan'])
        expect(existsSync(lab(s.name, side)), `${s.name}-${side}`).toBe(true);
  });
  it.each(SCENARIOS)('$name: the checker finds what the packets show', async ({ name, mtu, findings }) => {
    const r = await check([lab(name, 'tunnel')], {
      internet: { path: lab(name, 'internet') },
      lan: { path: lab(name, 'lan') },
      mtu,
    });
    const got: Record<string, number> = {};
    for (const f of r.findings)
      got[`${f.rule} ${f.severity} ${f.confidence}`] = (got[`${f.rule} ${f.severity} ${f.confidence}`] ?? 0) + 1;
    expect(got).toEqual(findings);
    // Every datagram of each side found its counterpart in the tunnel, or its absence is explained by a finding.
    expect(r.correlation.every((c) => c.pairs.up + c.pairs.down > 0)).toBe(true);
  });
  it('mtu1280: the first piece lost, said as such, and the Fragmentation Needed finding names it', async () => {
    const r = await check([lab('mtu1280', 'tunnel')], {
      internet: { path: lab('mtu1280', 'internet') },
      lan: { path: lab('mtu1280', 'lan') },
      mtu: 1280,
    });
    const frag002 = r.findings.find((f) => f.rule === 'FRAG-002')!;
    expect(frag002.message).toMatch(
      /^inner IPv4 datagram \(1400 bytes, ID 0x[0-9a-f]{4}\) arrived whole on the B4's LAN side \(frames \d+\), and only its fragments at data offsets 1256 entered the softwire \(frames \d+\): the B4 fragmented the inner packet and the first 1256 bytes never entered.*; it also answered the source with ICMPv4 Fragmentation Needed \(frame \d+ on the B4's LAN side; FRAG-006 judges that\)$/,
    );
    const frag006 = r.findings.filter((f) => f.rule === 'FRAG-006');
    expect(frag006.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /and yet fragments of it entered the softwire cut for the tunnel \(frames \d+ in the tunnel; FRAG-003 judges them\)/,
      ),
      expect.stringMatching(/FRAG-002 judges them/),
    ]);
  });
});

describe('a partial second capture: absence is evidence only against like', () => {
  const serious = (r: Awaited<ReturnType<typeof check>>): string[] =>
    r.findings
      .filter((f) => f.severity !== 'info')
      .map((f) => `${f.rule} ${f.severity}`)
      .sort();
  it('a correct AFTR whose Internet side lost two frames (one of them a translated outer set) draws no error or warning', async () => {
    const tp = (n: string): string => fixture(`twopoint/${n}.pcap`);
    expect(serious(await check([tp('aftr-ok-tunnel')], { internet: { path: tp('aftr-ok-internet') } }))).toEqual([]);
    expect(
      serious(await check([tp('aftr-ok-tunnel')], { internet: { path: tp('aftr-ok-internet-partial') } })),
    ).toEqual([]);
  });
  it('two_b4s with a third of its Internet side lost: nothing the whole capture does not show; the reply whose owner the gap hides is not judged', async () => {
    const whole = await check([lab('two_b4s', 'tunnel')], { internet: { path: lab('two_b4s', 'internet') } });
    const partial = await check([lab('two_b4s', 'tunnel')], {
      internet: { path: fixture('lab/two_b4s-internet-partial.pcap') },
    });
    const all = serious(whole);
    for (const f of serious(partial)) expect(all, f).toContain(f);
    expect(partial.findings.filter((f) => f.rule === 'NAT-002').map((f) => `${f.severity} ${f.messageId}`)).toEqual([
      'info uncovered',
    ]);
  });
  it('two_b4s with a quarter of its tunnel side lost: nothing the whole capture does not show', async () => {
    const sides = { internet: { path: lab('two_b4s', 'internet') }, lan: { path: lab('two_b4s', 'lan') }, mtu: 1500 };
    const all = serious(await check([lab('two_b4s', 'tunnel')], sides));
    const partial = serious(await check([fixture('lab/two_b4s-tunnel-partial.pcap')], sides));
    expect(partial.length).toBeGreaterThan(0);
    for (const f of partial) expect(all, f).toContain(f);
  });
});
