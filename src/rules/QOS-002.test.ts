import { natValid, sideOf } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './QOS-002.js';

ruleTester(rule, {
  valid: [
    ...natValid(),
    { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') },
    { file: 'twopoint/b4-ok-tunnel.pcap', options: sideOf('b4-ok', 'lan') },
    // Without a second capture there is no decapsulated side to compare.
    { file: 'qos/dscp-zeroed.pcap' },
  ],
  invalid: [
    {
      file: 'twopoint/aftr-qos-tunnel.pcap',
      options: sideOf('aftr-qos', 'internet'),
      errors: [
        {
          messageId: 'notCarried',
          frames: [6],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [6] }],
          message:
            /^the AFTR did not carry the outer DSCP back to the IPv4 header of 1 datagram\(s\) of B4 2001:db8:100:1::2 \(outer DSCP in the tunnel → DSCP on the AFTR's Internet side: 10 → 0 \(1\)/,
        },
      ],
    },
    {
      file: 'twopoint/b4-qos-tunnel.pcap',
      options: sideOf('b4-qos', 'lan'),
      errors: [
        {
          messageId: 'notCarried',
          frames: [5],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [5] }],
          message: /^the B4 did not carry .* on the B4's LAN side: 34 → 0 \(1\)/,
        },
      ],
    },
  ],
});
