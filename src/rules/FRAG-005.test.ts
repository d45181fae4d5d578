import { ruleTester } from '../../test/helpers/rule-tester.js';
import { sideOf } from '../../test/helpers/fixtures.js';
import { rule } from './FRAG-005.js';

ruleTester(rule, {
  valid: [
    { file: 'twopoint/b4-ok-tunnel.pcap', options: sideOf('b4-ok', 'lan') },
    { file: 'twopoint/aftr-bad-tunnel.pcapng', options: sideOf('aftr-bad', 'internet', 'pcapng') },
    { file: 'twopoint/b4-bad-tunnel.pcapng' },
  ],
  invalid: [
    {
      file: 'twopoint/b4-bad-tunnel.pcapng',
      options: sideOf('b4-bad', 'lan', 'pcapng'),
      errors: [
        {
          messageId: 'decapsulatedFragments',
          frames: [7, 8],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [6, 7] }],
          message:
            /^down outer fragment set \(frames 7–8\) reached the B4's LAN side as IPv4 fragments of 1444 \+ 76 bytes .*ID 0x3301.*: the B4 decapsulated each outer fragment/,
        },
      ],
    },
    {
      file: 'twopoint/b4-noreasm-tunnel.pcap',
      options: sideOf('b4-noreasm', 'lan'),
      errors: [
        {
          messageId: 'setsDropped',
          frames: [6, 7, 9, 10],
          confidence: 'possible',
          severity: 'warning',
          message: /never reached the B4's LAN side, while unfragmented datagrams of the same flows did within 2 s/,
        },
      ],
    },
  ],
});
