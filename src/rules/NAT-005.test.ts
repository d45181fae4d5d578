import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-005.js';

ruleTester(rule, {
  // The other cases have fewer than 16 bindings: too few to judge an allocator.
  valid: natValid('nat-ports'),
  invalid: [
    {
      file: 'nat/nat-ports-tunnel.pcap',
      options: natSide('nat-ports'),
      errors: [
        {
          messageId: 'sequential',
          severity: 'info',
          frames: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] }],
          message:
            /^18 of 20 new bindings took the external port right after the previous one .* Parity kept in 100 %, port range \(below or above 1024\) kept in 95 %$/,
        },
        {
          messageId: 'wellKnown',
          severity: 'info',
          frames: [20],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [20] }],
          message:
            /^1 binding\(s\) of ordinary internal ports got external ports below 1024, e\.g\. 192\.168\.1\.10:40019\/udp → 999/,
        },
      ],
    },
  ],
});
