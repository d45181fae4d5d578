import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ICMP-003.js';

ruleTester(rule, {
  // nat-icmp-ok: the same error with its quote translated back.
  valid: natValid('nat-icmp-bad'),
  invalid: [
    {
      file: 'nat/nat-icmp-bad-tunnel.pcap',
      options: natSide('nat-icmp-bad'),
      errors: [
        {
          messageId: 'quoteNotReverted',
          frames: [23],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [23] }],
          message:
            /^ICMPv4 error 3\/3 from 198\.51\.100\.80 about external 203\.0\.113\.1:10002 \(frames 23 on the Internet side\) went down B4 2001:db8:2::2's softwire quoting 203\.0\.113\.1:10002\/udp instead of B4 2001:db8:2::2 192\.168\.1\.10:40000\/udp's internal endpoint/,
        },
      ],
    },
  ],
});
