import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-007.js';

ruleTester(rule, {
  valid: natValid('nat-inbound-refresh'),
  invalid: [
    {
      // Reported once, at the first delivery past the 120 s UDP minimum (180 s).
      file: 'nat/nat-inbound-refresh-tunnel.pcap',
      options: natSide('nat-inbound-refresh'),
      errors: [
        {
          messageId: 'inboundRefresh',
          frames: [45],
          severity: 'info',
          confidence: 'confirmed',
          related: [{ input: 1, frames: [45] }],
          message:
            /^the mapping of B4 2001:db8:1::2 192\.168\.1\.10:40000\/udp to 203\.0\.113\.1:10001 still delivered inbound traffic 179 s after its last outbound packet, longer than the 120 s minimum/,
        },
      ],
    },
  ],
});
