import { natSide, natValid } from '../../test/helpers/fixtures.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { rule } from './NAT-002.js';

ruleTester(rule, {
  valid: natValid('nat-wrong-b4'),
  invalid: [
    {
      // B4 2's UDP replies, in both rounds, went down B4 1's softwire.
      file: 'nat/nat-wrong-b4-tunnel.pcap',
      options: natSide('nat-wrong-b4'),
      errors: [4, 25].map((f) => ({
        messageId: 'wrongSoftwire',
        frames: [f],
        confidence: 'confirmed' as const,
        related: [{ input: 1, frames: [f] }],
        message:
          /^a reply from 198\.51\.100\.80 to external 203\.0\.113\.1:10002 \(frames \d+ on the Internet side\), which belongs to B4 2001:db8:2::2 192\.168\.1\.10:40000\/udp, went down B4 2001:db8:1::2's softwire/,
      })),
    },
  ],
});
