import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-003.js';

ruleTester(rule, {
  valid: natValid('nat-shared'),
  invalid: [
    {
      file: 'nat/nat-shared-tunnel.pcap',
      options: natSide('nat-shared'),
      errors: [
        {
          messageId: 'overloading',
          frames: [1, 3, 22, 24],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [1, 3, 22, 24] }],
          message:
            /^B4 2001:db8:1::2 192\.168\.1\.10:40000\/udp and B4 2001:db8:2::2 192\.168\.1\.10:40000\/udp share external 203\.0\.113\.1:10001 toward 198\.51\.100\.80 at the same time \(frames 1, 3, 22, 24 tunnel side; 1, 3, 22, 24 Internet side\)/,
        },
      ],
    },
  ],
});
