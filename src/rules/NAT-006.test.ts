import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-006.js';

ruleTester(rule, {
  // nat-eim: a new external port toward a remote the endpoint had not used is NAT-001's, not a lifetime.
  valid: natValid('nat-expired'),
  invalid: [
    {
      file: 'nat/nat-expired-tunnel.pcap',
      options: natSide('nat-expired'),
      errors: [
        {
          messageId: 'expiredEarly',
          frames: [1, 22, 43],
          confidence: 'likely',
          related: [{ input: 1, frames: [1, 22, 43] }],
          message:
            /^B4 2001:db8:1::2 192\.168\.1\.10:40000\/udp was mapped to 203\.0\.113\.1:10001, fell silent, and 29\.0 s later got 203\.0\.113\.1:10021 toward 198\.51\.100\.80, which it had used before .*\(RFC 4787 REQ-5: UDP at least 120 s\)$/,
        },
      ],
    },
  ],
});
