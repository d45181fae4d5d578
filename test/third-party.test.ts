import { describe, expect, it } from 'vitest';
import { check } from '../src/check.js';
import { captureFixtures, ROOT } from './helpers/fixtures.js';

/**
 * Every error and warning the checker raises on the third-party captures (fixtures/pcaps/third-party,
 * byte-identical copies of ../shared/captures), each with what in the capture makes it true. Any
 * other error or warning on them fails here: a new one is either a false finding or belongs in this
 * list with its reason. CAP-001 (no DS-Lite traffic) is expected wherever a capture holds only the
 * IPv4 side of an lwAFTR test, an ICMPv6 error, nothing at all or IPv4 in IPv6 that is not DS-Lite.
 */
const EXPECTED: Readonly<Record<string, { findings: readonly string[]; why: string }>> = {
  'snabbco-snabb/lwaftr-data/tcp-fromb4-ipv6-bound-port-unbound.pcap': {
    findings: ['TUN-006 error confirmed'],
    why: 'the inner IPv4 header checksum is 0xb508 and does not verify (tshark agrees: ip.checksum.status bad)',
  },
  'snabbco-snabb/lwaftr-data/tcp-fromb4-tob4-ipv6-ttl-1.pcap': {
    findings: ['ICMP-005 warning likely'],
    why: 'an inner TTL 1 packet up the softwire and no ICMPv4 Time Exceeded down it (the capture is the input alone)',
  },
  'igalia-snabb/snabbvmx/v4v6-256.pcap': {
    findings: ['ATK-002 warning likely'],
    why: '126 of its 128 B4 addresses send one packet each and are never heard again: a benchmark sweep, which is what a softwire flood looks like',
  },
  'snabbco-snabb/lwaftr-benchdata/ipv4_and_ipv6_stick_imix.pcap': {
    findings: ['QOS-003 error confirmed'],
    why: 'outer ECT(1) over Not-ECT inner packets, 9 of 9 up',
  },
  'snabbco-snabb/lwaftr-benchdata/ipv6-0094.pcap': {
    findings: ['QOS-003 error confirmed', 'TUN-006 error confirmed'],
    why: 'outer ECT(1) over a Not-ECT inner packet; inner checksum 0x0000 (tshark: ip.checksum.status bad)',
  },
  'snabbco-snabb/lwaftr-benchdata/ipv6-1500.pcap': {
    findings: ['QOS-003 error confirmed', 'TUN-006 error confirmed'],
    why: 'the same benchmark packet at 1500 bytes',
  },
  'snabbco-snabb/packetblaster-lwaftr/test_lwaftr_1.pcap': {
    findings: ['QOS-003 error confirmed'],
    why: 'outer Traffic Class 0x01 (ECT(1)) over a Not-ECT inner packet',
  },
  'snabbco-snabb/packetblaster-lwaftr/test_lwaftr_2.pcap': {
    findings: ['QOS-003 error confirmed', 'QOS-003 error confirmed'],
    why: 'outer ECT(1) over Not-ECT inner packets, in both softwires',
  },
  'suricata-verify/bug-4571-06/ipv4_over_ipv6.pcap': {
    findings: ['QOS-001 error confirmed'],
    why: 'inner DSCP 32, outer Traffic Class 0',
  },
  'suricata-verify/bug-7964-01/wrong-version-ipv4-ipv6.pcap': {
    findings: ['TUN-001 error confirmed'],
    why: 'next header 4 and an inner version nibble of 5 (the capture exists to raise that)',
  },
  'zeek/tunnels/mpls-6in6-6in6-4in6-invalid-version-4.pcap': {
    findings: ['TUN-001 error confirmed'],
    why: 'behind MPLS and IPv6 in IPv6, next header 4 and an inner version nibble of 12 (Zeek: invalid_inner_IP_version)',
  },
  'suricata-verify/flow-pkt-recursion/middleware-pkt-flows.pcap': {
    findings: ['CAP-001 warning confirmed'],
    why: 'fd01::101:101 and fd02::202:202 carry 1.1.1.1 and 2.2.2.2: per-address 4in6, not DS-Lite',
  },
  'suricata-verify/flow-pkt-recursion/tunnel-pkt-flows.pcap': {
    findings: ['CAP-001 warning confirmed'],
    why: 'the same per-address 4in6 reply beside plain IPv4',
  },
  'zeek/tunnels/4in6.pcap': {
    findings: ['CAP-001 warning confirmed'],
    why: '2002:4637:d5d3::4637:d5d3 carries its own 70.55.213.211 (a 6to4 host): per-address 4in6, not DS-Lite',
  },
};

/** lwAFTR test inputs and expectations that hold no IPv4-in-IPv6 softwire packet. */
const noSoftwire = (file: string, softwires: number): boolean => softwires === 0 && file.startsWith('snabbco-snabb/');

const files = captureFixtures().filter((f) => f.startsWith('fixtures/pcaps/third-party/'));

describe('third-party captures: every error and warning, listed and explained', () => {
  it('covers the third-party set', () => expect(files.length).toBeGreaterThan(100));
  it.concurrent.each(files)('%s', async (file) => {
    const name = file.slice('fixtures/pcaps/third-party/'.length);
    const r = await check([`${ROOT}/${file}`], {});
    const serious = r.findings
      .filter((f) => f.severity !== 'info')
      .map((f) => `${f.rule} ${f.severity} ${f.confidence}`);
    const expected =
      EXPECTED[name]?.findings ?? (noSoftwire(name, r.summary.softwires) ? ['CAP-001 warning confirmed'] : []);
    expect(serious, name).toEqual(expected);
  });
});
