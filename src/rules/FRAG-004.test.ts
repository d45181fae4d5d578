import { ruleTester } from '../../test/helpers/rule-tester.js';
import { sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-004.js';

ruleTester(rule, {
  valid: [
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
    // The LAN side says nothing about the AFTR.
    { file: 'twopoint/b4-bad-tunnel.pcapng', options: sideOf('b4-bad', 'lan', 'pcapng') },
    { file: 'twopoint/aftr-bad-tunnel.pcapng' },
    { file: 'third-party/snabbco-snabb/lwaftr-data/udp-fromb4-2frags-bound.pcap' },
  ],
  invalid: [
    {
      file: 'twopoint/aftr-bad-tunnel.pcapng',
      options: sideOf('aftr-bad', 'internet', 'pcapng'),
      errors: [
        {
          messageId: 'decapsulatedFragments',
          frames: [5, 6],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [5, 6] }],
          message:
            /^up outer fragment set \(frames 5–6\) left the AFTR .* as IPv4 fragments of 1444 \+ 76 bytes .*ID 0x0202.* \(inner data offset 1428\): the AFTR decapsulated each outer fragment/,
        },
      ],
    },
    {
      // Drop counters unknown (pcap): the absence of both sets is `possible`, reported as a warning.
      file: 'twopoint/aftr-noreasm-tunnel.pcap',
      options: sideOf('aftr-noreasm', 'internet'),
      errors: [
        {
          messageId: 'setsDropped',
          frames: [6, 7, 9, 10],
          confidence: 'possible',
          severity: 'warning',
          message:
            /^2 up datagrams .* \(frames 6–7, 9–10\) never appeared on the AFTR's Internet side, while unfragmented datagrams of the same flows did within 2 s of each/,
        },
      ],
    },
  ],
});
