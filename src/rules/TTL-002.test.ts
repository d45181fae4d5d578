import { natSide, natValid, sideOf } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './TTL-002.js';

ruleTester(rule, {
  valid: [...natValid('nat-ttl'), { file: 'twopoint/aftr-ok-tunnel.pcap', options: sideOf('aftr-ok', 'internet') }],
  invalid: [
    {
      // Both of B4 2's UDP datagrams, in one finding.
      file: 'nat/nat-ttl-tunnel.pcap',
      options: natSide('nat-ttl'),
      errors: [
        {
          messageId: 'notDecremented',
          frames: [3, 24],
          confidence: 'confirmed',
          related: [{ input: 1, frames: [3, 24] }],
          message:
            /^the AFTR forwarded 2 datagram\(s\) from B4 2001:db8:2::2 without decrementing their TTL, e\.g\. UDP 192\.168\.1\.10:40000 → 198\.51\.100\.80:5001, .* with TTL 64 in the tunnel and 64 on the Internet side/,
        },
      ],
    },
  ],
});
