import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-008.js';

ruleTester(rule, {
  // nat-shared reuses the port while its owner is still sending: port overloading (NAT-003), not a reuse.
  valid: natValid('nat-reuse'),
  invalid: [
    {
      file: 'nat/nat-reuse-tunnel.pcap',
      options: natSide('nat-reuse'),
      errors: [
        {
          messageId: 'reused',
          frames: [1, 15],
          severity: 'warning',
          confidence: 'likely',
          related: [{ input: 1, frames: [1, 15] }],
          message:
            /^external 203\.0\.113\.1:10001 of B4 2001:db8:1::2 192\.168\.1\.10:40000\/udp was given to B4 2001:db8:2::2 192\.168\.1\.10:40000\/udp 30\.0 s after its last packet/,
        },
      ],
    },
  ],
});
