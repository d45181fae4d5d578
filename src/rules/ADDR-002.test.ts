import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ADDR-002.js';

ruleTester(rule, {
  valid: natValid('nat-ttl1-src'),
  invalid: [
    {
      file: 'nat/nat-ttl1-src-tunnel.pcap',
      options: natSide('nat-ttl1-src'),
      errors: [
        {
          messageId: 'otherSource',
          frames: [22, 23],
          severity: 'warning',
          confidence: 'likely',
          message:
            /^the AFTR answered the TTL-1 datagram of B4 2001:db8:1::2 \(frame 22\) with a Time Exceeded from 203\.0\.113\.254 \(frame 23\)/,
        },
      ],
    },
  ],
});
