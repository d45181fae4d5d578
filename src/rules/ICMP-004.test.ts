import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ICMP-004.js';

ruleTester(rule, {
  // nat-icmp-ok: an ICMP error after which the mapping goes on.
  valid: natValid('nat-icmp-kills'),
  invalid: [
    {
      file: 'nat/nat-icmp-kills-tunnel.pcap',
      options: natSide('nat-icmp-kills'),
      errors: [
        {
          messageId: 'endedByIcmp',
          frames: [1, 22, 24],
          confidence: 'likely',
          related: [{ input: 1, frames: [1, 22, 24] }],
          message:
            /^B4 2001:db8:1::2 192\.168\.1\.10:40000\/udp was mapped to 203\.0\.113\.1:10001 until an ICMPv4 error for it arrived, 0\.7 s before it got 203\.0\.113\.1:10031/,
        },
      ],
    },
  ],
});
