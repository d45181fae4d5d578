import { describe, expect, it } from 'vitest';
import { check } from '../check.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { fixture, sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-001.js';

const mtu = { mtu: 1500 };
ruleTester(rule, {
  valid: [
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet', 'pcap', mtu) },
    { file: 'twopoint/b4-ok-tunnel.pcap', options: sideOf('b4-ok', 'lan', 'pcap', mtu) },
    // Without a second capture the rule has nothing to weigh.
    { file: 'fragmentation/outer-inorder.pcap' },
    { file: 'twopoint/aftr-bad-tunnel.pcapng' },
    // The LAN side recorded with receive offload: a 2880-byte TCP "segment" that never was on the wire.
    { file: 'mtu/b4-gro-tunnel.pcap', options: { lan: { path: fixture('mtu/b4-gro-lan.pcap') }, ...mtu } },
  ],
  invalid: [
    {
      // The tunnel capture lost a small datagram of the same flow near then: absence proves nothing, so it is said and not judged.
      file: 'twopoint/aftr-bad-tunnel-partial.pcap',
      options: { internet: { path: fixture('twopoint/aftr-bad-internet.pcapng') }, ...mtu },
      errors: [
        {
          messageId: 'uncovered',
          input: 1,
          frames: [8],
          confidence: 'possible',
          severity: 'info',
          message:
            /ID 0x3102, DF=0 arrived on the AFTR's Internet side \(frames 8\), too big .* neither are smaller datagrams of the same flow near then \(frames 11 on the AFTR's Internet side\), so the tunnel capture did not cover that flow/,
        },
      ],
    },
    {
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcapng', mtu),
      errors: [
        {
          messageId: 'silentDrop',
          input: 1,
          frames: [8],
          confidence: 'confirmed',
          message:
            /1480 bytes, ID 0x3102, DF=0 arrived on the AFTR's Internet side .* 1520 bytes, over the 1500-byte down link MTU, so the AFTR had to fragment .*RFC 6333 §6\.3.*silent drop$/,
        },
      ],
    },
    {
      // The same Internet side as pcap: no drop counters, so the absence is only `possible` (catalogue §10.2).
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcap', mtu),
      errors: [
        {
          messageId: 'silentDrop',
          input: 1,
          frames: [8],
          confidence: 'possible',
          severity: 'warning',
          message: /neither capture reports zero drops/,
        },
      ],
    },
    {
      // No --mtu: the largest down tunnel packet seen is 1276 bytes, so the IPv6 minimum (1280) is the bound, so only `likely`.
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcapng'),
      errors: [
        {
          messageId: 'silentDrop',
          input: 1,
          frames: [8],
          confidence: 'likely',
          message: /over the 1280-byte down link MTU \(the largest tunnel packet seen that way; give --mtu/,
        },
      ],
    },
    {
      file: 'twopoint/b4-bad-tunnel.pcapng',
      options: sideOf('b4-bad', 'lan', 'pcapng', mtu),
      errors: [
        {
          messageId: 'silentDrop',
          input: 1,
          frames: [8],
          confidence: 'confirmed',
          message:
            /ID 0x0402, DF=0 arrived on the B4's LAN side .* over the 1500-byte up link MTU, so the B4 had to fragment .*RFC 6333 §5\.3/,
        },
      ],
    },
  ],
});

describe('segmentation offload on a side capture', () => {
  it('is an anomaly of the capture, not an oversized datagram the B4 dropped', async () => {
    const r = await check([fixture('mtu/b4-gro-tunnel.pcap')], {
      lan: { path: fixture('mtu/b4-gro-lan.pcap') },
      ...mtu,
    });
    expect(r.anomalies.map((a) => `${a.id} ${a.kind} ${a.frames.join(',')}`)).toEqual([
      'capture.offload_super_segment capture 2',
    ]);
    expect(r.correlation[0]!.unpaired.other).toBe(1);
    expect(r.findings.filter((f) => f.rule === 'FRAG-001')).toEqual([]);
  });
});
