import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-004.js';

ruleTester(rule, {
  valid: natValid('nat-pooling'),
  invalid: [
    {
      file: 'nat/nat-pooling-tunnel.pcap',
      options: natSide('nat-pooling'),
      errors: [
        {
          messageId: 'notPaired',
          frames: [7, 13],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [7, 13] }],
          message:
            /^B4 2001:db8:1::2 uses external addresses 203\.0\.113\.1 and 203\.0\.113\.2 at the same time: .* → 203\.0\.113\.2:30001/,
        },
      ],
    },
  ],
});
