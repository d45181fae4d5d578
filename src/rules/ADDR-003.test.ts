import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './ADDR-003.js';

ruleTester(rule, {
  valid: [...natValid('nat-b4-icmp'), { file: 'twopoint/b4-bad-tunnel.pcapng' }, { file: 'demo/demo.pcapng' }],
  invalid: [
    {
      // From the tunnel alone: the Time Exceeded from 192.0.0.2 passes, the LAN address is noted, the AFTR's address is wrong.
      file: 'nat/nat-b4-icmp-tunnel.pcap',
      options: natSide('nat-b4-icmp'),
      errors: [
        {
          messageId: 'outside',
          frames: [25],
          severity: 'info',
          confidence: 'likely',
          message: /from 192\.168\.1\.1 \(frame 25\), outside 192\.0\.0\.0\/29/,
        },
        {
          messageId: 'reserved',
          frames: [27],
          severity: 'error',
          confidence: 'likely',
          message:
            /^B4 2001:db8:1::2 sent an ICMPv4 error 11\/0 about a datagram for 192\.168\.1\.10 from 192\.0\.0\.1 \(frame 27\)/,
        },
      ],
    },
  ],
});
