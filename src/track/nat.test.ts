import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../../test/helpers/capture.js';
import { fixture } from '../../test/helpers/fixtures.js';
import { check } from '../check.js';
import { createCaptureWriter } from '../capture/write.js';
import { reportValidator } from '../report/json.js';

const tmp = mkdtempSync(join(tmpdir(), 'dslite-nat-'));
const tunnel = (name: string): string => fixture(`nat/${name}-tunnel.pcap`);
const internet = (name: string): string => fixture(`nat/${name}-internet.pcap`);
const run = (name: string, path = internet(name), more: Record<string, unknown> = {}) =>
  check([tunnel(name)], { internet: { path, ...more } });

/** The translations on the Internet side as tshark reads them: (external address, protocol, external port or echo id) of every outbound datagram. */
function tsharkExternals(path: string): string[] {
  const out = execFileSync(
    'tshark',
    [
      '-r',
      path,
      '-T',
      'fields',
      '-E',
      'separator=,',
      '-e',
      'ip.src',
      '-e',
      'ip.proto',
      '-e',
      'udp.srcport',
      '-e',
      'tcp.srcport',
      '-e',
      'icmp.ident',
      '-e',
      'icmp.type',
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const set = new Set<string>();
  for (const line of out.trim().split('\n')) {
    const [src, proto, udp, tcp, ident, type] = line.split(',');
    if (!src?.startsWith('203.0.113.')) continue;
    // tshark prints the echo identifier both ways round (big- and little-endian): the first is the wire value.
    const port =
      proto === '17' ? udp : proto === '6' ? tcp : type === '8' ? String(Number(ident!.split(',')[0])) : undefined;
    if (port) set.add(`${src} ${proto} ${port}`);
  }
  return [...set].sort();
}

describe('NAT bindings from two-point captures', () => {
  it("nat-ok: three B4s with the same private endpoints get nine bindings, each reply in the owner's softwire, no finding", async () => {
    const r = await run('nat-ok');
    expect(reportValidator()(r)).toBe(true);
    expect(r.findings).toEqual([]);
    const nat = r.nat!;
    expect(nat.totals).toEqual({ bindings: 9, listed: 9, evicted: 0, unowned: 0, unkeyed: 0 });
    expect(nat.pool).toEqual({ prefixes: ['203.0.113.1/32', '203.0.113.2/32'], inferred: true });
    expect(nat.perB4).toEqual([
      { b4: '2001:db8:1::2', bindings: 3, externalAddresses: ['203.0.113.1'], externalPorts: 3 },
      { b4: '2001:db8:2::2', bindings: 3, externalAddresses: ['203.0.113.1'], externalPorts: 3 },
      { b4: '2001:db8:3::2', bindings: 3, externalAddresses: ['203.0.113.2'], externalPorts: 3 },
    ]);
    for (const b of nat.bindings) {
      expect(b.internal).toBe('192.168.1.10');
      expect(b.internalPort).toBe(b.protocol === 'udp' ? 40000 : b.protocol === 'tcp' ? 50000 : 0x1234);
      expect(b.replies).toEqual([{ b4: b.b4, packets: 2 }]);
    }
    // The external endpoints are exactly the translations tshark sees leaving the AFTR.
    const ours = nat.bindings
      .map((b) => `${b.external} ${{ udp: 17, tcp: 6, icmp: 1 }[b.protocol as 'udp']} ${b.externalPort}`)
      .sort();
    expect(ours).toEqual(tsharkExternals(internet('nat-ok')));
  });

  it('--nat-pool is reported as given', async () => {
    const r = await check([tunnel('nat-ok')], {
      internet: { path: internet('nat-ok') },
      natPools: ['203.0.113.0/24'],
      portQuota: 2000,
    });
    expect(r.nat!.pool).toEqual({ prefixes: ['203.0.113.0/24'], inferred: false });
    expect(r.nat!.portQuota).toBe(2000);
  });

  it.each([
    ['nat-ok', []],
    ['nat-shared', ['NAT-003']],
    ['nat-wrong-b4', ['NAT-002', 'NAT-002']],
    ['nat-pooling', ['NAT-004']],
    ['nat-eim', ['NAT-001']],
    ['nat-reuse', ['NAT-008']],
    ['nat-leak', ['ADDR-001']],
    ['nat-public', ['SEC-001']],
    ['nat-ttl', ['TTL-002']],
    ['nat-dst-kept', ['ADDR-004', 'ADDR-004']],
    ['nat-id-clash', ['NAT-014', 'NAT-014']],
    ['nat-icmp-ok', []],
    ['nat-icmp-bad', ['ICMP-003']],
    ['nat-expired', ['NAT-006']],
    ['nat-ports', ['NAT-005', 'NAT-005']],
    ['nat-echo-lost', ['ICMP-006']],
    ['nat-eif', ['NAT-010']],
    ['nat-adf', ['NAT-010']],
    // The AFTR's Time Exceeded quotes 28 bytes where 576 would fit: ICMP-007 info.
    ['nat-ttl1-ok', ['ICMP-007']],
    ['nat-ttl1-src', ['ADDR-002']],
    ['nat-ttl1-silent', ['ICMP-005']],
    ['nat-rst-lost', ['NAT-013']],
    ['nat-df-frag', ['NAT-015']],
    // The unsolicited SYN is also an inbound service request (ADV-012, info).
    ['nat-syn-answered', ['ADV-012', 'NAT-012']],
    ['nat-icmp-kills', ['ICMP-004']],
    ['nat-hairpin-ok', []],
    ['nat-hairpin-bad', ['NAT-011']],
    ['nat-hairpin-lost', ['NAT-011']],
    ['nat-mixed', ['NAT-001', 'NAT-016']],
    ['nat-inbound-refresh', ['NAT-007']],
    ['nat-b4-icmp', ['ADDR-003', 'ADDR-003', 'ICMP-007']],
    // Without --port-quota (NAT-009 is tested with one).
    ['nat-quota', ['ICMP-007']],
    // A mapping released when its connection was reset: a warning under NAT-001, not endpoint-dependent mapping.
    ['nat-rst-reuse', ['NAT-001']],
  ] as const)('%s: the whole catalogue finds %j and nothing else', async (name, rules) => {
    const r = await run(name);
    expect(r.findings.map((f) => f.rule).sort()).toEqual([...rules].sort());
    const c = r.correlation[0]!;
    // The dropping cases leave exactly their datagrams without a counterpart: an Internet datagram
    // the AFTR dropped; a TTL-1 datagram it discarded and the Time Exceeded it sent instead.
    const unpaired: Record<string, { tunnel: number; other: number }> = {
      'nat-echo-lost': { tunnel: 0, other: 1 },
      'nat-adf': { tunnel: 0, other: 1 },
      'nat-ttl1-ok': { tunnel: 2, other: 0 },
      'nat-ttl1-src': { tunnel: 2, other: 0 },
      'nat-ttl1-silent': { tunnel: 1, other: 0 },
      'nat-rst-lost': { tunnel: 1, other: 0 },
      'nat-syn-answered': { tunnel: 0, other: 2 },
      // Hairpinned traffic never crosses the Internet side.
      'nat-hairpin-ok': { tunnel: 2, other: 0 },
      'nat-hairpin-bad': { tunnel: 2, other: 0 },
      'nat-hairpin-lost': { tunnel: 1, other: 0 },
      'nat-b4-icmp': { tunnel: 3, other: 0 },
      'nat-quota': { tunnel: 3, other: 0 },
    };
    expect(c.unpaired).toEqual(unpaired[name] ?? { tunnel: 0, other: 0 });
    expect(c.ambiguous).toBe(0);
  });
});

describe('one pcapng holding both capture points', () => {
  const both = fixture('nat/nat-shared-both.pcapng');
  it("--tunnel-if / --internet-if by name or number: the same finding, cited by the file's own frame numbers (as tshark numbers them)", async () => {
    for (const [t, i] of [
      [['tun0'], ['wan0']],
      [['0'], ['1']],
    ] as const) {
      const r = await check([both], { tunnelInterfaces: t, internet: { path: both, interfaces: i } });
      expect(reportValidator()(r)).toBe(true);
      expect(r.inputs.map((x) => [x.role, x.frames])).toEqual([
        ['tunnel', 42],
        ['internet', 42],
      ]);
      expect(r.findings.map((f) => f.rule)).toEqual(['NAT-003']);
      const f = r.findings[0]!;
      const names = execFileSync('tshark', ['-r', both, '-T', 'fields', '-e', 'frame.interface_name'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .trim()
        .split('\n');
      for (const n of f.frames) expect(names[n - 1]).toBe('tun0');
      for (const n of f.related![0]!.frames) expect(names[n - 1]).toBe('wan0');
    }
  });
  it('an interface the file does not have is a clear error', async () => {
    await expect(
      check([both], { tunnelInterfaces: ['tun0'], internet: { path: both, interfaces: ['eth9'] } }),
    ).rejects.toThrow(/no interface eth9 \(it has 0: tun0, 1: wan0\)/);
  });
});

describe('the NAT reconstruction survives', () => {
  async function rewrite(
    name: string,
    edit: (
      frames: { tsSec: number; tsNsec: number; data: Buffer }[],
    ) => { tsSec: number; tsNsec: number; data: Buffer }[],
  ): Promise<string> {
    const c = await collect(internet(name));
    const path = join(tmp, `${name}-${Math.random().toString(36).slice(2)}.pcap`);
    const w = createCaptureWriter(path, 'pcap', 1);
    for (const f of edit(c.records.map((r) => ({ tsSec: r.tsSec, tsNsec: r.tsNsec, data: r.data }))))
      w.write(f.tsSec, f.tsNsec, f.data);
    w.close();
    return path;
  }
  const shift = (s: number) => (fs: { tsSec: number; tsNsec: number; data: Buffer }[]) =>
    fs.map((f) => {
      const ns = f.tsNsec + Math.round((s % 1) * 1e9);
      return { ...f, tsSec: f.tsSec + Math.trunc(s) + Math.floor(ns / 1e9), tsNsec: ((ns % 1e9) + 1e9) % 1e9 };
    });

  it('a clock offset of several seconds: estimated, reported, and with --internet-offset the same bindings and findings', async () => {
    const skewed = await rewrite('nat-shared', shift(4));
    const blind = await run('nat-shared', skewed);
    expect(blind.nat!.totals.bindings).toBe(0);
    // Nothing pairs 4 s apart, but the SYNs are matched over any distance: the offset to pass is estimated.
    expect(blind.summary.warnings.join('\n')).toMatch(/no datagram matched the tunnel capture/);
    expect(blind.correlation[0]!.synDelta).toEqual({ seconds: 4.0001, samples: 6 });
    expect(blind.summary.warnings.join('\n')).toMatch(/pass --internet-offset -4\.000/);
    const r = await run('nat-shared', skewed, { offset: -4 });
    expect(r.findings.map((f) => f.rule)).toEqual(['NAT-003']);
    expect(r.nat!.totals.bindings).toBe(9);
    // The median SYN delay names the residual offset (100 µs here).
    expect(Math.abs(r.correlation[0]!.synDelta!.seconds)).toBeLessThan(0.001);
    const near = await run('nat-shared', await rewrite('nat-shared', shift(0.15)));
    expect(near.summary.warnings.join('\n')).toMatch(/pass --internet-offset -0\.150/);
  });

  it('a few lost packets: no finding appears or goes, the losses are counted as unpaired', async () => {
    const lossy = await rewrite('nat-shared', (fs) => fs.filter((_f, i) => i !== 8 && i !== 30));
    const r = await run('nat-shared', lossy);
    expect(r.findings.map((f) => f.rule)).toEqual(['NAT-003']);
    // Unpaired, or outside the other capture's span where it fell silent for longer than the window (catalogue §10.4).
    const c = r.correlation[0]!;
    expect(c.unpaired.tunnel + c.outOfSpan.tunnel).toBe(2);
    expect(r.nat!.totals.bindings).toBe(9);
    const ok = await run('nat-ok', await rewrite('nat-ok', (fs) => fs.filter((_f, i) => i !== 5 && i !== 17)));
    expect(ok.findings).toEqual([]);
  });

  it('reordering between the two captures (the Internet side a few ms late and shuffled within that)', async () => {
    const shuffled = await rewrite('nat-wrong-b4', (fs) => {
      const out = fs.map((f, i) => ({ ...f, tsNsec: f.tsNsec + ((i * 7919) % 5) * 1_000_000 + 20_000_000 }));
      for (const f of out)
        if (f.tsNsec >= 1e9) {
          f.tsSec += 1;
          f.tsNsec -= 1e9;
        }
      return out.sort((a, b) => a.tsSec - b.tsSec || a.tsNsec - b.tsNsec);
    });
    const r = await run('nat-wrong-b4', shuffled);
    expect(r.findings.map((f) => f.rule)).toEqual(['NAT-002', 'NAT-002']);
    expect(r.nat!.totals.bindings).toBe(9);
  });
});

describe('datagrams without a counterpart, counted by reason', () => {
  it.each([
    [
      'twopoint/aftr-bad-tunnel.pcapng',
      'internet',
      'twopoint/aftr-bad-internet.pcapng',
      { tunnelUp: 0, tunnelDown: 0, otherUp: 0, otherDown: 4, otherUnknown: 1 },
    ],
    [
      'twopoint/b4-bad-tunnel.pcapng',
      'lan',
      'twopoint/b4-bad-lan.pcapng',
      { tunnelUp: 0, tunnelDown: 0, otherUp: 2, otherDown: 1, otherUnknown: 0 },
    ],
    [
      'nat/nat-ok-tunnel.pcap',
      'internet',
      'nat/nat-ok-internet.pcap',
      { tunnelUp: 0, tunnelDown: 0, otherUp: 0, otherDown: 0, otherUnknown: 0 },
    ],
  ] as const)('%s with its %s side', async (t, side, other, want) => {
    const r = await check([fixture(t)], { [side]: { path: fixture(other) } });
    const c = r.correlation[0]!;
    expect(c.unpairedBy).toEqual(want);
    // Every unpaired datagram inside the span has exactly one reason.
    expect(Object.values(c.unpairedBy).reduce((a, b) => a + b, 0)).toBe(c.unpaired.tunnel + c.unpaired.other);
  });
});
